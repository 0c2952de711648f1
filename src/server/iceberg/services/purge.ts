// drop with purgeRequested=true: the table's files really go. Deletes the table's data/
// and metadata/ folders and every file the metadata names (metadata log, manifest lists,
// statistics), since a registered or relocated table may keep some outside its folder.
import type { ObjectStore } from '../../storage/types.js';
import { joinLocation } from '../catalog-context.js';
import type { TableMetadata } from '../metadata/types.js';

export async function purgeTableFiles(storage: ObjectStore, metadataLocation: string, m: TableMetadata): Promise<number> {
  const loc = m.location.replace(/\/+$/, '');
  let deleted = 0;
  deleted += await storage.deletePrefix(joinLocation(loc, 'data') + '/');
  deleted += await storage.deletePrefix(joinLocation(loc, 'metadata') + '/');
  const named = new Set<string>([metadataLocation]);
  for (const e of m['metadata-log'] ?? []) named.add(e['metadata-file']);
  for (const s of m.snapshots ?? []) {
    if (s['manifest-list']) named.add(s['manifest-list']);
    for (const f of s.manifests ?? []) named.add(f);
  }
  for (const st of m.statistics ?? []) named.add(st['statistics-path']);
  for (const st of m['partition-statistics'] ?? []) named.add(st['statistics-path']);
  for (const f of named) {
    if (!f.startsWith(loc + '/') && (await storage.delete(f))) deleted++;
  }
  return deleted;
}
