// Reads and writes table/view metadata files through the warehouse's ObjectStore.
// Metadata files are immutable once written (names carry a UUID), so parsed content is
// cached by location; existence is still checked where a client must see a missing file.
import type { Logger } from '../../logger.js';
import { StorageError, type ObjectStore } from '../../storage/types.js';
import { createError, notFound } from '../errors.js';
import { parseJson, stringifyJson } from '../json.js';

const CACHE_LIMIT = 512;

export class MetadataFiles {
  private readonly cache = new Map<string, unknown>();

  constructor(private readonly logger: Logger) {}

  async read<T>(storage: ObjectStore, location: string, opts: { verifyExists?: boolean } = {}): Promise<T> {
    const cached = this.cache.get(location);
    if (cached !== undefined) {
      if (!opts.verifyExists || (await storage.stat(location))) {
        // refresh LRU position
        this.cache.delete(location);
        this.cache.set(location, cached);
        return structuredClone(cached) as T;
      }
      this.cache.delete(location);
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
    let parsed: unknown;
    try {
      parsed = parseJson(data.toString('utf8'));
    } catch (e) {
      throw createError(500, 'RuntimeIOException', `Metadata file ${location} is not valid JSON (${(e as Error).message}); the file is corrupt or is not an Iceberg metadata file`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw createError(500, 'RuntimeIOException', `Metadata file ${location} does not hold a JSON object`);
    }
    this.remember(location, parsed);
    return structuredClone(parsed) as T;
  }

  /** Writes a new metadata file; never replaces an existing one. */
  async write(storage: ObjectStore, location: string, metadata: unknown): Promise<void> {
    await storage.write(location, stringifyJson(metadata), { ifNotExists: true });
    this.remember(location, structuredClone(metadata));
  }

  /** Deletes a metadata file that no pointer names (lost swap, failed insert); best effort. */
  async discard(storage: ObjectStore, location: string): Promise<void> {
    this.cache.delete(location);
    try {
      await storage.delete(location);
    } catch (e) {
      this.logger.warn({ err: e, location }, 'could not delete an unused metadata file');
    }
  }

  private remember(location: string, value: unknown): void {
    this.cache.set(location, value);
    if (this.cache.size > CACHE_LIMIT) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}
