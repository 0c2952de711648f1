// The main window: isolated, sandboxed renderer; navigation pinned to the server's
// origin (anything else opens in the user's browser); bounds and maximized state
// remembered in settings; the title shows the server's status (not the page's title).
import type { BrowserWindow, BrowserWindowConstructorOptions, Rectangle, WebContents } from 'electron';
import type { ServerStatus } from './server-host.js';
import type { WindowBounds } from './settings.js';
import { reportFailure } from './lifecycle.js';

export const APP_NAME = 'Pangolin Desktop';

/** "Pangolin Desktop — http://127.0.0.1:8080", or the server's state when not running. */
export function windowTitle(status: ServerStatus): string {
  switch (status.state) {
    case 'running':
      return `${APP_NAME} — ${status.url}`;
    case 'starting':
      return `${APP_NAME} — starting the catalog server…`;
    case 'stopping':
      return `${APP_NAME} — stopping the catalog server…`;
    case 'failed':
      return `${APP_NAME} — catalog server failed`;
    case 'stopped':
      return `${APP_NAME} — catalog server stopped`;
  }
}

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

export function windowOptions(opts: { preloadPath: string; bounds?: WindowBounds; workAreas?: readonly Rectangle[]; title?: string }): BrowserWindowConstructorOptions {
  const saved = opts.bounds && boundsVisible(opts.bounds, opts.workAreas ?? []) ? opts.bounds : undefined;
  return {
    width: saved?.width ?? DEFAULT_SIZE.width,
    height: saved?.height ?? DEFAULT_SIZE.height,
    ...(saved?.x !== undefined && saved.y !== undefined ? { x: saved.x, y: saved.y } : {}),
    minWidth: 800,
    minHeight: 500,
    show: false,
    title: opts.title ?? APP_NAME,
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
    if (isExternalSafe(url)) reportFailure(() => openExternal(url), (e) => console.error(`Could not open ${url} in the browser:`, e));
  };
  contents.on('will-navigate', (event, url) => handleLeave(event, url));
  contents.on('will-redirect', (event, url) => handleLeave(event, url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalSafe(url)) reportFailure(() => openExternal(url), (e) => console.error(`Could not open ${url} in the browser:`, e));
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
  /** Initial title (see windowTitle); the page's <title> never replaces it. */
  title?: string;
  /** Bounds are also saved this long after the last move/resize (default 1 s), not only on close. */
  saveDelayMs?: number;
  /** A failed page load (server gone, navigation aborted); default: console.error. */
  onLoadFailed?: (url: string, e: unknown) => void;
}

export function createMainWindow(deps: CreateWindowDeps): BrowserWindow {
  const win = new deps.BrowserWindow(
    windowOptions({ preloadPath: deps.preloadPath, bounds: deps.bounds, workAreas: deps.workAreas, title: deps.title }),
  );
  guardNavigation(win.webContents, deps.allowedOrigins, deps.openExternal);
  win.on('page-title-updated', (event) => event.preventDefault());
  win.once('ready-to-show', () => {
    if (deps.bounds?.maximized) win.maximize();
    win.show();
  });
  // Saved on close, and shortly after the window settles, so a crash or a killed
  // process (log-out) still remembers where the window was.
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (win.isDestroyed?.()) return;
    const b = win.getNormalBounds();
    deps.saveBounds({ x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
  };
  const saveSoon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, deps.saveDelayMs ?? 1000);
    timer.unref?.();
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('maximize', saveSoon);
  win.on('unmaximize', saveSoon);
  win.on('close', save);
  reportFailure(() => win.loadURL(deps.startUrl), (e) => (deps.onLoadFailed ?? ((u, err) => console.error(`Could not load ${u}:`, err)))(deps.startUrl, e));
  return win;
}
