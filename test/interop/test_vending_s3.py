"""PyIceberg on an s3:// warehouse (MinIO) with NO storage keys of its own: the catalog vends
them (`X-Iceberg-Access-Delegation: vended-credentials`).

- AwsStatic: the warehouse's keys are handed out; create, append with pyarrow, read back.
- AwsSts: temporary keys from MinIO's STS, scoped to the table's prefix: the same round
  trip works, and table A's vended keys are denied (by MinIO) on table B's files.

Needs PANGOLIN_TEST_S3_ENDPOINT (scripts/start-minio.sh prints it; CI sets it); skipped
with the reason otherwise. The helpers here are shared with test_remote_signing.py.
"""

from __future__ import annotations

import os
import urllib.parse
import uuid
from typing import Iterator

import pyarrow as pa
import pyarrow.fs as pafs
import pytest
import requests

from pangolin_server import ServerProcess, make_catalog
from sample_data import SCHEMA, rows, sorted_rows

S3_ENDPOINT = (os.environ.get("PANGOLIN_TEST_S3_ENDPOINT") or "").rstrip("/")
S3_ACCESS_KEY = os.environ.get("PANGOLIN_TEST_S3_ACCESS_KEY_ID", "pangolin-test")
S3_SECRET = os.environ.get("PANGOLIN_TEST_S3_SECRET_ACCESS_KEY", "pangolin-test-secret")
SKIP_REASON = "PANGOLIN_TEST_S3_ENDPOINT is not set (start MinIO with scripts/start-minio.sh and set it to the printed URL)"
ROOT_USER, ROOT_PASSWORD = "interop-root", "vending-" + uuid.uuid4().hex
# MinIO does not check the role for AssumeRole (the calling user's policy, intersected with
# the session policy, applies); on AWS this would be a role the warehouse keys may assume.
STS_ROLE = "arn:aws:iam::000000000000:role/pangolin-interop"

requires_s3 = pytest.mark.skipif(not S3_ENDPOINT, reason=SKIP_REASON)
pytestmark = requires_s3


# ---- shared helpers (also used by test_remote_signing.py) ------------------------------------

def storage_config() -> dict[str, str]:
    return {"s3.endpoint": S3_ENDPOINT, "s3.access-key-id": S3_ACCESS_KEY, "s3.secret-access-key": S3_SECRET, "s3.region": "us-east-1"}


def admin_fs() -> pafs.S3FileSystem:
    """The test's own (root) view of MinIO, for setup and for checking what clients wrote."""
    u = urllib.parse.urlparse(S3_ENDPOINT)
    return pafs.S3FileSystem(access_key=S3_ACCESS_KEY, secret_key=S3_SECRET, endpoint_override=u.netloc, scheme=u.scheme, region="us-east-1", allow_bucket_creation=True, allow_bucket_deletion=True)


def keys_fs(props: dict[str, str]) -> pafs.S3FileSystem:
    """An S3 filesystem from vended FileIO properties only."""
    u = urllib.parse.urlparse(props["s3.endpoint"])
    return pafs.S3FileSystem(
        access_key=props["s3.access-key-id"], secret_key=props["s3.secret-access-key"], session_token=props.get("s3.session-token"),
        endpoint_override=u.netloc, scheme=u.scheme, region=props.get("s3.region", "us-east-1"),
    )


@pytest.fixture(autouse=True)
def no_client_keys(no_client_aws_keys):
    """The client has no S3 credentials of its own: no AWS_* variables, no config files, no IMDS."""


@pytest.fixture(scope="module")
def s3_server() -> Iterator[ServerProcess]:
    """A server of the run's store with the root account on (the admin API needs it)."""
    s = ServerProcess(env={"PANGOLIN_ROOT_USER": ROOT_USER, "PANGOLIN_ROOT_PASSWORD": ROOT_PASSWORD})
    try:
        s.start()
    except Exception as e:
        s.cleanup()
        pytest.fail(f"could not start the Pangolin server: {e}", pytrace=False)
    yield s
    s.cleanup()


@pytest.fixture(scope="module")
def bucket() -> Iterator[str]:
    name = f"pangolin-interop-{uuid.uuid4().hex[:8]}"
    fs = admin_fs()
    fs.create_dir(name)
    yield name
    try:
        fs.delete_dir(name)
    except Exception:
        pass


def admin_post(server: ServerProcess, path: str, body: dict) -> dict:
    r = requests.post(f"{server.url}/api/v1{path}", json=body, auth=(ROOT_USER, ROOT_PASSWORD), timeout=30)
    assert r.status_code in (200, 201), f"POST /api/v1{path} -> {r.status_code} {r.text}\n{server.logs(tail=3000)}"
    return r.json() if r.content else {}


def s3_catalog(server: ServerProcess, bucket: str, name: str, strategy: dict | None, client_config: dict | None = None):
    """Creates warehouse + catalog `name` on s3://bucket/name and returns a PyIceberg catalog
    for it that holds no storage keys (only the catalog credential)."""
    admin_post(
        server,
        "/warehouses",
        {"name": f"wh-{name}", "location": f"s3://{bucket}/{name}", "storage_config": storage_config(), **({"client_config": client_config} if client_config else {}), **({"vending_strategy": strategy} if strategy else {})},
    )
    admin_post(server, "/catalogs", {"name": name, "warehouse": f"wh-{name}"})
    cat = make_catalog(server, warehouse=name, **{"header.X-Iceberg-Access-Delegation": "vended-credentials"})
    assert not any(k.startswith(("s3.", "client.")) for k in cat.properties), cat.properties
    return cat


def round_trip(cat, namespace: tuple[str, ...], name: str = "events"):
    """Create a table, append twice with pyarrow, read back; returns the table."""
    cat.create_namespace_if_not_exists(namespace)
    t = cat.create_table((*namespace, name), SCHEMA)
    d1, d2 = rows(range(10)), rows(range(10, 15))
    t.append(d1)
    t.append(d2)
    loaded = cat.load_table((*namespace, name))
    assert loaded.metadata_location.startswith("s3://"), loaded.metadata_location
    assert sorted_rows(loaded.scan().to_arrow()) == sorted_rows(pa.concat_tables([d1, d2]))
    assert len(loaded.snapshots()) == 2
    return loaded


def s3_path(location: str) -> str:
    """s3://bucket/key -> bucket/key (pyarrow's S3 paths)."""
    return location.split("://", 1)[1]


# ---- tests -------------------------------------------------------------------------------

def test_static_vended_keys_create_append_and_read(s3_server, bucket):
    cat = s3_catalog(s3_server, bucket, "vend_static", {"type": "AwsStatic"})
    t = round_trip(cat, ("static_ns",))
    props = t.io.properties
    assert props["s3.access-key-id"] == S3_ACCESS_KEY
    assert props["s3.endpoint"] == S3_ENDPOINT
    # the data really is in MinIO, under the table's location
    files = admin_fs().get_file_info(pafs.FileSelector(s3_path(t.location()) + "/data", recursive=True))
    assert any(f.path.endswith(".parquet") for f in files), [f.path for f in files]


def test_sts_vended_keys_are_temporary_and_scoped_to_the_table(s3_server, bucket):
    client_endpoint = S3_ENDPOINT.replace("127.0.0.1", "localhost")
    cat = s3_catalog(s3_server, bucket, "vend_sts", {"type": "AwsSts", "role_arn": STS_ROLE, "duration_seconds": 900}, client_config={"s3.endpoint": client_endpoint})
    a = round_trip(cat, ("sts_ns",), "table_a")
    b = round_trip(cat, ("sts_ns",), "table_b")

    pa_props, pb_props = a.io.properties, b.io.properties
    # temporary keys: not the warehouse's, with a session token and its expiry
    assert pa_props["s3.access-key-id"] != S3_ACCESS_KEY
    assert pa_props["s3.secret-access-key"] != S3_SECRET
    assert pa_props.get("s3.session-token")
    assert int(pa_props["s3.session-token-expires-at-ms"]) > 0
    # the client_config endpoint is what the client was told to use
    assert pa_props["s3.endpoint"] == client_endpoint

    # table A's keys read A's metadata but MinIO denies them B's files and a bucket listing
    fs_a = keys_fs(pa_props)
    with fs_a.open_input_stream(s3_path(a.metadata_location)) as f:
        assert b'"format-version"' in f.read()
    with pytest.raises(OSError, match=r"(?i)access ?denied|ACCESS_DENIED|403"):
        with fs_a.open_input_stream(s3_path(b.metadata_location)) as f:
            f.read()
    with pytest.raises(OSError, match=r"(?i)access ?denied|ACCESS_DENIED|403"):
        with fs_a.open_output_stream(s3_path(b.location()) + "/data/intruder.parquet") as f:
            f.write(b"nope")
    with pytest.raises(OSError, match=r"(?i)access ?denied|ACCESS_DENIED|403"):
        fs_a.get_file_info(pafs.FileSelector(f"{bucket}/vend_sts", recursive=True))
    assert not admin_fs().get_file_info(s3_path(b.location()) + "/data/intruder.parquet").is_file
    # and B's own keys still work for B
    with keys_fs(pb_props).open_input_stream(s3_path(b.metadata_location)) as f:
        assert f.read()
