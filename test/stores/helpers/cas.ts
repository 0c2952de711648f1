// Concurrent compare-and-swap writers, shared by the conformance suite and the
// multi-process SQLite test (kept free of node:test so a child process can import it).
import { setImmediate as tick, setTimeout as sleep } from 'node:timers/promises';
import type { CatalogStore, MetadataSwap, TableIdent, TableKind } from '../../../src/server/stores/types.js';

/**
 * Reads the pointer, yields (so writers interleave) — for up to `pauseMs` when given, to
 * widen the race window across processes — then tries v{n} → v{n+1}.
 */
export async function bump(store: CatalogStore, idents: TableIdent[], pauseMs = 0): Promise<boolean> {
  const kind: TableKind = 'table';
  const current = await Promise.all(idents.map((i) => store.getTable(i, kind)));
  await (pauseMs > 0 ? sleep(Math.random() * pauseMs) : tick());
  const swaps: MetadataSwap[] = current.map((rec, i) => {
    const n = Number(rec!.metadataLocation.slice(1));
    return { ident: idents[i], kind, expected: rec!.metadataLocation, next: `v${n + 1}` };
  });
  return store.swapMetadataLocations(swaps);
}

/**
 * `writers` concurrent writers each land `perWriter` swaps, retrying on conflicts.
 * `store` may be a picker, called per attempt (several connections to one database).
 */
export async function concurrentBumps(
  store: CatalogStore | (() => CatalogStore),
  idents: TableIdent[],
  writers: number,
  perWriter: number,
  pauseMs = 0,
) {
  let successes = 0;
  let conflicts = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let done = 0; done < perWriter; ) {
        if (await bump(typeof store === 'function' ? store() : store, idents, pauseMs)) {
          done++;
          successes++;
        } else {
          conflicts++;
        }
      }
    }),
  );
  return { successes, conflicts };
}

