// Where a local folder really is: symlinks resolved on the part of the path that exists
// (realpath of the nearest existing ancestor, then the rest appended), so a link inside a
// warehouse cannot make a location that looks inside it reach a folder outside it.
import { realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function realLocalPath(path: string): Promise<string> {
  const rest: string[] = [];
  let current = path;
  for (;;) {
    try {
      const real = await realpath(current);
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
