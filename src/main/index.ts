// Electron main: lifecycle only. One instance; start the embedded catalog server; open
// the window on the server's origin; stop the server before quitting.
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, safeStorage, screen, shell } from 'electron';
import { ConfigError } from '../server/config.js';
import { registerHostInfo } from './host-info.js';
import { SecretBox } from './secrets.js';
import { PortInUseError, ServerHost } from './server-host.js';
import { createSettingsStore, type SettingsStore } from './settings.js';
import { createMainWindow } from './window.js';

const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const webRoot = fileURLToPath(new URL('../renderer', import.meta.url));
// electron-vite dev: the renderer comes from Vite's dev server (which proxies /v1, /api).
const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;

const host = new ServerHost();
let serverUrl: string | undefined;
let mainWindow: BrowserWindow | undefined;

const allowedOrigins = (): string[] => [serverUrl, devUrl].filter((u): u is string => Boolean(u));

async function startServer(settings: SettingsStore): Promise<string | undefined> {
  let env: Record<string, string | undefined> = { ...process.env };
  for (;;) {
    try {
      const { url } = await host.start({ port: settings.get().port, dataDir: app.getPath('userData'), webRoot, env });
      return url;
    } catch (e) {
      if (e instanceof PortInUseError && e.suggestedPort) {
        const { response } = await dialog.showMessageBox({
          type: 'warning',
          title: 'Port in use',
          message: `Port ${e.port} is already in use`,
          detail: `${e.message}\n\nUse port ${e.suggestedPort} from now on?`,
          buttons: [`Use port ${e.suggestedPort}`, 'Quit'],
          defaultId: 0,
          cancelId: 1,
        });
        if (response !== 0) return undefined;
        settings.update({ port: e.suggestedPort });
        env = { ...env, PORT: undefined }; // the saved setting now decides
        continue;
      }
      const title = e instanceof ConfigError ? 'Configuration error' : 'The catalog server could not start';
      dialog.showErrorBox(title, e instanceof Error ? e.message : String(e));
      return undefined;
    }
  }
}

function openWindow(settings: SettingsStore): void {
  if (!serverUrl) return;
  mainWindow = createMainWindow({
    BrowserWindow,
    openExternal: (url) => shell.openExternal(url),
    preloadPath,
    startUrl: devUrl ?? `${serverUrl}/`,
    allowedOrigins,
    bounds: settings.get().windowBounds,
    workAreas: screen.getAllDisplays().map((d) => d.workArea),
    saveBounds: (windowBounds) => settings.update({ windowBounds }),
  });
  mainWindow.on('closed', () => (mainWindow = undefined));
}

async function onReady(): Promise<void> {
  const settings = createSettingsStore(app.getPath('userData'));
  // Seals secrets with the OS keychain; handed to the server once it accepts a secret box.
  const secrets = new SecretBox(safeStorage);
  if (!secrets.encrypted) console.warn('Secrets will not be encrypted with an OS keychain on this machine.');
  registerHostInfo(ipcMain, allowedOrigins, () =>
    serverUrl && host.sessionToken ? { serverUrl, sessionToken: host.sessionToken } : undefined,
  );
  serverUrl = await startServer(settings);
  if (!serverUrl) {
    app.exit(1);
    return;
  }
  openWindow(settings);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow(settings);
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let stopping = false;
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    host
      .stop()
      .catch((e: unknown) => console.error('Error while stopping the catalog server:', e))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });
  app.whenReady().then(onReady, (e: unknown) => {
    dialog.showErrorBox('Pangolin Desktop could not start', e instanceof Error ? (e.stack ?? e.message) : String(e));
    app.exit(1);
  });
}
