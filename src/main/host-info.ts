// Answers the preload's synchronous host-info request, but only for frames loaded from
// an allowed origin (the embedded server, or the dev server), so a page that somehow
// got into the window cannot read the session token.
import type { IpcMain, IpcMainEvent } from 'electron';
import { HOST_INFO_CHANNEL, type HostInfo } from '../preload/channel.js';
import { isAllowedOrigin } from './window.js';

export function hostInfoFor(frameUrl: string | undefined, allowedOrigins: readonly string[], info: HostInfo | undefined): HostInfo | null {
  if (!info || !frameUrl || !isAllowedOrigin(frameUrl, allowedOrigins)) return null;
  return { serverUrl: info.serverUrl, sessionToken: info.sessionToken };
}

export function registerHostInfo(ipcMain: Pick<IpcMain, 'on'>, allowedOrigins: () => readonly string[], info: () => HostInfo | undefined): void {
  ipcMain.on(HOST_INFO_CHANNEL, (event: IpcMainEvent) => {
    event.returnValue = hostInfoFor(event.senderFrame?.url, allowedOrigins(), info());
  });
}
