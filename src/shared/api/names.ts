// Rules for names given to new objects (checked on create and rename only, so objects
// stored before these rules stay readable, renamable and deletable).
// Admin objects (tenants, warehouses, catalogs, roles) use `entityName` (admin.ts), users
// `username` (identity.ts); both are a safe ASCII set. Iceberg names may be almost any
// Unicode, as the spec allows: only what breaks URLs, logs or the namespace separator is refused.
import { z } from 'zod';

export const MAX_ICEBERG_NAME_LENGTH = 255;
export const MAX_NAMESPACE_DEPTH = 32;
export const MAX_DISPLAY_NAME_LENGTH = 200;

/** C0 controls (NUL…U+001F, which includes 0x1F, the namespace level separator in URLs) and DEL. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why `s` cannot name a new namespace level, table or view; undefined when it can. */
export function icebergNameProblem(s: string): string | undefined {
  if (s === '') return 'must not be empty';
  if (CONTROL.test(s)) return 'must not contain control characters (U+0000 to U+001F, U+007F; 0x1F separates namespace levels)';
  if ([...s].length > MAX_ICEBERG_NAME_LENGTH) return `must be at most ${MAX_ICEBERG_NAME_LENGTH} characters`;
  return undefined;
}

/** A new namespace level, table or view name. */
export const icebergName = z.string().superRefine((s, ctx) => {
  const problem = icebergNameProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A new namespace: 1 to MAX_NAMESPACE_DEPTH levels. */
export const newNamespace = z
  .array(icebergName)
  .min(1, 'a namespace needs at least one level')
  .max(MAX_NAMESPACE_DEPTH, `a namespace has at most ${MAX_NAMESPACE_DEPTH} levels`);

/** A free-text label (service users, API keys): spaces allowed, control characters not. */
export const displayName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_DISPLAY_NAME_LENGTH, `must be at most ${MAX_DISPLAY_NAME_LENGTH} characters`)
  .refine((s) => !CONTROL.test(s), 'must not contain control characters (U+0000 to U+001F, U+007F)');
