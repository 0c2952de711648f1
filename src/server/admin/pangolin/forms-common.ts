// What the Pangolin 0.8 request aliases share (pure): JSON object checks and the refusal
// of an unknown key naming the key that was meant.
import { editDistance } from '../../../shared/storage-config.js';
import { badRequest } from '../../iceberg/errors.js';

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

const words = (s: string) => s.toLowerCase().split(/[-_.\s]+/).filter(Boolean);

/** The closest allowed key, when `key` looks like a typo of it or a shortening (`secret_key` → `secret_access_key`). */
export function closestKey(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const norm = (s: string) => s.toLowerCase().replace(/[-_.\s]/g, '');
  for (const a of allowed) {
    const d = Math.min(editDistance(key.toLowerCase(), a.toLowerCase()), editDistance(norm(key), norm(a)));
    const shortening = words(key).length > 1 && words(key).every((w) => words(a).includes(w));
    const score = shortening ? Math.min(d, 2) : d;
    if (score < bestDistance || (score === bestDistance && d < editDistance(norm(key), norm(best ?? '')))) [best, bestDistance] = [a, score];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(key.length / 5)) ? best : undefined;
}

/** "unknown key" problems for the keys of `obj` not in `allowed`, each naming the likely one. */
export function unknownKeys(obj: JsonObject, allowed: readonly string[], where: string): string[] {
  return Object.keys(obj)
    .filter((k) => !allowed.includes(k))
    .map((k) => {
      const near = closestKey(k, allowed);
      return `${where}: unknown key "${k}"${near ? `: use "${near}"` : ` (known keys: ${allowed.join(', ')})`}`;
    });
}

/** One 400 listing every problem of a Pangolin-shaped request (nothing is saved). */
export function refuseIf(problems: string[], what: string): void {
  if (problems.length) throw badRequest(`Invalid ${what} (Pangolin 0.8 form): ${problems.join('; ')}`);
}

/** Pangolin's role names (kebab-case on the wire, PascalCase in its docs and UI) → ours. */
export function tenantRoleOf(role: unknown, where: string, problems: string[]): 'tenant-admin' | 'tenant-user' | undefined {
  if (role === undefined) return undefined;
  const r = typeof role === 'string' ? role.replace(/[-_\s]/g, '').toLowerCase() : '';
  if (r === 'tenantadmin') return 'tenant-admin';
  if (r === 'tenantuser') return 'tenant-user';
  if (r === 'root') problems.push(`${where}: root is the server's PANGOLIN_ROOT_USER, not a stored user or service user: use "tenant-admin" or "tenant-user"`);
  else problems.push(`${where}: must be "tenant-admin" (TenantAdmin) or "tenant-user" (TenantUser), not ${JSON.stringify(role)}`);
  return undefined;
}
