// The files a table owns, by reference: what its current metadata names (metadata log,
// manifest lists, v1 manifest lists, statistics) and, read from those, every manifest and
// every data and delete file the manifests list. Entries of every status count: a file
// deleted by snapshot N is still data of snapshot N-1 while that snapshot exists. Files
// only expired snapshots named are unknown here and stay. A location the caller's policy
// does not allow is neither read nor deleted, only reported.
import { decodeManifest, decodeManifestList } from '../../inspect/manifest.js';
import { StorageError, type ObjectStore } from '../../storage/types.js';
import type { TableMetadata } from '../metadata/types.js';
import { mapBounded } from './bounded.js';
import type { PurgeProblem } from './purge-report.js';

/** The location policy's answer for one file: may purge read and delete it? */
export type LocationAllowed = (location: string) => Promise<boolean>;

/** Kinds in the order purge deletes them: leaves first, the metadata files (the roots) last. */
export const FILE_KINDS = ['data', 'manifest', 'manifest-list', 'statistics', 'metadata'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export interface TableReferences {
  files: Record<FileKind, Set<string>>;
  refused: Set<string>;
  unreadable: PurgeProblem[];
}

export async function collectReferences(storage: ObjectStore, metadataLocation: string, m: TableMetadata, allowed: LocationAllowed, concurrency: number): Promise<TableReferences> {
  const refs: TableReferences = { files: { data: new Set(), manifest: new Set(), 'manifest-list': new Set(), statistics: new Set(), metadata: new Set() }, refused: new Set(), unreadable: [] };
  const seen = new Set<string>();
  let pending: [FileKind, string][] = [];
  const add = (kind: FileKind, location: string | undefined | null) => {
    if (!location || seen.has(location)) return;
    seen.add(location);
    pending.push([kind, location]);
  };
  // Asks the policy about what was added since the last call (it may look at the disk: symlinks).
  const settle = async () => {
    const batch = pending;
    pending = [];
    await mapBounded(batch, concurrency, async ([kind, location]) => {
      if (await allowed(location).catch(() => false)) refs.files[kind].add(location);
      else refs.refused.add(location);
    });
  };

  add('metadata', metadataLocation);
  for (const e of m['metadata-log'] ?? []) add('metadata', e['metadata-file']);
  for (const s of m.statistics ?? []) add('statistics', s['statistics-path']);
  for (const s of m['partition-statistics'] ?? []) add('statistics', s['statistics-path']);
  for (const s of m.snapshots ?? []) {
    add('manifest-list', s['manifest-list']);
    for (const f of s.manifests ?? []) add('manifest', f);
  }
  await settle();

  // Unreadable files are still deleted (as Iceberg's dropTableData does); what they list is reported unknown.
  const read = async (location: string, decode: (bytes: Buffer) => void) => {
    let bytes: Buffer;
    try {
      bytes = await storage.read(location);
    } catch (e) {
      if (e instanceof StorageError && e.code === 'not-found') return; // reported missing when its delete finds nothing
      refs.unreadable.push({ location, message: (e as Error).message });
      return;
    }
    try {
      decode(bytes);
    } catch (e) {
      refs.unreadable.push({ location, message: (e as Error).message });
    }
  };
  await mapBounded([...refs.files['manifest-list']], concurrency, (list) =>
    read(list, (bytes) => {
      for (const mf of decodeManifestList(bytes, m).manifests) add('manifest', mf.manifest_path);
    }),
  );
  await settle();
  await mapBounded([...refs.files.manifest], concurrency, (manifest) =>
    read(manifest, (bytes) => {
      for (const e of decodeManifest(bytes, m, manifest).entries) add('data', e.data_file.file_path);
    }),
  );
  await settle();
  return refs;
}
