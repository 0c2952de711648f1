// The one IPC message between preload and main: a synchronous request, at page load,
// for the host info the page may see. Main answers only frames on the server's origin.
export const HOST_INFO_CHANNEL = 'pangolin:host-info';

/** What window.pangolin holds (see index.d.ts for the renderer's view). */
export interface HostInfo {
  serverUrl: string;
  sessionToken: string;
}
