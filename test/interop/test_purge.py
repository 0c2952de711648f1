"""Purge deletes by reference (Iceberg 1.11 RCK `dropAfterRenameDoesntCorruptTable`, with
data): a renamed table keeps its folder, a new table under the old name may get the same
default location, and purging the new one must leave every file of the renamed one."""

from __future__ import annotations

from pangolin_server import files_under, location_to_path
from sample_data import rows, scan_rows, sorted_rows, SCHEMA


def ident(ns, name):
    return (*ns, name)


def test_purge_after_rename_and_reuse_keeps_the_renamed_table(catalog, rest, ns):
    t = catalog.create_table(ident(ns, "t"), SCHEMA)
    t.append(rows(range(10)))
    t.append(rows(range(10, 15)))
    catalog.rename_table(ident(ns, "t"), ident(ns, "t2"))
    t2_files = files_under(location_to_path(catalog.load_table(ident(ns, "t2")).location()))

    again = catalog.create_table(ident(ns, "t"), SCHEMA)
    again.append(rows(range(100, 103)))
    again_dir = location_to_path(again.location())
    again_files = set(files_under(again_dir)) - set(t2_files)
    assert any(p.suffix == ".parquet" for p in again_files)

    r = rest.request("DELETE", rest.table_url(ns, "t"), params={"purgeRequested": "true"})
    assert r.status_code == 204, r.text
    report = dict(part.split("=") for part in r.headers["X-Pangolin-Purge"].split("; "))
    assert report == {"deleted": str(len(again_files)), "missing": "0", "refused": "0", "failed": "0", "unreadable": "0"}, r.headers["X-Pangolin-Purge"]
    assert not catalog.table_exists(ident(ns, "t"))
    assert not any(p.exists() for p in again_files), "the purged table's files are gone"

    # The renamed table: every file still there, it loads, scans all its rows and takes writes.
    assert all(p.exists() for p in t2_files), [p for p in t2_files if not p.exists()]
    t2 = catalog.load_table(ident(ns, "t2"))
    assert scan_rows(t2) == sorted_rows(rows(range(15)))
    t2.append(rows(range(15, 17)))
    assert len(scan_rows(catalog.load_table(ident(ns, "t2")))) == 17
