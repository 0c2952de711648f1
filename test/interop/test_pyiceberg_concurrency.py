"""Concurrent appends from several independent PyIceberg catalogs to one table.

Every writer has its own catalog (own HTTP session and token). PyIceberg retries on 409
(CommitFailedException) per the table's commit.retry.* properties; if a commit still
fails we reload and append again ourselves. A correct server serialises the commits:
no append is lost, none is applied twice, and main's history is one linear chain."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pyarrow as pa
from pyiceberg.exceptions import CommitFailedException, ValidationException
from pyiceberg.schema import Schema
from pyiceberg.types import LongType, NestedField, StringType

from pangolin_server import make_catalog

WRITERS = 6
BATCHES_PER_WRITER = 5
ROWS_PER_BATCH = 3

SCHEMA = Schema(
    NestedField(1, "id", LongType(), required=False),
    NestedField(2, "writer", LongType(), required=False),
    NestedField(3, "batch", LongType(), required=False),
    NestedField(4, "payload", StringType(), required=False),
)
ARROW = pa.schema([("id", pa.int64()), ("writer", pa.int64()), ("batch", pa.int64()), ("payload", pa.string())])


def batch_rows(writer: int, batch: int) -> pa.Table:
    base = (writer * 1000 + batch) * 10
    return pa.Table.from_pylist(
        [{"id": base + r, "writer": writer, "batch": batch, "payload": f"w{writer}-b{batch}-r{r}"} for r in range(ROWS_PER_BATCH)],
        schema=ARROW,
    )


def test_concurrent_appends_from_independent_catalogs(server, catalog, ns):
    ident = (*ns, "hot")
    catalog.create_table(
        ident,
        SCHEMA,
        properties={
            "commit.retry.num-retries": "30",
            "commit.retry.min-wait-ms": "5",
            "commit.retry.max-wait-ms": "200",
            "commit.retry.total-timeout-ms": "120000",
        },
    )
    barrier = threading.Barrier(WRITERS)
    own_retries = [0] * WRITERS

    def writer(w: int) -> int:
        cat = make_catalog(server)  # its own catalog instance
        table = cat.load_table(ident)
        barrier.wait(timeout=60)
        for b in range(BATCHES_PER_WRITER):
            data = batch_rows(w, b)
            for attempt in range(40):
                try:
                    table.append(data)
                    break
                except CommitFailedException:
                    own_retries[w] += 1
                    time.sleep(0.01 * (attempt + 1))
                    table = cat.load_table(ident)
                except ValidationException as e:
                    # PyIceberg's retry walks main back to the snapshot it started from; if that
                    # snapshot is gone, the server let another commit overwrite it (lost update).
                    raise AssertionError(f"writer {w} batch {b}: {e} (a committed snapshot vanished from main)") from e
            else:
                raise AssertionError(f"writer {w} batch {b} could not commit after retries")
        return w

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        done = sorted(f.result(timeout=600) for f in [pool.submit(writer, w) for w in range(WRITERS)])
    assert done == list(range(WRITERS))

    appends = WRITERS * BATCHES_PER_WRITER
    t = catalog.load_table(ident)
    data = t.scan().to_arrow()
    assert data.num_rows == appends * ROWS_PER_BATCH

    ids = data.column("id").to_pylist()
    assert len(ids) == len(set(ids)), "some rows were applied twice"
    expected = pa.concat_tables([batch_rows(w, b) for w in range(WRITERS) for b in range(BATCHES_PER_WRITER)])
    assert sorted(data.to_pylist(), key=lambda r: r["id"]) == sorted(expected.to_pylist(), key=lambda r: r["id"])

    # one snapshot per append, all on one linear main history
    snaps = t.snapshots()
    assert len(snaps) == appends
    by_id = {s.snapshot_id: s for s in snaps}
    chain = []
    cur = t.current_snapshot()
    while cur is not None:
        chain.append(cur)
        cur = by_id.get(cur.parent_snapshot_id) if cur.parent_snapshot_id is not None else None
    assert len(chain) == appends, "main's history is not a single chain through every snapshot (a lost update)"
    seqs = [s.sequence_number for s in reversed(chain)]
    assert seqs == list(range(1, appends + 1)), seqs
    assert t.metadata.last_sequence_number == appends
    totals = [int(s.summary["total-records"]) for s in reversed(chain)]
    assert totals == [ROWS_PER_BATCH * (i + 1) for i in range(appends)], totals
    # metadata-log grew by one entry per commit (create + appends)
    assert len(t.metadata.metadata_log) == appends
