// Electron main: lifecycle only. One instance; make or unseal the desktop's secrets; start
// the embedded catalog server; open the window on the server's origin; a tray icon with
// the server's status; stop the server before quitting.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, nativeImage, safeStorage, screen, shell, Tray } from 'electron';
import { ConfigError } from '../server/config.js';
import { DesktopSecrets } from './desktop-secrets.js';
import { registerHostInfo, registerRootPasswordAck } from './host-info.js';
import { installCleanShutdown, startWhenReady } from './lifecycle.js';
import { SecretBox } from './secrets.js';
import { PortInUseError, ServerHost } from './server-host.js';
import { createSettingsStore, type SettingsStore } from './settings.js';
import { createTray, trayIconFile, type AppTray } from './tray.js';
import { createMainWindow, windowTitle } from './window.js';

const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const webRoot = fileURLToPath(new URL('../renderer', import.meta.url));
// Icons: packaged, electron-builder copies resources/ next to app.asar (extraResources).
const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : fileURLToPath(new URL('../../resources', import.meta.url));
// electron-vite dev: the renderer comes from Vite's dev server (which proxies /v1, /api).
const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;

const host = new ServerHost();
let serverUrl: string | undefined;
let mainWindow: BrowserWindow | undefined;
let tray: AppTray | undefined;

const allowedOrigins = (): string[] => [serverUrl, devUrl].filter((u): u is string => Boolean(u));

async function startServer(settings: SettingsStore, initialEnv: Record<string, string | undefined>): Promise<string | undefined> {
  let env = initialEnv;
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
    title: windowTitle(host.status()),
  });
  mainWindow.on('closed', () => (mainWindow = undefined));
}

function showWindow(settings: SettingsStore): void {
  if (!mainWindow) return openWindow(settings);
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function startTray(settings: SettingsStore): void {
  try {
    const image = nativeImage.createFromPath(join(resourcesDir, trayIconFile(process.platform)));
    if (image.isEmpty()) {
      console.warn(`No tray icon in ${resourcesDir}; running without a tray icon.`);
      return;
    }
    tray = createTray(
      {
        Tray,
        Menu,
        image,
        platform: process.platform,
        actions: {
          open: () => showWindow(settings),
          copyCatalogUrl: (url) => clipboard.writeText(url),
          quit: () => app.quit(),
        },
      },
      host.status(),
    );
  } catch (e) {
    // Some Linux desktops have no tray; the app works without it.
    console.warn(`Could not create the tray icon: ${(e as Error).message}`);
  }
}

async function onReady(): Promise<void> {
  const userData = app.getPath('userData');
  const settings = createSettingsStore(userData);
  // The root password and the key for secrets at rest, sealed with the OS keychain.
  let secrets: DesktopSecrets;
  try {
    secrets = DesktopSecrets.load({
      dir: userData,
      dataDir: process.env.PANGOLIN_DATA_DIR || userData,
      box: new SecretBox(safeStorage),
      env: process.env,
    });
  } catch (e) {
    dialog.showErrorBox('Pangolin Desktop could not read its keys', e instanceof Error ? e.message : String(e));
    app.exit(1);
    return;
  }
  registerHostInfo(ipcMain, allowedOrigins, () => {
    if (!serverUrl || !host.sessionToken) return undefined;
    const rootPassword = secrets.pendingRootPassword();
    return { serverUrl, sessionToken: host.sessionToken, ...(rootPassword ? { rootPassword } : {}) };
  });
  registerRootPasswordAck(ipcMain, allowedOrigins, () => secrets.markRootPasswordShown());
  host.onStatusChange((status) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.setTitle(windowTitle(status));
    tray?.update(status);
  });
  startTray(settings);
  serverUrl = await startServer(settings, secrets.serverEnv(settings.get()));
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
  installCleanShutdown(app, () => host.stop());
  void startWhenReady(() => app.whenReady(), onReady, (e: unknown) => {
    dialog.showErrorBox('Pangolin Desktop could not start', e instanceof Error ? (e.stack ?? e.message) : String(e));
    app.exit(1);
  });
}
