import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createSettingsStore, DEFAULT_SETTINGS, readSettings } from '../../../src/main/settings.js';

describe('settings', () => {
  let dir: string;
  let warnings: string[];
  const logger = { warn: (m: string) => warnings.push(m) };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pangolin-settings-'));
    warnings = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a missing file gives the defaults without a warning', () => {
    const s = createSettingsStore(dir, logger);
    assert.deepEqual(s.get(), DEFAULT_SETTINGS);
    assert.equal(s.get().port, 8080);
    assert.deepEqual(warnings, []);
  });

  test('updates are validated, written to settings.json and read back', () => {
    const s = createSettingsStore(dir, logger);
    s.update({ port: 8181, windowBounds: { x: 10, y: 20, width: 1000, height: 700, maximized: true } });
    const again = createSettingsStore(dir, logger);
    assert.equal(again.get().port, 8181);
    assert.deepEqual(again.get().windowBounds, { x: 10, y: 20, width: 1000, height: 700, maximized: true });
    assert.equal(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).port, 8181);
  });

  test('no-auth is off by default, also for files written before it existed, and can be turned on', () => {
    assert.equal(DEFAULT_SETTINGS.noAuth, false);
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ port: 8181 }));
    const s = createSettingsStore(dir, logger);
    assert.equal(s.get().noAuth, false);
    assert.equal(s.get().port, 8181);
    s.update({ noAuth: true });
    assert.equal(createSettingsStore(dir, logger).get().noAuth, true);
    assert.deepEqual(warnings, []);
  });

  test('an invalid update throws and leaves the file and the current value alone', () => {
    const s = createSettingsStore(dir, logger);
    s.update({ port: 9000 });
    assert.throws(() => s.update({ port: 70000 }));
    assert.equal(s.get().port, 9000);
    assert.equal(readSettings(s.file, logger).port, 9000);
  });

  test('a corrupt file falls back to defaults, is kept aside, and is reported', () => {
    const file = join(dir, 'settings.json');
    writeFileSync(file, '{"port": 81');
    const s = createSettingsStore(dir, logger);
    assert.deepEqual(s.get(), DEFAULT_SETTINGS);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /settings\.json is invalid/);
    assert.ok(existsSync(`${file}.corrupt`), 'the corrupt file is kept for the user');
    assert.equal(readFileSync(`${file}.corrupt`, 'utf8'), '{"port": 81');
  });

  test('a file that fails validation falls back to defaults and names the bad field', () => {
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ port: 'eighty', windowBounds: { width: 10, height: 10 } }));
    const s = createSettingsStore(dir, logger);
    assert.equal(s.get().port, 8080);
    assert.equal(s.get().windowBounds, undefined);
    assert.match(warnings[0]!, /port/);
  });
});
