"""PyIceberg 0.12 against a real Pangolin server: namespaces, tables, data, evolution,
time travel, rename/register/drop/purge, staged creates and the metadata files on disk."""

from __future__ import annotations

import json
import re
import time
from datetime import datetime, timedelta

import pyarrow as pa
import pytest
from pyiceberg.exceptions import (
    CommitFailedException,
    NamespaceAlreadyExistsError,
    NamespaceNotEmptyError,
    NoSuchNamespaceError,
    NoSuchTableError,
    TableAlreadyExistsError,
)
from pyiceberg.partitioning import PartitionField, PartitionSpec
from pyiceberg.schema import Schema
from pyiceberg.table.sorting import NullOrder, SortDirection, SortField, SortOrder
from pyiceberg.transforms import BucketTransform, DayTransform, IdentityTransform
from pyiceberg.types import IntegerType, LongType, NestedField, StringType, TimestampType

from pangolin_server import files_under, location_to_path
from sample_data import ARROW_SCHEMA, CATEGORIES, SCHEMA, rows, scan_rows, sorted_rows

def ident(ns, name):
    return (*ns, name)


# ---------------------------------------------------------------------------------------
# namespaces
# ---------------------------------------------------------------------------------------


def test_nested_namespaces_create_list_exists(catalog, unique):
    top = (f"a_{unique}",)
    child = (f"a_{unique}", "b")
    grandchild = (f"a_{unique}", "b", "c")
    sibling = (f"a_{unique}", "z")
    catalog.create_namespace(top, {"owner": "alice"})
    catalog.create_namespace(child)
    catalog.create_namespace(grandchild)
    catalog.create_namespace(sibling)

    top_level = [tuple(n) for n in catalog.list_namespaces()]
    assert top in top_level
    assert child not in top_level and grandchild not in top_level, "listing without parent must return top-level only"
    assert all(len(n) == 1 for n in top_level), top_level

    assert sorted(tuple(n) for n in catalog.list_namespaces(top)) == sorted([child, sibling])
    assert [tuple(n) for n in catalog.list_namespaces(child)] == [grandchild]
    assert [tuple(n) for n in catalog.list_namespaces(grandchild)] == []

    assert catalog.namespace_exists(grandchild)
    assert not catalog.namespace_exists((f"a_{unique}", "nope"))
    assert catalog.load_namespace_properties(top).get("owner") == "alice"
    assert "owner" not in catalog.load_namespace_properties(child)
    with pytest.raises(NamespaceAlreadyExistsError):
        catalog.create_namespace(child)
    with pytest.raises(NoSuchNamespaceError):
        catalog.list_namespaces((f"missing_{unique}",))


def test_namespace_properties_load_update_remove(catalog, unique):
    ns = (f"props_{unique}",)
    catalog.create_namespace(ns, {"a": "1", "b": "2", "c": "3"})
    props = catalog.load_namespace_properties(ns)
    assert {k: props[k] for k in ("a", "b", "c")} == {"a": "1", "b": "2", "c": "3"}

    summary = catalog.update_namespace_properties(ns, removals={"b", "not-there"}, updates={"a": "10", "d": "4"})
    assert sorted(summary.updated) == ["a", "d"]
    assert sorted(summary.removed) == ["b"]
    assert sorted(summary.missing) == ["not-there"]

    props = catalog.load_namespace_properties(ns)
    assert props.get("a") == "10" and props.get("c") == "3" and props.get("d") == "4"
    assert "b" not in props and "not-there" not in props

    summary = catalog.update_namespace_properties(ns, removals={"c"})
    assert (summary.removed, summary.updated, summary.missing) == (["c"], [], [])
    assert "c" not in catalog.load_namespace_properties(ns)


def test_drop_namespace_non_empty_and_missing(catalog, unique):
    ns = (f"drop_{unique}",)
    catalog.create_namespace(ns)
    catalog.create_table(ident(ns, "t"), SCHEMA)
    with pytest.raises(NamespaceNotEmptyError):
        catalog.drop_namespace(ns)
    assert catalog.namespace_exists(ns)
    assert catalog.table_exists(ident(ns, "t"))

    catalog.drop_table(ident(ns, "t"))
    catalog.drop_namespace(ns)
    assert not catalog.namespace_exists(ns)
    with pytest.raises(NoSuchNamespaceError):
        catalog.drop_namespace(ns)
    with pytest.raises(NoSuchNamespaceError):
        catalog.load_namespace_properties(ns)
    with pytest.raises(NoSuchNamespaceError):
        catalog.drop_namespace((f"never_{unique}",))


def test_create_table_in_missing_namespace(catalog, unique):
    with pytest.raises(NoSuchNamespaceError):
        catalog.create_table((f"missing_{unique}", "t"), SCHEMA)
    with pytest.raises(NoSuchNamespaceError):
        catalog.list_tables((f"missing_{unique}",))


# ---------------------------------------------------------------------------------------
# tables: create, ids, exists, errors
# ---------------------------------------------------------------------------------------


def test_create_unpartitioned_table(catalog, ns):
    t = catalog.create_table(ident(ns, "plain"), SCHEMA, properties={"owner": "bob"})
    assert t.name() == ident(ns, "plain")
    assert [(f.field_id, f.name) for f in t.schema().fields] == [(1, "id"), (2, "name"), (3, "ts"), (4, "category")]
    assert isinstance(t.schema().find_field("id").field_type, LongType)
    assert t.spec().is_unpartitioned()
    assert t.sort_order().is_unsorted
    assert t.metadata.last_column_id == 4
    assert t.metadata.current_snapshot_id is None and t.current_snapshot() is None
    assert t.properties.get("owner") == "bob"
    assert t.metadata_location and t.metadata_location.endswith(".metadata.json")
    assert t.location().startswith("file:") or t.location().startswith("/")
    assert catalog.table_exists(ident(ns, "plain"))
    assert ident(ns, "plain") in [tuple(i) for i in catalog.list_tables(ns)]

    loaded = catalog.load_table(ident(ns, "plain"))
    assert loaded.metadata.table_uuid == t.metadata.table_uuid
    assert loaded.schema() == t.schema()
    assert scan_rows(loaded) == []


def test_create_partitioned_table_spec_and_field_ids(catalog, ns):
    spec = PartitionSpec(
        PartitionField(source_id=4, field_id=1000, transform=IdentityTransform(), name="category"),
        PartitionField(source_id=3, field_id=1001, transform=DayTransform(), name="ts_day"),
        PartitionField(source_id=1, field_id=1002, transform=BucketTransform(4), name="id_bucket"),
    )
    t = catalog.create_table(ident(ns, "parted"), SCHEMA, partition_spec=spec)
    got = [(f.source_id, f.field_id, str(f.transform), f.name) for f in t.spec().fields]
    assert got == [(4, 1000, "identity", "category"), (3, 1001, "day", "ts_day"), (1, 1002, "bucket[4]", "id_bucket")]
    assert t.metadata.last_partition_id == 1002
    assert t.spec().spec_id == t.metadata.default_spec_id

    # the metadata file written by the server carries the same spec
    meta = json.loads(location_to_path(t.metadata_location).read_text())
    spec_json = next(s for s in meta["partition-specs"] if s["spec-id"] == meta["default-spec-id"])
    assert [(f["source-id"], f["field-id"], f["transform"], f["name"]) for f in spec_json["fields"]] == got


def test_partitioned_append_and_filtered_scan(catalog, ns):
    spec = PartitionSpec(
        PartitionField(source_id=4, field_id=1000, transform=IdentityTransform(), name="category"),
        PartitionField(source_id=3, field_id=1001, transform=DayTransform(), name="ts_day"),
        PartitionField(source_id=1, field_id=1002, transform=BucketTransform(4), name="id_bucket"),
    )
    t = catalog.create_table(ident(ns, "parted_data"), SCHEMA, partition_spec=spec)
    data = rows(range(24))
    t.append(data)
    fresh = catalog.load_table(ident(ns, "parted_data"))
    assert scan_rows(fresh) == sorted_rows(data)
    red = scan_rows(fresh, row_filter="category == 'red'")
    assert red and red == [r for r in sorted_rows(data) if r["category"] == "red"]
    files = fresh.inspect.files().to_pylist()
    assert {f["partition"]["category"] for f in files} == set(CATEGORIES)
    # one data file per (category, day, bucket) combination present in the data
    bucket = BucketTransform(4).transform(LongType())
    combos = {(r["category"], r["ts"].date(), bucket(r["id"])) for r in data.to_pylist()}
    got = {(f["partition"]["category"], f["partition"]["id_bucket"]) for f in files}
    assert got == {(c, b) for c, _, b in combos}
    assert len(files) == len(combos)
    assert sum(f["record_count"] for f in files) == 24


def test_table_exists_and_missing_table_errors(catalog, ns):
    assert not catalog.table_exists(ident(ns, "ghost"))
    with pytest.raises(NoSuchTableError):
        catalog.load_table(ident(ns, "ghost"))
    with pytest.raises(NoSuchTableError):
        catalog.drop_table(ident(ns, "ghost"))
    catalog.create_table(ident(ns, "dup"), SCHEMA)
    with pytest.raises(TableAlreadyExistsError):
        catalog.create_table(ident(ns, "dup"), SCHEMA)
    assert catalog.table_exists(ident(ns, "dup"))
    assert catalog.namespace_exists(ns)


# ---------------------------------------------------------------------------------------
# data: append, overwrite, delete
# ---------------------------------------------------------------------------------------


def test_append_and_scan_back(catalog, ns):
    t = catalog.create_table(ident(ns, "appendy"), SCHEMA)
    first = rows(range(0, 10))
    t.append(first)
    assert t.scan().to_arrow().sort_by("id").equals(first.sort_by("id"))
    second = rows(range(10, 25))
    t.append(second)

    fresh = catalog.load_table(ident(ns, "appendy"))
    expected = pa.concat_tables([first, second]).sort_by("id")
    assert fresh.scan().to_arrow().sort_by("id").equals(expected)
    assert len(fresh.snapshots()) == 2
    assert fresh.current_snapshot().summary.operation.value == "append"
    assert fresh.current_snapshot().summary["total-records"] == "25"
    assert fresh.scan(row_filter="id >= 20").to_arrow().num_rows == 5


def test_overwrite_replaces_data(catalog, ns):
    t = catalog.create_table(ident(ns, "ow"), SCHEMA)
    t.append(rows(range(10)))
    replacement = rows(range(100, 104))
    t.overwrite(replacement)
    fresh = catalog.load_table(ident(ns, "ow"))
    assert scan_rows(fresh) == sorted_rows(replacement)
    first = fresh.snapshots()[0].snapshot_id
    assert len(fresh.snapshots()) >= 2 and fresh.current_snapshot().snapshot_id != first
    # the current snapshot descends from the first one (overwrite may add a delete + an append)
    by_id = {s.snapshot_id: s for s in fresh.snapshots()}
    cur, chain = fresh.current_snapshot(), []
    while cur is not None:
        chain.append(cur.snapshot_id)
        cur = by_id.get(cur.parent_snapshot_id)
    assert chain[-1] == first and len(chain) == len(fresh.snapshots())
    assert [r["id"] for r in scan_rows(fresh, snapshot_id=first)] == list(range(10))


def test_delete_with_filter(catalog, ns):
    t = catalog.create_table(ident(ns, "del"), SCHEMA)
    data = rows(range(8))
    t.append(data)
    before = t.current_snapshot().snapshot_id
    t.delete("id < 3")
    fresh = catalog.load_table(ident(ns, "del"))
    assert [r["id"] for r in scan_rows(fresh)] == [3, 4, 5, 6, 7]
    assert fresh.current_snapshot().snapshot_id != before
    assert fresh.current_snapshot().parent_snapshot_id == before
    # the pre-delete snapshot still has all rows
    assert [r["id"] for r in scan_rows(fresh, snapshot_id=before)] == list(range(8))


# ---------------------------------------------------------------------------------------
# evolution
# ---------------------------------------------------------------------------------------


def test_schema_evolution_add_rename_drop_widen(catalog, ns):
    schema = Schema(
        NestedField(1, "id", LongType(), required=False),
        NestedField(2, "name", StringType(), required=False),
        NestedField(3, "small", IntegerType(), required=False),
        NestedField(4, "gone", StringType(), required=False),
    )
    t = catalog.create_table(ident(ns, "evo"), schema)
    old = pa.Table.from_pylist(
        [{"id": i, "name": f"n{i}", "small": i * 10, "gone": "x"} for i in range(3)],
        schema=pa.schema([("id", pa.int64()), ("name", pa.string()), ("small", pa.int32()), ("gone", pa.string())]),
    )
    t.append(old)
    old_schema_id = t.schema().schema_id

    with t.update_schema() as upd:
        upd.add_column("extra", StringType())
        upd.rename_column("name", "full_name")
        upd.delete_column("gone")
        upd.update_column("small", LongType())

    fresh = catalog.load_table(ident(ns, "evo"))
    s = fresh.schema()
    assert s.schema_id != old_schema_id
    assert fresh.metadata.current_schema_id == s.schema_id
    assert len(fresh.schemas()) == 2
    assert [(f.field_id, f.name) for f in s.fields] == [(1, "id"), (2, "full_name"), (3, "small"), (5, "extra")]
    assert isinstance(s.find_field("small").field_type, LongType)
    assert fresh.metadata.last_column_id == 5

    new = pa.Table.from_pylist(
        [{"id": 100 + i, "full_name": f"m{i}", "small": 2**40 + i, "extra": f"e{i}"} for i in range(2)],
        schema=pa.schema([("id", pa.int64()), ("full_name", pa.string()), ("small", pa.int64()), ("extra", pa.string())]),
    )
    fresh.append(new)
    got = scan_rows(catalog.load_table(ident(ns, "evo")))
    assert got == [
        {"id": 0, "full_name": "n0", "small": 0, "extra": None},
        {"id": 1, "full_name": "n1", "small": 10, "extra": None},
        {"id": 2, "full_name": "n2", "small": 20, "extra": None},
        {"id": 100, "full_name": "m0", "small": 2**40, "extra": "e0"},
        {"id": 101, "full_name": "m1", "small": 2**40 + 1, "extra": "e1"},
    ]


def test_partition_evolution(catalog, ns):
    t = catalog.create_table(ident(ns, "pevo"), SCHEMA)
    first = rows(range(6))
    t.append(first)
    with t.update_spec() as u:
        u.add_field("category", IdentityTransform(), "category")
    fresh = catalog.load_table(ident(ns, "pevo"))
    assert len(fresh.specs()) == 2
    assert fresh.spec().spec_id != 0 and fresh.metadata.default_spec_id == fresh.spec().spec_id
    assert [(f.source_id, f.name, str(f.transform)) for f in fresh.spec().fields] == [(4, "category", "identity")]
    assert fresh.spec().fields[0].field_id == 1000
    assert fresh.metadata.last_partition_id == 1000

    second = rows(range(6, 12))
    fresh.append(second)
    final = catalog.load_table(ident(ns, "pevo"))
    assert scan_rows(final) == sorted_rows(pa.concat_tables([first, second]))
    spec_ids = sorted({f["spec_id"] for f in final.inspect.files().to_pylist()})
    assert spec_ids == [0, final.spec().spec_id]
    assert scan_rows(final, row_filter="category == 'blue'") == [
        r for r in sorted_rows(pa.concat_tables([first, second])) if r["category"] == "blue"
    ]


def test_sort_order_on_create_and_update(catalog, ns):
    order = SortOrder(SortField(source_id=1, transform=IdentityTransform(), direction=SortDirection.DESC, null_order=NullOrder.NULLS_LAST))
    t = catalog.create_table(ident(ns, "sorted"), SCHEMA, sort_order=order)
    so = t.sort_order()
    assert so.order_id == 1
    assert [(f.source_id, f.direction, f.null_order) for f in so.fields] == [(1, SortDirection.DESC, NullOrder.NULLS_LAST)]
    assert t.metadata.default_sort_order_id == 1

    with t.update_sort_order() as u:
        u.asc("name", IdentityTransform())
        u.desc("ts", DayTransform())
    fresh = catalog.load_table(ident(ns, "sorted"))
    so2 = fresh.sort_order()
    assert so2.order_id == 2 and fresh.metadata.default_sort_order_id == 2
    assert [(f.source_id, str(f.transform), f.direction) for f in so2.fields] == [
        (2, "identity", SortDirection.ASC),
        (3, "day", SortDirection.DESC),
    ]
    assert {1, 2} <= set(fresh.sort_orders())
    assert fresh.sort_orders()[1] == so


def test_table_properties_set_and_remove(catalog, ns):
    t = catalog.create_table(ident(ns, "props"), SCHEMA, properties={"keep": "1", "drop-me": "x"})
    with t.transaction() as tx:
        tx.set_properties(alpha="a", beta="b")
    with t.transaction() as tx:
        tx.remove_properties("drop-me", "beta")
    fresh = catalog.load_table(ident(ns, "props"))
    assert fresh.properties.get("keep") == "1"
    assert fresh.properties.get("alpha") == "a"
    assert "drop-me" not in fresh.properties and "beta" not in fresh.properties
    with fresh.transaction() as tx:
        tx.set_properties(alpha="a2")
    assert catalog.load_table(ident(ns, "props")).properties.get("alpha") == "a2"


# ---------------------------------------------------------------------------------------
# time travel
# ---------------------------------------------------------------------------------------


def test_time_travel_by_snapshot_id(catalog, ns):
    t = catalog.create_table(ident(ns, "tt"), SCHEMA)
    d1, d2, d3 = rows(range(0, 4)), rows(range(4, 9)), rows(range(9, 11))
    t.append(d1)
    s1 = t.current_snapshot().snapshot_id
    t.append(d2)
    s2 = t.current_snapshot().snapshot_id
    t.append(d3)

    fresh = catalog.load_table(ident(ns, "tt"))
    assert [s.snapshot_id for s in fresh.snapshots()][:2] == [s1, s2]
    assert fresh.snapshot_by_id(s2).parent_snapshot_id == s1
    assert fresh.current_snapshot().parent_snapshot_id == s2
    assert scan_rows(fresh, snapshot_id=s1) == sorted_rows(d1)
    assert scan_rows(fresh, snapshot_id=s2) == sorted_rows(pa.concat_tables([d1, d2]))
    assert scan_rows(fresh) == sorted_rows(pa.concat_tables([d1, d2, d3]))
    seqs = [s.sequence_number for s in fresh.snapshots()]
    assert seqs == sorted(seqs) and len(set(seqs)) == 3
    assert [h.snapshot_id for h in fresh.history()] == [s.snapshot_id for s in fresh.snapshots()]


# ---------------------------------------------------------------------------------------
# rename / register / drop / purge
# ---------------------------------------------------------------------------------------


def test_rename_table(catalog, ns):
    t = catalog.create_table(ident(ns, "before"), SCHEMA)
    data = rows(range(5))
    t.append(data)
    uuid_before = t.metadata.table_uuid
    catalog.rename_table(ident(ns, "before"), ident(ns, "after"))
    assert not catalog.table_exists(ident(ns, "before"))
    with pytest.raises(NoSuchTableError):
        catalog.load_table(ident(ns, "before"))
    renamed = catalog.load_table(ident(ns, "after"))
    assert renamed.metadata.table_uuid == uuid_before
    assert scan_rows(renamed) == sorted_rows(data)
    names = [tuple(i) for i in catalog.list_tables(ns)]
    assert ident(ns, "after") in names and ident(ns, "before") not in names
    # renamed table stays writable
    renamed.append(rows(range(5, 7)))
    assert len(scan_rows(catalog.load_table(ident(ns, "after")))) == 7
    # renaming onto an existing table fails; renaming a missing table fails
    catalog.create_table(ident(ns, "other"), SCHEMA)
    with pytest.raises(TableAlreadyExistsError):
        catalog.rename_table(ident(ns, "after"), ident(ns, "other"))
    with pytest.raises(NoSuchTableError):
        catalog.rename_table(ident(ns, "nope"), ident(ns, "nope2"))


def test_drop_without_purge_keeps_files_and_register_table(catalog, ns):
    t = catalog.create_table(ident(ns, "orig"), SCHEMA)
    data = rows(range(7))
    t.append(data)
    t.append(rows(range(7, 9)))
    meta_loc = t.metadata_location
    snapshots = [s.snapshot_id for s in t.snapshots()]
    table_dir = location_to_path(t.location())
    before = files_under(table_dir)
    assert any(p.suffix == ".parquet" for p in before), before

    catalog.drop_table(ident(ns, "orig"))
    assert not catalog.table_exists(ident(ns, "orig"))
    assert files_under(table_dir) == before, "drop without purge must keep every file"

    reg = catalog.register_table(ident(ns, "revived"), meta_loc)
    assert reg.metadata_location == meta_loc
    assert [s.snapshot_id for s in reg.snapshots()] == snapshots
    assert scan_rows(catalog.load_table(ident(ns, "revived"))) == sorted_rows(pa.concat_tables([data, rows(range(7, 9))]))
    # registering over an existing name is refused
    with pytest.raises(TableAlreadyExistsError):
        catalog.register_table(ident(ns, "revived"), meta_loc)
    # the registered table is a normal table: commits write a newer metadata file
    reg.append(rows(range(100, 102)))
    fresh = catalog.load_table(ident(ns, "revived"))
    assert fresh.metadata_location != meta_loc
    assert len(scan_rows(fresh)) == 11


def test_drop_with_purge_deletes_files(catalog, ns):
    t = catalog.create_table(ident(ns, "purgeme"), SCHEMA)
    t.append(rows(range(5)))
    t.append(rows(range(5, 9)))
    table_dir = location_to_path(t.location())
    before = files_under(table_dir)
    assert any(p.suffix == ".parquet" for p in before)
    assert any(p.name.endswith(".metadata.json") for p in before)
    assert any(p.suffix == ".avro" for p in before)

    catalog.purge_table(ident(ns, "purgeme"))
    assert not catalog.table_exists(ident(ns, "purgeme"))
    deadline = time.monotonic() + 10
    left = files_under(table_dir)
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = files_under(table_dir)
    assert left == [], f"purge left files behind: {left}"
    # a table of the same name can be created again, empty
    again = catalog.create_table(ident(ns, "purgeme"), SCHEMA)
    assert scan_rows(again) == []


# ---------------------------------------------------------------------------------------
# staged create
# ---------------------------------------------------------------------------------------


def test_staged_create_table_transaction(catalog, ns):
    name = ident(ns, "staged")
    data = rows(range(6))
    tx = catalog.create_table_transaction(name, SCHEMA, properties={"stage": "yes"})
    tx.set_properties(extra="1")
    tx.append(data)
    assert not catalog.table_exists(name), "a staged create must not create the table before commit"
    assert name not in [tuple(i) for i in catalog.list_tables(ns)]
    tx.commit_transaction()

    t = catalog.load_table(name)
    assert t.properties.get("stage") == "yes" and t.properties.get("extra") == "1"
    assert scan_rows(t) == sorted_rows(data)
    assert len(t.snapshots()) == 1
    assert [f.name for f in t.schema().fields] == ["id", "name", "ts", "category"]
    assert t.metadata_location and location_to_path(t.metadata_location).exists()


def test_staged_create_conflicts_with_concurrent_create(catalog, ns):
    name = ident(ns, "race")
    tx = catalog.create_table_transaction(name, SCHEMA)
    tx.set_properties(who="staged")
    winner = catalog.create_table(name, SCHEMA, properties={"who": "direct"})
    winner.append(rows(range(3)))
    with pytest.raises((CommitFailedException, TableAlreadyExistsError)):
        tx.commit_transaction()
    t = catalog.load_table(name)
    assert t.properties.get("who") == "direct"
    assert t.metadata.table_uuid == winner.metadata.table_uuid
    assert len(scan_rows(t)) == 3


# ---------------------------------------------------------------------------------------
# metadata files on disk
# ---------------------------------------------------------------------------------------

METADATA_NAME = re.compile(r"^(\d{5})-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.metadata\.json$")


def test_metadata_files_versions_and_log(catalog, ns):
    t = catalog.create_table(ident(ns, "metafiles"), SCHEMA)
    locations = [t.metadata_location]
    t.append(rows(range(3)))
    locations.append(t.metadata_location)
    with t.transaction() as tx:
        tx.set_properties(k="v")
    locations.append(t.metadata_location)
    t.append(rows(range(3, 5)))
    locations.append(t.metadata_location)
    assert len(set(locations)) == 4, locations

    meta_dir = location_to_path(t.location()) / "metadata"
    on_disk = sorted(p.name for p in meta_dir.glob("*.metadata.json"))
    assert sorted(location_to_path(loc).name for loc in locations) == on_disk, "exactly one metadata file per commit"
    versions = []
    for loc in locations:
        path = location_to_path(loc)
        assert path.parent == meta_dir
        m = METADATA_NAME.match(path.name)
        assert m, f"bad metadata file name {path.name}"
        versions.append(int(m.group(1)))
    assert versions == sorted(versions) and len(set(versions)) == 4, versions
    assert versions == list(range(versions[0], versions[0] + 4)), versions

    current = json.loads(location_to_path(locations[-1]).read_text())
    assert current["table-uuid"] == str(t.metadata.table_uuid)
    assert current["current-snapshot-id"] == t.current_snapshot().snapshot_id
    assert current["properties"].get("k") == "v"
    log = current["metadata-log"]
    assert [e["metadata-file"] for e in log] == locations[:-1]
    stamps = [e["timestamp-ms"] for e in log]
    assert stamps == sorted(stamps) and all(s > 1_600_000_000_000 for s in stamps)
    assert current["last-updated-ms"] >= stamps[-1]
    # each earlier file is intact JSON whose own log is a prefix of this one
    for i, loc in enumerate(locations[:-1]):
        earlier = json.loads(location_to_path(loc).read_text())
        assert [e["metadata-file"] for e in earlier.get("metadata-log", [])] == locations[:i]
