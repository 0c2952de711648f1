// Keeping browsing inside its fence: object keys are relative to a warehouse location,
// table files must lie under the table's location. A key that could leave it (".."
// or "." segments, also percent-encoded, an absolute path, another scheme or bucket,
// control characters) is refused with a 400 naming the problem. Pure.
import { badRequest } from '../iceberg/errors.js';
import { asFileUri, isLocalLocation } from '../storage/file-location.js';

/** The warehouse location as the root every key hangs below (a URI ending in '/'). */
export function locationRoot(location: string): string {
  const uri = isLocalLocation(location) && !/^file:/i.test(location) ? asFileUri(location) : location;
  return `${uri.replace(/\/+$/, '')}/`;
}

const decodeSegment = (s: string): string => s.replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));

/**
 * Throws 400 unless `key` is a relative key that stays below its root. A prefix may be
 * empty and may end in '/'; an object key may not.
 */
export function checkKey(key: string, opts: { local: boolean; prefix?: boolean; what?: string }): void {
  const what = opts.what ?? (opts.prefix ? 'prefix' : 'key');
  const bad = (why: string) => badRequest(`Invalid ${what} ${JSON.stringify(key)}: ${why}`);
  if (key === '') {
    if (opts.prefix) return;
    throw bad('it is empty');
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) throw bad('it contains control characters');
  if (key.startsWith('/') || key.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(key)) throw bad('it must be relative to the warehouse location, not an absolute path');
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(key)) throw bad('it must be relative to the warehouse location, not a URI (other buckets and locations cannot be browsed here)');
  if (opts.local && key.includes('\\')) throw bad('use "/" to separate folders');
  const segments = (opts.prefix && key.endsWith('/') ? key.slice(0, -1) : key).split('/');
  for (const s of segments) {
    const decoded = opts.local ? decodeSegment(s) : s;
    if (s === '.' || s === '..' || decoded === '.' || decoded === '..') throw bad('"." and ".." segments are not allowed: keys cannot leave the warehouse location');
    if (opts.local && (decoded.includes('/') || decoded.includes('\\'))) throw bad('an encoded "/" is not allowed');
    if (opts.local && s === '') throw bad('empty folder names ("//") are not allowed');
  }
  if (!opts.prefix && key.endsWith('/')) throw bad('it names a folder, not an object');
}

/** The key of a listed location below root, or undefined when it is not below it. */
export function keyOf(root: string, location: string): string | undefined {
  const uri = locationRoot(location).slice(0, -1) + (location.endsWith('/') ? '/' : '');
  return uri.startsWith(root) ? uri.slice(root.length) : undefined;
}
