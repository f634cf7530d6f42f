/**
 * The apps a test file started and has not closed, so that after-env.ts can close what the file left open. A
 * beforeAll that times out while its app is still starting (it took over 30 s at a load of 30 on two cores) leaves
 * the file's afterAll without the app to close; the start then completes with nobody holding it, and its database
 * pool, Redis clients and queues kept the jest worker alive after the run ("A worker process has failed to exit
 * gracefully", or "Jest did not exit" in band). Kept free of heavy imports: every test file loads it.
 */
interface Closable {
  close(): Promise<void>;
}

const open = new Set<Promise<Closable | undefined>>();

/** Tracks an app from the moment its start begins; returns the function that stops tracking it once it is closed. */
export function trackOpenApp(starting: Promise<Closable>): () => void {
  const tracked = starting.then(
    (app) => app,
    () => undefined,
  );
  open.add(tracked);
  return () => open.delete(tracked);
}

/** Waits for each app still starting and closes it, with every app already started and not closed; says how many. */
export async function closeLeftoverApps(): Promise<number> {
  const left = await Promise.all([...open]);
  open.clear();
  let closed = 0;
  for (const app of left) {
    if (!app) continue;
    await app.close();
    closed++;
  }
  return closed;
}
