import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.__avvikelseStack;
  if (stack) await Promise.allSettled([stack.postgres.stop(), stack.redis.stop()]);
  const root = process.env.AVVIKELSE_TEST_TMP;
  if (root) rmSync(root, { recursive: true, force: true });
}
