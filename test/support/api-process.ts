import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { freePort, waitForPort } from '../../tools/stack/ports';

const API = resolve(__dirname, '..', '..', 'dist', 'src', 'main.js');

export interface ApiProcess {
  port: number;
  base: string;
  child: ChildProcess;
  /** Everything the process wrote to stderr (warnings and the last-resort handler's fatal line). */
  stderr(): string;
  /** Everything the process wrote to stdout (its pino log lines, at the LOG_LEVEL given in `env`). */
  stdout(): string;
  /** How often the process ended while the suite still needed it: every exit before stop() is a crash. */
  exits(): number;
  stop(): Promise<void>;
}

/**
 * The BUILT API (`dist/src/main.js`, built by the test command) as a child process on a free port, on this worker's
 * database and Redis, so a request that kills it is seen as an exit rather than as a failing test process. `env` adds
 * or overrides variables (limits, directories, METRICS_TOKEN).
 */
export async function startApiProcess(env: Record<string, string> = {}): Promise<ApiProcess> {
  if (!existsSync(API)) throw new Error(`${API} is missing: build first (the test command does)`);
  const port = await freePort();
  const child = spawn(process.execPath, [API], {
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  let exits = 0;
  let stopping = false;
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((r) =>
    child.once('exit', () => {
      if (!stopping) exits++;
      r();
    }),
  );
  await waitForPort(port, 120_000); // generous: the machine running the suite may be loaded
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    child,
    stderr: () => stderr,
    stdout: () => stdout,
    exits: () => exits,
    stop: async () => {
      stopping = child.exitCode === null && child.signalCode === null;
      if (stopping) child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface RawResponse {
  status: number;
  headers: string;
  body: string;
}

/**
 * Sends `head` and `body` on a raw socket (no client library completes or re-frames a broken multipart body) and reads
 * what comes back until the server closes. `declaredLength` may differ from what is sent: a body that claims more than
 * it carries, or less.
 */
export function rawRequest(port: number, head: string, body: Buffer, declaredLength = body.length): Promise<RawResponse> {
  return new Promise((resolvePromise, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      const end = received.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(received.slice(0, end));
      if (end >= 0 && length && Buffer.byteLength(received.slice(end + 4)) >= Number(length[1])) socket.destroy();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const [headers, ...rest] = received.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1] ?? 0);
      if (!status) reject(new Error(`no HTTP answer (connection closed after ${received.length} bytes)`));
      else resolvePromise({ status, headers, body: rest.join('\r\n\r\n') });
    });
    socket.write(`${head}Content-Length: ${declaredLength}\r\nConnection: close\r\n\r\n`);
    socket.write(body);
  });
}
