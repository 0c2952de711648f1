// Compare-and-swap of metadata pointers for the MongoDB store.
//
// Two layers, because FerretDB 1.x (our test server) has no multi-document transactions
// and does not apply a conditional update atomically (it finds, then writes by _id):
// - fences (mongo-fences.ts) make every pointer move a claim on the version it starts
//   from, an insert against a unique _id: a writer whose view is stale — including a lock
//   holder paused past its lease — is refused, so no interleaving loses an update, and a
//   multi-table move becomes visible to readers all at once, when its decision is written;
// - lease locks (mongo-locks.ts) serialise writers of the same entries so they queue
//   instead of aborting each other's multi-table moves, and guard the store's other
//   read-modify-writes (renames, drops, namespaces, entities).
// The same code runs on MongoDB, where it is equally correct; see capabilities() in
// mongo.ts for why it does not switch to transactions there.
import type { Collection, Db } from 'mongodb';
import { Fences, type Pointer } from './mongo-fences.js';
import { LockManager, type Held, type LockOptions } from './mongo-locks.js';
import { namespaceKey } from './names.js';
import { StoreError, type MetadataSwap, type TableKind } from './types.js';

export interface TableDoc {
  _id: string;
  catalogId: string;
  nsKey: string;
  name: string;
  namespace: string[];
  kind: TableKind;
  metadataLocation: string;
  /** Fence counter: the number of pointer moves applied to this doc (absent before schema 3 = 0). */
  version?: number;
  createdAt: string;
  updatedAt: string;
}

/** Legacy multi-swap log (before fences); rolled forward at start-up if one was left. */
interface TxnDoc {
  _id: string;
  updatedAt: string;
  docs: { id: string; next: string }[];
}

/** Fault-injection points for tests: called with the locks held, before the commit point. */
export type SwapPhase = 'locked' | 'claimed';

export interface SwapOptions extends LockOptions {
  /** Test seam: awaited at each phase of a swap (e.g. to pause or kill the writer there). */
  onPhase?: (phase: SwapPhase) => Promise<void> | void;
}

interface Staged {
  catalogId: string;
  nsKey: string;
  name: string;
  kind: TableKind;
  expected: string;
  next: string;
}

export class SwapEngine {
  private readonly tables: Collection<TableDoc>;
  private readonly txns: Collection<TxnDoc>;
  readonly locks: LockManager;
  readonly fences: Fences;

  constructor(
    db: Db,
    private readonly opts: SwapOptions = {},
  ) {
    this.tables = db.collection<TableDoc>('tables');
    this.txns = db.collection<TxnDoc>('txns');
    this.locks = new LockManager(db, opts);
    this.fences = new Fences(db);
  }

  withLocks<T>(ids: string[], fn: (held: Held) => Promise<T>): Promise<T> {
    return this.locks.withLocks(ids, fn);
  }

  /** The doc's current pointer (the doc may lag its decided fences by a crashed writer's move). */
  read(doc: TableDoc): Promise<TableDoc> {
    return this.fences.follow(doc).then((p) => withPointer(doc, p));
  }

  readAll(docs: TableDoc[]): Promise<TableDoc[]> {
    return Promise.all(docs.map((d) => this.read(d)));
  }

  async swap(swaps: MetadataSwap[]): Promise<boolean> {
    if (swaps.length === 0) return true;
    const list = fold(swaps);
    if (!list) return false;
    const found = await Promise.all(list.map((s) => this.tables.findOne(identOf(s), { projection: { _id: 1 } })));
    if (found.some((d) => !d)) return false;
    const ids = found.map((d) => d!._id);
    return this.withLocks(ids, async (held) => {
      const raw = await Promise.all(ids.map((id, i) => this.tables.findOne({ _id: id, ...identOf(list[i]) })));
      if (raw.some((d) => !d)) return false;
      const docs = await Promise.all(raw.map((d) => this.read(d!)));
      if (docs.some((d, i) => d.metadataLocation !== list[i].expected)) return false;
      // Cheap early exit; a pause from here on is what the fences are for.
      if (held.lost) throw new StoreError('unavailable', `Commit abandoned, ${held.lost}; retry`);
      await this.opts.onPhase?.('locked');
      const now = new Date().toISOString();
      const txn = docs.length > 1 ? held.owner : undefined;
      // Claims may run at once: only the decision makes a multi-move count.
      const claims = await Promise.all(docs.map((d, i) => this.fences.claim(d._id, d.version!, list[i].next, now, txn)));
      if (claims.includes('taken')) {
        if (txn) await this.fences.decide(txn, 'abort');
        return false;
      }
      await this.opts.onPhase?.('claimed');
      if (txn && !(await this.fences.decide(txn, 'commit'))) return false;
      // Committed. Bring the docs up to date (readers and writers follow the fences anyway).
      await Promise.all(docs.map((d, i) => this.apply(d._id, d.version!, list[i].next, now)));
      return true;
    });
  }

  /** Moves a doc from version v to v+1; a no-op if another writer already did (or moved it on). */
  private async apply(id: string, version: number, next: string, updatedAt: string): Promise<void> {
    await this.tables.updateOne({ _id: id, version }, { $set: { metadataLocation: next, version: version + 1, updatedAt } });
  }

  /** Finishes multi-swaps logged by a server from before fences that crashed mid-apply. */
  async recover(): Promise<void> {
    for (const txn of await this.txns.find({}).toArray()) {
      for (const d of txn.docs) await this.tables.updateOne({ _id: d.id }, { $set: { metadataLocation: d.next, updatedAt: txn.updatedAt } });
      await this.txns.deleteOne({ _id: txn._id });
    }
  }
}

/** Folds swaps of the same entry in order (a later swap may expect an earlier one's next); undefined if they disagree. */
function fold(swaps: MetadataSwap[]): Staged[] | undefined {
  const staged = new Map<string, Staged>();
  for (const s of swaps) {
    const nsKey = namespaceKey(s.ident.namespace);
    const key = JSON.stringify([s.ident.catalogId, nsKey, s.ident.name]);
    const prev = staged.get(key);
    if (prev) {
      if (prev.kind !== s.kind || prev.next !== s.expected) return undefined;
      prev.next = s.next;
    } else {
      staged.set(key, { catalogId: s.ident.catalogId, nsKey, name: s.ident.name, kind: s.kind, expected: s.expected, next: s.next });
    }
  }
  return [...staged.values()];
}

const withPointer = (d: TableDoc, p: Pointer): TableDoc => ({ ...d, version: p.version, metadataLocation: p.metadataLocation, updatedAt: p.updatedAt });

const identOf = (s: Staged) => ({ catalogId: s.catalogId, nsKey: s.nsKey, name: s.name, kind: s.kind });
