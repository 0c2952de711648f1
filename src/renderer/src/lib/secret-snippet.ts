// The one snippet that holds a real secret: right after a service user is created (or its
// secret rotated) the UI has it once, and shows PyIceberg's `credential=` filled in.
import { CLIENT_SECRET_PLACEHOLDER, pyicebergSnippet } from './snippets.js';

/** The Connect snippet for `catalog`, its credential "<client_id>:<client_secret>" filled in. */
export function pyicebergCredentialSnippet(uri: string, catalog: string, clientId: string, clientSecret: string): string {
  const placeholder = JSON.stringify(`${clientId}:${CLIENT_SECRET_PLACEHOLDER}`);
  const code = pyicebergSnippet(uri, catalog, { clientId });
  if (!code.includes(placeholder)) throw new Error('the PyIceberg snippet has no credential placeholder to fill');
  return code.replace(placeholder, JSON.stringify(`${clientId}:${clientSecret}`));
}
