// Commits with the per-table queue and the "last commit of this process" shortcut stay
// correct when another process (here: a second store connection and service) moves the
// table in between: the compare-and-swap decides, no update is lost, and a requirement
// that holds on the store's current state is not refused because of a stale local view.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import { pino } from 'pino';
import type { CatalogContext } from '../../../src/server/iceberg/catalog-context.js';
import { MetadataFiles } from '../../../src/server/iceberg/services/metadata-files.js';
import { TableService } from '../../../src/server/iceberg/services/tables.js';
import type { CommitTableRequest } from '../../../src/server/iceberg/schemas/requests.js';
import { LocalObjectStore } from '../../../src/server/storage/local.js';
import { SqliteCatalogStore } from '../../../src/server/stores/sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'pangolin-cq-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const logger = pino({ level: 'silent' });
const T = '2024-01-01T00:00:00.000Z';
const SCHEMA = { type: 'struct', 'schema-id': 0, fields: [{ id: 1, name: 'id', type: 'long', required: false }] };

let nextId = 1000;
function append(currentSnapshot: number | null, seq: number): CommitTableRequest {
  const id = ++nextId;
  return {
    requirements: [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': currentSnapshot }],
    updates: [
      { action: 'add-snapshot', snapshot: { 'snapshot-id': id, ...(currentSnapshot === null ? {} : { 'parent-snapshot-id': currentSnapshot }), 'sequence-number': seq, 'timestamp-ms': 1, 'manifest-list': `file:///x/${id}.avro`, summary: { operation: 'append' }, 'schema-id': 0 } },
      { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': id },
    ],
  } as unknown as CommitTableRequest;
}
const mainOf = (m: { refs?: Record<string, { 'snapshot-id': number | bigint }> }): number | null => { const v = m.refs?.main?.['snapshot-id']; return v === undefined ? null : Number(v); };

describe('commit queue and last-commit shortcut', () => {
  test('two processes alternate on one table: every commit lands, none is refused wrongly', async () => {
    const file = join(dir, 'catalog.db');
    const a = new SqliteCatalogStore(file);
    const b = new SqliteCatalogStore(file);
    await a.init();
    await b.init();
    await a.createTenant({ id: 't', name: 't', properties: {}, createdAt: T });
    await a.createWarehouse({ id: 'w', tenantId: 't', name: 'w', location: pathToFileURL(join(dir, 'wh')).href, storageConfig: {}, clientConfig: {}, vendingStrategy: null, createdAt: T } as never);
    const catalog = await a.createCatalog({ id: 'c', tenantId: 't', name: 'c', warehouseId: 'w', properties: {}, createdAt: T });
    await a.createNamespace({ catalogId: 'c', namespace: ['ns'], properties: {} });
    const warehouse = (await a.getWarehouse({ id: 'w' }))!;
    const ctx: CatalogContext = { catalog, warehouse, storage: new LocalObjectStore(), baseLocation: pathToFileURL(join(dir, 'wh', 'c')).href };
    const sa = new TableService(a, new MetadataFiles(logger), logger);
    const sb = new TableService(b, new MetadataFiles(logger), logger);
    await sa.create(ctx, ['ns'], { name: 't', schema: SCHEMA } as never);

    let m = (await sa.commit(ctx, ['ns'], 't', append(null, 1))).metadata; // A remembers this commit
    m = (await sb.commit(ctx, ['ns'], 't', append(mainOf(m), 2))).metadata; // B moves the table behind A's back
    // The client read B's state; A's remembered state is stale, yet the requirement holds on the store.
    m = (await sa.commit(ctx, ['ns'], 't', append(mainOf(m), 3))).metadata;
    m = (await sb.commit(ctx, ['ns'], 't', append(mainOf(m), 4))).metadata;
    m = (await sa.commit(ctx, ['ns'], 't', append(mainOf(m), 5))).metadata;
    assert.equal(m.snapshots?.length, 5);

    // A stale requirement is still refused with 409, on both.
    await assert.rejects(sa.commit(ctx, ['ns'], 't', append(1001, 6)), (e: { code?: number }) => e.code === 409);
    await assert.rejects(sb.commit(ctx, ['ns'], 't', append(1001, 6)), (e: { code?: number }) => e.code === 409);

    // Concurrent appends through both services: every success is in the history.
    let ok = 0;
    await Promise.all(
      [sa, sb, sa, sb, sa, sb].map(async (svc) => {
        for (let i = 0; i < 5; i++) {
          for (;;) {
            const cur = (await svc.load(ctx, ['ns'], 't', 'all')).metadata;
            try {
              await svc.commit(ctx, ['ns'], 't', append(mainOf(cur), (cur['last-sequence-number'] as number) + 1));
              ok++;
              break;
            } catch (e) {
              if ((e as { code?: number }).code !== 409) throw e;
            }
          }
        }
      }),
    );
    const fin = (await sa.load(ctx, ['ns'], 't', 'all')).metadata;
    assert.equal(fin.snapshots?.length, 5 + ok);
    assert.equal(ok, 30);
    await a.close();
    await b.close();
  });
});

describe('loads during a pointer swap of this process', () => {
  test('wait for the swap and answer with the state it made; a failed swap does not block them', async () => {
    const store = new SqliteCatalogStore(join(dir, 'swap-barrier.db'));
    await store.init();
    await store.createTenant({ id: 't', name: 't', properties: {}, createdAt: T });
    await store.createWarehouse({ id: 'w', tenantId: 't', name: 'w', location: pathToFileURL(join(dir, 'wh2')).href, storageConfig: {}, clientConfig: {}, vendingStrategy: null, createdAt: T } as never);
    const catalog = await store.createCatalog({ id: 'c', tenantId: 't', name: 'c', warehouseId: 'w', properties: {}, createdAt: T });
    await store.createNamespace({ catalogId: 'c', namespace: ['ns'], properties: {} });
    const warehouse = (await store.getWarehouse({ id: 'w' }))!;
    const ctx: CatalogContext = { catalog, warehouse, storage: new LocalObjectStore(), baseLocation: pathToFileURL(join(dir, 'wh2', 'c')).href };
    // The swap's answer is held back (as a network store's round trip would be) until released.
    const swap = store.swapMetadataLocations.bind(store);
    let release: (() => void) | undefined;
    let fail = false;
    store.swapMetadataLocations = async (swaps) => {
      await new Promise<void>((r) => (release = r));
      if (fail) throw new Error('store went away');
      return swap(swaps);
    };
    /** Resolves with the held swap's release once a swap is waiting. */
    const swapHeld = async (): Promise<() => void> => {
      while (!release) await new Promise((r) => setImmediate(r));
      const go = release;
      release = undefined;
      return go;
    };
    const svc = new TableService(store, new MetadataFiles(logger), logger);
    const created = await svc.create(ctx, ['ns'], { name: 't', schema: SCHEMA } as never);

    const committing = svc.commit(ctx, ['ns'], 't', append(null, 1));
    const go = await swapHeld();
    let loaded: string | null | undefined;
    const loading = svc.load(ctx, ['ns'], 't', 'all').then((t) => (loaded = t.metadataLocation));
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(loaded, undefined, 'the load waits while the swap is in flight');
    go();
    const committed = await committing;
    await loading;
    assert.equal(loaded, committed.metadataLocation);
    assert.notEqual(loaded, created.metadataLocation);

    fail = true;
    const failing = svc.commit(ctx, ['ns'], 't', append(mainOf(committed.metadata), 2));
    const goFail = await swapHeld();
    const during = svc.load(ctx, ['ns'], 't', 'all');
    goFail();
    await assert.rejects(failing, /store went away/);
    assert.equal((await during).metadataLocation, committed.metadataLocation);
    await store.close();
  });
});
