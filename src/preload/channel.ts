// The IPC messages between preload and main: a synchronous request, at page load, for the
// host info the page may see, and the acknowledgement that the user has stored the
// generated root password. Main answers only frames on the server's origin.
export const HOST_INFO_CHANNEL = 'pangolin:host-info';
export const ROOT_PASSWORD_SHOWN_CHANNEL = 'pangolin:root-password-shown';

/** The generated root account, sent only until the user acknowledges it. */
export interface RootPasswordInfo {
  user: string;
  password: string;
}

/** What window.pangolin holds (see index.d.ts for the renderer's view). */
export interface HostInfo {
  serverUrl: string;
  sessionToken: string;
  rootPassword?: RootPasswordInfo;
}
