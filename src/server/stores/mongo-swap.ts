// Compare-and-swap of metadata pointers for the MongoDB store.
//
// Why not just `updateOne({_id, metadataLocation: expected}, ...)`? That is an atomic CAS
// on a real MongoDB, but FerretDB 1.x (our test server) executes an update as "find the
// matching documents, then write them back by _id" in separate steps: two concurrent
// conditional updates can both "match", and whole-document writes can undo a concurrent
// rename. Measured: 20 concurrent writers lost ~80% of their updates. The one primitive
// that is atomic on every MongoDB-compatible server is an insert against a unique index.
// So every pointer write (swap, rename, drop) runs under per-entry LOCKS: a lock is a doc
// {_id: <table doc _id>, owner, expiresAt} in `locks`; taking it is insertOne (a duplicate
// key means someone holds it). Locks are taken in _id order (no deadlock), and waited for,
// not failed on: a CAS fails only when a pointer really differs from `expected`.
//
// Multi-table swaps: under all their locks, the pointers are re-read and compared, the
// intended writes are logged in `txns` (_id = owner), applied, and the log entry deleted.
// A crash mid-apply leaves the log entry: whoever takes over the stale locks (after
// LOCK_LEASE_MS) or the next init() rolls it forward (idempotent $sets), so the final
// state is all-or-nothing. Readers do not take locks: while a multi-swap is being applied
// (a few ms) a reader may see some pointers moved and others not yet; any CAS based on such
// a read fails, it never corrupts. Caveat (FerretDB only): taking over a stale lock deletes
// it with deleteOne({_id, owner, expiresAt}); FerretDB's non-atomic delete could remove a
// lock a second taker had just re-taken, so two writers could then overlap — only after
// a writer died holding a lock, and only on FerretDB.
import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { isDuplicateKey, sleep } from './mongo-errors.js';
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
  createdAt: string;
  updatedAt: string;
}

interface LockDoc {
  _id: string;
  owner: string;
  expiresAt: number;
}

interface TxnDoc {
  _id: string;
  expiresAt: number;
  updatedAt: string;
  docs: { id: string; next: string }[];
}

/** A lock older than this is presumed abandoned (its holder crashed) and may be taken over. */
export const LOCK_LEASE_MS = 30_000;
/** How long to wait for a lock before giving up with 'unavailable'. */
export const LOCK_WAIT_MS = 20_000;

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
  private readonly locks: Collection<LockDoc>;
  private readonly txns: Collection<TxnDoc>;

  constructor(db: Db) {
    this.tables = db.collection<TableDoc>('tables');
    this.locks = db.collection<LockDoc>('locks');
    this.txns = db.collection<TxnDoc>('txns');
  }

  async swap(swaps: MetadataSwap[]): Promise<boolean> {
    if (swaps.length === 0) return true;
    // Fold swaps of the same entry in order (a later swap may expect an earlier one's next).
    const staged = new Map<string, Staged>();
    for (const s of swaps) {
      const nsKey = namespaceKey(s.ident.namespace);
      const key = JSON.stringify([s.ident.catalogId, nsKey, s.ident.name]);
      const prev = staged.get(key);
      if (prev) {
        if (prev.kind !== s.kind || prev.next !== s.expected) return false;
        prev.next = s.next;
      } else {
        staged.set(key, { catalogId: s.ident.catalogId, nsKey, name: s.ident.name, kind: s.kind, expected: s.expected, next: s.next });
      }
    }
    const list = [...staged.values()];
    const found = await Promise.all(list.map((s) => this.tables.findOne(identOf(s), { projection: { _id: 1, metadataLocation: 1 } })));
    // Cheap early exit; the authoritative check is repeated under the locks.
    if (found.some((d, i) => !d || d.metadataLocation !== list[i].expected)) return false;
    const ids = found.map((d) => d!._id);
    const now = new Date().toISOString();
    return this.withLocks(ids, async (owner) => {
      const docs = await Promise.all(ids.map((id, i) => this.tables.findOne({ _id: id, ...identOf(list[i]) })));
      if (docs.some((d, i) => !d || d.metadataLocation !== list[i].expected)) return false;
      if (ids.length === 1) {
        await this.tables.updateOne({ _id: ids[0] }, { $set: { metadataLocation: list[0].next, updatedAt: now } });
        return true;
      }
      const txn: TxnDoc = { _id: owner, expiresAt: Date.now() + LOCK_LEASE_MS, updatedAt: now, docs: ids.map((id, i) => ({ id, next: list[i].next })) };
      await this.txns.insertOne(txn);
      await this.rollForward(txn);
      return true;
    });
  }

  /** Runs fn holding the locks of `ids` (taken in sorted order, waiting for holders). */
  async withLocks<T>(ids: string[], fn: (owner: string) => Promise<T>): Promise<T> {
    const owner = randomUUID();
    const sorted = [...new Set(ids)].sort();
    const held: string[] = [];
    try {
      for (const id of sorted) {
        await this.acquire(id, owner);
        held.push(id);
      }
      return await fn(owner);
    } finally {
      for (const id of held) await this.locks.deleteOne({ _id: id, owner }).catch(() => {});
    }
  }

  private async acquire(id: string, owner: string): Promise<void> {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
      try {
        await this.locks.insertOne({ _id: id, owner, expiresAt: Date.now() + LOCK_LEASE_MS });
        return;
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
      const cur = await this.locks.findOne({ _id: id });
      if (cur && cur.expiresAt < Date.now()) {
        // Abandoned: finish its holder's multi-swap first, then free the lock.
        const txn = await this.txns.findOne({ _id: cur.owner });
        if (txn) await this.rollForward(txn);
        await this.locks.deleteOne({ _id: id, owner: cur.owner, expiresAt: cur.expiresAt });
        continue;
      }
      if (Date.now() > deadline) throw new StoreError('unavailable', `Timed out waiting for a lock on a catalog entry (held by another writer)`);
      await sleep(delay * (0.5 + Math.random()));
    }
  }

  /** Finishes multi-swaps left by crashed writers (their log entry outlived its lease). */
  async recover(): Promise<void> {
    for (const txn of await this.txns.find({ expiresAt: { $lt: Date.now() } }).toArray()) await this.rollForward(txn);
  }

  private async rollForward(txn: TxnDoc): Promise<void> {
    for (const d of txn.docs) await this.tables.updateOne({ _id: d.id }, { $set: { metadataLocation: d.next, updatedAt: txn.updatedAt } });
    await this.txns.deleteOne({ _id: txn._id });
  }
}

const identOf = (s: Staged) => ({ catalogId: s.catalogId, nsKey: s.nsKey, name: s.name, kind: s.kind });
