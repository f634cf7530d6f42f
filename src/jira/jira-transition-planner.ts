/**
 * Which transition to take next on the way to a status, in a workflow that is not global. Jira tells a non-admin
 * account only the transitions out of an issue's current status, so the workflow is learned as the sync walks it:
 * each read of an issue's transitions adds the edges out of that status. With a known path the next step is its first
 * edge (breadth-first: the fewest transitions, each one a changelog entry and a webhook SKR sees). Without one, the
 * walk explores one step towards the target: only into a status that lies between the current one and the target in
 * our own lifecycle, never into a done status that is not the target, never back into one visited on this walk — so
 * an unreachable status leaves the issue as close to it as the workflow allows, never wandering through the rest.
 * Pure: no Nest, no Jira, no database.
 */

export interface TransitionEdge {
  transitionId: string;
  toStatusId: string;
}

export type WorkflowGraph = ReadonlyMap<string, readonly TransitionEdge[]>;

export interface PlanInput {
  graph: WorkflowGraph;
  currentStatusId: string;
  targetStatusId: string;
  /** The transitions the issue offers now (also in `graph`, read at this step). */
  offered: readonly TransitionEdge[];
  /** Statuses already visited on this walk. */
  visited: ReadonlySet<string>;
  /** The status's place in our lifecycle (its mapped value's position), undefined when it maps to nothing of ours. */
  rank: (statusId: string) => number | undefined;
  isDone: (statusId: string) => boolean;
}

export type Plan = { step: TransitionEdge; known: boolean } | { step: null };

/** Returns the statuses after `from` on a shortest known path to `to`, or null when the graph knows none. */
export function shortestPath(graph: WorkflowGraph, from: string, to: string): string[] | null {
  if (from === to) return [];
  const previous = new Map<string, string>([[from, from]]);
  const queue = [from];
  while (queue.length > 0) {
    const status = queue.shift()!;
    for (const edge of graph.get(status) ?? []) {
      if (previous.has(edge.toStatusId)) continue;
      previous.set(edge.toStatusId, status);
      if (edge.toStatusId === to) {
        const path = [to];
        for (let at = status; at !== from; at = previous.get(at)!) path.unshift(at);
        return path;
      }
      queue.push(edge.toStatusId);
    }
  }
  return null;
}

/** The next transition to take towards the target, or `{ step: null }` when neither a known path nor exploration leads on. */
export function nextTransition(input: PlanInput): Plan {
  const { offered, targetStatusId } = input;
  const direct = offered.find((edge) => edge.toStatusId === targetStatusId);
  if (direct) return { step: direct, known: true };
  const path = shortestPath(input.graph, input.currentStatusId, targetStatusId);
  const viaPath = path && offered.find((edge) => edge.toStatusId === path[0] && !input.visited.has(edge.toStatusId));
  if (viaPath) return { step: viaPath, known: true };
  const explore = explorationStep(input);
  return explore ? { step: explore, known: false } : { step: null };
}

function explorationStep({ offered, currentStatusId, targetStatusId, visited, rank, isDone }: PlanInput): TransitionEdge | undefined {
  const from = rank(currentStatusId);
  const to = rank(targetStatusId);
  // A done issue going back first reopens: the way out of done is what any workflow offers.
  if (isDone(currentStatusId) && !isDone(targetStatusId)) {
    const reopen = offered.find((edge) => !visited.has(edge.toStatusId) && !isDone(edge.toStatusId));
    if (reopen) return reopen;
  }
  if (from === undefined || to === undefined) return undefined;
  const between = (statusId: string): boolean => {
    const r = rank(statusId);
    return r !== undefined && (from < to ? r > from && r < to : r < from && r > to);
  };
  const candidates = offered.filter((edge) => !visited.has(edge.toStatusId) && !isDone(edge.toStatusId) && between(edge.toStatusId));
  // The nearest to the target first: the fewest steps left if the workflow goes on from there.
  return candidates.sort((a, b) => Math.abs(to - rank(a.toStatusId)!) - Math.abs(to - rank(b.toStatusId)!))[0];
}

/** Adds what an issue in `statusId` offers to the graph, replacing what was known of that status. */
export function learn(graph: Map<string, readonly TransitionEdge[]>, statusId: string, offered: readonly TransitionEdge[]): void {
  graph.set(
    statusId,
    offered.map(({ transitionId, toStatusId }) => ({ transitionId, toStatusId })),
  );
}
