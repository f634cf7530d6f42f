// The simulator's state on disk, for the embedded default: a restart of `npm start` must not hand out issue ids and
// keys again (JIRA-REALITY: a real site never does). Written atomically — a temporary file renamed over the old one —
// so a crash mid-write leaves the previous state, never half of one.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PersistedStore } from './store';

/** Writes are debounced: a burst of changes (a sync creating an issue, its comments and attachments) is one write. */
const DEBOUNCE_MS = 200;

export class SimulatorStateFile {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly path: string,
    private readonly state: () => PersistedStore,
  ) {}

  /** The saved state, or undefined when there is none yet. A file that cannot be read stops the start: it is not overwritten. */
  load(): PersistedStore | undefined {
    if (!existsSync(this.path)) return undefined;
    const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as PersistedStore;
    if (parsed.version !== 1) throw new Error(`${this.path}: unknown state file version ${String(parsed.version)}`);
    return parsed;
  }

  schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), DEBOUNCE_MS);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.state()));
    renameSync(temporary, this.path);
  }
}
