// ObjectStore is the server's FileIO: how metadata files are written and read, and how
// purge deletes data. One implementation per scheme (file, s3, abfs, gs). Locations are
// full URIs (file:///abs/path, s3://bucket/key). No HTTP knowledge here.

export interface ObjectInfo {
  /** Full URI of the object. */
  location: string;
  size: number;
  modifiedAt: string;
}

export interface ListResult {
  objects: ObjectInfo[];
  /** With a delimiter: the "directories" directly below the prefix, as full URIs ending in '/'. */
  prefixes: string[];
  nextPageToken: string | null;
}

/** bad-gateway: the endpoint answered, but not as the storage service (an HTML page, a redirect, another status). */
export type StorageErrorCode = 'not-found' | 'already-exists' | 'access-denied' | 'unavailable' | 'invalid-location' | 'bad-gateway';

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    readonly location?: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

export interface ObjectStore {
  /** Throws StorageError('not-found') when the object does not exist. */
  read(location: string): Promise<Buffer>;
  /**
   * Writes the whole object atomically: readers see the old object or the complete new
   * one, never a partial file. With ifNotExists, throws already-exists instead of replacing.
   */
  write(location: string, data: Buffer | string, opts?: { ifNotExists?: boolean }): Promise<void>;
  stat(location: string): Promise<ObjectInfo | undefined>;
  list(prefix: string, opts?: { delimiter?: string; pageToken?: string; pageSize?: number }): Promise<ListResult>;
  /** Returns false when there was nothing to delete. */
  delete(location: string): Promise<boolean>;
  /** Deletes every object below the prefix; returns how many. */
  deletePrefix(prefix: string): Promise<number>;
  /**
   * Creates the bucket / container that holds `location` (for a local folder: the folder);
   * false when it already existed. The troubleshooter's one-click fix for a missing bucket.
   */
  createContainer?(location: string): Promise<boolean>;
}
