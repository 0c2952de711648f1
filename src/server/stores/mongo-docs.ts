// What the Mongo entity and identity stores share: one collection accessor, the entity
// lock (a lock document via the swap engine, since FerretDB 1.x has no transactions) and
// the "load or not-found" reads.
import type { Collection, Db, Document } from 'mongodb';
import { notFound } from './entity-rules.js';
import type { SwapEngine } from './mongo-swap.js';

export type Doc = Document & { _id: string };

/** Lock id of a tenant, warehouse or catalog (distinct from table and namespace lock ids). */
export const entityLockId = (collection: string, id: string): string => JSON.stringify([collection, id]);

export abstract class MongoDocs {
  constructor(
    protected readonly db: Db,
    protected readonly engine: SwapEngine,
  ) {}

  protected col(name: string): Collection<Doc> {
    return this.db.collection<Doc>(name);
  }

  protected locked<T>(collection: string, id: string, fn: () => Promise<T>): Promise<T> {
    return this.engine.withLocks([entityLockId(collection, id)], fn);
  }

  protected async must(collection: string, id: string, what: string): Promise<Doc> {
    const d = await this.col(collection).findOne({ _id: id });
    if (!d) throw notFound(what, id);
    return d;
  }

  protected async requireDoc(collection: string, id: string, what: string): Promise<void> {
    if (!(await this.col(collection).findOne({ _id: id }, { projection: { _id: 1 } }))) throw notFound(what, id);
  }
}
