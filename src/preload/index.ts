// Sandboxed preload (bundled to one CJS file): asks main once for the server URL and the
// per-launch session token and exposes exactly that as window.pangolin. No IPC bridge.
import { contextBridge, ipcRenderer } from 'electron';
import { HOST_INFO_CHANNEL, type HostInfo } from './channel.js';

function readHostInfo(): HostInfo | null {
  const reply: unknown = ipcRenderer.sendSync(HOST_INFO_CHANNEL);
  if (!reply || typeof reply !== 'object') return null;
  const { serverUrl, sessionToken } = reply as Record<string, unknown>;
  if (typeof serverUrl !== 'string' || typeof sessionToken !== 'string') return null;
  return { serverUrl, sessionToken };
}

const info = readHostInfo();
if (info) {
  contextBridge.exposeInMainWorld('pangolin', Object.freeze({ serverUrl: info.serverUrl, sessionToken: info.sessionToken }));
}
