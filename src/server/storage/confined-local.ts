// A local-folder store held to its warehouse folder: before every read, write, stat, list,
// delete and folder creation, the path (symlinks resolved) must lie inside the warehouse
// folder (symlinks resolved), else access-denied (403). The location policy checks
// locations when a client names them; this also catches a link planted afterwards (say a
// table's metadata folder swapped for a link out), which plain file I/O would follow.
// Listings leave out links to files outside. Limit: a link swapped in between the check and
// the I/O is not caught (Node has no openat2 RESOLVE_BENEATH); that needs write access to
// the warehouse folder, which is the owner's.
import { isLocalLocation, toLocalPath } from './file-location.js';
import { realPathInside } from './local-real-path.js';
import { StorageError, type ListResult, type ObjectInfo, type ObjectStore } from './types.js';

export class ConfinedLocalStore implements ObjectStore {
  private readonly root: string;

  constructor(
    private readonly inner: ObjectStore,
    warehouseLocation: string,
  ) {
    this.root = toLocalPath(warehouseLocation);
  }

  private inside(location: string): boolean {
    return realPathInside(toLocalPath(location), this.root);
  }

  private check(location: string): void {
    if (!this.inside(location)) {
      throw new StorageError('access-denied', `${location} leads outside the warehouse folder ${this.root} through a symbolic link: it is not followed`, location);
    }
  }

  async read(location: string): Promise<Buffer> {
    this.check(location);
    return this.inner.read(location);
  }

  async write(location: string, data: Buffer | string, opts?: { ifNotExists?: boolean }): Promise<void> {
    this.check(location);
    return this.inner.write(location, data, opts);
  }

  async stat(location: string): Promise<ObjectInfo | undefined> {
    this.check(location);
    return this.inner.stat(location);
  }

  async list(prefix: string, opts?: { delimiter?: string; pageToken?: string; pageSize?: number }): Promise<ListResult> {
    this.check(prefix);
    const page = await this.inner.list(prefix, opts);
    return { ...page, objects: page.objects.filter((o) => this.inside(o.location)) };
  }

  async delete(location: string): Promise<boolean> {
    this.check(location);
    return this.inner.delete(location);
  }

  /** Links below the prefix are removed themselves, never their targets (see local.ts collect). */
  async deletePrefix(prefix: string): Promise<number> {
    this.check(prefix);
    return this.inner.deletePrefix(prefix);
  }

  async createContainer(location: string): Promise<boolean> {
    this.check(location);
    if (!this.inner.createContainer) throw new StorageError('invalid-location', `Cannot create a folder for ${location}`, location);
    return this.inner.createContainer(location);
  }
}

/** The store for a warehouse at `location`: local folders confined to it, other schemes as they are. */
export const confineToWarehouse = (store: ObjectStore, location: string): ObjectStore => (isLocalLocation(location) ? new ConfinedLocalStore(store, location) : store);
