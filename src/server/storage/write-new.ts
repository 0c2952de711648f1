// Creating an object that must not exist yet, robust to retries.
//
// SDKs retry a PUT whose answer was lost (socket reset, timeout): the first attempt may
// have landed, and the retry's `If-None-Match: *` (or ifGenerationMatch=0) then fails
// with "already exists" — a spurious conflict for a write that succeeded. Our files have
// unique names (a UUID), so an existing object with exactly our bytes is our own write.
import { StorageError, type ObjectStore } from './types.js';

export async function writeNew(store: ObjectStore, location: string, data: Buffer | string): Promise<void> {
  try {
    await store.write(location, data, { ifNotExists: true });
  } catch (e) {
    if (!(e instanceof StorageError) || e.code !== 'already-exists') throw e;
    // Cannot read it back: the original answer stands (reported, not replaced by the read's error).
    const existing = await store.read(location).catch(() => undefined);
    if (existing && existing.equals(typeof data === 'string' ? Buffer.from(data, 'utf8') : data)) return;
    throw e;
  }
}
