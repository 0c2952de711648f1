// Where a local folder really is: symlinks resolved on the part of the path that exists
// (realpath of the nearest existing ancestor, then the rest appended), so a link inside a
// warehouse cannot make a location that looks inside it reach a folder outside it.
// Synchronous: a local realpath takes microseconds, a thread-pool round trip costs more
// (the confined local store calls it before every I/O, see confined-local.ts).
import { realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { canonicalLocation, isWithin } from './locations.js';

export function realLocalPathSync(path: string): string {
  const rest: string[] = [];
  let current = path;
  for (;;) {
    try {
      const real = realpathSync.native(current);
      return rest.length ? join(real, ...rest.reverse()) : real;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
      const parent = dirname(current);
      if (parent === current) return path;
      rest.push(basename(current));
      current = parent;
    }
  }
}

export const realLocalPath = async (path: string): Promise<string> => realLocalPathSync(path);

/** Whether `path`, symlinks resolved, lies inside (or is) folder `root`, symlinks resolved. */
export function realPathInside(path: string, root: string): boolean {
  return isWithin(canonicalLocation(realLocalPathSync(path)), canonicalLocation(realLocalPathSync(root)));
}
