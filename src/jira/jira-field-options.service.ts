import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { Bastjänst } from '../parties/bastjanst.entity';
import { Party } from '../parties/party.entity';
import { JiraClient, type JiraFieldContext } from './jira-client';
import { parseCustomFieldMapping, type SelectValue } from './jira-custom-fields';
import { JiraFieldOption } from './jira-field-option.entity';
import {
  contextFor,
  partyOptionValues,
  planOptions,
  type FieldOptionsState,
  type OptionCandidate,
  type OptionSubject,
  type SelectFieldRole,
} from './jira-field-options';
import { organisationNumberOf } from './jira-import';
import { JiraCallError, JiraMappingError } from './jira.errors';

/** What the setup did for one select field, or why it could not. */
export interface FieldOptionsSetup extends SelectFieldRole {
  /** Parties or bastjänster that had an option in our mapping already. */
  unchanged: number;
  /** Existing options with the value we would have given, now mapped instead of duplicated. */
  adopted: number;
  created: number;
  /** Options of ours SKR had disabled in Jira (each stands for an active party or a bastjänst), enabled again. */
  enabled: number;
  problem: 'context_not_covering_project' | null;
}

/** How long a refusal to create options is remembered: an administrator granting the permission is seen within it. */
const REFUSAL_MEMORY_MS = 10 * 60_000;

const keyOf = (subject: OptionSubject): string => ('partyId' in subject ? `party:${subject.partyId}` : `bastjanst:${subject.bastjänst}`);

/**
 * The options of SKR's select fields that stand for our parties and bastjänster (jira_field_option; README, "How parties
 * map to Jira"). `npm run jira:setup` creates them all; a party added later gets its option from the sync the first
 * time one of its deviations needs it. Either way an option whose value already exists in Jira is adopted, never
 * created twice, and the mapping is by option id.
 */
@Injectable()
export class JiraFieldOptionsService {
  private readonly logger = new Logger(JiraFieldOptionsService.name);
  readonly fields: SelectFieldRole[];
  /** Fields whose options Jira just refused to let us create: not asked again on every push for a while. */
  private readonly refusedUntil = new Map<string, number>();

  constructor(
    private readonly db: ScopedDb,
    private readonly jira: JiraClient,
    config: AppConfig,
  ) {
    const mapping = parseCustomFieldMapping(config.JIRA_CUSTOM_FIELDS);
    const reporting = mapping.get('party');
    const bastjänst = mapping.get('bastjanst');
    const responsible = config.JIRA_RESPONSIBLE_PARTY_FIELD;
    this.fields = [
      ...(reporting ? [{ fieldId: reporting, role: 'reporting_party' as const }] : []),
      ...(responsible ? [{ fieldId: responsible, role: 'responsible_party' as const }] : []),
      ...(bastjänst ? [{ fieldId: bastjänst, role: 'bastjanst' as const }] : []),
    ];
  }

  /** Creates or adopts the option of every party and bastjänst that has none; run again, it does nothing. */
  async setUp(): Promise<FieldOptionsSetup[]> {
    const results: FieldOptionsSetup[] = [];
    for (const field of this.fields) results.push(await this.setUpField(field));
    return results;
  }

  /** For the preflight. Reading contexts needs Administer Jira: without it this fails with a `forbidden` JiraCallError. */
  async state(): Promise<FieldOptionsState[]> {
    const states: FieldOptionsState[] = [];
    for (const field of this.fields) {
      const context = await this.contextOf(field.fieldId);
      const candidates = await this.candidates(field.role);
      const mapped = await this.mappedKeys(field.fieldId);
      const missing = candidates.filter((c) => !mapped.has(keyOf(c.subject))).length;
      const inJira = context ? await this.mappedAsInJira(field.fieldId, context.id) : { deleted: [], disabled: [] };
      states.push({
        ...field,
        missing,
        deleted: inJira.deleted.length,
        disabled: inJira.disabled.length,
        problem: context ? null : 'context_not_covering_project',
      });
    }
    return states;
  }

  /**
   * The option standing for the subject in the field: by id, created (or adopted) on first need. Where Jira does not
   * let us create it (the account lacks Administer Jira, the field's context misses the project) it is sent by value,
   * which Jira takes when SKR made the option by hand and refuses with a 400 naming the field when not: a visible
   * failure of that deviation, and the preflight counts the parties without an option. Null when the subject has no
   * option to have (an inactive party).
   */
  async optionFor(field: SelectFieldRole, subject: OptionSubject): Promise<SelectValue | null> {
    const mapped = await this.findMapped(field.fieldId, subject);
    if (mapped) return { id: mapped };
    const candidate = (await this.candidates(field.role)).find((c) => keyOf(c.subject) === keyOf(subject));
    if (!candidate) return null;
    if ((this.refusedUntil.get(field.fieldId) ?? 0) > Date.now()) return { value: candidate.value };
    try {
      await this.provide(field.fieldId, [candidate]);
    } catch (error) {
      if (!(error instanceof JiraCallError) || !['forbidden', 'permanent'].includes(error.kind)) throw error;
      this.logger.warn({ fieldId: field.fieldId, value: candidate.value, error: error.message }, 'jira select option not created');
      this.refusedUntil.set(field.fieldId, Date.now() + REFUSAL_MEMORY_MS);
    }
    const id = await this.findMapped(field.fieldId, subject);
    return id ? { id } : { value: candidate.value };
  }

  /**
   * The party JIRA_RESPONSIBLE_PARTY_FIELD names: a select option by our mapping, else a text (or an option's value)
   * by organisation number. Null when the field is empty; an option or text that is none of our active parties (an
   * option still mapped to a party since made inactive, too) fails visibly (JiraMappingError naming the field).
   */
  async responsiblePartyOf(manager: EntityManager, read: { optionId: string | null; text: string | null }): Promise<string | null> {
    const field = this.fields.find((f) => f.role === 'responsible_party');
    if (!field || (read.optionId === null && read.text === null)) return null;
    const row =
      read.optionId === null ? null : await manager.findOneBy(JiraFieldOption, { fieldId: field.fieldId, optionId: read.optionId });
    const organisationNumber = organisationNumberOf(read.text);
    // An option of ours, else a text field or an option SKR made by hand whose value is an organisation number.
    const where = row?.partyId ? { id: row.partyId } : organisationNumber ? { organisationNumber } : null;
    const party = where ? await manager.findOneBy(Party, { ...where, active: true }) : null;
    if (party) return party.id;
    const named = read.optionId === null ? String(read.text) : `${read.text} (option ${read.optionId})`;
    throw new JiraMappingError('responsible party', named, field.fieldId);
  }

  /**
   * Forgets the mapping of options Jira refused (SKR deleted them): the next need of each creates or adopts it again,
   * as for a party added later, instead of sending an id Jira will refuse every time.
   */
  async forget(refused: { fieldId: string; optionId: string }[]): Promise<void> {
    if (refused.length === 0) return;
    await this.db.transaction(SYSTEM_SCOPE, async (m) => {
      for (const { fieldId, optionId } of refused) await m.delete(JiraFieldOption, { fieldId, optionId });
    });
    this.logger.warn({ refused }, 'jira select options refused by Jira: mapping forgotten');
  }

  private async setUpField(field: SelectFieldRole): Promise<FieldOptionsSetup> {
    const context = await this.contextOf(field.fieldId);
    let enabled = 0;
    if (context) {
      // Options SKR deleted in Jira are mapped no more: created or adopted again below, like a new party's. Those it
      // disabled are enabled again: each stands for an active party or a bastjänst (README, "How parties map to Jira").
      const inJira = await this.mappedAsInJira(field.fieldId, context.id);
      await this.forget(inJira.deleted);
      enabled = await this.enable(field.fieldId, context.id, inJira.disabled);
    }
    const candidates = await this.candidates(field.role);
    const mapped = await this.mappedKeys(field.fieldId);
    const todo = candidates.filter((c) => !mapped.has(keyOf(c.subject)));
    const outcome = todo.length === 0 ? { adopted: 0, created: 0, enabled: 0, problem: null } : await this.provide(field.fieldId, todo);
    return { ...field, unchanged: candidates.length - todo.length, ...outcome, enabled: enabled + outcome.enabled };
  }

  /** Maps each candidate to the option with its value, creating those Jira lacks, every page of options read first. */
  private async provide(fieldId: string, todo: OptionCandidate[]): Promise<Omit<FieldOptionsSetup, keyof SelectFieldRole | 'unchanged'>> {
    const context = await this.contextOf(fieldId);
    if (!context) return { adopted: 0, created: 0, enabled: 0, problem: 'context_not_covering_project' };
    const plan = planOptions(todo, await this.jira.fieldOptions(fieldId, context.id));
    // An adopted option SKR disabled would be refused on every issue: ours again, it is enabled again.
    const enabled = await this.enable(
      fieldId,
      context.id,
      plan.adopt.filter(({ option }) => option.disabled).map(({ option }) => option.id),
    );
    let created: { candidate: OptionCandidate; option: { id: string; value: string } }[] = [];
    if (plan.create.length > 0) {
      try {
        const options = await this.jira.createFieldOptions(
          fieldId,
          context.id,
          plan.create.map((c) => c.value),
        );
        created = plan.create.flatMap((candidate) => {
          const option = options.find((o) => o.value.toLowerCase() === candidate.value.toLowerCase());
          return option ? [{ candidate, option }] : [];
        });
      } catch (error) {
        // Another worker (or SKR) created one of them since we read the options: read again and adopt what is there.
        if (!(error instanceof JiraCallError && error.status === 400)) throw error;
        const again = planOptions(plan.create, await this.jira.fieldOptions(fieldId, context.id));
        if (again.create.length > 0) throw error;
        plan.adopt.push(...again.adopt);
      }
    }
    await this.db.transaction(SYSTEM_SCOPE, (m) => this.record(m, fieldId, [...plan.adopt, ...created]));
    this.logger.log({ fieldId, adopted: plan.adopt.length, created: created.length, enabled }, 'jira select options provided');
    return { adopted: plan.adopt.length, created: created.length, enabled, problem: null };
  }

  private async record(
    manager: EntityManager,
    fieldId: string,
    pairs: { candidate: OptionCandidate; option: { id: string; value: string } }[],
  ): Promise<void> {
    for (const { candidate, option } of pairs) {
      const subject =
        'partyId' in candidate.subject
          ? { partyId: candidate.subject.partyId, bastjänst: null }
          : { partyId: null, bastjänst: candidate.subject.bastjänst };
      // Two workers may map the same subject at once: the unique indexes keep the first.
      await manager
        .createQueryBuilder()
        .insert()
        .into(JiraFieldOption)
        .values({ fieldId, optionId: option.id, value: option.value, ...subject })
        .orIgnore()
        .execute();
    }
  }

  /** Mapped options the field's context no longer has, and those it has disabled. */
  private async mappedAsInJira(
    fieldId: string,
    contextId: string,
  ): Promise<{ deleted: { fieldId: string; optionId: string }[]; disabled: string[] }> {
    const inJira = new Map((await this.jira.fieldOptions(fieldId, contextId)).map((option) => [option.id, option]));
    const rows = await this.db.transaction(SYSTEM_SCOPE, (m) => m.findBy(JiraFieldOption, { fieldId }));
    return {
      deleted: rows.filter((row) => !inJira.has(row.optionId)).map((row) => ({ fieldId, optionId: row.optionId })),
      disabled: rows.filter((row) => inJira.get(row.optionId)?.disabled === true).map((row) => row.optionId),
    };
  }

  private async enable(fieldId: string, contextId: string, optionIds: string[]): Promise<number> {
    if (optionIds.length === 0) return 0;
    await this.jira.enableFieldOptions(fieldId, contextId, optionIds);
    this.logger.warn({ fieldId, optionIds }, 'jira select options of ours were disabled in Jira: enabled again');
    return optionIds.length;
  }

  private async contextOf(fieldId: string): Promise<JiraFieldContext | null> {
    const contexts = await this.jira.fieldContexts(fieldId);
    const projectId = contexts.every((c) => c.global) ? null : await this.jira.projectId();
    return contextFor(contexts, projectId);
  }

  private async candidates(role: SelectFieldRole['role']): Promise<OptionCandidate[]> {
    return this.db.transaction(SYSTEM_SCOPE, async (m) => {
      if (role === 'bastjanst') {
        const rows = await m.find(Bastjänst, { order: { sortOrder: 'ASC' } });
        return rows.map((row) => ({ subject: { bastjänst: row.code }, value: row.nameSv }));
      }
      return partyOptionValues(await m.find(Party, { where: { active: true }, order: { name: 'ASC', id: 'ASC' } }));
    });
  }

  private async mappedKeys(fieldId: string): Promise<Set<string>> {
    const rows = await this.db.transaction(SYSTEM_SCOPE, (m) => m.findBy(JiraFieldOption, { fieldId }));
    return new Set(rows.map((row) => keyOf(row.partyId ? { partyId: row.partyId } : { bastjänst: row.bastjänst! })));
  }

  private async findMapped(fieldId: string, subject: OptionSubject): Promise<string | null> {
    const where = 'partyId' in subject ? { fieldId, partyId: subject.partyId } : { fieldId, bastjänst: subject.bastjänst };
    const row = await this.db.transaction(SYSTEM_SCOPE, (m) => m.findOneBy(JiraFieldOption, where));
    return row?.optionId ?? null;
  }
}
