// Reads and writes table/view metadata files through the warehouse's ObjectStore.
// Metadata files are immutable once written (names carry a UUID), so parsed content is
// cached by location; existence is still checked where a client must see a missing file.
//
// Cached metadata is shared, not copied: every cached object is deep-frozen, so a caller
// that tried to change it would throw instead of corrupting the cache (the metadata/
// functions never mutate their input; they work on copies). The file's JSON text is kept
// with the object (rememberJsonText), so answering a load or commit splices the text in
// instead of serialising the metadata again. The cache only ever answers "what is in the
// file at this location"; which location is current always comes from the store.
import type { Logger } from '../../logger.js';
import { StorageError, type ObjectStore } from '../../storage/types.js';
import { writeNew } from '../../storage/write-new.js';
import { IcebergError, badRequest, createError, notFound } from '../errors.js';
import { parseJson, rememberJsonText, stringifyJson } from '../json.js';

/** At most this many cached files ... */
const CACHE_MAX_ENTRIES = 4096;
/** ... and at most this much JSON text (the parsed objects take a few times more heap). */
const CACHE_MAX_TEXT_CHARS = 16 * 1024 * 1024;

interface Cached {
  value: object;
  chars: number;
}

export class MetadataFiles {
  /** LRU: Map iteration order is insertion order; a hit re-inserts. */
  private readonly cache = new Map<string, Cached>();
  private cachedChars = 0;

  constructor(private readonly logger: Logger) {}

  /**
   * The parsed metadata at `location`. The result is frozen and shared: treat it as
   * read-only (copy before changing, as applyUpdates does).
   */
  async read<T>(storage: ObjectStore, location: string, opts: { verifyExists?: boolean } = {}): Promise<T> {
    const cached = this.cache.get(location);
    if (cached !== undefined) {
      if (!opts.verifyExists || (await storage.stat(location))) {
        // refresh the LRU position (unless it was evicted or replaced meanwhile)
        if (this.cache.get(location) === cached) {
          this.cache.delete(location);
          this.cache.set(location, cached);
        }
        return cached.value as T;
      }
      this.forget(location);
      throw notFound(`Failed to open input stream for file: ${location}`);
    }
    let data: Buffer;
    try {
      data = await storage.read(location);
    } catch (e) {
      if (e instanceof StorageError && e.code === 'not-found') throw notFound(`Failed to open input stream for file: ${location}`);
      throw e;
    }
    if (data.length === 0) {
      throw createError(500, 'RuntimeIOException', `Metadata file ${location} is empty (0 bytes): it was not fully written; check the object store's logs and permissions`);
    }
    const text = data.toString('utf8');
    let parsed: unknown;
    try {
      parsed = parseJson(text);
    } catch (e) {
      throw createError(500, 'RuntimeIOException', `Metadata file ${location} is not valid JSON (${(e as Error).message}); the file is corrupt or is not an Iceberg metadata file`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw createError(500, 'RuntimeIOException', `Metadata file ${location} does not hold a JSON object`);
    }
    deepFreeze(parsed);
    rememberJsonText(parsed, text);
    this.remember(location, parsed, text.length);
    return parsed as T;
  }

  /**
   * A metadata file a client names (register): anything that is not a JSON object of the
   * expected kind is one 400 that does not say why (no parse message, no first bytes), so
   * register cannot serve as a reader of arbitrary files. A missing file stays a 404.
   */
  async readForRegister<T>(storage: ObjectStore, location: string, kind: 'table' | 'view', valid: (md: Record<string, unknown>) => boolean): Promise<T> {
    const refused = () => badRequest(`${location} is not an Iceberg ${kind} metadata file`);
    let md: Record<string, unknown>;
    try {
      md = await this.read<Record<string, unknown>>(storage, location, { verifyExists: true });
    } catch (e) {
      if (e instanceof IcebergError && e.code === 500 && e.type === 'RuntimeIOException') throw refused();
      throw e;
    }
    if (!valid(md)) throw refused();
    return md as T;
  }

  /**
   * Writes a new metadata file; never replaces an existing one. `metadata` is frozen
   * (deeply) and cached: the caller must not change it afterwards.
   */
  async write(storage: ObjectStore, location: string, metadata: unknown): Promise<void> {
    deepFreeze(metadata);
    const text = stringifyJson(metadata);
    await writeNew(storage, location, text);
    if (typeof metadata === 'object' && metadata !== null) {
      rememberJsonText(metadata, text);
      this.remember(location, metadata, text.length);
    }
  }

  /** Deletes a metadata file that no pointer names (lost swap, failed insert); best effort. */
  async discard(storage: ObjectStore, location: string): Promise<void> {
    this.forget(location);
    try {
      await storage.delete(location);
    } catch (e) {
      this.logger.warn({ err: e, location }, 'could not delete an unused metadata file');
    }
  }

  private remember(location: string, value: object, chars: number): void {
    this.forget(location);
    if (chars > CACHE_MAX_TEXT_CHARS / 4) return; // a giant file would flush everything else
    this.cache.set(location, { value, chars });
    this.cachedChars += chars;
    while (this.cache.size > CACHE_MAX_ENTRIES || this.cachedChars > CACHE_MAX_TEXT_CHARS) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.forget(oldest);
    }
  }

  private forget(location: string): void {
    const c = this.cache.get(location);
    if (c === undefined) return;
    this.cache.delete(location);
    this.cachedChars -= c.chars;
  }
}

/** Object.freeze, recursively; already-frozen sub-trees are skipped. */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (const v of value) deepFreeze(v);
  } else {
    for (const k in value) deepFreeze((value as Record<string, unknown>)[k]);
  }
}
