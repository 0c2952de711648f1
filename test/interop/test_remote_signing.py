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
    each new FileIO re-registers its signer on it. With one endpoint per catalog that is harmless:
    writes and reads of two tables, interleaved, all go through the same signer."""
    cat = s3_catalog(s3_server, bucket, "signed_alt", {"type": "S3RemoteSigning"})
    cat.create_namespace_if_not_exists(("alt_ns",))
    names = ("first", "second")
    tables = {n: cat.create_table(("alt_ns", n), SCHEMA) for n in names}
    expected = {n: [] for n in names}
    for i in range(3):
        for n in names:
            # a fresh load each time: a fresh FileIO, which re-registers the signer on the shared client
            t = cat.load_table(("alt_ns", n)) if i else tables[n]
            batch = rows(range(i * 10, i * 10 + 5))
            t.append(batch)
            expected[n].append(batch)
        for n in reversed(names):
            got = cat.load_table(("alt_ns", n)).scan().to_arrow()
            assert sorted_rows(got) == sorted_rows(pa.concat_tables(expected[n])), n
    # the tables' own objects are where they should be (each under its own location)
    for n in names:
        t = cat.load_table(("alt_ns", n))
        assert len(t.snapshots()) == 3
        files = admin_fs().get_file_info(pafs.FileSelector(s3_path(t.location()) + "/data", recursive=True))
        assert sum(f.path.endswith(".parquet") for f in files) == 3, [f.path for f in files]
