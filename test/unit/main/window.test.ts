import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, test } from 'node:test';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { boundsVisible, createMainWindow, guardNavigation, isAllowedOrigin, windowOptions } from '../../../src/main/window.js';

const SERVER = 'http://127.0.0.1:8080';

class FakeContents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.openHandler = h;
  }
  /** Emits an event the way Electron does; returns whether it was prevented. */
  fire(name: string, url: string): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

function guarded(allowed = [SERVER]) {
  const contents = new FakeContents();
  const opened: string[] = [];
  guardNavigation(contents as never, () => allowed, (u) => opened.push(u));
  return { contents, opened };
}

describe('window options', () => {
  test('the renderer is isolated and sandboxed, with no Node integration', () => {
    const o = windowOptions({ preloadPath: '/app/out/preload/index.cjs' });
    assert.equal(o.webPreferences?.contextIsolation, true);
    assert.equal(o.webPreferences?.sandbox, true);
    assert.equal(o.webPreferences?.nodeIntegration, false);
    assert.equal(o.webPreferences?.webSecurity, true);
    assert.equal(o.webPreferences?.webviewTag, false);
    assert.equal(o.webPreferences?.preload, '/app/out/preload/index.cjs');
    assert.equal(o.show, false);
  });

  test('saved bounds are used when they are on a display, ignored otherwise', () => {
    const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    const on = windowOptions({ preloadPath: 'p', bounds: { x: 100, y: 50, width: 1000, height: 700, maximized: false }, workAreas: screen });
    assert.deepEqual([on.x, on.y, on.width, on.height], [100, 50, 1000, 700]);
    const off = windowOptions({ preloadPath: 'p', bounds: { x: 5000, y: 50, width: 1000, height: 700, maximized: false }, workAreas: screen });
    assert.equal(off.x, undefined);
    assert.equal(off.width, 1280);
    assert.equal(boundsVisible({ x: -950, y: 0, width: 1000, height: 700, maximized: false }, screen), false);
    assert.equal(boundsVisible({ x: -850, y: 0, width: 1000, height: 700, maximized: false }, screen), true);
  });
});

describe('navigation guard', () => {
  test('same-origin navigation is allowed', () => {
    const { contents, opened } = guarded();
    assert.equal(contents.fire('will-navigate', `${SERVER}/#/status`), false);
    assert.deepEqual(opened, []);
  });

  test('navigation to another origin is blocked and opened in the browser instead', () => {
    const { contents, opened } = guarded();
    assert.equal(contents.fire('will-navigate', 'https://iceberg.apache.org/spec/'), true);
    assert.equal(contents.fire('will-redirect', 'http://127.0.0.1:9999/'), true, 'another port is another origin');
    assert.deepEqual(opened, ['https://iceberg.apache.org/spec/', 'http://127.0.0.1:9999/']);
  });

  test('non-web schemes are blocked and never handed to the OS', () => {
    const { contents, opened } = guarded();
    assert.equal(contents.fire('will-navigate', 'file:///etc/passwd'), true);
    assert.equal(contents.fire('will-navigate', 'javascript:alert(1)'), true);
    assert.deepEqual(opened, []);
  });

  test('new windows are always denied; web links open externally', () => {
    const { contents, opened } = guarded();
    assert.deepEqual(contents.openHandler!({ url: 'https://py.iceberg.apache.org/' }), { action: 'deny' });
    assert.deepEqual(contents.openHandler!({ url: `${SERVER}/` }), { action: 'deny' });
    assert.deepEqual(contents.openHandler!({ url: 'smb://host/share' }), { action: 'deny' });
    assert.deepEqual(opened, ['https://py.iceberg.apache.org/', `${SERVER}/`]);
  });

  test('webviews cannot be attached', () => {
    const { contents } = guarded();
    assert.equal(contents.fire('will-attach-webview', ''), true);
  });

  test('origin matching is exact', () => {
    assert.equal(isAllowedOrigin('http://127.0.0.1:8080/x', [SERVER]), true);
    assert.equal(isAllowedOrigin('http://localhost:8080/', [SERVER]), false);
    assert.equal(isAllowedOrigin('https://127.0.0.1:8080/', [SERVER]), false);
    assert.equal(isAllowedOrigin('not a url', [SERVER]), false);
  });
});

describe('createMainWindow', () => {
  test('loads the start URL, guards navigation and saves bounds on close', () => {
    const created: BrowserWindowConstructorOptions[] = [];
    const loaded: string[] = [];
    const contents = new FakeContents();
    class FakeWindow extends EventEmitter {
      webContents = contents;
      constructor(options: BrowserWindowConstructorOptions) {
        super();
        created.push(options);
      }
      loadURL(u: string) {
        loaded.push(u);
        return Promise.resolve();
      }
      getNormalBounds() {
        return { x: 1, y: 2, width: 900, height: 600 };
      }
      isMaximized() {
        return true;
      }
      maximize() {}
      show() {}
    }
    const saved: unknown[] = [];
    createMainWindow({
      BrowserWindow: FakeWindow as unknown as new (o: BrowserWindowConstructorOptions) => BrowserWindow,
      openExternal: () => undefined,
      preloadPath: '/p.cjs',
      startUrl: `${SERVER}/`,
      allowedOrigins: () => [SERVER],
      bounds: undefined,
      workAreas: [],
      saveBounds: (b) => saved.push(b),
    }).emit('close');
    assert.equal(created[0]?.webPreferences?.sandbox, true);
    assert.deepEqual(loaded, [`${SERVER}/`]);
    assert.ok(contents.openHandler, 'window open handler installed');
    assert.equal(contents.fire('will-navigate', 'https://example.com/'), true);
    assert.deepEqual(saved, [{ x: 1, y: 2, width: 900, height: 600, maximized: true }]);
  });
});
