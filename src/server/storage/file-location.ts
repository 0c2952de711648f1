// file: locations <-> local paths. Parsing follows Iceberg Java (Hadoop Path): valid %XX
// escapes are decoded, anything else is literal, so '#', '?' and a stray '%' in a folder
// name are part of the path (WHATWG URL parsing would cut them off as fragment/query).
import { isAbsolute, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StorageError } from './types.js';

const FILE_SCHEME = /^file:/i;

export function isLocalLocation(location: string): boolean {
  return FILE_SCHEME.test(location) || isAbsolute(location);
}

/** Recent toLocalPath answers: every table load converts its metadata file's location. */
const localPaths = new Map<string, string>();
const LOCAL_PATHS_MAX = 4096;

/** The local path of a file: URI or absolute path; a trailing '/' is kept. */
export function toLocalPath(location: string): string {
  let path = localPaths.get(location);
  if (path === undefined) {
    path = convertToLocalPath(location); // throws for invalid locations: those are not remembered
    if (localPaths.size >= LOCAL_PATHS_MAX) localPaths.clear();
    localPaths.set(location, path);
  }
  return path;
}

function convertToLocalPath(location: string): string {
  if (FILE_SCHEME.test(location)) {
    const literal = location.replace(/%(?![0-9A-Fa-f]{2})/g, '%25').replace(/#/g, '%23').replace(/\?/g, '%3F');
    try {
      return fileURLToPath(new URL(literal));
    } catch (e) {
      throw new StorageError('invalid-location', `Invalid file location ${location}: ${(e as Error).message}`, location);
    }
  }
  if (isAbsolute(location)) return normalize(location);
  throw new StorageError('invalid-location', `Not a local location: ${location} (expected file:///absolute/path or an absolute path)`, location);
}

/** The location as a URI, in the caller's own spelling (a bare path becomes file://...). */
export function asFileUri(location: string): string {
  if (FILE_SCHEME.test(location)) return location;
  const slashed = normalize(location).split(sep).join('/');
  return `file://${slashed.startsWith('/') ? '' : '/'}${slashed}`;
}

/** Does the location name a "folder" (ends in a separator)? */
export const endsWithSeparator = (location: string): boolean => location.endsWith('/') || (sep === '\\' && location.endsWith('\\'));
