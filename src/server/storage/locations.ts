// The one canonical form of a storage location, and the only place that decides whether
// one location lies inside another. Pure: no I/O (local symlinks are resolved by
// local-real-path.ts before these comparisons).
//
// Canonical form: `<scheme>://<authority>/<path>` with scheme aliases folded (s3a/s3n →
// s3, abfss/wasb/wasbs → abfs), an Azure authority reduced to `container@account`, a bare
// absolute path turned into `file://`, percent-escapes of file paths decoded, no trailing
// slash. Forms that could mean two things are refused instead of being guessed at:
// `.`/`..` segments (also percent-encoded), empty segments (`//`), backslashes, control
// characters, relative paths, a file: URI naming another host.
import { isAbsolute, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export type LocationScheme = 'file' | 's3' | 'abfs' | 'gs';

export interface CanonicalLocation {
  scheme: LocationScheme;
  /** Bucket (s3, gs), `container@account` (abfs), '' (file). */
  authority: string;
  /** Segments below the authority; for file: the absolute path's segments. */
  segments: string[];
  /** `scheme://authority/seg/seg`: equal strings name the same place. */
  uri: string;
}

export class LocationError extends Error {
  constructor(
    readonly location: string,
    readonly reason: string,
  ) {
    super(`Invalid location ${JSON.stringify(location)}: ${reason}`);
    this.name = 'LocationError';
  }
}

const SCHEMES: Record<string, LocationScheme> = { file: 'file', s3: 's3', s3a: 's3', s3n: 's3', abfs: 'abfs', abfss: 'abfs', wasb: 'abfs', wasbs: 'abfs', gs: 'gs' };

export interface CanonicalOptions {
  /** `s3.bucket` of the warehouse: it wins over the bucket in an s3:// location (s3.ts does the same). */
  s3Bucket?: string;
}

const decodeEscapes = (s: string): string => s.replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));

function checkSegments(raw: string, segments: string[], decoded: boolean): void {
  for (const s of segments) {
    const d = decoded ? s : decodeEscapes(s);
    if (s === '') throw new LocationError(raw, 'empty folder names ("//") are not allowed');
    if (d === '.' || d === '..') throw new LocationError(raw, '"." and ".." segments (also percent-encoded) are not allowed');
    if (!decoded && (d.includes('/') || d.includes('\\'))) throw new LocationError(raw, 'an encoded "/" or "\\" is not allowed');
  }
}

function splitPath(raw: string, path: string, decoded: boolean): string[] {
  const trimmed = path.replace(/^\//, '').replace(/\/+$/, '');
  if (trimmed === '') return [];
  const segments = trimmed.split('/');
  checkSegments(raw, segments, decoded);
  return segments;
}

function fileSegments(raw: string): string[] {
  let path: string;
  if (/^file:/i.test(raw)) {
    const rest = raw.slice(5);
    let absPath: string;
    if (rest.startsWith('//')) {
      const slash = rest.indexOf('/', 2);
      const host = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
      if (host !== '' && host.toLowerCase() !== 'localhost') throw new LocationError(raw, `a file: location on another host (${host}) cannot be used`);
      absPath = slash < 0 ? '/' : rest.slice(slash);
    } else {
      absPath = rest;
    }
    if (!absPath.startsWith('/')) throw new LocationError(raw, 'a file: location needs an absolute path (file:///absolute/path)');
    // Valid %XX escapes are decoded, anything else is literal (as file-location.ts parses them).
    const raws = absPath.replace(/^\//, '').replace(/\/+$/, '');
    if (raws === '') return [];
    const parts = raws.split('/');
    checkSegments(raw, parts, false);
    path = '/' + parts.map(decodeEscapes).join('/');
    if (sep === '\\') path = fileURLToPath(`file://${path}`).split(sep).join('/');
  } else {
    if (!isAbsolute(raw)) throw new LocationError(raw, 'expected an absolute path, file:///absolute/path, s3://, abfss://, wasbs:// or gs://');
    path = sep === '\\' ? raw.split('\\').join('/') : raw;
    if (sep !== '\\' && raw.includes('\\')) throw new LocationError(raw, 'backslashes are not allowed in a local path');
  }
  return splitPath(raw, path, true);
}

/** The canonical form of `raw`; throws LocationError for a location that is malformed or ambiguous. */
export function canonicalLocation(raw: string, opts: CanonicalOptions = {}): CanonicalLocation {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw new LocationError(raw, 'it contains control characters');
  if (raw.trim() !== raw || raw === '') throw new LocationError(raw, 'it is empty or has surrounding spaces');
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(raw);
  const schemeName = schemeMatch && schemeMatch[1].length > 1 ? schemeMatch[1].toLowerCase() : undefined;
  const scheme = schemeName === undefined ? 'file' : SCHEMES[schemeName];
  if (scheme === undefined) throw new LocationError(raw, `unsupported scheme "${schemeName}:" (use file://, s3://, abfss://, wasbs:// or gs://)`);
  if (scheme === 'file') {
    const segments = fileSegments(raw);
    return { scheme, authority: '', segments, uri: `file:///${segments.join('/')}` };
  }
  const rest = raw.slice(schemeMatch![0].length);
  if (!rest.startsWith('//')) throw new LocationError(raw, `expected ${schemeName}://<${scheme === 'abfs' ? 'container@account' : 'bucket'}>/path`);
  const slash = rest.indexOf('/', 2);
  const host = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
  const path = slash < 0 ? '' : rest.slice(slash);
  if (path.includes('\\')) throw new LocationError(raw, 'backslashes are not allowed');
  let authority: string;
  if (scheme === 'abfs') {
    const at = host.indexOf('@');
    if (at <= 0 || at === host.length - 1) throw new LocationError(raw, 'expected abfss://<container>@<account>.dfs.core.windows.net/path');
    authority = `${host.slice(0, at)}@${host.slice(at + 1).split('.')[0].toLowerCase()}`;
  } else {
    if (host === '' || /[@:]/.test(host)) throw new LocationError(raw, 'expected a bucket name after the scheme');
    authority = scheme === 's3' && opts.s3Bucket ? opts.s3Bucket : host;
  }
  // Object keys are literal (no decoding), but an encoded "." / ".." still gets refused:
  // some clients decode keys before use.
  const segments = splitPath(raw, path, false);
  return { scheme, authority, segments, uri: `${scheme}://${authority}${segments.length ? '/' + segments.join('/') : ''}` };
}

/** True if `inner` is `outer` or lies below it. */
export function isWithin(inner: CanonicalLocation, outer: CanonicalLocation): boolean {
  if (inner.scheme !== outer.scheme || inner.authority !== outer.authority) return false;
  if (inner.segments.length < outer.segments.length) return false;
  return outer.segments.every((s, i) => inner.segments[i] === s);
}

/** True if one of the two contains the other. */
export const overlaps = (a: CanonicalLocation, b: CanonicalLocation): boolean => isWithin(a, b) || isWithin(b, a);

/** canonicalLocation that answers undefined instead of throwing. */
export function tryCanonical(raw: string, opts?: CanonicalOptions): CanonicalLocation | undefined {
  try {
    return canonicalLocation(raw, opts);
  } catch {
    return undefined;
  }
}

/** The local path of a canonical file: location. */
export const localPathOf = (c: CanonicalLocation): string => (sep === '\\' ? c.segments.join('\\') : '/' + c.segments.join('/'));
