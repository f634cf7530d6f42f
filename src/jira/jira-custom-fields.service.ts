import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DeviationForJira } from '../deviations/deviation-mirror';
import { JiraClient, JiraFieldMeta } from './jira-client';
import {
  createScreenProblems,
  customFieldValues,
  parseCustomFieldMapping,
  type CustomFieldProblem,
  type MappableFact,
} from './jira-custom-fields';

/**
 * The custom field values of JIRA_CUSTOM_FIELDS for a deviation's issue, checked against the create screen
 * (createmeta) or the issue's edit screen (editmeta): a mapped field the screen lacks is left out rather than failing
 * the whole issue with Jira's "cannot be set", and is reported (`problems()`, for the preflight; a log line here).
 */
@Injectable()
export class JiraCustomFieldsService {
  private readonly logger = new Logger(JiraCustomFieldsService.name);
  private readonly mapping: Map<MappableFact, string>;

  constructor(
    private readonly jira: JiraClient,
    config: AppConfig,
  ) {
    this.mapping = parseCustomFieldMapping(config.JIRA_CUSTOM_FIELDS);
  }

  async forCreate(deviation: DeviationForJira): Promise<Record<string, unknown>> {
    if (this.mapping.size === 0) return {};
    // Read per create, not cached: one GET per new issue, and a screen SKR just changed is seen at once.
    return this.valuesOn(await this.jira.createMeta(), deviation);
  }

  async forEdit(issueId: string, deviation: DeviationForJira): Promise<Record<string, unknown>> {
    if (this.mapping.size === 0) return {};
    return this.valuesOn(await this.jira.editMeta(issueId), deviation);
  }

  /** Mapped fields the create screen lacks and required custom fields nobody maps: what SKR must configure. */
  async problems(): Promise<CustomFieldProblem[]> {
    return createScreenProblems(this.mapping, await this.jira.createMeta());
  }

  private valuesOn(screen: JiraFieldMeta[], deviation: DeviationForJira): Record<string, unknown> {
    const { values, leftOut } = customFieldValues(this.mapping, screen, deviation);
    if (leftOut.length > 0) this.logger.warn({ deviationId: deviation.id, leftOut }, 'jira custom fields left out');
    return values;
  }
}
