// Audit events the store could not take (it is down, full, unreachable) are not dropped:
// they wait in a JSON-lines file in the data dir (0600; events hold names and ids, never
// secrets) and go to the store on a later flush, or at the next start. Appends are
// idempotent by event id, so an event written twice is stored once.
import { appendFileSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import type { AuditEvent, AuditStore } from '../stores/identity-types.js';

export class AuditSpool {
  /** True while the file may hold events (checked once at start, then kept in memory). */
  private pending: boolean;

  constructor(readonly path: string) {
    this.pending = existsSync(path) || existsSync(`${path}.draining`);
  }

  get hasPending(): boolean {
    return this.pending;
  }

  /** Keeps `events` for later; throws when even the file cannot be written. */
  keep(events: readonly AuditEvent[]): void {
    if (events.length === 0) return;
    appendFileSync(this.path, events.map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: 0o600 });
    this.pending = true;
  }

  /**
   * Moves what is kept into the store. On failure the events stay kept (nothing lost)
   * and the error is thrown. Returns how many were written.
   */
  async drain(store: AuditStore): Promise<number> {
    const draining = `${this.path}.draining`;
    let written = 0;
    // A file left by a drain that failed or was interrupted goes first; then the current one.
    while (this.pending) {
      if (!existsSync(draining)) {
        if (!existsSync(this.path)) break;
        renameSync(this.path, draining);
      }
      const events = parseLines(readFileSync(draining, 'utf8'));
      await store.appendAuditEvents(events);
      rmSync(draining, { force: true });
      written += events.length;
      this.pending = existsSync(this.path);
    }
    this.pending = existsSync(this.path) || existsSync(draining);
    return written;
  }
}

function parseLines(text: string): AuditEvent[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as AuditEvent];
      } catch {
        return []; // a line torn by a crash mid-append: the rest still counts
      }
    });
}
