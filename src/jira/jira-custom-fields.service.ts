import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DeviationForJira } from '../deviations/deviation-mirror';
import { JiraClient, JiraFieldMeta } from './jira-client';
import {
  createScreenProblems,
  customFieldValues,
  parseCustomFieldMapping,
  type CustomFieldProblem,
  type FieldFact,
  type SelectValue,
} from './jira-custom-fields';
import { JiraFieldOptionsService } from './jira-field-options.service';
import type { OptionSubject, SelectFieldRole } from './jira-field-options';
import { JiraCallError, JiraSyncFailureCode, type JiraSyncFailure } from './jira.errors';

/**
 * The custom field values of JIRA_CUSTOM_FIELDS (and JIRA_RESPONSIBLE_PARTY_FIELD) for a deviation's issue, checked
 * against the create screen (createmeta) or the issue's edit screen (editmeta): a mapped field the screen lacks is left
 * out rather than failing the whole issue with Jira's "cannot be set", and is reported (`problems()`, for the
 * preflight; a log line here). A select field gets the option id of the party or bastjänst (jira_field_option).
 */
@Injectable()
export class JiraCustomFieldsService {
  private readonly logger = new Logger(JiraCustomFieldsService.name);
  private readonly mapping: Map<FieldFact, string>;

  constructor(
    private readonly jira: JiraClient,
    private readonly options: JiraFieldOptionsService,
    config: AppConfig,
  ) {
    this.mapping = parseCustomFieldMapping(config.JIRA_CUSTOM_FIELDS);
    if (config.JIRA_RESPONSIBLE_PARTY_FIELD) this.mapping.set('responsible', config.JIRA_RESPONSIBLE_PARTY_FIELD);
  }

  /** Whether the issue carries the responsible party, so a change of it is pushed like a change of priority. */
  get carriesResponsibleParty(): boolean {
    return this.mapping.has('responsible');
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

  /**
   * Makes a create or an edit with its custom field values. When Jira refuses the option of one of our select fields
   * (SKR deleted it: a 400 naming the field), that mapping is forgotten and the call made again without the field, so
   * the issue's other fields, and the comments and evidence after them, are not held back by it; the failure names the
   * field and is shown on the deviation.
   */
  async sendWith<T>(
    values: Record<string, unknown>,
    call: (customFields: Record<string, unknown>) => Promise<T>,
  ): Promise<{ result: T; failure: JiraSyncFailure | null }> {
    try {
      return { result: await call(values), failure: null };
    } catch (error) {
      const errors = error instanceof JiraCallError && error.status === 400 ? error.fieldErrors : {};
      const refused = this.options.fields.map((f) => f.fieldId).filter((id) => id in errors && id in values);
      if (refused.length === 0) throw error;
      await this.options.forget(refused.flatMap((fieldId) => sentOptionOf(fieldId, values[fieldId])));
      const rest = Object.fromEntries(Object.entries(values).filter(([id]) => !refused.includes(id)));
      const said = refused.map((id) => `${id}: ${errors[id]}`).join('; ');
      const failure = {
        code: JiraSyncFailureCode.FieldOptionRefused,
        message:
          `Jira refused our option in ${refused.join(', ')} (${said}); the issue was written without it. ` +
          'Run npm run jira:setup to give it back, then replay the deviation.',
      };
      return { result: await call(rest), failure };
    }
  }

  /** Mapped fields the create screen lacks and required custom fields nobody maps: what SKR must configure. */
  async problems(): Promise<CustomFieldProblem[]> {
    return createScreenProblems(this.mapping, await this.jira.createMeta());
  }

  private async valuesOn(screen: JiraFieldMeta[], deviation: DeviationForJira): Promise<Record<string, unknown>> {
    const { values, leftOut } = customFieldValues(this.mapping, screen, deviation, await this.selectValues(screen, deviation));
    if (leftOut.length > 0) this.logger.warn({ deviationId: deviation.id, leftOut }, 'jira custom fields left out');
    return values;
  }

  /** The option of each select field on the screen that has a party or bastjänst to show. */
  private async selectValues(screen: JiraFieldMeta[], deviation: DeviationForJira): Promise<Map<string, SelectValue>> {
    const ids = new Map<string, SelectValue>();
    for (const field of this.options.fields) {
      if (screen.find((meta) => meta.id === field.fieldId)?.type !== 'option') continue;
      const subject = subjectOf(field.role, deviation);
      const option = subject && (await this.options.optionFor(field, subject));
      if (option) ids.set(field.fieldId, option);
    }
    return ids;
  }
}

function subjectOf(role: SelectFieldRole['role'], deviation: DeviationForJira): OptionSubject | null {
  if (role === 'bastjanst') return deviation.bastjänst ? { bastjänst: deviation.bastjänst } : null;
  const partyId = role === 'reporting_party' ? deviation.partyId : deviation.responsiblePartyId;
  return partyId ? { partyId } : null;
}

/** The option id a select field was sent, to forget when Jira refuses it (a value sent by name maps nothing). */
function sentOptionOf(fieldId: string, sent: unknown): { fieldId: string; optionId: string }[] {
  return typeof sent === 'object' && sent !== null && 'id' in sent ? [{ fieldId, optionId: String(sent.id) }] : [];
}
