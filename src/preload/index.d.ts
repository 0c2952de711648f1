// The renderer's view of what the preload exposes. Absent in a plain browser, where the
// UI shows its login page instead.
export {};

declare global {
  interface PangolinHost {
    /** Origin of the embedded catalog server, e.g. "http://127.0.0.1:8080". */
    readonly serverUrl: string;
    /** Bearer token minted by the main process for this launch. */
    readonly sessionToken: string;
  }

  interface Window {
    readonly pangolin?: PangolinHost;
  }
}
