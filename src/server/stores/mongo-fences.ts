// Fenced pointer moves for the MongoDB store: correct without trusting locks or clocks.
//
// Every table doc carries a `version`. Moving its pointer from version v to v+1 first
// CLAIMS the slot v by inserting a fence {_id: "<doc id>@<v>#<gen>", next}: the unique _id
// makes the claim atomic on MongoDB and FerretDB alike (FerretDB 1.x evaluates a
// conditional update's filter and its write in separate steps, so `updateOne({version: v})`
// alone is not a compare-and-swap there). Whoever claims a slot first wins it; a writer
// that read version v long ago (a lock holder paused past its lease) finds the slot taken
// and is refused. A fence is the commit: the table doc's {metadataLocation, version} is
// brought up to date right after, but readers and writers always follow decided fences
// from the doc's version (follow()), so a crash between the two loses nothing.
//
// Multi-table moves: each fence names its transaction (txn); it counts only once the
// decision {_id: txn, outcome: "commit"} exists in `decisions`. The writer inserts the
// decision after claiming every slot; anyone who finds an undecided fence in its way (its
// writer died or lost its locks) inserts outcome "abort" instead. Both are inserts on one
// _id, so exactly one outcome exists. Readers see every table of a transaction move at the
// instant its decision is inserted: all of it or none. An aborted fence stays; the next
// claim on that slot takes generation gen+1. Fences are kept (one small doc per commit):
// deleting one would let a writer paused since that version claim it again.
import type { Collection, Db } from 'mongodb';
import { isDuplicateKey } from './mongo-errors.js';

export interface FenceDoc {
  _id: string;
  table: string;
  from: number;
  gen: number;
  next: string;
  updatedAt: string;
  txn?: string;
}

interface DecisionDoc {
  _id: string;
  outcome: 'commit' | 'abort';
}

/** What a table doc's pointer is, once decided fences are followed. */
export interface Pointer {
  version: number;
  metadataLocation: string;
  updatedAt: string;
}

/** The doc fields follow() needs. */
export interface Versioned {
  _id: string;
  version?: number;
  metadataLocation: string;
  updatedAt: string;
}

export type ClaimResult = 'claimed' | 'taken';

export const fenceId = (table: string, from: number, gen: number) => `${table}@${from}#${gen}`;

export class Fences {
  private readonly fences: Collection<FenceDoc>;
  private readonly decisions: Collection<DecisionDoc>;

  constructor(db: Db) {
    this.fences = db.collection<FenceDoc>('fences');
    this.decisions = db.collection<DecisionDoc>('decisions');
  }

  /** The doc's pointer after following every decided fence from its version. */
  async follow(doc: Versioned): Promise<Pointer> {
    let p: Pointer = { version: doc.version ?? 0, metadataLocation: doc.metadataLocation, updatedAt: doc.updatedAt };
    for (;;) {
      const won = await this.decidedAt(doc._id, p.version);
      if (!won) return p;
      p = { version: p.version + 1, metadataLocation: won.next, updatedAt: won.updatedAt };
    }
  }


  /**
   * Claims slot `from` of `table` for `next` (in transaction `txn` if given). 'taken': a
   * decided or pending move from that version exists — the caller's view is stale or
   * another multi-table move holds the slot.
   */
  async claim(table: string, from: number, next: string, updatedAt: string, txn?: string): Promise<ClaimResult> {
    for (let gen = 0; ; gen++) {
      const doc: FenceDoc = { _id: fenceId(table, from, gen), table, from, gen, next, updatedAt, ...(txn ? { txn } : {}) };
      try {
        await this.fences.insertOne(doc);
        return 'claimed';
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
      // Slot generation `gen` is taken: by a move that stands (we are stale), or an aborted one (try the next).
      const f = await this.at(table, from, gen);
      if (f && (await this.resolve(f)) !== 'aborted') return 'taken';
    }
  }

  /** Decides a transaction: true if it committed, false if someone aborted it first. */
  async decide(txn: string, outcome: 'commit' | 'abort'): Promise<boolean> {
    try {
      await this.decisions.insertOne({ _id: txn, outcome });
      return true;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
    return (await this.decisions.findOne({ _id: txn }))?.outcome === outcome;
  }

  /** Drops the fences of a table that no longer exists. */
  async forget(table: string): Promise<void> {
    await this.fences.deleteMany({ table });
  }

  /**
   * A fence is 'decided' (single-table, or its txn committed), 'aborted', or — when its
   * txn has no outcome yet — aborted by us now: callers reach a pending fence only when
   * it is in their way, i.e. its writer died or was paused past its lease.
   */
  private async resolve(f: FenceDoc): Promise<'decided' | 'aborted'> {
    if (!f.txn) return 'decided';
    const d = await this.decisions.findOne({ _id: f.txn });
    if (d) return d.outcome === 'commit' ? 'decided' : 'aborted';
    return (await this.decide(f.txn, 'abort')) ? 'aborted' : 'decided';
  }

  /** The decided fence from `version` of `table`, if any (pending ones count as not yet). */
  private async decidedAt(table: string, version: number): Promise<FenceDoc | undefined> {
    for (let gen = 0; ; gen++) {
      const f = await this.at(table, version, gen);
      if (!f) return undefined;
      if (!f.txn || (await this.decisions.findOne({ _id: f.txn }))?.outcome === 'commit') return f;
    }
  }

  /** Fences are only ever looked up by _id: FerretDB 1.x scans a collection for any other filter. */
  private at(table: string, from: number, gen: number): Promise<FenceDoc | null> {
    return this.fences.findOne({ _id: fenceId(table, from, gen) });
  }
}
