// The tray icon: a status line, Open, Copy catalog URL and Quit. Electron's Tray and Menu
// are injected, so the menu and its actions are unit-tested without Electron.
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { ServerStatus } from './server-host.js';
import { APP_NAME, windowTitle } from './window.js';

export interface TrayActions {
  /** Show and focus the window (creating it if it was closed). */
  open(): void;
  /** Put the catalog URL (the `uri` clients such as PyIceberg use) on the clipboard. */
  copyCatalogUrl(url: string): void;
  quit(): void;
}

/** The tray icon's files in resources/ (macOS wants a monochrome template image). */
export function trayIconFile(platform: NodeJS.Platform): string {
  return platform === 'darwin' ? 'trayTemplate.png' : 'tray.png';
}

export function statusLine(status: ServerStatus): string {
  switch (status.state) {
    case 'running':
      return `Catalog running at ${status.url}`;
    case 'starting':
      return 'Catalog server starting…';
    case 'stopping':
      return 'Catalog server stopping…';
    case 'stopped':
      return 'Catalog server stopped';
    case 'failed': {
      const first = status.error.split('\n')[0] ?? '';
      return `Catalog server failed: ${first.length > 80 ? `${first.slice(0, 79)}…` : first}`;
    }
  }
}

export function trayMenuTemplate(status: ServerStatus, actions: TrayActions): MenuItemConstructorOptions[] {
  const url = status.state === 'running' ? status.url : undefined;
  return [
    { id: 'status', label: statusLine(status), enabled: false },
    { type: 'separator' },
    { id: 'open', label: `Open ${APP_NAME}`, click: () => actions.open() },
    { id: 'copy-url', label: 'Copy catalog URL', enabled: url !== undefined, click: () => url && actions.copyCatalogUrl(url) },
    { type: 'separator' },
    { id: 'quit', label: 'Quit', click: () => actions.quit() },
  ];
}

export type TrayLike = Pick<Tray, 'setContextMenu' | 'setToolTip' | 'on' | 'destroy'>;

export interface TrayDeps {
  Tray: new (image: NativeImage) => TrayLike;
  Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): Menu };
  image: NativeImage;
  platform: NodeJS.Platform;
  actions: TrayActions;
}

export interface AppTray {
  update(status: ServerStatus): void;
  destroy(): void;
}

export function createTray(deps: TrayDeps, status: ServerStatus): AppTray {
  const tray = new deps.Tray(deps.image);
  // Windows and most Linux trays: a left click opens the app (the menu is on the right
  // button); on macOS a click shows the menu.
  if (deps.platform !== 'darwin') tray.on('click', () => deps.actions.open());
  const update = (s: ServerStatus) => {
    tray.setToolTip(windowTitle(s));
    tray.setContextMenu(deps.Menu.buildFromTemplate(trayMenuTemplate(s, deps.actions)));
  };
  update(status);
  return { update, destroy: () => tray.destroy() };
}
