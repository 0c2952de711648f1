"""Stop the server (SIGTERM) and start it again on the same data dir: everything stays."""

from __future__ import annotations

import pyarrow as pa
import pytest

from pangolin_server import DEFAULT_STORE, make_catalog

from sample_data import SCHEMA, rows, sorted_rows


@pytest.mark.skipif(DEFAULT_STORE == "memory", reason="the memory store keeps nothing across restarts, by design")
def test_restart_keeps_namespaces_tables_and_data(server_factory):
    srv = server_factory()  # the run's store (PANGOLIN_TEST_STORE, default sqlite)
    creds_before = srv.credentials
    cat = make_catalog(srv)
    ns = ("persist", "inner")
    cat.create_namespace(("persist",), {"team": "data"})
    cat.create_namespace(ns)
    t = cat.create_table((*ns, "events"), SCHEMA, properties={"p": "1"})
    d1, d2 = rows(range(10)), rows(range(10, 14))
    t.append(d1)
    s1 = t.current_snapshot().snapshot_id
    t.append(d2)
    before = cat.load_table((*ns, "events"))
    expected = before.scan().to_arrow().sort_by("id")
    assert expected.num_rows == 14

    code = srv.stop()
    assert code == 0, f"server exited with {code} on SIGTERM\n{srv.logs()}"
    srv.start()
    assert srv.credentials == creds_before, "credentials must survive a restart"

    cat2 = make_catalog(srv)
    assert ("persist",) in [tuple(n) for n in cat2.list_namespaces()]
    assert [tuple(n) for n in cat2.list_namespaces(("persist",))] == [ns]
    assert cat2.load_namespace_properties(("persist",)).get("team") == "data"
    assert [tuple(i) for i in cat2.list_tables(ns)] == [(*ns, "events")]

    after = cat2.load_table((*ns, "events"))
    assert after.metadata_location == before.metadata_location
    assert after.metadata.table_uuid == before.metadata.table_uuid
    assert [s.snapshot_id for s in after.snapshots()] == [s.snapshot_id for s in before.snapshots()]
    assert after.properties.get("p") == "1"
    assert after.scan().to_arrow().sort_by("id").equals(expected)
    assert sorted_rows(after.scan(snapshot_id=s1).to_arrow()) == sorted_rows(d1)

    # still writable after restart, and the history continues
    d3 = rows(range(14, 16))
    after.append(d3)
    final = cat2.load_table((*ns, "events"))
    assert len(final.snapshots()) == 3
    assert final.current_snapshot().parent_snapshot_id == before.current_snapshot().snapshot_id
    assert sorted_rows(final.scan().to_arrow()) == sorted_rows(pa.concat_tables([d1, d2, d3]))

    # a second restart after the post-restart commit also keeps it
    assert srv.restart() == 0
    cat3 = make_catalog(srv)
    assert cat3.load_table((*ns, "events")).metadata_location == final.metadata_location
    assert sorted_rows(cat3.load_table((*ns, "events")).scan().to_arrow()) == sorted_rows(pa.concat_tables([d1, d2, d3]))


def test_memory_store_serves_pyiceberg(server_factory):
    """The same client flow works on PANGOLIN_STORAGE_TYPE=memory."""
    srv = server_factory(store_type="memory")
    cat = make_catalog(srv)
    cat.create_namespace(("mem",))
    t = cat.create_table(("mem", "t"), SCHEMA)
    d1 = rows(range(6))
    t.append(d1)
    s1 = t.current_snapshot().snapshot_id
    t.append(rows(range(6, 8)))
    fresh = make_catalog(srv).load_table(("mem", "t"))
    assert sorted_rows(fresh.scan().to_arrow()) == sorted_rows(pa.concat_tables([d1, rows(range(6, 8))]))
    assert sorted_rows(fresh.scan(snapshot_id=s1).to_arrow()) == sorted_rows(d1)
    assert [tuple(i) for i in cat.list_tables(("mem",))] == [("mem", "t")]
