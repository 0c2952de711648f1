// The main window: isolated, sandboxed renderer; navigation pinned to the server's
// origin (anything else opens in the user's browser); bounds remembered in settings.
import type { BrowserWindow, BrowserWindowConstructorOptions, Rectangle, WebContents } from 'electron';
import type { WindowBounds } from './settings.js';

export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;

/** The origin (scheme://host:port) of a URL, or undefined if it has none. */
export function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

export function isAllowedOrigin(url: string, allowedOrigins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== undefined && allowedOrigins.some((a) => originOf(a) === origin);
}

/** Only these schemes are handed to the OS; never file:, javascript:, custom handlers. */
export function isExternalSafe(url: string): boolean {
  try {
    return ['http:', 'https:', 'mailto:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** True when at least 100×50 px of the saved window would be on some display. */
export function boundsVisible(b: WindowBounds, workAreas: readonly Rectangle[]): boolean {
  if (b.x === undefined || b.y === undefined) return true;
  const { x, y } = b;
  return workAreas.some(
    (a) => x + b.width - 100 >= a.x && x + 100 <= a.x + a.width && y >= a.y - 10 && y + 50 <= a.y + a.height,
  );
}

export function windowOptions(opts: { preloadPath: string; bounds?: WindowBounds; workAreas?: readonly Rectangle[] }): BrowserWindowConstructorOptions {
  const saved = opts.bounds && boundsVisible(opts.bounds, opts.workAreas ?? []) ? opts.bounds : undefined;
  return {
    width: saved?.width ?? DEFAULT_SIZE.width,
    height: saved?.height ?? DEFAULT_SIZE.height,
    ...(saved?.x !== undefined && saved.y !== undefined ? { x: saved.x, y: saved.y } : {}),
    minWidth: 800,
    minHeight: 500,
    show: false,
    title: 'Pangolin Desktop',
    backgroundColor: '#f6f7f9',
    autoHideMenuBar: true,
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Keeps the window on the allowed origins: in-app navigation elsewhere is blocked and
 * http(s) links go to the default browser; new windows are never opened in-app.
 */
export function guardNavigation(contents: GuardedContents, allowedOrigins: () => readonly string[], openExternal: (url: string) => unknown): void {
  const handleLeave = (event: { preventDefault(): void }, url: string) => {
    if (isAllowedOrigin(url, allowedOrigins())) return;
    event.preventDefault();
    if (isExternalSafe(url)) void openExternal(url);
  };
  contents.on('will-navigate', (event, url) => handleLeave(event, url));
  contents.on('will-redirect', (event, url) => handleLeave(event, url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalSafe(url)) void openExternal(url);
    return { action: 'deny' };
  });
}

export interface CreateWindowDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  openExternal: (url: string) => unknown;
  preloadPath: string;
  startUrl: string;
  allowedOrigins: () => readonly string[];
  bounds: WindowBounds | undefined;
  workAreas: readonly Rectangle[];
  saveBounds: (bounds: WindowBounds) => void;
}

export function createMainWindow(deps: CreateWindowDeps): BrowserWindow {
  const win = new deps.BrowserWindow(windowOptions({ preloadPath: deps.preloadPath, bounds: deps.bounds, workAreas: deps.workAreas }));
  guardNavigation(win.webContents, deps.allowedOrigins, deps.openExternal);
  win.once('ready-to-show', () => {
    if (deps.bounds?.maximized) win.maximize();
    win.show();
  });
  win.on('close', () => {
    const b = win.getNormalBounds();
    deps.saveBounds({ x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
  });
  void win.loadURL(deps.startUrl);
  return win;
}
