import { chmodSync, chownSync, copyFileSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Copies a folder tree of regular files that may change while it is read, as a live PostgreSQL data folder does: a
 * file or folder that vanished meanwhile (a dropped relation, a recycled WAL segment) is skipped, and so is anything
 * that is not a file or folder (the server's socket). `keep` sees paths relative to `from`, with `/`.
 */
export function copyTree(from: string, to: string, keep: (relative: string) => boolean = () => true, relative = ''): void {
  mkdirSync(to, { recursive: true, mode: 0o700 });
  let names: string[];
  try {
    names = readdirSync(from);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const name of names) {
    const path = relative ? `${relative}/${name}` : name;
    if (!keep(path)) continue;
    const stat = lstatSync(join(from, name), { throwIfNoEntry: false });
    if (stat?.isDirectory()) copyTree(join(from, name), join(to, name), keep, path);
    else if (stat?.isFile()) copyVanishing(join(from, name), join(to, name));
  }
}

function copyVanishing(from: string, to: string): void {
  try {
    copyFileSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Gives a restored data folder the owner and mode of the original: PostgreSQL refuses a data folder that is not its
 * OS user's or that others may read, and the drill may run as root while the server runs as `postgres`.
 */
export function ownLike(dir: string, original: string): void {
  const { uid, gid } = statSync(original);
  const walk = (path: string) => {
    if (process.getuid?.() === 0) chownSync(path, uid, gid);
    if (statSync(path).isDirectory()) {
      chmodSync(path, 0o700);
      for (const name of readdirSync(path)) walk(join(path, name));
    }
  };
  walk(dir);
}
