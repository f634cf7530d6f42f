import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { JiraClient } from './jira-client';
import { JiraCustomFieldsService } from './jira-custom-fields.service';
import { JiraFieldOptionsService } from './jira-field-options.service';
import { JiraMapping } from './jira-mapping.entity';
import {
  attachmentsCheck,
  createFieldsCheck,
  factOf,
  issueTypeCheck,
  notChecked,
  projectCheck,
  reportOf,
  selectOptionsChecks,
  statusChecks,
  tokenCheck,
  webhookCheck,
  type PreflightReport,
  type SeenWorkflow,
} from './jira-preflight';
import { PREFLIGHT_TEXTS } from './jira-preflight-texts';

/** Enough recent issues to see most of a workflow's transitions, few enough for a health call to stay quick. */
const SAMPLE_ISSUES = 10;

/**
 * Checks, before the sync needs it, that SKR's Jira site is configured as the sync expects (jira-preflight.ts judges):
 * for `GET /jira/health` and at worker start. Nothing here writes to Jira, and a failing check is reported, never thrown.
 */
@Injectable()
export class JiraPreflightService {
  private readonly logger = new Logger(JiraPreflightService.name);
  private readonly webhookUrl: string;

  constructor(
    private readonly jira: JiraClient,
    private readonly customFields: JiraCustomFieldsService,
    private readonly options: JiraFieldOptionsService,
    private readonly db: ScopedDb,
    private readonly config: AppConfig,
  ) {
    this.webhookUrl = `${config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/webhooks/jira`;
  }

  async run(): Promise<PreflightReport> {
    const { JIRA_PROJECT_KEY: projectKey, JIRA_ISSUE_TYPE_ID: issueTypeId } = this.config;
    const token = tokenCheck(await factOf(() => this.jira.checkCredentials()));
    // Without a working token every other answer is Jira's anonymous one (or none): judging it would blame the project.
    if (token.status !== 'ok') {
      const others = ['project', 'issue_type', 'create_fields', 'statuses', 'attachments', 'webhook'];
      return reportOf([token, ...notChecked(others, PREFLIGHT_TEXTS.tokenFirst)]);
    }
    const project = projectCheck(await factOf(() => this.jira.canBrowseProject()), projectKey);
    const site = [attachmentsCheck(await factOf(() => this.jira.attachmentSettings())), await this.webhookCheck()];
    if (project.status !== 'ok') {
      return reportOf([token, project, ...notChecked(['issue_type', 'create_fields', 'statuses'], PREFLIGHT_TEXTS.projectFirst), ...site]);
    }
    const issueType = issueTypeCheck(await factOf(() => this.jira.createMeta()), issueTypeId);
    const fields =
      issueType.status === 'ok'
        ? createFieldsCheck(await factOf(() => this.customFields.problems()))
        : notChecked(['create_fields'], issueType.message)[0];
    const mapped = await this.db.transaction(SYSTEM_SCOPE, (m) =>
      m.find(JiraMapping, { where: { kind: 'status' }, order: { jiraId: 'ASC' } }),
    );
    const statuses = statusChecks(
      mapped,
      await factOf(() => this.jira.existingStatusIds(mapped.map((row) => row.jiraId))),
      await factOf(() => this.seenWorkflow()),
    );
    const options = this.options.fields.length > 0 ? selectOptionsChecks(await factOf(() => this.options.state()), projectKey) : [];
    return reportOf([token, project, issueType, fields, ...options, ...statuses, ...site]);
  }

  /** At worker start: each item that is not ok is logged, and the worker goes on (the sync reports what then fails). */
  async logProblems(): Promise<void> {
    const report = await this.run();
    for (const check of report.checks.filter((c) => c.status !== 'ok')) {
      this.logger.warn({ check: check.id, status: check.status, message: check.message.en, hint: check.hint?.en }, 'jira preflight');
    }
  }

  private async webhookCheck() {
    return webhookCheck(await factOf(() => this.jira.listAdminWebhooks()), this.webhookUrl, this.config.JIRA_PROJECT_KEY);
  }

  /** The statuses the latest issues are in, and those their transitions lead to. */
  private async seenWorkflow(): Promise<SeenWorkflow> {
    const ids = await this.jira.recentIssueIds(SAMPLE_ISSUES);
    const reached = new Set<string>();
    for (const id of ids) {
      const issue = await this.jira.getIssue(id);
      if (issue) reached.add(issue.statusId);
      for (const transition of await this.jira.getTransitions(id)) reached.add(transition.toStatusId);
    }
    return { issues: ids.length, reached };
  }
}
