"""PyIceberg on an s3:// warehouse (MinIO) through S3 remote signing: the client holds NO
storage keys; the table config points it at the catalog's ONE signer (POST
v1/{prefix}/sign), which finds the table from the request's S3 key and signs it with the
warehouse's keys after checking it stays inside that table. One endpoint per catalog, since
PyIceberg's FsspecFileIO shares one cached s3fs client (and its signer) between tables. PyIceberg signs only through FsspecFileIO (s3fs), which
the vended config selects (`py-io-impl`).

Needs PANGOLIN_TEST_S3_ENDPOINT (scripts/start-minio.sh prints it; CI sets it); skipped
with the reason otherwise.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.fs as pafs
import pytest
import requests

from pangolin_server import fetch_token, make_catalog
from sample_data import SCHEMA, rows, sorted_rows
from test_vending_s3 import (  # noqa: F401  (fixtures are used by name)
    S3_ACCESS_KEY,
    S3_SECRET,
    admin_fs,
    bucket,
    no_client_keys,
    requires_s3,
    round_trip,
    s3_catalog,
    s3_path,
    s3_server,
)

pytestmark = requires_s3

_PYICEBERG_SIGNER_ID = 1925  # the unique_id pyiceberg.io.fsspec._s3 registers its signer under


class _SignerSlot:
    """The one before-sign handler of an emitter; PyIceberg's re-registrations swap what it calls."""

    def __init__(self) -> None:
        self.current = None

    def __call__(self, request, **kwargs):
        return self.current(request, **kwargs)


@pytest.fixture(scope="module", autouse=True)
def gap_free_signer_registration():
    """Works around a PyIceberg 0.12 client race, apache/iceberg-python#3896 (not a server issue).

    `_s3()` runs once per thread and FileIO (FsspecFileIO.get_fs is cached per thread), while
    fsspec shares ONE S3FileSystem (one aiobotocore client) per process; each call does
    `events.unregister(before-sign)` then `events.register_last(signer)`. An S3 request another
    thread serialises in between has no signer, goes out unsigned (signature_version=UNSIGNED) and
    MinIO answers 403/AccessDenied: the run fails at random. Here the unregister is skipped and the
    re-registration swaps the handler in one step. The semantics stay PyIceberg's (the signer
    registered last signs every request of the shared client), which is what the catalog-level
    signer endpoint must cope with."""
    from botocore.hooks import HierarchicalEmitter

    orig_unregister, orig_register_last = HierarchicalEmitter.unregister, HierarchicalEmitter.register_last

    def is_signer(event_name, unique_id) -> bool:
        return unique_id == _PYICEBERG_SIGNER_ID and event_name.startswith("before-sign.")

    def unregister(self, event_name, handler=None, unique_id=None, unique_id_uses_count=False):
        if is_signer(event_name, unique_id) and isinstance(getattr(self, "_pangolin_signer_slot", None), _SignerSlot):
            return None  # swapped by register_last below
        return orig_unregister(self, event_name, handler, unique_id, unique_id_uses_count)

    def register_last(self, event_name, handler, unique_id=None, unique_id_uses_count=False):
        if not is_signer(event_name, unique_id):
            return orig_register_last(self, event_name, handler, unique_id, unique_id_uses_count)
        slot = getattr(self, "_pangolin_signer_slot", None)
        if slot is None:
            slot = self._pangolin_signer_slot = _SignerSlot()
            slot.current = handler
            orig_unregister(self, event_name, unique_id=unique_id)
            return orig_register_last(self, event_name, slot, unique_id, unique_id_uses_count)
        slot.current = handler
        return None

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(HierarchicalEmitter, "unregister", unregister)
        mp.setattr(HierarchicalEmitter, "register_last", register_last)
        yield


def _object_url(props: dict[str, str], location: str) -> str:
    """The path-style URL of an s3:// location at the vended endpoint (as s3fs builds it)."""
    return f"{props['s3.endpoint'].rstrip('/')}/{s3_path(location)}"


def _sign(server, props: dict[str, str], method: str, uri: str) -> requests.Response:
    signer = f"{props['s3.signer.uri'].rstrip('/')}/{props['s3.signer.endpoint']}"
    body = {"method": method, "region": props.get("s3.region", "us-east-1"), "uri": uri, "headers": {}}
    return requests.post(signer, json=body, headers={"Authorization": f"Bearer {fetch_token(server)}"}, timeout=30)


def test_remote_signing_create_append_and_read_without_keys(s3_server, bucket):
    cat = s3_catalog(s3_server, bucket, "signed", {"type": "S3RemoteSigning"})
    t = round_trip(cat, ("signed_ns",))

    props = t.io.properties
    assert type(t.io).__name__ == "FsspecFileIO", type(t.io)
    assert props.get("s3.signer") == "S3V4RestSigner"
    assert props.get("s3.remote-signing-enabled") == "true"
    for secret in ("s3.access-key-id", "s3.secret-access-key", "s3.session-token", "client.access-key-id"):
        assert secret not in props, f"{secret} must not be vended with remote signing"
    assert S3_SECRET not in repr(props) and S3_ACCESS_KEY not in repr(props)

    # the data really is in MinIO, under the table's location (written through signed requests)
    files = admin_fs().get_file_info(pafs.FileSelector(s3_path(t.location()) + "/data", recursive=True))
    assert any(f.path.endswith(".parquet") for f in files), [f.path for f in files]

    # a second catalog object (fresh FileIO, fresh s3fs client) reads it back through the signer too
    fresh = make_catalog(s3_server, warehouse="signed", **{"header.X-Iceberg-Access-Delegation": "vended-credentials"})
    assert fresh.load_table(("signed_ns", "events")).scan().to_arrow().num_rows == 15


def _per_table_sign(server, props: dict[str, str], catalog: str, namespace: str, table: str, method: str, uri: str) -> requests.Response:
    signer = f"{props['s3.signer.uri'].rstrip('/')}/v1/{catalog}/namespaces/{namespace}/tables/{table}/sign"
    body = {"method": method, "region": props.get("s3.region", "us-east-1"), "uri": uri, "headers": {}}
    return requests.post(signer, json=body, headers={"Authorization": f"Bearer {fetch_token(server)}"}, timeout=30)


def _send(signed: dict) -> requests.Response:
    return requests.get(signed["uri"], headers={k: ", ".join(v) for k, v in signed["headers"].items()}, timeout=30)


def test_one_signer_per_catalog_finds_the_table_from_the_key(s3_server, bucket):
    cat = s3_catalog(s3_server, bucket, "signed_scope", {"type": "S3RemoteSigning"})
    a = round_trip(cat, ("scope_ns",), "table_a")
    b = round_trip(cat, ("scope_ns",), "table_b")
    props = a.io.properties
    assert props["s3.signer.endpoint"] == "v1/signed_scope/sign", props["s3.signer.endpoint"]
    assert b.io.properties["s3.signer.endpoint"] == props["s3.signer.endpoint"], "one signer endpoint per catalog"

    # inside table A, and inside table B, through the same endpoint: signed, and MinIO accepts both
    for t in (a, b):
        r = _sign(s3_server, props, "GET", _object_url(props, t.metadata_location))
        assert r.status_code == 200, r.text
        got = _send(r.json())
        assert got.status_code == 200, got.text
        assert b'"format-version"' in got.content
    # a listing below table B's location
    r = _sign(s3_server, props, "GET", f"{props['s3.endpoint'].rstrip('/')}/{bucket}?list-type=2&prefix={s3_path(b.location()).split('/', 1)[1]}/")
    assert r.status_code == 200, r.text
    assert _send(r.json()).status_code == 200

    # a sibling that is no table (table_a_copy), a key in no table, the whole bucket: 403 ForbiddenException
    base = a.location().rsplit("/", 1)[0]
    for uri in (
        _object_url(props, f"{base}/table_a_copy/metadata/x.json"),
        _object_url(props, f"{base}/nope/data/x.parquet"),
        _object_url(props, f"s3://{bucket}/elsewhere/x"),
        f"{props['s3.endpoint'].rstrip('/')}/{bucket}?list-type=2&prefix=",
    ):
        r = _sign(s3_server, props, "GET", uri)
        assert r.status_code == 403, f"{uri}: {r.text}"
        assert r.json()["error"]["type"] == "ForbiddenException"

    # the per-table endpoint still works, and still refuses the other table's files
    r = _per_table_sign(s3_server, props, "signed_scope", "scope_ns", "table_a", "GET", _object_url(props, a.metadata_location))
    assert r.status_code == 200, r.text
    r = _per_table_sign(s3_server, props, "signed_scope", "scope_ns", "table_a", "GET", _object_url(props, b.metadata_location))
    assert r.status_code == 403, r.text


def test_two_tables_alternately_in_one_process(s3_server, bucket):
    """PyIceberg's s3fs client is cached per kwargs and shared by every FileIO of the process;
    each FileIO registers its signer on it the first time it is used in a thread, and the signer
    registered last signs every request. With one endpoint per table, table A's requests made
    after table B's FileIO registered would go to B's signer and be refused; with the catalog's
    one endpoint, writes and reads of two tables, interleaved, all go through."""
    cat = s3_catalog(s3_server, bucket, "signed_alt", {"type": "S3RemoteSigning"})
    cat.create_namespace_if_not_exists(("alt_ns",))
    names = ("first", "second")
    held = {n: cat.create_table(("alt_ns", n), SCHEMA) for n in names}  # used throughout: FileIOs registered once
    expected: dict[str, list[pa.Table]] = {n: [] for n in names}

    def check(t, n: str) -> None:
        assert sorted_rows(t.scan().to_arrow()) == sorted_rows(pa.concat_tables(expected[n])), n

    for i in range(3):
        for n in names:
            batch = rows(range(i * 10, i * 10 + 5))
            held[n].append(batch)  # A, then B, then A again through A's FileIO registered before B's
            expected[n].append(batch)
        for n in names:
            check(held[n], n)
        for n in reversed(names):
            check(cat.load_table(("alt_ns", n)), n)  # a fresh FileIO registers its signer last
        # and the held tables still work after the fresh ones registered
        check(held[names[0]], names[0])

    for n in names:
        t = cat.load_table(("alt_ns", n))
        assert len(t.snapshots()) == 3
        files = admin_fs().get_file_info(pafs.FileSelector(s3_path(t.location()) + "/data", recursive=True))
        assert sum(f.path.endswith(".parquet") for f in files) == 3, [f.path for f in files]
