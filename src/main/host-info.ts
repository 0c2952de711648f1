// Answers the preload's synchronous host-info request, but only for frames loaded from
// an allowed origin (the embedded server, or the dev server), so a page that somehow
// got into the window cannot read the session token or the root password. The root
// password is part of the answer only until the window acknowledges it.
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import { HOST_INFO_CHANNEL, ROOT_PASSWORD_SHOWN_CHANNEL, type HostInfo } from '../preload/channel.js';
import { isAllowedOrigin } from './window.js';

export function hostInfoFor(frameUrl: string | undefined, allowedOrigins: readonly string[], info: HostInfo | undefined): HostInfo | null {
  if (!info || !frameUrl || !isAllowedOrigin(frameUrl, allowedOrigins)) return null;
  const answer: HostInfo = { serverUrl: info.serverUrl, sessionToken: info.sessionToken };
  if (info.rootPassword) answer.rootPassword = { user: info.rootPassword.user, password: info.rootPassword.password };
  return answer;
}

export function registerHostInfo(ipcMain: Pick<IpcMain, 'on'>, allowedOrigins: () => readonly string[], info: () => HostInfo | undefined): void {
  ipcMain.on(HOST_INFO_CHANNEL, (event: IpcMainEvent) => {
    event.returnValue = hostInfoFor(event.senderFrame?.url, allowedOrigins(), info());
  });
}

/**
 * The window says the user has stored the root password (the dialog's acknowledge
 * button): `acknowledge` marks it shown, so later host-info answers leave it out.
 * Resolves true when accepted, false for a frame on another origin.
 */
export function registerRootPasswordAck(ipcMain: Pick<IpcMain, 'handle'>, allowedOrigins: () => readonly string[], acknowledge: () => void): void {
  ipcMain.handle(ROOT_PASSWORD_SHOWN_CHANNEL, (event: IpcMainInvokeEvent) => {
    const url = event.senderFrame?.url;
    if (!url || !isAllowedOrigin(url, allowedOrigins())) return false;
    acknowledge();
    return true;
  });
}
