import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, test } from 'node:test';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { boundsVisible, createMainWindow, guardNavigation, isAllowedOrigin, windowOptions, windowTitle } from '../../../src/main/window.js';

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

describe('createMainWindow failures (issue 15)', () => {
  test('a failed page load or link opening is reported, never an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const contents = new FakeContents();
      class FailingWindow extends EventEmitter {
        webContents = contents;
        loadURL() {
          return Promise.reject(new Error('ERR_CONNECTION_REFUSED (-102)'));
        }
        show() {}
      }
      const loadFailures: string[] = [];
      createMainWindow({
        BrowserWindow: FailingWindow as unknown as new (o: BrowserWindowConstructorOptions) => BrowserWindow,
        openExternal: () => Promise.reject(new Error('no browser')),
        preloadPath: '/p.cjs',
        startUrl: `${SERVER}/`,
        allowedOrigins: () => [SERVER],
        bounds: undefined,
        workAreas: [],
        saveBounds: () => undefined,
        onLoadFailed: (url, e) => loadFailures.push(`${url} ${(e as Error).message}`),
      });
      assert.equal(contents.fire('will-navigate', 'https://example.com/'), true);
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(loadFailures, [`${SERVER}/ ERR_CONNECTION_REFUSED (-102)`]);
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('window state and title', () => {
  const WORK_AREA = [{ x: 0, y: 0, width: 1920, height: 1080 }];

  /** A BrowserWindow stand-in whose bounds and maximized state the test moves. */
  class StatefulWindow extends EventEmitter {
    static last: StatefulWindow;
    webContents = new FakeContents();
    bounds = { x: 0, y: 0, width: 0, height: 0 };
    maximized = false;
    shown = false;
    title: string;
    constructor(readonly options: BrowserWindowConstructorOptions) {
      super();
      this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 0, height: options.height ?? 0 };
      this.title = options.title ?? '';
      StatefulWindow.last = this;
    }
    loadURL() {
      return Promise.resolve();
    }
    getNormalBounds() {
      return { ...this.bounds };
    }
    isMaximized() {
      return this.maximized;
    }
    isDestroyed() {
      return false;
    }
    maximize() {
      this.maximized = true;
    }
    show() {
      this.shown = true;
    }
    setTitle(t: string) {
      this.title = t;
    }
  }

  function open(bounds: Parameters<typeof createMainWindow>[0]['bounds'], saved: unknown[], saveDelayMs = 5) {
    createMainWindow({
      BrowserWindow: StatefulWindow as unknown as new (o: BrowserWindowConstructorOptions) => BrowserWindow,
      openExternal: () => undefined,
      preloadPath: '/p.cjs',
      startUrl: `${SERVER}/`,
      allowedOrigins: () => [SERVER],
      bounds,
      workAreas: WORK_AREA,
      saveBounds: (b) => saved.push(b),
      title: windowTitle({ state: 'running', url: SERVER, port: 8080, dataDir: '/d' }),
      saveDelayMs,
    });
    return StatefulWindow.last;
  }

  test('bounds and maximized state survive a restart', () => {
    const saved: unknown[] = [];
    const first = open(undefined, saved);
    first.emit('ready-to-show');
    assert.equal(first.maximized, false);
    first.bounds = { x: 200, y: 100, width: 1100, height: 750 };
    first.maximized = true;
    first.emit('close');
    assert.deepEqual(saved, [{ x: 200, y: 100, width: 1100, height: 750, maximized: true }]);

    const second = open(saved[0] as never, []);
    assert.deepEqual([second.options.x, second.options.y, second.options.width, second.options.height], [200, 100, 1100, 750]);
    second.emit('ready-to-show');
    assert.equal(second.maximized, true, 'maximized again');
    assert.equal(second.shown, true);
  });

  test('moves and resizes are saved shortly after they settle, once', async () => {
    const saved: unknown[] = [];
    const win = open(undefined, saved);
    win.bounds = { x: 10, y: 10, width: 900, height: 600 };
    win.emit('move');
    win.emit('resize');
    win.emit('resize');
    assert.deepEqual(saved, [], 'debounced');
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(saved, [{ x: 10, y: 10, width: 900, height: 600, maximized: false }]);
  });

  test('the title shows the server status, and the page cannot replace it', () => {
    const win = open(undefined, []);
    assert.equal(win.options.title, `Pangolin Desktop — ${SERVER}`);
    let prevented = false;
    win.emit('page-title-updated', { preventDefault: () => (prevented = true) }, 'Pangolin');
    assert.equal(prevented, true);
    assert.equal(windowTitle({ state: 'starting' }), 'Pangolin Desktop — starting the catalog server…');
    assert.equal(windowTitle({ state: 'failed', error: 'x' }), 'Pangolin Desktop — catalog server failed');
    assert.equal(windowTitle({ state: 'stopped' }), 'Pangolin Desktop — catalog server stopped');
  });
});
