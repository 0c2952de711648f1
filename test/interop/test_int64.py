"""int64 snapshot ids above 2^53 must survive the server byte-for-byte (JSON.parse would
round 9007199254740993 to 9007199254740992)."""

from __future__ import annotations

import json
import re
import time

from pangolin_server import location_to_path
from sample_data import SCHEMA

BIG = 9007199254740993  # 2^53 + 1: not representable as a double
BIGGER = 9223372036854775806  # near int64 max; a double would print 9223372036854775808
ROUNDED = ("9007199254740992", "9007199254740994", "9223372036854775808", "9223372036854776000", "9007199254741000")


def _snapshot(snapshot_id: int, parent: int | None, seq: int, location: str) -> dict:
    snap = {
        "snapshot-id": snapshot_id,
        "sequence-number": seq,
        "timestamp-ms": int(time.time() * 1000),
        "manifest-list": f"{location}/metadata/snap-{snapshot_id}-1-manual.avro",
        "summary": {"operation": "append"},
        "schema-id": 0,
    }
    if parent is not None:
        snap["parent-snapshot-id"] = parent
    return snap


def _int_after(key: str, text: str) -> list[str]:
    return re.findall(rf'"{re.escape(key)}"\s*:\s*(-?\d+)', text)


def test_snapshot_ids_above_2_pow_53_are_exact(catalog, rest, ns):
    ident = (*ns, "bigids")
    t = catalog.create_table(ident, SCHEMA)
    url = rest.table_url(ns, "bigids")
    loc = t.location().rstrip("/")

    # 1) first snapshot BIG on main (ref must not exist yet)
    r = rest.request(
        "POST",
        url,
        json_body={
            "requirements": [
                {"type": "assert-table-uuid", "uuid": str(t.metadata.table_uuid)},
                {"type": "assert-ref-snapshot-id", "ref": "main", "snapshot-id": None},
            ],
            "updates": [
                {"action": "add-snapshot", "snapshot": _snapshot(BIG, None, 1, loc)},
                {"action": "set-snapshot-ref", "ref-name": "main", "type": "branch", "snapshot-id": BIG},
            ],
        },
    )
    assert r.status_code == 200, f"commit 1 -> {r.status_code} {r.text}"
    assert str(BIG) in r.text
    assert json.loads(r.text)["metadata"]["current-snapshot-id"] == BIG

    # 2) child BIGGER with parent BIG; main → BIGGER; a tag keeps BIG
    r = rest.request(
        "POST",
        url,
        json_body={
            "requirements": [{"type": "assert-ref-snapshot-id", "ref": "main", "snapshot-id": BIG}],
            "updates": [
                {"action": "add-snapshot", "snapshot": _snapshot(BIGGER, BIG, 2, loc)},
                {"action": "set-snapshot-ref", "ref-name": "main", "type": "branch", "snapshot-id": BIGGER},
                {"action": "set-snapshot-ref", "ref-name": "first", "type": "tag", "snapshot-id": BIG},
            ],
        },
    )
    assert r.status_code == 200, f"commit 2 (assert main == {BIG}) -> {r.status_code} {r.text}"

    # 3) raw load: the exact digits, never a rounded neighbour
    r = rest.request("GET", url)
    assert r.status_code == 200, r.text
    text = r.text
    for bad in ROUNDED:
        assert bad not in text, f"rounded id {bad} in loadTable response"
    assert _int_after("current-snapshot-id", text) == [str(BIGGER)]
    assert sorted(_int_after("parent-snapshot-id", text)) == [str(BIG)]
    assert sorted(set(_int_after("snapshot-id", text))) == sorted({str(BIG), str(BIGGER)})
    body = json.loads(text)  # Python ints are exact
    meta = body["metadata"]
    assert meta["current-snapshot-id"] == BIGGER
    assert meta["refs"]["main"]["snapshot-id"] == BIGGER and meta["refs"]["main"]["type"] == "branch"
    assert meta["refs"]["first"]["snapshot-id"] == BIG and meta["refs"]["first"]["type"] == "tag"
    assert {s["snapshot-id"]: s.get("parent-snapshot-id") for s in meta["snapshots"]} == {BIG: None, BIGGER: BIG}
    assert [e["snapshot-id"] for e in meta["snapshot-log"]] == [BIG, BIGGER]

    # 4) the metadata file written by the server is exact too
    on_disk = location_to_path(body["metadata-location"]).read_text()
    for bad in ROUNDED:
        assert bad not in on_disk
    assert _int_after("current-snapshot-id", on_disk) == [str(BIGGER)]

    # 5) PyIceberg sees the exact ids
    loaded = catalog.load_table(ident)
    assert loaded.current_snapshot().snapshot_id == BIGGER
    assert loaded.current_snapshot().parent_snapshot_id == BIG
    assert loaded.snapshot_by_name("first").snapshot_id == BIG
    assert loaded.snapshot_by_id(BIG) is not None

    # 6) a later ordinary commit re-serialises the metadata without losing precision
    with loaded.transaction() as tx:
        tx.set_properties(touched="yes")
    again = catalog.load_table(ident)
    assert again.metadata_location != body["metadata-location"]
    assert again.current_snapshot().snapshot_id == BIGGER
    rewritten = location_to_path(again.metadata_location).read_text()
    for bad in ROUNDED:
        assert bad not in rewritten
    assert str(BIG) in rewritten and str(BIGGER) in rewritten

    # 7) requirements compare exactly: BIGGER + 1 is the same double as BIGGER, but must fail
    r = rest.request(
        "POST",
        url,
        json_body={
            "requirements": [{"type": "assert-ref-snapshot-id", "ref": "main", "snapshot-id": BIGGER + 1}],
            "updates": [{"action": "set-properties", "updates": {"rounded": "1"}}],
        },
    )
    assert r.status_code == 409, f"assert main == {BIGGER + 1} (main is {BIGGER}) must fail: {r.status_code} {r.text}"
    r = rest.request(
        "POST",
        url,
        json_body={
            "requirements": [{"type": "assert-ref-snapshot-id", "ref": "main", "snapshot-id": BIGGER}],
            "updates": [{"action": "set-properties", "updates": {"exact": "1"}}],
        },
    )
    assert r.status_code == 200, f"assert with the exact id must pass: {r.status_code} {r.text}"
    props = catalog.load_table(ident).properties
    assert props.get("exact") == "1" and "rounded" not in props
