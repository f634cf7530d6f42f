import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { access, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { FileStore, PendingFile } from './file-store';

/**
 * Attachments on the local filesystem. A file is written under a temporary name and renamed into place only on
 * commit, so an aborted upload never leaves a file a row could point at.
 */
export class FsFileStore extends FileStore {
  private readonly root: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
    mkdirSync(join(this.root, 'tmp'), { recursive: true });
  }

  create(): PendingFile {
    const key = `${randomUUID()}`;
    const temp = join(this.root, 'tmp', `${key}.part`);
    const stream = createWriteStream(temp, { flags: 'wx', mode: 0o640 });
    const finished = new Promise<void>((ok, fail) => {
      stream.once('finish', ok);
      stream.once('error', fail);
    });
    // A pipeline that fails destroys the stream with its error; the upload's failure is answered there, not here.
    finished.catch(() => undefined);
    return {
      key,
      stream,
      commit: async () => {
        await finished;
        await rename(temp, this.path(key));
      },
      abort: async () => {
        // The file is opened asynchronously: wait until the stream has closed, or the open could recreate the file
        // after it was removed.
        if (!stream.closed) await new Promise<void>((closed) => stream.once('close', () => closed()).destroy());
        await rm(temp, { force: true });
      },
    };
  }

  read(key: string): Readable {
    return createReadStream(this.path(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      await access(this.path(key));
      return true;
    } catch {
      return false;
    }
  }

  async sweepAbandoned(olderThanMs: number): Promise<number> {
    const tmp = join(this.root, 'tmp');
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    for (const name of await readdir(tmp)) {
      if (!name.endsWith('.part')) continue;
      const file = join(tmp, name);
      const modified = await stat(file).then(
        (s) => s.mtimeMs,
        () => Infinity,
      );
      if (modified >= cutoff) continue;
      await rm(file, { force: true });
      removed++;
    }
    return removed;
  }

  private path(key: string): string {
    if (!/^[0-9a-f-]{36}$/.test(key)) throw new Error(`not a storage key: ${key}`);
    return join(this.root, key);
  }
}
