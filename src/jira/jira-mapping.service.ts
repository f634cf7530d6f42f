import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { JiraIssueState } from './jira-client';
import { JiraMapping } from './jira-mapping.entity';
import { resolutionText } from './jira-resolution-texts';
import { JiraMappingError } from './jira.errors';

/** Our party-facing statuses a Jira status may map to, in lifecycle order (the walk's sense of "towards"). */
export const PARTY_STATUS_ORDER = ['inskickad', 'mottagen', 'under_utredning', 'åtgärdas', 'väntar_på_komplettering', 'löst', 'stängd'];

/** The issue's status, priority (as our values) and resolution (as the party reads it), as the link records them. */
export interface KnownIssueState {
  jiraStatus: string;
  jiraPriority: string | null;
  jiraResolution: string | null;
}

/** SKR's mapping of Jira's status and priority ids to our values, read both ways by the push and the pull. */
@Injectable()
export class JiraMappingService {
  constructor(private readonly db: ScopedDb) {}

  /** What the issue has, as our values; in the caller's transaction when it passes one. */
  async knownState(issue: JiraIssueState, manager?: EntityManager): Promise<KnownIssueState> {
    if (!manager) return this.db.transaction(SYSTEM_SCOPE, (m) => this.knownState(issue, m));
    return {
      jiraStatus: await this.mapped(manager, 'status', issue.statusId),
      jiraPriority: issue.priorityId ? await this.mapped(manager, 'priority', issue.priorityId) : null,
      jiraResolution: await this.resolutionText(manager, issue),
    };
  }

  async jiraPriorityId(prioritet: string): Promise<string> {
    const id = await this.jiraIdOf('priority', prioritet);
    if (!id) throw new JiraMappingError('priority', prioritet);
    return id;
  }

  /**
   * Jira's id for one of our values: the row marked outbound, so two Jira statuses meaning the same to us never leave
   * the choice to the database's row order. Null when the value is not mapped.
   */
  async jiraIdOf(kind: 'status' | 'priority', value: string): Promise<string | null> {
    const row = await this.db.transaction(SYSTEM_SCOPE, (m) => m.findOneBy(JiraMapping, { kind, value, outbound: true }));
    return row?.jiraId ?? null;
  }

  /** Each mapped Jira status id with its value's place in our lifecycle, for walking a workflow towards a status. */
  async statusRanks(): Promise<Map<string, number>> {
    const rows = await this.db.transaction(SYSTEM_SCOPE, (m) => m.findBy(JiraMapping, { kind: 'status' }));
    return new Map(rows.filter((r) => PARTY_STATUS_ORDER.includes(r.value)).map((r) => [r.jiraId, PARTY_STATUS_ORDER.indexOf(r.value)]));
  }

  private async resolutionText(manager: EntityManager, issue: JiraIssueState): Promise<string | null> {
    if (!issue.resolutionId || !issue.resolution) return issue.resolution;
    const row = await manager.findOneBy(JiraMapping, { kind: 'resolution', jiraId: issue.resolutionId });
    return resolutionText(row?.value ?? null, issue.resolution);
  }

  private async mapped(manager: EntityManager, kind: 'status' | 'priority', jiraId: string): Promise<string> {
    const row = await manager.findOneBy(JiraMapping, { kind, jiraId });
    if (!row) throw new JiraMappingError(kind, jiraId);
    return row.value;
  }
}
