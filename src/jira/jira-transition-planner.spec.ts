import { learn, nextTransition, shortestPath, type PlanInput, type TransitionEdge } from './jira-transition-planner';

// A linear SKR-like workflow: A(todo) → B → C → D → E(done) → F(done); W beside C; E and F reopen to A.
const edges: Record<string, string[]> = { A: ['B'], B: ['C', 'W'], C: ['D', 'W'], D: ['E', 'C'], W: ['C'], E: ['F', 'A'], F: ['A'] };
const ranks: Record<string, number> = { A: 0, B: 1, C: 2, D: 3, W: 4, E: 5, F: 6 };
const offered = (status: string): TransitionEdge[] => (edges[status] ?? []).map((to) => ({ transitionId: `t-${to}`, toStatusId: to }));
const fullGraph = () => {
  const graph = new Map<string, readonly TransitionEdge[]>();
  for (const status of Object.keys(edges)) learn(graph, status, offered(status));
  return graph;
};
const input = (current: string, target: string, overrides: Partial<PlanInput> = {}): PlanInput => ({
  graph: new Map(),
  currentStatusId: current,
  targetStatusId: target,
  offered: offered(current),
  visited: new Set([current]),
  rank: (s) => ranks[s],
  isDone: (s) => s === 'E' || s === 'F',
  ...overrides,
});

/** Walks like the sync: plan, take the step, re-read what the new status offers. */
function walk(from: string, target: string, graph = new Map<string, readonly TransitionEdge[]>()): string[] {
  const visited = new Set<string>();
  const path: string[] = [];
  let current = from;
  for (let i = 0; i < 10 && current !== target; i++) {
    visited.add(current);
    learn(graph, current, offered(current));
    const plan = nextTransition(input(current, target, { graph, visited }));
    if (!plan.step) break;
    current = plan.step.toStatusId;
    path.push(current);
  }
  return path;
}

describe('jira-transition-planner', () => {
  describe(shortestPath.name, () => {
    it('should find the fewest transitions in a known graph', () => {
      expect(shortestPath(fullGraph(), 'A', 'D')).toEqual(['B', 'C', 'D']);
      expect(shortestPath(fullGraph(), 'W', 'E')).toEqual(['C', 'D', 'E']);
      expect(shortestPath(fullGraph(), 'F', 'C')).toEqual(['A', 'B', 'C']);
    });

    it('should answer null when the graph knows no way, and [] when already there', () => {
      expect(shortestPath(fullGraph(), 'A', 'Z')).toBeNull();
      expect(shortestPath(new Map(), 'A', 'D')).toBeNull();
      expect(shortestPath(new Map(), 'A', 'A')).toEqual([]);
    });
  });

  describe(nextTransition.name, () => {
    it('should take the direct transition when offered', () => {
      expect(nextTransition(input('B', 'W'))).toEqual({ step: { transitionId: 't-W', toStatusId: 'W' }, known: true });
    });

    it('should follow the shortest known path', () => {
      expect(nextTransition(input('W', 'E', { graph: fullGraph(), offered: offered('W') }))).toMatchObject({
        step: { toStatusId: 'C' },
        known: true,
      });
    });

    it('should reach a status three steps away in a fresh graph by exploring towards it', () => {
      expect(walk('A', 'D')).toEqual(['B', 'C', 'D']);
    });

    it('should never explore into a done status that is not the target, nor away from the target', () => {
      // From D the target W (rank 4) is behind E (rank 5, done): only C (rank 2) is offered besides, and it is not between.
      expect(nextTransition(input('D', 'W'))).toEqual({ step: null });
      // With the graph known, the way through C is taken.
      expect(nextTransition(input('D', 'W', { graph: fullGraph() }))).toMatchObject({ step: { toStatusId: 'C' } });
    });

    it('should reopen a done issue first when going back', () => {
      expect(walk('F', 'C')).toEqual(['A', 'B', 'C']);
    });

    it('should stop, as near the target as the workflow allows, when the target is unreachable', () => {
      const unreachable = (s: string) => (s === 'A' ? [] : offered(s));
      const plan = nextTransition(input('E', 'A', { offered: unreachable('E').filter((e) => e.toStatusId !== 'A') }));
      expect(plan).toEqual({ step: null });
    });

    it('should not go back into a status visited on this walk', () => {
      expect(nextTransition(input('W', 'D', { visited: new Set(['C', 'W']) }))).toEqual({ step: null });
    });
  });
});
