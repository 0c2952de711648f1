// Shared fixtures of the conformance suite: record builders, a seeded tenant/warehouse/
// catalog pair, and assertion helpers.
import assert from 'node:assert/strict';
import {
  StoreError,
  type Catalog,
  type CatalogStore,
  type Page,
  type PageRequest,
  type StoreErrorCode,
  type TableKind,
  type TableRecord,
  type Tenant,
  type Warehouse,
} from '../../../src/server/stores/types.js';

export interface SuiteOptions {
  /** For persistent backends: open a new store on the same data as `closed` (already closed). */
  reopen?: (closed: CatalogStore) => Promise<CatalogStore>;
}

export interface SeedIds {
  tenantId: string;
  warehouseId: string;
  /** Two catalogs of the tenant, to check isolation. */
  catalogId: string;
  otherCatalogId: string;
}

/** Mutable holder: beforeEach puts a fresh, seeded store here for every test. */
export interface Suite {
  store: CatalogStore;
  ids: SeedIds;
  options: SuiteOptions;
}

export const T0 = '2024-01-01T00:00:00.000Z';

export const tenant = (id: string, name = id): Tenant => ({ id, name, properties: { owner: 'ops' }, createdAt: T0 });

export const warehouse = (id: string, tenantId: string, name = id): Warehouse => ({
  id,
  tenantId,
  name,
  location: `file:///tmp/pangolin/${name}`,
  storageConfig: { 's3.region': 'eu-west-1' },
  clientConfig: {},
  vendingStrategy: null,
  createdAt: T0,
});

export const catalog = (id: string, tenantId: string, warehouseId: string, name = id): Catalog => ({
  id,
  tenantId,
  name,
  warehouseId,
  properties: { location: `file:///tmp/pangolin/${name}` },
  createdAt: T0,
});

export const table = (catalogId: string, namespace: string[], name: string, kind: TableKind = 'table', loc = 'v0'): TableRecord => ({
  catalogId,
  namespace,
  name,
  kind,
  metadataLocation: loc,
  createdAt: T0,
  updatedAt: T0,
});

export async function seed(store: CatalogStore): Promise<SeedIds> {
  await store.createTenant(tenant('t1', 'tenant-one'));
  await store.createWarehouse(warehouse('w1', 't1', 'wh'));
  await store.createCatalog(catalog('c1', 't1', 'w1', 'main'));
  await store.createCatalog(catalog('c2', 't1', 'w1', 'other'));
  return { tenantId: 't1', warehouseId: 'w1', catalogId: 'c1', otherCatalogId: 'c2' };
}

export async function rejectsCode(p: Promise<unknown>, code: StoreErrorCode): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof StoreError, `expected a StoreError, got ${String(e)}`);
    assert.equal(e.code, code, `expected code ${code}, got ${e.code}: ${e.message}`);
    return true;
  });
}

/** Lists every page with the given size, asserting the paging invariants on the way. */
export async function walkPages<T>(list: (p: PageRequest) => Promise<Page<T>>, pageSize: number | undefined): Promise<T[][]> {
  const pages: T[][] = [];
  let token = '';
  for (let i = 0; i < 10_000; i++) {
    const page = await list(pageSize === undefined ? { pageToken: token } : { pageToken: token, pageSize });
    assert.ok(page.items.length <= (pageSize ?? 100), 'page larger than pageSize');
    pages.push(page.items);
    if (page.nextPageToken === null) return pages;
    assert.equal(typeof page.nextPageToken, 'string');
    assert.ok(page.items.length > 0, 'a page with a next token must not be empty');
    token = page.nextPageToken;
  }
  throw new Error('paging did not terminate');
}

/** Deterministic shuffle, so insertion order differs from list order. */
export function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  let x = 7;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Code-point order (= UTF-8 byte order), the order every backend must list in. */
export const codePointSort = (xs: string[]): string[] =>
  [...xs].sort((a, b) => {
    const ca = [...a].map((c) => c.codePointAt(0)!);
    const cb = [...b].map((c) => c.codePointAt(0)!);
    for (let i = 0; i < Math.min(ca.length, cb.length); i++) if (ca[i] !== cb[i]) return ca[i] - cb[i];
    return ca.length - cb.length;
  });
