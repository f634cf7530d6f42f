import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DeviationForJira } from '../deviations/deviation-mirror';
import { AdfDocument } from './adf';
import { JiraClient, JiraTransition } from './jira-client';
import { withinJiraLimit } from './jira-issue-content';
import { JiraLink } from './jira-link.entity';
import { JiraMappingService } from './jira-mapping.service';
import { JiraSyncStateService } from './jira-sync-state.service';
import { learn, nextTransition, type TransitionEdge } from './jira-transition-planner';
import { JiraCallError, JiraSyncFailureCode, type JiraSyncFailure } from './jira.errors';

/** More transitions than any sane workflow needs between two statuses: a bound on a walk gone wrong, not a limit. */
const MAX_STEPS = 8;

/**
 * Moves an issue to a status through the transitions its workflow offers (see jira-transition-planner.ts), reading
 * them again at each step, filling each transition screen's resolution from JIRA_TRANSITION_RESOLUTIONS. What it
 * cannot do — no path, a required field it has no value for — comes back as a failure naming the status or field, for
 * SKR to fix in Jira or in our configuration; Jira's own errors (5xx, 429) are thrown as usual.
 */
@Injectable()
export class JiraWorkflowService {
  private readonly logger = new Logger(JiraWorkflowService.name);
  /** The workflow as learned from every transitions read of this worker; per process, relearned after a restart. */
  private readonly graph = new Map<string, readonly TransitionEdge[]>();
  private readonly doneStatuses = new Set<string>();
  private readonly resolutions: Map<string, string>;

  constructor(
    private readonly jira: JiraClient,
    private readonly mapping: JiraMappingService,
    private readonly state: JiraSyncStateService,
    config: AppConfig,
  ) {
    this.resolutions = new Map(
      config.JIRA_TRANSITION_RESOLUTIONS.split(',')
        .filter(Boolean)
        .map((pair) => pair.split(':') as [string, string]),
    );
  }

  /**
   * Walks Jira's workflow to the deviation's status when it changed in the service (SKR set it, the party reopened a
   * solved deviation), then records what the issue has now. A status Jira has no counterpart of (withdrawn) leaves
   * the issue as it is; a workflow that offers no way there is a failure SKR sees, and the next push tries again.
   */
  async pushStatus(deviation: DeviationForJira, link: JiraLink): Promise<{ changed: boolean; failure: JiraSyncFailure | null }> {
    if (link.jiraStatus === null || link.jiraStatus === deviation.status) return { changed: false, failure: null };
    const target = await this.mapping.jiraIdOf('status', deviation.status);
    const before = target ? await this.jira.getIssue(link.issueId!) : null;
    if (!target || !before) return { changed: false, failure: null };
    const failure =
      before.statusId === target
        ? null
        : await this.moveTo(
            link.issueId!,
            { statusId: before.statusId, category: before.statusCategory },
            { statusId: target, value: deviation.status, solution: deviation.resolution },
          );
    if (failure) this.logger.warn({ deviationId: deviation.id, status: deviation.status, code: failure.code }, failure.message);
    const after = await this.jira.getIssue(link.issueId!);
    if (!after) return { changed: false, failure };
    const known = await this.mapping.knownState(after);
    // The walk's own steps come back as webhooks: a pull that read the issue mid-walk holds an older `updated` than
    // this read, and the watermark makes it stale instead of an SKR decision to go back to an intermediate status.
    await this.state.recordKnownState(deviation.id, known, after.updated);
    Object.assign(link, known);
    return { changed: after.statusId !== before.statusId, failure };
  }

  /** Walks the issue from `from` to `target`; null on arrival, else what stopped it. */
  async moveTo(
    issueId: string,
    from: { statusId: string; category: string | null },
    target: { statusId: string; value: string; solution?: string | null },
  ): Promise<JiraSyncFailure | null> {
    if (from.category === 'done') this.doneStatuses.add(from.statusId);
    const ranks = await this.mapping.statusRanks();
    const visited = new Set<string>();
    // What stopped a step: the walk tries another way round it and reports it only when there is none.
    let refused: JiraSyncFailure | null = null;
    let current = from.statusId;
    for (let step = 0; step < MAX_STEPS && current !== target.statusId; step++) {
      visited.add(current);
      const offered = await this.jira.getTransitions(issueId);
      this.learnFrom(current, offered);
      const commentFor = (t: JiraTransition) =>
        t.toStatusId === target.statusId && this.doneStatuses.has(target.statusId) && target.solution
          ? solutionComment(target.solution)
          : undefined;
      // The way into the target itself asks for a field we cannot fill: no detour helps, and none is taken.
      const intoTarget = offered.find((t) => t.toStatusId === target.statusId);
      const blocked = intoTarget && this.missingField(intoTarget, commentFor(intoTarget) !== undefined);
      if (blocked) return blocked;
      // A transition whose screen asks for a field we have no value for is no way on (a comment asked on "request
      // information", say): the walk goes round it, and names the field only when no other way is left.
      const takeable = offered.filter((t) => {
        const missing = this.missingField(t, commentFor(t) !== undefined);
        if (missing) refused ??= missing;
        return !missing && !visited.has(t.toStatusId);
      });
      const plan = nextTransition({
        graph: this.graph,
        currentStatusId: current,
        targetStatusId: target.statusId,
        offered: takeable.map((t) => ({ transitionId: t.id, toStatusId: t.toStatusId })),
        visited,
        rank: (statusId) => ranks.get(statusId),
        isDone: (statusId) => this.doneStatuses.has(statusId),
      });
      if (!plan.step) break;
      const transition = offered.find((t) => t.id === plan.step!.transitionId)!;
      // SKR's own words go with the transition that reaches a done status: see solutionComment.
      const failure = await this.take(issueId, transition, commentFor(transition));
      if (failure) {
        // A validator shows up only when Jira refuses the step: the status is not visited, but it is no way on either.
        refused = failure;
        visited.add(transition.toStatusId);
        continue;
      }
      this.logger.log({ issueId, to: transition.toStatusId, explored: !plan.known }, 'jira transition taken');
      current = transition.toStatusId;
    }
    if (current === target.statusId) return null;
    return (
      refused ?? {
        code: JiraSyncFailureCode.NoPathToStatus,
        message: `No path to ${target.value} (Jira status ${target.statusId}) in the issue's workflow from status ${current}.`,
      }
    );
  }

  /** The first required field of the transition's screen we have no value for, as the failure naming it. */
  private missingField(transition: JiraTransition, withComment: boolean): JiraSyncFailure | null {
    const resolution = this.resolutions.get(transition.toStatusId);
    for (const field of transition.fields) {
      if (!field.required) continue;
      if (field.id === 'resolution' && resolution) continue;
      if (field.id === 'comment' && withComment) continue;
      return fieldRequired(field.name, field.id, transition);
    }
    return null;
  }

  /** Takes one transition with the values we have for its screen; a required field we lack is a failure naming it. */
  private async take(issueId: string, transition: JiraTransition, comment?: AdfDocument): Promise<JiraSyncFailure | null> {
    const missing = this.missingField(transition, comment !== undefined);
    if (missing) return missing;
    const resolution = this.resolutions.get(transition.toStatusId);
    const onScreen = transition.fields.some((field) => field.id === 'resolution');
    const values: Record<string, unknown> = onScreen && resolution ? { resolution: { id: resolution } } : {};
    try {
      await this.jira.doTransition(issueId, transition.id, values, comment);
      return null;
    } catch (error) {
      // A validator (a comment required, say) shows up only when the transition is refused, naming the field.
      const [field] = error instanceof JiraCallError && error.status === 400 ? Object.keys(error.fieldErrors) : [];
      if (field) return fieldRequired(field, field, transition, (error as JiraCallError).fieldErrors[field]);
      throw error;
    }
  }

  private learnFrom(statusId: string, offered: JiraTransition[]): void {
    learn(
      this.graph,
      statusId,
      offered.map((t) => ({ transitionId: t.id, toStatusId: t.toStatusId })),
    );
    for (const t of offered) if (t.toCategory === 'done') this.doneStatuses.add(t.toStatusId);
  }
}

/** The marker that tells SKR in Jira this comment is the solution set in Avvikelse, not a remark. */
export const SOLUTION_MARKER = '[Avvikelse: lösning]';

/**
 * SKR's free-text solution, set in the service, lives in Jira as a marked comment added with the transition into the
 * done status: Jira's resolution field is an enumeration and cannot hold it. Its author is our service account, so
 * the pull never imports it back (as for every comment of ours).
 */
function solutionComment(solution: string): AdfDocument {
  return withinJiraLimit(`${SOLUTION_MARKER}\n\n${solution}`, 'Avvikelse');
}

function fieldRequired(name: string, id: string, transition: JiraTransition, jiraSays?: string): JiraSyncFailure {
  return {
    code: JiraSyncFailureCode.TransitionFieldRequired,
    message:
      `Jira requires the field '${name}' (${id}) on the transition to ${transition.toStatusName} (${transition.toStatusId}), ` +
      `and the sync has no value for it${jiraSays ? `: ${jiraSays}` : ''}. Remove it from the transition screen or map it.`,
  };
}
