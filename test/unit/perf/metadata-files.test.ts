// Cached metadata is shared and deep-frozen; its JSON text is reused when serialising; a
// vanished file is still noticed where existence is checked.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import { pino } from 'pino';
import { MetadataFiles } from '../../../src/server/iceberg/services/metadata-files.js';
import { stringifyJson } from '../../../src/shared/lossless-json.js';
import { LocalObjectStore } from '../../../src/server/storage/local.js';

const dir = mkdtempSync(join(tmpdir(), 'pangolin-mf-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const storage = new LocalObjectStore();
const logger = pino({ level: 'silent' });

describe('MetadataFiles cache', () => {
  test('a read is parsed once, shared and frozen; its file text is what gets serialised', async () => {
    const file = join(dir, 'a.metadata.json');
    const text = '{"format-version":2,  "snapshots":[{"snapshot-id":9223372036854775807}]}';
    writeFileSync(file, text);
    const files = new MetadataFiles(logger);
    const m1 = await files.read<{ snapshots: { 'snapshot-id': bigint }[] }>(storage, pathToFileURL(file).href);
    const m2 = await files.read<typeof m1>(storage, pathToFileURL(file).href, { verifyExists: true });
    assert.equal(m1, m2);
    assert.equal(m1.snapshots[0]['snapshot-id'], 9223372036854775807n);
    assert.ok(Object.isFrozen(m1) && Object.isFrozen(m1.snapshots) && Object.isFrozen(m1.snapshots[0]));
    assert.throws(() => {
      (m1.snapshots as unknown[]).push({});
    }, TypeError);
    assert.equal(stringifyJson({ metadata: m1 }), `{"metadata":${text}}`);
  });

  test('write freezes what it wrote and keeps it; a vanished file is a 404 where existence is checked', async () => {
    const files = new MetadataFiles(logger);
    const loc = pathToFileURL(join(dir, 'b.metadata.json')).href;
    const meta = { 'format-version': 2, properties: { a: 'b' }, 'current-snapshot-id': 12345678901234567890n };
    await files.write(storage, loc, meta);
    assert.ok(Object.isFrozen(meta) && Object.isFrozen(meta.properties));
    assert.equal(await files.read(storage, loc), meta);
    rmSync(join(dir, 'b.metadata.json'));
    assert.equal(await files.read(storage, loc), meta); // without the check, the immutable content is served
    await assert.rejects(files.read(storage, loc, { verifyExists: true }), (e: { code?: number; message?: string }) => e.code === 404 && /Failed to open input stream/.test(e.message ?? ''));
    await assert.rejects(files.read(storage, loc), (e: { code?: number }) => e.code === 404);
  });
});
