import type { Readable, Writable } from 'node:stream';

/** An object being written: committed when complete, aborted (and gone) otherwise. */
export interface PendingFile {
  readonly key: string;
  readonly stream: Writable;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * Where attachment bytes live. The filesystem implementation serves one machine; an S3-compatible implementation
 * would serve several API processes (not built yet). Keys are ours, never a client's file name.
 */
export abstract class FileStore {
  abstract create(): PendingFile;
  abstract read(key: string): Readable;
  abstract delete(key: string): Promise<void>;
  abstract exists(key: string): Promise<boolean>;
  /**
   * Removes partial uploads older than `olderThanMs`: what a killed process (kill -9, OOM, a crash) left between
   * `create()` and `commit()`/`abort()`. Resolves with how many it removed.
   */
  abstract sweepAbandoned(olderThanMs: number): Promise<number>;
}
