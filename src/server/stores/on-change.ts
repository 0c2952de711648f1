// Lets caches in this process drop what a store change made stale, whichever code path
// made the change: each named store method calls `then` when it completes (or fails).
// Other processes sharing the database are covered by each cache's own TTL.
export function afterStoreChange<S extends object>(store: S, methods: readonly string[], then: () => void): void {
  const target = store as unknown as Record<string, unknown>;
  for (const name of methods) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = async function (this: unknown, ...args: unknown[]) {
      try {
        return await (original as (...a: unknown[]) => Promise<unknown>).apply(this, args);
      } finally {
        then();
      }
    };
  }
}
