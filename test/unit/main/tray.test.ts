import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, test } from 'node:test';
import type { Menu, MenuItemConstructorOptions, NativeImage } from 'electron';
import type { ServerStatus } from '../../../src/main/server-host.js';
import { createTray, statusLine, trayIconFile, trayMenuTemplate, type TrayActions } from '../../../src/main/tray.js';

const RUNNING: ServerStatus = { state: 'running', url: 'http://127.0.0.1:8080', port: 8080, dataDir: '/d' };

function recorder() {
  const calls: string[] = [];
  const actions: TrayActions = {
    open: () => calls.push('open'),
    copyCatalogUrl: (url) => calls.push(`copy ${url}`),
    quit: () => calls.push('quit'),
  };
  return { calls, actions };
}

const item = (menu: MenuItemConstructorOptions[], id: string) => {
  const found = menu.find((i) => i.id === id);
  assert.ok(found, `menu item ${id}`);
  return found;
};
const click = (i: MenuItemConstructorOptions) => (i.click as () => void)();

describe('tray menu', () => {
  test('status line, Open, Copy catalog URL, Quit — in that order', () => {
    const menu = trayMenuTemplate(RUNNING, recorder().actions);
    assert.deepEqual(
      menu.filter((i) => i.type !== 'separator').map((i) => i.label),
      ['Catalog running at http://127.0.0.1:8080', 'Open Pangolin Desktop', 'Copy catalog URL', 'Quit'],
    );
    assert.equal(item(menu, 'status').enabled, false, 'the status line is not clickable');
  });

  test('each item does its action; the URL copied is the running server’s', () => {
    const { calls, actions } = recorder();
    const menu = trayMenuTemplate(RUNNING, actions);
    click(item(menu, 'open'));
    click(item(menu, 'copy-url'));
    click(item(menu, 'quit'));
    assert.deepEqual(calls, ['open', 'copy http://127.0.0.1:8080', 'quit']);
  });

  test('without a running server there is no URL to copy', () => {
    const { calls, actions } = recorder();
    for (const status of [{ state: 'starting' }, { state: 'stopped' }, { state: 'failed', error: 'boom' }] as ServerStatus[]) {
      const copy = item(trayMenuTemplate(status, actions), 'copy-url');
      assert.equal(copy.enabled, false);
      click(copy);
    }
    assert.deepEqual(calls, []);
  });

  test('status lines say what the server is doing; long errors are cut to one short line', () => {
    assert.equal(statusLine({ state: 'starting' }), 'Catalog server starting…');
    assert.equal(statusLine({ state: 'stopping' }), 'Catalog server stopping…');
    assert.equal(statusLine({ state: 'stopped' }), 'Catalog server stopped');
    const line = statusLine({ state: 'failed', error: `${'x'.repeat(200)}\nsecond line` });
    assert.ok(line.length < 130 && line.endsWith('…') && !line.includes('second'));
  });

  test('macOS uses a template image', () => {
    assert.equal(trayIconFile('darwin'), 'trayTemplate.png');
    assert.equal(trayIconFile('linux'), 'tray.png');
    assert.equal(trayIconFile('win32'), 'tray.png');
  });
});

describe('createTray with a stubbed electron', () => {
  class FakeTray extends EventEmitter {
    static last: FakeTray;
    tooltips: string[] = [];
    menus: MenuItemConstructorOptions[][] = [];
    destroyed = false;
    constructor(readonly image: unknown) {
      super();
      FakeTray.last = this;
    }
    setToolTip(t: string) {
      this.tooltips.push(t);
    }
    setContextMenu(m: { template: MenuItemConstructorOptions[] }) {
      this.menus.push(m.template);
    }
    destroy() {
      this.destroyed = true;
    }
  }
  const FakeMenu = { buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }) as unknown as Menu };
  const image = { isEmpty: () => false } as unknown as NativeImage;

  test('builds the menu from the current status and rebuilds it on every change', () => {
    const { calls, actions } = recorder();
    const tray = createTray({ Tray: FakeTray as never, Menu: FakeMenu, image, platform: 'linux', actions }, { state: 'starting' });
    const fake = FakeTray.last;
    assert.equal(fake.image, image);
    assert.equal(fake.menus.length, 1);
    assert.equal(item(fake.menus[0]!, 'status').label, 'Catalog server starting…');
    assert.match(fake.tooltips[0]!, /starting/);

    tray.update(RUNNING);
    assert.equal(item(fake.menus[1]!, 'status').label, 'Catalog running at http://127.0.0.1:8080');
    assert.equal(fake.tooltips[1], 'Pangolin Desktop — http://127.0.0.1:8080');
    click(item(fake.menus[1]!, 'copy-url'));
    assert.deepEqual(calls, ['copy http://127.0.0.1:8080']);

    fake.emit('click');
    assert.deepEqual(calls, ['copy http://127.0.0.1:8080', 'open'], 'a left click opens the window');
    tray.destroy();
    assert.equal(fake.destroyed, true);
  });

  test('on macOS a click only shows the menu', () => {
    const { calls, actions } = recorder();
    createTray({ Tray: FakeTray as never, Menu: FakeMenu, image, platform: 'darwin', actions }, RUNNING);
    FakeTray.last.emit('click');
    assert.deepEqual(calls, []);
  });
});
