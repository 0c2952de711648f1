// Bucket browser and table inspector in Debian's Chromium against a real in-process server
// (the built UI in out/renderer), on a table PyIceberg wrote (three snapshots, day(ts)
// partitions, a schema change): browse the warehouse folder by folder, page with "Load
// more", preview a metadata.json and a Parquet file, download one; then open the table's
// snapshot timeline, a snapshot's manifests, a manifest's data files with decoded column
// stats and the rows of a data file, the schema history and an old metadata file.
//   node --import tsx --test test/e2e/inspector.test.ts
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../src/server/config.js';
import { createServer, type ServerHandle } from '../../src/server/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const webRoot = join(root, 'out/renderer');
const shots = join(root, 'test-results/screenshots');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PYTHON = join(root, '.venv/bin/python');
const BIG_ROW_ID = '9007199254740993';

const missing = [!existsSync(chromiumPath) && `Chromium not found at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)`, !existsSync(PYTHON) && '.venv missing (bash scripts/setup-python.sh)'].filter(Boolean);
const skip = missing.length && !process.env.CI ? missing.join('; ') : false;
if (skip) console.log(`# SKIP inspector e2e: ${skip}`);

describe('Bucket browser and table inspector (Chromium, real server)', { skip }, () => {
  let handle: ServerHandle;
  let url: string;
  let dataDir: string;
  let browser: Browser;
  let page: Page;
  let written: { snapshot_ids: string[]; metadata_location: string; location: string };
  const pageErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  const byTestId = (id: string) => page.getByTestId(id);
  const text = async (id: string) => ((await byTestId(id).first().textContent()) ?? '').trim();

  before(async () => {
    if (!existsSync(join(webRoot, 'index.html'))) {
      execFileSync('npx', ['vite', 'build', '--config', 'vite.web.config.ts'], { cwd: root, stdio: 'inherit' });
    }
    mkdirSync(shots, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'pangolin-e2e-inspect-'));
    handle = await createServer(
      loadConfig({ PORT: '0', PANGOLIN_DATA_DIR: dataDir, PANGOLIN_STORAGE_TYPE: 'sqlite', PANGOLIN_WEB_ROOT: webRoot, PANGOLIN_LOG_LEVEL: 'silent' }),
    );
    ({ url } = await handle.listen());
    const { stdout } = await promisify(execFile)(PYTHON, [join(root, 'test/helpers/write_inspect_table.py'), url, handle.bootstrap.clientId, handle.bootstrap.clientSecret, 'local', 'db', 'events'], { timeout: 240_000 });
    written = JSON.parse(stdout.trim().split('\n').pop()!);
    // A folder with more files than one page of the listing.
    const scratch = join(fileURLToPath(handle.bootstrap.warehouseLocation), 'scratch');
    mkdirSync(scratch, { recursive: true });
    for (let i = 0; i < 105; i++) writeFileSync(join(scratch, `note-${String(i).padStart(3, '0')}.txt`), `note ${i}\n`);

    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1440, height: 960 }, acceptDownloads: true });
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 401/.test(m.text())) pageErrors.push(`console: ${m.text()}`);
    });
  });

  after(async () => {
    await browser?.close();
    await handle?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('sign in and open Buckets: the local warehouse root lists its folders', async () => {
    await page.goto(`${url}/`);
    await byTestId('login-page').waitFor();
    if (await byTestId('login-tab-service').count()) await byTestId('login-tab-service').click();
    await byTestId('login-client-id').fill(handle.bootstrap.clientId);
    await byTestId('login-client-secret').fill(handle.bootstrap.clientSecret);
    await byTestId('login-submit').click();
    await byTestId('app-root').locator('.nav').waitFor();
    await byTestId('nav-buckets').click();
    await byTestId('bucket-objects').waitFor();
    assert.equal(await byTestId('nav-buckets').getAttribute('aria-current'), 'page');
    assert.equal(await byTestId('bucket-warehouse-select').inputValue(), 'local');
    assert.equal(await text('bucket-location'), handle.bootstrap.warehouseLocation);
    await byTestId('folder-db').waitFor();
    await byTestId('folder-scratch').waitFor();
    await shot('inspect-01-bucket-root');
  });

  test('walk into the table folder with breadcrumbs and preview its metadata.json', async () => {
    await byTestId('folder-db').getByRole('button').click();
    await byTestId('folder-events').getByRole('button').click();
    await byTestId('folder-metadata').getByRole('button').click();
    await byTestId('crumb-db/events/metadata/').waitFor();
    assert.match(page.url(), /#\/buckets\?warehouse=local&prefix=db%2Fevents%2Fmetadata%2F$/);
    const metaName = written.metadata_location.slice(written.metadata_location.lastIndexOf('/') + 1);
    await byTestId(`object-open-${metaName}`).click();
    await byTestId('object-preview-content').waitFor();
    assert.equal(await byTestId('object-preview-content').getAttribute('data-format'), 'json');
    const json = await text('object-preview-content-json');
    assert.ok(json.includes(`"current-snapshot-id": ${written.snapshot_ids[2]}`), 'the snapshot id is shown exactly');
    await shot('inspect-02-bucket-metadata-json');
    // An Avro manifest list is recognised as such.
    const snapName = (await page.locator('[data-testid^="object-open-snap-"]').first().textContent())!.trim();
    await byTestId(`object-open-${snapName}`).click();
    await byTestId('object-preview-content-iceberg-kind').waitFor();
    assert.match(await text('object-preview-content-iceberg-kind'), /manifest-list/);
    // Breadcrumbs lead back up.
    await byTestId('crumb-db/').click();
    await byTestId('folder-events').waitFor();
  });

  test('preview a Parquet data file (rows, field ids) and download it', async () => {
    await byTestId('folder-events').getByRole('button').click();
    await byTestId('folder-data').getByRole('button').click();
    await page.locator('[data-testid^="folder-ts_day="]').first().getByRole('button').click();
    const file = page.locator('[data-testid^="object-open-"]').first();
    const name = (await file.textContent())!.trim();
    await file.click();
    await byTestId('object-preview-content-rows').waitFor();
    assert.equal(await byTestId('object-preview-content').getAttribute('data-format'), 'parquet');
    assert.match(await text('object-preview-content-rows'), /name-\d/);
    await shot('inspect-03-bucket-parquet');
    const [download] = await Promise.all([page.waitForEvent('download'), byTestId('object-preview-download').click()]);
    assert.equal(download.suggestedFilename(), name);
    assert.ok(name.endsWith('.parquet'));
  });

  test('a folder with more files than a page loads the rest with "Load more"', async () => {
    await byTestId('crumb-root').click();
    await byTestId('folder-scratch').getByRole('button').click();
    await byTestId('object-note-099.txt').waitFor();
    assert.equal(await page.locator('[data-testid^="object-note-"]').count(), 100);
    await byTestId('bucket-load-more').click();
    await byTestId('object-note-104.txt').waitFor();
    assert.equal(await page.locator('[data-testid^="object-note-"]').count(), 105);
    assert.equal(await byTestId('bucket-load-more').count(), 0);
  });

  test('open the table: the snapshot timeline shows three appends with exact ids and their summaries', async () => {
    await page.goto(`${url}/#/explorer?catalog=local&ns=db&table=events`);
    await byTestId('table-detail').waitFor();
    await byTestId('inspector-tab-snapshots').click();
    await byTestId('snapshot-timeline').waitFor();
    for (const id of written.snapshot_ids) await byTestId(`timeline-snapshot-${id}`).waitFor();
    const first = byTestId(`timeline-snapshot-${written.snapshot_ids[0]}`);
    assert.equal((await first.getByTestId('timeline-snapshot-id').textContent())?.trim(), written.snapshot_ids[0]);
    assert.equal((await first.getByTestId('timeline-operation').textContent())?.trim(), 'append');
    assert.match((await first.getByTestId('stat-added-records').textContent()) ?? '', /4 records added/);
    await shot('inspect-04-snapshot-timeline');
  });

  test('a snapshot’s manifests, a manifest’s data files with decoded stats, and a data file’s rows', async () => {
    await byTestId(`timeline-open-${written.snapshot_ids[1]}`).click();
    await byTestId('manifest-list').waitFor();
    assert.equal(await byTestId('files-snapshot-select').inputValue(), written.snapshot_ids[1]);
    assert.equal(await text('manifest-added-snapshot-0'), written.snapshot_ids[1]);
    await byTestId('manifest-open-0').click();
    await byTestId('manifest-entries').waitFor();
    assert.equal(await text('manifest-total'), '2');
    await shot('inspect-05-manifest');
    // Open the data file whose id upper bound is the value above 2^53.
    let found = false;
    for (let i = 0; i < 2 && !found; i++) {
      await byTestId(`data-file-open-${i}`).click();
      await byTestId('data-file-stats').waitFor();
      found = (await byTestId('column-stats-id').getByTestId('upper-bound').textContent())?.trim() === BIG_ROW_ID;
      if (!found) await byTestId(`data-file-open-${i}`).click();
    }
    assert.ok(found, `a data file has the id upper bound ${BIG_ROW_ID}`);
    assert.match((await byTestId('column-stats-ts').getByTestId('lower-bound').textContent()) ?? '', /^2024-03-0[12]T12:00:00\.0000\d\d$/);
    assert.match((await byTestId('column-stats-price').getByTestId('lower-bound').textContent()) ?? '', /^\d+\.25$/);
    await shot('inspect-06-data-file-stats');
    await byTestId('data-file-preview-open').click();
    await byTestId('data-file-preview-rows').waitFor();
    assert.ok((await text('data-file-preview-rows')).includes(BIG_ROW_ID), 'the row id is shown exactly');
    await byTestId('data-file-preview-rows').scrollIntoViewIfNeeded();
    await shot('inspect-07-data-file-rows');
  });

  test('schema history: the second schema renamed qty → quantity and added note', async () => {
    await byTestId('inspector-tab-schemas').click();
    await byTestId('schema-history').waitFor();
    await byTestId('schema-version-0-initial').waitFor();
    assert.match(await text('schema-change-1-9-renamed'), /renamed\s*qty → quantity/);
    assert.match(await text('schema-change-1-10-added'), /note/);
    await shot('inspect-08-schema-history');
  });

  test('metadata files: an older metadata.json opens as JSON', async () => {
    await byTestId('inspector-tab-metadata').click();
    await byTestId('metadata-files').waitFor();
    assert.ok((await page.locator('[data-testid^="metadata-file-open-"]').count()) >= 2);
    await byTestId('metadata-file-open-1').click();
    await byTestId('metadata-file-preview-json').waitFor();
    assert.match(await text('metadata-file-preview-json'), /"format-version": 2/);
    await shot('inspect-09-metadata-files');
  });

  test('no page errors along the way', () => {
    assert.deepEqual(pageErrors, []);
  });
});
