"""PyIceberg on an s3:// warehouse (MinIO) through S3 remote signing: the client holds NO
storage keys; the table config points it at the catalog's signer
(POST …/tables/{table}/sign), which signs each S3 request with the warehouse's keys after
checking it stays inside the table. PyIceberg signs only through FsspecFileIO (s3fs), which
the vended config selects (`py-io-impl`).

Needs PANGOLIN_TEST_S3_ENDPOINT (scripts/start-minio.sh prints it; CI sets it); skipped
with the reason otherwise.
"""

from __future__ import annotations

import pyarrow.fs as pafs
import pytest
import requests

from pangolin_server import fetch_token, make_catalog
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


def test_signer_signs_inside_the_table_and_refuses_other_tables(s3_server, bucket):
    cat = s3_catalog(s3_server, bucket, "signed_scope", {"type": "S3RemoteSigning"})
    a = round_trip(cat, ("scope_ns",), "table_a")
    b = round_trip(cat, ("scope_ns",), "table_b")
    props = a.io.properties
    assert props["s3.signer.endpoint"] != b.io.properties["s3.signer.endpoint"], "one signer endpoint per table"

    # inside table A: signed, and MinIO accepts the signed request
    inside = _object_url(props, a.metadata_location)
    r = _sign(s3_server, props, "GET", inside)
    assert r.status_code == 200, r.text
    signed = r.json()
    got = requests.get(signed["uri"], headers={k: ", ".join(v) for k, v in signed["headers"].items()}, timeout=30)
    assert got.status_code == 200, got.text
    assert b'"format-version"' in got.content

    # table B's files through table A's signer: 403 ForbiddenException
    outside = _object_url(props, b.metadata_location)
    r = _sign(s3_server, props, "GET", outside)
    assert r.status_code == 403, r.text
    assert r.json()["error"]["type"] == "ForbiddenException"
    # listing the whole bucket: refused too
    r = _sign(s3_server, props, "GET", f"{props['s3.endpoint'].rstrip('/')}/{bucket}?list-type=2&prefix=")
    assert r.status_code == 403, r.text
