import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { DeviationMirror } from '../deviations/deviation-mirror';
import { DeviationStatus } from '../deviations/deviation.entity';
import { isPrioritet } from '../agreements/priority';
import { adfToText } from './adf';
import { JiraClient } from './jira-client';
import { JiraIdentityService } from './jira-identity.service';
import { contentHash, fieldsHash } from './jira-issue-content';
import { importRefusal, type ImportRules } from './jira-import';
import { JiraFieldOptionsService } from './jira-field-options.service';
import { JiraMappingError } from './jira.errors';
import { JiraLink, JiraSyncState } from './jira-link.entity';
import { JiraMappingService } from './jira-mapping.service';
import { JiraSyncStateService } from './jira-sync-state.service';

/**
 * The import of the known deviations SKR registers directly in its Jira project (issue type, responsible-party field
 * and cut-off in config; see jira-import.ts). Reached by the pull of a webhook's issue that is no deviation's and by
 * the sweep. Exactly once: one import per issue at a time (an advisory lock on the issue), an issue already linked is
 * skipped, and the unique issue id of jira_link refuses a second link.
 */
@Injectable()
export class JiraImportService {
  private readonly logger = new Logger(JiraImportService.name);
  private readonly rules: ImportRules | null;
  private readonly field: string | null;

  constructor(
    private readonly db: ScopedDb,
    private readonly jira: JiraClient,
    private readonly mirror: DeviationMirror,
    private readonly state: JiraSyncStateService,
    private readonly mapping: JiraMappingService,
    private readonly identity: JiraIdentityService,
    private readonly options: JiraFieldOptionsService,
    config: AppConfig,
  ) {
    this.field = config.JIRA_RESPONSIBLE_PARTY_FIELD ?? null;
    this.rules =
      config.JIRA_IMPORT_CREATED_AFTER && this.field
        ? { issueTypeId: config.JIRA_IMPORT_ISSUE_TYPE_ID, createdAfter: new Date(config.JIRA_IMPORT_CREATED_AFTER) }
        : null;
  }

  /** Issues of the type created since the cut-off that no link holds yet: what the sweep tries to import. */
  async unlinkedCandidates(): Promise<string[]> {
    if (!this.rules) return [];
    const found: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.jira.searchCreatedSince(this.rules.issueTypeId, this.field!, this.rules.createdAfter, pageToken);
      found.push(...page.issueIds);
      pageToken = page.nextPageToken;
    } while (pageToken);
    const linked = (await this.db.transaction(SYSTEM_SCOPE, (m) =>
      m.query(`SELECT issue_id FROM jira_link WHERE issue_id = ANY($1)`, [found]),
    )) as { issue_id: string }[];
    const linkedIds = new Set(linked.map((row) => row.issue_id));
    return found.filter((id) => !linkedIds.has(id));
  }

  /** Imports the issue when it is one of SKR's known deviations and not yet imported; true when it did. */
  async importIssue(issueId: string): Promise<boolean> {
    if (!this.rules || (await this.state.linkOfIssue(issueId))) return false;
    // A webhook's pull and the sweep may reach the same new issue together: one waits (DeviationBusyError) and then
    // finds it linked.
    return this.state.withDeviationLock(`jira-import:${issueId}`, () => this.importUnlocked(issueId, this.rules!, this.field!));
  }

  private async importUnlocked(issueId: string, rules: ImportRules, field: string): Promise<boolean> {
    if (await this.state.linkOfIssue(issueId)) return false;
    const issue = await this.jira.getImportCandidate(issueId, field);
    if (!issue) return false;
    const refusal = importRefusal(issue, rules, await this.jira.myAccountId());
    if (refusal) {
      this.logger.debug({ jiraKey: issue.key, refusal }, 'jira issue not imported');
      return false;
    }
    // Our property on an issue nobody links is an import that stopped after writing it: that id is taken up again.
    // One that names a linked deviation is that deviation's issue.
    if (issue.deviationId && (await this.state.linkOf(issue.deviationId))) return false;
    const read = { optionId: issue.responsiblePartyOptionId ?? null, text: issue.responsibleParty };
    const party = await this.db
      .transaction(SYSTEM_SCOPE, async (m) => ({ id: (await this.options.responsiblePartyOf(m, read))! }))
      .catch((error: unknown) => {
        if (!(error instanceof JiraMappingError)) throw error;
        this.logger.warn(
          { jiraKey: issue.key, responsibleParty: issue.responsibleParty },
          'jira issue names no active party: not imported',
        );
        return null;
      });
    if (!party) return false;
    const deviationId = issue.deviationId ?? randomUUID();
    // The property first: whatever happens next, the issue is provably this deviation's, and no other import takes it.
    const ref = await this.identity.claimImportedIssue(deviationId, issue.id);
    const current = await this.jira.getIssue(ref.id);
    if (!current) return false;
    const known = await this.mapping.knownState(current);
    await this.db.transaction(SYSTEM_SCOPE, async (manager) => {
      await this.mirror.registerFromJira(manager, {
        id: deviationId,
        responsiblePartyId: party.id,
        rubrik: issue.summary,
        utfall: adfToText(issue.description),
        status: known.jiraStatus as DeviationStatus,
        prioritet: known.jiraPriority && isPrioritet(known.jiraPriority) ? known.jiraPriority : null,
        resolution: known.jiraStatus === DeviationStatus.Löst ? known.jiraResolution : null,
        submittedAt: issue.created,
      });
      const forJira = (await this.mirror.readForJira(manager, deviationId))!;
      await manager.insert(JiraLink, {
        deviationId,
        // As if we had written it: a later push does not replace SKR's text with our rendering of it, and an edit
        // SKR makes to it in Jira is told from ours like on any other issue.
        pushedFieldsHash: fieldsHash(forJira),
        writtenContentHash: contentHash(issue.summary, issue.description),
        partyId: null,
        jiraResponsiblePartyId: party.id,
        issueId: ref.id,
        issueKey: ref.key,
        state: JiraSyncState.Synced,
        ...known,
        watermark: current.updated,
        lastSyncedAt: new Date(),
      });
    });
    this.logger.log({ deviationId, jiraKey: ref.key, responsiblePartyId: party.id }, 'jira issue imported as a known deviation');
    return true;
  }
}
