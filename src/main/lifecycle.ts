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
