import { eventually } from './eventually';

/**
 * Waits until the API's `http_large_bodies` gauge (GET /metrics, open to this machine) shows `count` large bodies of
 * `budget` in `state`: the moment the server has given a held-open body its slot, or queued one behind it. A fixed
 * sleep could only guess that moment, and under load it guesses wrong.
 */
export async function untilLargeBodies(port: number, budget: 'api' | 'webhook', state: 'in_use' | 'waiting', count: number): Promise<void> {
  await eventually(
    async () => {
      const scraped = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const line = scraped
        .split('\n')
        .find((l) => l.startsWith('http_large_bodies{') && l.includes(`budget="${budget}"`) && l.includes(`state="${state}"`));
      if (Number(line?.split(' ').pop()) !== count)
        throw new Error(`http_large_bodies ${budget} ${state}: ${line ?? 'absent'}, want ${count}`);
    },
    15_000,
    20,
  );
}
