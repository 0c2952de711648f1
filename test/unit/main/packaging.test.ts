// `npm run dist` cannot run here (electron-builder downloads Electron), so this checks its
// configuration the way electron-builder reads it: found and parsed by electron-builder's
// own loader (electron-builder.yml), validated against its schema, then our requirements.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';

const root = new URL('../../../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  build?: unknown;
};

/** Target names of one platform's `target` (strings or { target } objects). */
function targetsOf(platform: { target?: unknown } | null | undefined): string[] {
  const list = Array.isArray(platform?.target) ? platform.target : [platform?.target];
  return list.filter(Boolean).map((t) => (typeof t === 'string' ? t : (t as { target: string }).target));
}

/** A glob as electron-builder's patterns use it (**, *, literal paths) → RegExp. */
function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Production dependencies (transitively) that contain a compiled .node addon. */
function nativeProductionModules(): string[] {
  const seen = new Set<string>();
  const native = new Set<string>();
  const visit = (name: string, from: string) => {
    // Node's lookup: nested node_modules first, then the hoisted copy.
    const candidates = [join(from, 'node_modules', name), join(root, 'node_modules', name)];
    const dir = candidates.find((d) => existsSync(join(d, 'package.json')));
    if (!dir || seen.has(dir)) return;
    seen.add(dir);
    const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      gypfile?: boolean;
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    const hasAddon =
      meta.gypfile === true ||
      existsSync(join(dir, 'binding.gyp')) ||
      existsSync(join(dir, 'prebuilds')) ||
      (existsSync(join(dir, 'build', 'Release')) && readdirSync(join(dir, 'build', 'Release')).some((f) => f.endsWith('.node')));
    if (hasAddon) native.add(dir.slice(root.length).replace(/\\/g, '/'));
    for (const dep of Object.keys({ ...meta.dependencies, ...meta.optionalDependencies })) visit(dep, dir);
  };
  for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dep, root);
  return [...native].sort();
}

describe('packaging (electron-builder)', () => {
  let config: Configuration;
  before(async () => {
    config = await getConfig(root, null, null);
    await validateConfiguration(config, new DebugLogger(false));
  });

  test('npm run dist builds the app, then packages it', () => {
    assert.equal(pkg.scripts.dist, 'electron-vite build && electron-builder');
    assert.ok(existsSync(join(root, 'electron-builder.yml')), 'electron-builder.yml');
    assert.equal(pkg.build, undefined, 'one config: electron-builder.yml, not also package.json "build"');
  });

  test('identity and contents: out/** in an asar archive', () => {
    assert.equal(config.productName, 'Pangolin Desktop');
    assert.match(config.appId ?? '', /^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    assert.equal(config.asar, true);
    const files = (config.files as (string | { filter?: string[] })[]).flatMap((f) => (typeof f === 'string' ? [f] : (f.filter ?? [])));
    for (const entry of [pkg.main, 'out/preload/index.cjs', 'out/renderer/index.html']) {
      assert.ok(files.some((g) => globToRegExp(g).test(entry)), `${entry} is packaged`);
    }
    assert.ok(!files.some((g) => globToRegExp(g).test('src/main/index.ts')), 'sources are not packaged');
  });

  test('no source maps are packaged, and the renderer build emits none', async () => {
    const files = (config.files as (string | { filter?: string[] })[]).flatMap((f) => (typeof f === 'string' ? [f] : (f.filter ?? [])));
    const exclusions = files.filter((g) => g.startsWith('!')).map((g) => globToRegExp(g.slice(1)));
    for (const map of ['out/renderer/assets/index-abc.js.map', 'out/main/index.js.map', 'node_modules/zod/index.js.map']) {
      assert.ok(exclusions.some((re) => re.test(map)), `${map} is excluded`);
    }
    const { rendererConfig } = await import('../../../vite.web.config.js');
    assert.equal(rendererConfig.build.sourcemap, false, 'vite build writes no .map into out/renderer (the server serves that folder)');
  });

  test('targets: Linux AppImage + deb, macOS dmg, Windows nsis', () => {
    assert.deepEqual(targetsOf(config.linux).sort(), ['AppImage', 'deb']);
    assert.deepEqual(targetsOf(config.mac), ['dmg']);
    assert.deepEqual(targetsOf(config.win), ['nsis']);
    for (const p of [config.linux, config.mac, config.win]) {
      assert.ok(p?.icon && existsSync(join(root, p.icon)), `icon ${p?.icon} exists`);
    }
  });

  test('every native module among the production dependencies is unpacked from the asar', () => {
    const native = nativeProductionModules();
    assert.ok(native.includes('node_modules/better-sqlite3') && native.includes('node_modules/argon2'), `found: ${native.join(', ')}`);
    const unpack = (Array.isArray(config.asarUnpack) ? config.asarUnpack : [config.asarUnpack]).filter((p): p is string => typeof p === 'string');
    for (const dir of native) {
      const addon = `${dir}/build/Release/addon.node`;
      assert.ok(unpack.some((g) => globToRegExp(g).test(addon)), `${dir} is unpacked (asarUnpack: ${unpack.join(', ')})`);
    }
    assert.notEqual(config.npmRebuild, false, 'native modules are rebuilt for Electron');
  });

  test('the tray icons are shipped as extra resources, where src/main looks for them', () => {
    const extra = (config.extraResources as { from: string; to: string; filter?: string[] }[]) ?? [];
    const res = extra.find((e) => e.from === 'resources');
    assert.equal(res?.to, 'resources');
    for (const icon of ['tray.png', 'tray@2x.png', 'trayTemplate.png', 'trayTemplate@2x.png']) {
      assert.ok(existsSync(join(root, 'resources', icon)), icon);
      assert.ok(res?.filter?.some((g) => globToRegExp(g).test(icon)), `${icon} is copied`);
    }
  });
});
