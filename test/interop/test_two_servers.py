"""Two server processes on one store (the same SQLite file, or one PostgreSQL / MongoDB
database): writers append to one table through both at once. Compare-and-swap in the
store must serialise them: no append lost or doubled, one linear history."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pyarrow as pa
import pytest
from pyiceberg.exceptions import CommitFailedException

from pangolin_server import DEFAULT_STORE, make_catalog
from test_pyiceberg_concurrency import ROWS_PER_BATCH, SCHEMA, batch_rows

WRITERS_PER_SERVER = 3
BATCHES = 4


@pytest.mark.skipif(DEFAULT_STORE == "memory", reason="the memory store lives inside one process; nothing to share")
def test_appends_through_two_servers_sharing_one_store(server, server_factory, ns):
    second = server_factory(data_dir=server.data_dir)  # same data dir and DATABASE_URL: one store
    assert second.url != server.url
    ident = (*ns, "shared_hot")
    make_catalog(server).create_table(ident, SCHEMA, properties={"commit.retry.num-retries": "30", "commit.retry.min-wait-ms": "5", "commit.retry.max-wait-ms": "200"})
    # The table created through one server is visible through the other at once.
    assert make_catalog(second).table_exists(ident)

    servers = [server, second]
    writers = [(s, w) for s in range(2) for w in range(WRITERS_PER_SERVER)]
    barrier = threading.Barrier(len(writers))

    def writer(s: int, w: int) -> None:
        cat = make_catalog(servers[s])
        table = cat.load_table(ident)
        barrier.wait(timeout=60)
        for b in range(BATCHES):
            for attempt in range(40):
                try:
                    table.append(batch_rows(s * 10 + w, b))
                    break
                except CommitFailedException:
                    time.sleep(0.01 * (attempt + 1))
                    table = cat.load_table(ident)
            else:
                raise AssertionError(f"server {s} writer {w} batch {b} never committed")

    with ThreadPoolExecutor(max_workers=len(writers)) as pool:
        for f in [pool.submit(writer, s, w) for s, w in writers]:
            f.result(timeout=600)

    appends = len(writers) * BATCHES
    for s in servers:
        t = make_catalog(s).load_table(ident)
        data = t.scan().to_arrow()
        assert data.num_rows == appends * ROWS_PER_BATCH
        expected = pa.concat_tables([batch_rows(sv * 10 + w, b) for sv, w in writers for b in range(BATCHES)])
        assert sorted(data.column("id").to_pylist()) == sorted(expected.column("id").to_pylist())
        assert len(t.snapshots()) == appends
        assert t.metadata.last_sequence_number == appends
