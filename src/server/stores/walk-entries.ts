// Every namespace of a catalog, breadth first, with its live tables and views: what the
// overlap check and the troubleshooter's stored-locations step both walk.
import type { CatalogStore, NamespaceRecord, TableKind, TableRecord } from './types.js';

export async function* walkNamespaces(store: CatalogStore, catalogId: string): AsyncGenerator<{ ns: NamespaceRecord; entries: (TableRecord & { kind: TableKind })[] }> {
  const queue: string[][] = [[]];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const ns of (await store.listNamespaces(catalogId, parent)).items) {
      queue.push(ns.namespace);
      const entries: (TableRecord & { kind: TableKind })[] = [];
      for (const kind of ['table', 'view'] as const) for (const t of (await store.listTables(catalogId, ns.namespace, kind)).items) entries.push({ ...t, kind });
      yield { ns, entries };
    }
  }
}
