// The renderer's view of what the preload exposes. Absent in a plain browser, where the
// UI shows its login page instead.
export {};

declare global {
  interface PangolinHost {
    /** Origin of the embedded catalog server, e.g. "http://127.0.0.1:8080". */
    readonly serverUrl: string;
    /** Bearer token minted by the main process for this launch. */
    readonly sessionToken: string;
    /** The generated root account, present only until the user acknowledges it. */
    readonly rootPassword?: { readonly user: string; readonly password: string };
    /** Tells main the user stored the root password; it is never sent again. */
    acknowledgeRootPassword?(): Promise<boolean>;
  }

  interface Window {
    readonly pangolin?: PangolinHost;
  }
}
