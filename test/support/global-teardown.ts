import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKED_RESPONSES_DIR } from './openapi-responses';

export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.__avvikelseStack;
  if (stack) await Promise.allSettled([stack.postgres.stop(), stack.redis.stop()]);
  const root = process.env.AVVIKELSE_TEST_TMP;
  if (root) reportCheckedResponses(join(root, CHECKED_RESPONSES_DIR));
  if (root) rmSync(root, { recursive: true, force: true });
}

function reportCheckedResponses(dir: string): void {
  if (!existsSync(dir)) return;
  const total = { validated: 0, statusOnly: 0, undocumented: 0 };
  for (const file of readdirSync(dir)) {
    const counts = JSON.parse(readFileSync(join(dir, file), 'utf8')) as typeof total;
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += counts[key];
  }
  process.stdout.write(
    `\nOpenAPI response check: ${total.validated} bodies validated against their schema, ${total.statusOnly} status and content type only ` +
      `(no JSON body), ${total.undocumented} to routes outside the document (test-only, metrics, webhooks).\n`,
  );
}
