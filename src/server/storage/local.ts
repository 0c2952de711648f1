// ObjectStore on the local file system (file:// URIs and absolute paths). Object-store
// semantics on top of folders: writes are atomic (temp file in the same folder, fsync,
// rename or hard link), folders are implicit, listing is by key prefix in byte order.
import { randomUUID } from 'node:crypto';
import { lstat, open, readFile, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, parse } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { asFileUri, endsWithSeparator, toLocalPath } from './file-location.js';
import { StorageError, type ListResult, type ObjectInfo, type ObjectStore } from './types.js';

/** In-flight temp files start with this; listings hide them. */
const TMP_PREFIX = '.pangolin-tmp-';
const DEFAULT_LIST_PAGE = 1000;

interface Entry {
  /** Path relative to the listed folder, '/'-separated. */
  key: string;
  isPrefix: boolean;
}

export class LocalObjectStore implements ObjectStore {
  async createContainer(location: string): Promise<boolean> {
    const dir = toLocalPath(location);
    try {
      if (statSync(dir).isDirectory()) return false;
    } catch (e) {
      if (errno(e) !== 'ENOENT') throw mapFsError(e, location);
    }
    try {
      mkdirSync(dir, { recursive: true });
      return true;
    } catch (e) {
      throw mapFsError(e, location);
    }
  }

  async read(location: string): Promise<Buffer> {
    try {
      return await readFile(toLocalPath(location));
    } catch (e) {
      if (errno(e) === 'EISDIR') throw new StorageError('not-found', `Not a file: ${location}`, location);
      throw mapFsError(e, location);
    }
  }

  async write(location: string, data: Buffer | string, opts: { ifNotExists?: boolean } = {}): Promise<void> {
    if (endsWithSeparator(location)) throw new StorageError('invalid-location', `Cannot write to a folder location: ${location}`, location);
    const target = toLocalPath(location);
    const dir = dirname(target);
    const tmp = join(dir, `${TMP_PREFIX}${randomUUID()}`);
    // The steps run synchronously: each one is a local system call of microseconds (the
    // fsyncs, about a millisecond), while a thread-pool round trip per step made a commit's
    // metadata write ~3x slower (see bench/RESULTS.md). The SQLite store fsyncs the same way.
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      if (errno(e) === 'ENOTDIR' || errno(e) === 'EEXIST') throw new StorageError('invalid-location', `Cannot write ${location}: a file is in the way of its folder`, location);
      throw mapFsError(e, location);
    }
    try {
      const fd = openSync(tmp, 'wx', 0o644);
      try {
        writeFileSync(fd, data);
        fsyncSync(fd); // the bytes are on disk before the name points at them
      } finally {
        closeSync(fd);
      }
      if (opts.ifNotExists) await publishExclusive(tmp, target, data);
      else await replace(tmp, target);
      syncFolder(dir);
    } catch (e) {
      if (errno(e) === 'EEXIST') throw new StorageError('already-exists', `Object already exists: ${location}`, location);
      if (errno(e) === 'EISDIR') throw new StorageError('invalid-location', `Cannot write ${location}: it is a folder`, location);
      throw mapFsError(e, location);
    } finally {
      try {
        rmSync(tmp, { force: true });
      } catch {
        /* best effort */
      }
    }
  }

  async stat(location: string): Promise<ObjectInfo | undefined> {
    try {
      // Synchronous on purpose: a local stat takes microseconds, while the thread-pool
      // round trip of fs.promises.stat costs ~100 µs of CPU per call (loadTable checks
      // its metadata file on every request; see bench/RESULTS.md).
      const st = statSync(toLocalPath(location));
      return st.isFile() ? { location: asFileUri(location), size: st.size, modifiedAt: st.mtime.toISOString() } : undefined;
    } catch (e) {
      if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR') return undefined;
      throw mapFsError(e, location);
    }
  }

  async list(prefix: string, opts: { delimiter?: string; pageToken?: string; pageSize?: number } = {}): Promise<ListResult> {
    if (opts.delimiter !== undefined && opts.delimiter !== '/') {
      throw new StorageError('invalid-location', `Unsupported delimiter ${JSON.stringify(opts.delimiter)}: only "/" is supported`, prefix);
    }
    const { dir, namePrefix, uriRoot } = splitPrefix(prefix);
    const entries = await collect(dir, namePrefix, opts.delimiter === undefined, prefix);
    const after = opts.pageToken ? Buffer.from(opts.pageToken, 'base64url').toString('utf8') : undefined;
    const paged = opts.pageToken !== undefined || opts.pageSize !== undefined;
    const limit = paged ? Math.max(1, Math.floor(opts.pageSize ?? DEFAULT_LIST_PAGE)) : Infinity;
    const start = after === undefined ? 0 : entries.findIndex((e) => byteOrder(e.key, after) > 0);
    const window = start < 0 ? [] : entries.slice(start, start + limit);
    const more = start >= 0 && start + limit < entries.length;

    const result: ListResult = { objects: [], prefixes: [], nextPageToken: null };
    for (const e of window) {
      if (e.isPrefix) {
        result.prefixes.push(uriRoot + e.key);
        continue;
      }
      const st = await stat(join(dir, ...e.key.split('/'))).catch(() => undefined); // deleted meanwhile: skip
      if (st?.isFile()) result.objects.push({ location: uriRoot + e.key, size: st.size, modifiedAt: st.mtime.toISOString() });
    }
    if (more) result.nextPageToken = Buffer.from(window[window.length - 1].key, 'utf8').toString('base64url');
    return result;
  }

  async delete(location: string): Promise<boolean> {
    const path = toLocalPath(location);
    try {
      await unlink(path);
      return true;
    } catch (e) {
      const code = errno(e);
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return false;
      if (code === 'EPERM' && (await lstat(path).catch(() => undefined))?.isDirectory()) return false; // macOS: unlink(dir)
      throw mapFsError(e, location);
    }
  }

  async deletePrefix(prefix: string): Promise<number> {
    const { dir, namePrefix } = splitPrefix(prefix);
    if (namePrefix === '' && parse(dir).root === dir) {
      throw new StorageError('invalid-location', `Refusing to delete everything below the file-system root: ${prefix}`, prefix);
    }
    let deleted = 0;
    for (const e of await collect(dir, namePrefix, true, prefix)) {
      try {
        await unlink(join(dir, ...e.key.split('/')));
        deleted++;
      } catch (err) {
        if (errno(err) !== 'ENOENT') throw mapFsError(err, prefix);
      }
    }
    // Folders are implicit in an object store: remove the emptied ones too.
    const folders = namePrefix === '' ? [dir] : (await readdirSafe(dir)).filter((d) => d.isDirectory() && d.name.startsWith(namePrefix)).map((d) => join(dir, d.name));
    for (const f of folders) await rm(f, { recursive: true, force: true });
    return deleted;
  }
}

/** Splits a key prefix into the folder to read and the name prefix within it. */
function splitPrefix(prefix: string): { dir: string; namePrefix: string; uriRoot: string } {
  const path = toLocalPath(prefix);
  const uri = asFileUri(prefix);
  if (endsWithSeparator(prefix)) return { dir: path, namePrefix: '', uriRoot: uri.endsWith('/') ? uri : `${uri}/` };
  return { dir: dirname(path), namePrefix: basename(path), uriRoot: uri.slice(0, uri.lastIndexOf('/') + 1) };
}

/** All keys below dir starting with namePrefix, sorted; without recursion, sub-folders become prefixes. */
async function collect(dir: string, namePrefix: string, recursive: boolean, location: string): Promise<Entry[]> {
  const out: Entry[] = [];
  const walk = async (folder: string, rel: string, filter: string): Promise<void> => {
    for (const d of await readdirSafe(folder, location)) {
      if (!d.name.startsWith(filter) || d.name.startsWith(TMP_PREFIX)) continue;
      const key = rel + d.name;
      // Symlinked folders are not followed: deletePrefix must never leave the prefix.
      const isFile = d.isFile() || (d.isSymbolicLink() && (await stat(join(folder, d.name)).catch(() => undefined))?.isFile());
      if (isFile) out.push({ key, isPrefix: false });
      else if (d.isDirectory()) {
        if (recursive) await walk(join(folder, d.name), `${key}/`, '');
        else out.push({ key: `${key}/`, isPrefix: true });
      }
    }
  };
  await walk(dir, '', namePrefix);
  return out.sort((a, b) => byteOrder(a.key, b.key));
}

async function readdirSafe(folder: string, location = folder) {
  try {
    return await readdir(folder, { withFileTypes: true });
  } catch (e) {
    if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR') return [];
    throw mapFsError(e, location);
  }
}

/** Publishes tmp as target only if target does not exist: link() fails with EEXIST, so one writer wins. */
async function publishExclusive(tmp: string, target: string, data: Buffer | string): Promise<void> {
  try {
    linkSync(tmp, target);
  } catch (e) {
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'].includes(errno(e) ?? '')) throw e;
    // No hard links on this file system: exclusive create still lets only one writer
    // win, but a concurrent reader may briefly see a partial file.
    const fh = await open(target, 'wx', 0o644);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
  }
}

/** rename() replaces atomically; on Windows it can fail while a reader holds the file open, so retry briefly. */
async function replace(tmp: string, target: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await rename(tmp, target);
    } catch (e) {
      if (process.platform !== 'win32' || attempt >= 10 || !['EPERM', 'EACCES', 'EBUSY'].includes(errno(e) ?? '')) throw e;
      await sleep(10 * (attempt + 1));
    }
  }
}

/** Makes the new directory entry durable (best effort; not possible on Windows). */
function syncFolder(dir: string): void {
  if (process.platform === 'win32') return;
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    /* best effort */
  } finally {
    closeSync(fd);
  }
}

const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

function errno(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

function mapFsError(e: unknown, location: string): unknown {
  if (e instanceof StorageError) return e;
  const code = errno(e);
  const msg = (e as Error)?.message ?? String(e);
  if (code === 'ENOENT' || code === 'ENOTDIR') return new StorageError('not-found', `Not found: ${location}`, location);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new StorageError('access-denied', `Access denied: ${location} (${msg})`, location);
  if (code === 'EEXIST') return new StorageError('already-exists', `Already exists: ${location}`, location);
  if (code) return new StorageError('unavailable', `File system error on ${location}: ${msg}`, location);
  return e;
}
