// Sandboxed preload (bundled to one CJS file): asks main once for the server URL and the
// per-launch session token and exposes exactly that as window.pangolin. No IPC bridge:
// the only call back is the acknowledgement that the user stored the root password,
// present only while main still sends that password.
import { contextBridge, ipcRenderer } from 'electron';
import { HOST_INFO_CHANNEL, ROOT_PASSWORD_SHOWN_CHANNEL, type HostInfo } from './channel.js';

function readHostInfo(): HostInfo | null {
  const reply: unknown = ipcRenderer.sendSync(HOST_INFO_CHANNEL);
  if (!reply || typeof reply !== 'object') return null;
  const { serverUrl, sessionToken, rootPassword } = reply as Record<string, unknown>;
  if (typeof serverUrl !== 'string' || typeof sessionToken !== 'string') return null;
  const info: HostInfo = { serverUrl, sessionToken };
  if (rootPassword && typeof rootPassword === 'object') {
    const { user, password } = rootPassword as Record<string, unknown>;
    if (typeof user === 'string' && typeof password === 'string') info.rootPassword = { user, password };
  }
  return info;
}

const info = readHostInfo();
if (info) {
  contextBridge.exposeInMainWorld(
    'pangolin',
    Object.freeze({
      serverUrl: info.serverUrl,
      sessionToken: info.sessionToken,
      ...(info.rootPassword
        ? {
            rootPassword: Object.freeze({ ...info.rootPassword }),
            acknowledgeRootPassword: async (): Promise<boolean> => (await ipcRenderer.invoke(ROOT_PASSWORD_SHOWN_CHANNEL)) === true,
          }
        : {}),
    }),
  );
}
