// Purge deletes by reference, on tables PyIceberg wrote (real manifest lists, manifests,
// Parquet files): every file the metadata references goes, nothing else in the table's
// folders does, a referenced file outside the warehouse (or reached through a symbolic
// link) stays (refused), files already gone are reported (X-Pangolin-Purge header and the
// audit log), and a table whose metadata cannot be read is still dropped with a report
// saying so.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { decodeManifest, decodeManifestList } from '../../src/server/inspect/manifest.js';
import type { TableMetadata } from '../../src/server/iceberg/metadata/types.js';
import { SIMPLE_SCHEMA, startTestServer, type TestServer } from '../helpers/server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const PYTHON = join(root, '.venv/bin/python');
const SKIP = existsSync(PYTHON) || process.env.CI ? false : '.venv missing: run `bash scripts/setup-python.sh` (PyIceberg writes the tables)';

const toPath = (loc: string) => (loc.startsWith('file:') ? fileURLToPath(loc) : loc);
const filesUnder = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name)).sort() : []);

/** Every file the table's metadata references, found independently of the server's purge code. */
function referencedFiles(metadataLocation: string, m: TableMetadata): string[] {
  const out = new Set<string>([toPath(metadataLocation), ...m['metadata-log'].map((e) => toPath(e['metadata-file']))]);
  for (const s of m.snapshots) {
    out.add(toPath(s['manifest-list']!));
    for (const mf of decodeManifestList(readFileSync(toPath(s['manifest-list']!)), m).manifests) {
      out.add(toPath(mf.manifest_path));
      for (const e of decodeManifest(readFileSync(toPath(mf.manifest_path)), m, mf.manifest_path).entries) out.add(toPath(e.data_file.file_path));
    }
  }
  return [...out].sort();
}

describe('purge deletes by reference', { skip: SKIP }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pangolin-purge-'));
  let s: TestServer;

  const write = (ns: string, table: string) =>
    promisify(execFile)(PYTHON, [join(root, 'test/helpers/write_inspect_table.py'), s.url, s.handle.bootstrap.clientId, s.handle.bootstrap.clientSecret, 'local', ns, table], { timeout: 240_000 });
  const load = async (ns: string, table: string) => {
    const r = await s.http('GET', `/v1/local/namespaces/${ns}/tables/${table}`);
    assert.equal(r.status, 200, r.text);
    return { metadataLocation: r.body['metadata-location'] as string, metadata: r.body.metadata as TableMetadata };
  };
  const purge = (ns: string, table: string) => s.http('DELETE', `/v1/local/namespaces/${ns}/tables/${table}?purgeRequested=true`);
  const auditOf = async (table: string) => {
    // audit events are written in batches: poll until it is there
    for (let i = 0; i < 50; i++) {
      const r = await s.http('GET', '/api/v1/audit?action=table.purge');
      assert.equal(r.status, 200, r.text);
      const e = (r.body.events as { resource: string; outcome: string; detail?: string }[]).find((x) => x.resource.includes(table));
      if (e) return e;
      await new Promise((res) => setTimeout(res, 50));
    }
    assert.fail(`no table.purge audit event for ${table}`);
  };

  before(async () => {
    s = await startTestServer({ dataDir });
    await Promise.all([write('db', 'events'), write('db2', 'partial')]);
  });
  after(async () => {
    await s?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('deletes exactly the referenced files; unrelated files in its folders and files outside the warehouse stay', async () => {
    const { metadataLocation, metadata } = await load('db', 'events');
    const dir = toPath(metadata.location);
    const referenced = referencedFiles(metadataLocation, metadata);
    assert.ok(referenced.some((f) => f.endsWith('.parquet')) && referenced.some((f) => f.endsWith('.avro')), 'data files and manifests are referenced');
    assert.deepEqual(filesUnder(dir), referenced, 'PyIceberg left no unreferenced files');

    // Files purge must not touch: strangers in the table's own folders, and a statistics
    // file the metadata names outside the warehouse.
    const strangers = [join(dir, 'data', 'unrelated.parquet'), join(dir, 'data', 'ts_day=2024-03-01', 'other-table.parquet'), join(dir, 'metadata', '99999-foreign.metadata.json')];
    for (const f of strangers) writeFileSync(f, 'not this table');
    const outside = join(dataDir, 'outside', 'stats.puffin');
    mkdirSync(join(dataDir, 'outside'), { recursive: true });
    writeFileSync(outside, 'someone else');
    const stats = {
      action: 'set-statistics',
      statistics: { 'snapshot-id': metadata['current-snapshot-id'], 'statistics-path': pathToFileURL(outside).href, 'file-size-in-bytes': 12, 'file-footer-size-in-bytes': 4, 'blob-metadata': [] },
    };
    // ... and one that looks inside the table's folder but reaches outside through a symbolic link.
    mkdirSync(join(dataDir, 'elsewhere'));
    const victim = join(dataDir, 'elsewhere', 'victim.parquet');
    writeFileSync(victim, 'not in the warehouse');
    symlinkSync(join(dataDir, 'elsewhere'), join(dir, 'metadata', 'link'));
    const partitionStats = {
      action: 'set-partition-statistics',
      'partition-statistics': { 'snapshot-id': metadata['current-snapshot-id'], 'statistics-path': `${metadata.location}/metadata/link/victim.parquet`, 'file-size-in-bytes': 20 },
    };
    const c = await s.http('POST', '/v1/local/namespaces/db/tables/events', { requirements: [], updates: [stats, partitionStats] });
    assert.equal(c.status, 200, c.text);
    const total = referenced.length + 1; // + the metadata file that commit wrote

    const r = await purge('db', 'events');
    assert.equal(r.status, 204, r.text);
    assert.equal(r.headers.get('x-pangolin-purge'), `deleted=${total}; missing=0; refused=2; failed=0; unreadable=0`);
    for (const f of referenced) assert.ok(!existsSync(f), `${f} was deleted`);
    assert.deepEqual(filesUnder(dir), [...strangers].sort(), 'only the unrelated files remain');
    assert.equal(readFileSync(outside, 'utf8'), 'someone else', 'the file outside the warehouse stays');
    assert.equal(readFileSync(victim, 'utf8'), 'not in the warehouse', 'a symbolic link does not lead purge out of the warehouse');
    assert.equal((await s.http('GET', '/v1/local/namespaces/db/tables/events')).status, 404);

    const e = await auditOf('events');
    assert.equal(e.outcome, 'allowed');
    assert.match(e.detail!, new RegExp(`^deleted=${total}; missing=0; refused=2; failed=0; unreadable=0; refused: file://.*/outside/stats\\.puffin, file://.*/metadata/link/victim\\.parquet$`));
  });

  it('reports referenced files that are already gone (header and audit)', async () => {
    const { metadataLocation, metadata } = await load('db2', 'partial');
    const referenced = referencedFiles(metadataLocation, metadata);
    const gone = referenced.filter((f) => f.endsWith('.parquet'))[0];
    unlinkSync(gone);
    const r = await purge('db2', 'partial');
    assert.equal(r.status, 204, r.text);
    assert.equal(r.headers.get('x-pangolin-purge'), `deleted=${referenced.length - 1}; missing=1; refused=0; failed=0; unreadable=0`);
    assert.deepEqual(filesUnder(toPath(metadata.location)), []);
    const e = await auditOf('partial');
    assert.match(e.detail!, /; missing: file:\/\/\S+\.parquet$/);
    assert.ok(e.detail!.includes(pathToFileURL(gone).href.split('/').pop()!), 'the missing file is named');
  });

  it('a table whose metadata cannot be read is dropped and the report says so', async () => {
    const c = await s.http('POST', '/v1/local/namespaces/db/tables', { name: 'broken', schema: SIMPLE_SCHEMA });
    assert.equal(c.status, 200, c.text);
    const metadataFile = toPath(c.body['metadata-location']);
    // Restart: the server caches parsed metadata files (they are immutable), so corrupt it unseen.
    await s.stop();
    writeFileSync(metadataFile, '{ not json');
    s = await startTestServer({ dataDir });
    const r = await purge('db', 'broken');
    assert.equal(r.status, 204, r.text);
    assert.equal(r.headers.get('x-pangolin-purge'), 'deleted=0; missing=0; refused=0; failed=0; unreadable=1');
    assert.equal((await s.http('GET', '/v1/local/namespaces/db/tables/broken')).status, 404, 'the catalog entry is gone');
    assert.ok(existsSync(metadataFile), 'nothing is deleted when nothing is known');
    const e = await auditOf('broken');
    assert.match(e.detail!, /unreadable=1; unreadable: file:\/\/\S+\.metadata\.json \(Metadata file .* is not valid JSON/);
  });

  it('drop without purge sends no report', async () => {
    const c = await s.http('POST', '/v1/local/namespaces/db/tables', { name: 'kept', schema: SIMPLE_SCHEMA });
    assert.equal(c.status, 200, c.text);
    const r = await s.http('DELETE', '/v1/local/namespaces/db/tables/kept');
    assert.equal(r.status, 204);
    assert.equal(r.headers.get('x-pangolin-purge'), null);
    assert.ok(existsSync(toPath(c.body['metadata-location'])));
  });
});
