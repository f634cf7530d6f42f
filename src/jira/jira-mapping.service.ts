import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { JiraIssueState } from './jira-client';
import { JiraMapping } from './jira-mapping.entity';
import { JiraMappingError } from './jira.errors';

/** The issue's status, priority (as our values) and resolution, as the link records them. */
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
      jiraResolution: issue.resolution,
    };
  }

  async jiraPriorityId(prioritet: string): Promise<string> {
    const id = await this.jiraIdOf('priority', prioritet);
    if (!id) throw new JiraMappingError('priority', prioritet);
    return id;
  }

  /** Jira's id for one of our values (the mapping read backwards), or null when it has none. */
  async jiraIdOf(kind: 'status' | 'priority', value: string): Promise<string | null> {
    const row = await this.db.transaction(SYSTEM_SCOPE, (m) => m.findOneBy(JiraMapping, { kind, value }));
    return row?.jiraId ?? null;
  }

  private async mapped(manager: EntityManager, kind: 'status' | 'priority', jiraId: string): Promise<string> {
    const row = await manager.findOneBy(JiraMapping, { kind, jiraId });
    if (!row) throw new JiraMappingError(kind, jiraId);
    return row.value;
  }
}
