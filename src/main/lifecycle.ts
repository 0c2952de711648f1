// Quitting stops the embedded server first: before-quit is held until host.stop() has
// closed connections and the store (or a time limit passed), then the quit resumes.

/** The part of Electron's app used here (a stand-in in tests). */
export interface QuittableApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export interface CleanShutdownOptions {
  /** Quit anyway after this long if stopping hangs (default 10 s). */
  timeoutMs?: number;
  logger?: { error(message: string, error?: unknown): void };
}

export function installCleanShutdown(app: QuittableApp, stop: () => Promise<void>, options: CleanShutdownOptions = {}): void {
  const logger = options.logger ?? console;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let stopping = false;
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return; // second pass: let Electron quit
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        logger.error(`The catalog server did not stop within ${timeoutMs} ms; quitting anyway.`);
        resolve();
      }, timeoutMs);
    });
    Promise.race([stop(), timeout])
      .catch((e: unknown) => logger.error('Error while stopping the catalog server:', e))
      .finally(() => {
        clearTimeout(timer);
        stopped = true;
        app.quit();
      });
  });
}

/**
 * Runs `start` once the app is ready; a failure of either (whenReady, or anything start
 * throws or rejects with) reaches `fail` — `.then(start, fail)` would let start's own
 * rejection go unhandled.
 */
export function startWhenReady(whenReady: () => Promise<unknown>, start: () => Promise<void>, fail: (e: unknown) => void): Promise<void> {
  return whenReady()
    .then(start)
    .catch((e: unknown) => {
      try {
        fail(e);
      } catch (inner) {
        console.error('Pangolin Desktop could not report a start-up failure:', inner, 'while reporting:', e);
      }
    });
}

/** Runs a fire-and-forget task (a page load, opening a link): a failure is reported, never an unhandled rejection. */
export function reportFailure(task: () => unknown, report: (e: unknown) => void): void {
  try {
    Promise.resolve(task()).catch(report);
  } catch (e) {
    report(e);
  }
}
