"""The storage-connectivity guide, followed as a Pangolin 0.8 user would, with Pangolin-shaped
JSON only: root Basic (PANGOLIN_ROOT_USER=admin / PANGOLIN_ROOT_PASSWORD=password, dev mode),
a tenant, a tenant admin created by root, login, warehouse `test-warehouse` with the guide's
body, catalogs `cat_vended` (the warehouse, vended credentials) and `cat_client` (no
warehouse: the server writes with its AWS_* variables, the client brings its own keys), then
PyIceberg with `uri=<server>/v1/<catalog>` + `token`. Also the guide's "Debugging Workflow"
steps 1, 4 and 5 as HTTP assertions.

Runs on the store of the run (PANGOLIN_TEST_STORE; `npm test` runs the suite on all four)
with the guide's per-backend bucket (memory-bucket, sqlite-bucket, postgres-bucket,
mongo-bucket), created here. The guide's MinIO keys are minioadmin/minioadmin; a MinIO with
other root keys (scripts/start-minio.sh: PANGOLIN_TEST_S3_ACCESS_KEY_ID/_SECRET_ACCESS_KEY)
gets those in the same bodies. Needs PANGOLIN_TEST_S3_ENDPOINT.

Admin requests that use a Pangolin alias not on main yet fall back to our own shape so the
client flow still runs; the alias's own test is then xfail naming it.
"""

from __future__ import annotations

import os
import uuid
import warnings
from typing import Any, Iterator

import pyarrow as pa
import pytest
import requests

from pangolin_server import DEFAULT_STORE, ServerProcess

S3_ENDPOINT = (os.environ.get("PANGOLIN_TEST_S3_ENDPOINT") or "").rstrip("/")
ACCESS_KEY = os.environ.get("PANGOLIN_TEST_S3_ACCESS_KEY_ID", "pangolin-test")
SECRET_KEY = os.environ.get("PANGOLIN_TEST_S3_SECRET_ACCESS_KEY", "pangolin-test-secret")
BUCKETS = {"memory": "memory-bucket", "sqlite": "sqlite-bucket", "postgres": "postgres-bucket", "mongodb": "mongo-bucket"}
BUCKET = BUCKETS[DEFAULT_STORE]
# The tenant admin's password: the guide's "password123" is a well-known password, which
# this server refuses (the JSON shape is the guide's, the value is not).
ADMIN_PASSWORD = "tenant-admin-" + uuid.uuid4().hex[:12]

pytestmark = pytest.mark.skipif(not S3_ENDPOINT, reason="PANGOLIN_TEST_S3_ENDPOINT is not set (start MinIO with scripts/start-minio.sh)")


def guide_keys(body: Any) -> Any:
    """The guide's bodies name minioadmin/minioadmin; use the keys of the MinIO at hand."""
    if isinstance(body, dict):
        return {k: guide_keys(v) for k, v in body.items()}
    if body == "minioadmin@key":
        return ACCESS_KEY
    if body == "minioadmin@secret":
        return SECRET_KEY
    return body


# The guide's warehouse body ("Warehouse Configuration Format" + "Vending Strategy Configuration").
GUIDE_WAREHOUSE = {
    "name": "test-warehouse",
    "storage_config": {
        "type": "s3",
        "s3.bucket": BUCKET,
        "s3.region": "us-east-1",
        "s3.endpoint": S3_ENDPOINT,
        "s3.access-key-id": "minioadmin@key",
        "s3.secret-access-key": "minioadmin@secret",
    },
    "vending_strategy": {"AwsStatic": {"access_key_id": "minioadmin@key", "secret_access_key": "minioadmin@secret"}},
}


class Guide:
    """The server, the admin steps' results, and which aliases had to fall back."""

    def __init__(self, server: ServerProcess):
        self.server = server
        self.url = server.url
        self.missing: dict[str, str] = {}
        self.token = ""
        self.tenant_id = ""

    def call(self, method: str, path: str, *, body: Any = None, auth: Any = None, headers: dict | None = None) -> requests.Response:
        h = dict(headers or {})
        if auth is None and self.token:
            h["Authorization"] = f"Bearer {self.token}"
        return requests.request(method, self.url + path, json=body, auth=auth, headers=h, timeout=30)

    def pangolin(self, alias: str, method: str, path: str, body: Any, ours: Any, ours_headers: dict | None = None, **kw) -> requests.Response:
        """Sends the Pangolin shape; when it is refused (alias not there yet), our own shape."""
        r = self.call(method, path, body=body, **kw)
        if r.status_code < 400:
            return r
        self.missing[alias] = f"{r.status_code} {r.text[:300]}"
        if ours_headers is not None:
            kw["headers"] = ours_headers
        r = self.call(method, path, body=ours, **kw)
        assert r.status_code < 400, f"{alias}, our own shape too: {r.status_code} {r.text}"
        return r


@pytest.fixture(scope="module")
def guide() -> Iterator[Guide]:
    import pyarrow.fs as pafs
    import urllib.parse

    u = urllib.parse.urlparse(S3_ENDPOINT)
    fs = pafs.S3FileSystem(access_key=ACCESS_KEY, secret_key=SECRET_KEY, endpoint_override=u.netloc, scheme=u.scheme, region="us-east-1", allow_bucket_creation=True)
    try:
        fs.create_dir(BUCKET)  # the guide's "mc mb --ignore-existing"
    except OSError as e:
        if "already" not in str(e).lower():
            raise
    env = {
        "PANGOLIN_ROOT_USER": "admin",
        "PANGOLIN_ROOT_PASSWORD": "password",
        "PANGOLIN_DEV_MODE": "true",
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": S3_ENDPOINT,
        "S3_ENDPOINT": S3_ENDPOINT,
        # The guide's tenant keeps cat_client on the server's keys: an operator's opt-in.
        "PANGOLIN_SERVER_CREDENTIALS_TENANTS": "*",
    }
    s = ServerProcess(env=env)
    s.start()
    try:
        yield setup(Guide(s))
    finally:
        s.stop()
        s.cleanup()


def setup(g: Guide) -> Guide:
    root = ("admin", "password")
    # Debugging Workflow step 1: Basic auth as root.
    r = g.call("GET", "/api/v1/tenants", auth=root)
    assert r.status_code == 200, r.text

    tenant = f"acme_{uuid.uuid4().hex[:6]}"
    r = g.call("POST", "/api/v1/tenants", body={"name": tenant, "properties": {}}, auth=root)
    assert r.status_code == 201, r.text
    g.tenant_id = r.json()["id"]

    user = {"username": "tenant_admin", "email": "admin@acme.example", "password": ADMIN_PASSWORD, "tenant_id": g.tenant_id, "role": "tenant-admin"}
    ours = {"username": "tenant_admin", "email": "admin@acme.example", "password": ADMIN_PASSWORD, "role": "tenant-admin"}
    # Our own form names the tenant in X-Pangolin-Tenant (by name: by id is the alias's part).
    g.pangolin("user create with tenant_id", "POST", "/api/v1/users", user, ours, auth=root, ours_headers={"X-Pangolin-Tenant": tenant})

    login = g.pangolin(
        "login with tenant_id", "POST", "/api/v1/users/login",
        {"username": "tenant_admin", "password": ADMIN_PASSWORD, "tenant_id": g.tenant_id},
        {"username": "tenant_admin", "password": ADMIN_PASSWORD, "tenant": tenant},
    )
    g.token = login.json().get("token") or login.json()["access_token"]

    location = f"s3://{BUCKET}/test-warehouse"
    g.pangolin(
        "guide warehouse body", "POST", "/api/v1/warehouses", guide_keys(GUIDE_WAREHOUSE),
        guide_keys({"name": "test-warehouse", "location": location, "storage_config": {k: v for k, v in GUIDE_WAREHOUSE["storage_config"].items() if k != "type"}, "vending_strategy": {"type": "AwsStatic"}}),
    )
    g.pangolin(
        "catalog warehouse_name", "POST", "/api/v1/catalogs",
        {"name": "cat_vended", "catalog_type": "Local", "warehouse_name": "test-warehouse"},
        {"name": "cat_vended", "warehouse": "test-warehouse"},
    )
    g.pangolin(
        "catalog storage_location without a warehouse", "POST", "/api/v1/catalogs",
        {"name": "cat_client", "catalog_type": "Local", "storage_location": f"s3://{BUCKET}/cat_client"},
        {"name": "cat_client", "location": f"s3://{BUCKET}/cat_client"},
    )
    return g


def catalog_for(g: Guide, name: str, **extra: str):
    from pyiceberg.catalog import load_catalog

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_catalog(name, type="rest", uri=f"{g.url}/v1/{name}", token=g.token, **extra)


@pytest.fixture(autouse=True)
def no_client_keys(no_client_aws_keys):
    """The client has only the keys its catalog properties give it."""


CLIENT_KEYS = {"s3.endpoint": S3_ENDPOINT, "s3.access-key-id": ACCESS_KEY, "s3.secret-access-key": SECRET_KEY, "s3.region": "us-east-1"}


@pytest.mark.parametrize("catalog_name", ["cat_vended", "cat_client"])
def test_pyiceberg_flow(guide: Guide, catalog_name: str):
    from pyiceberg.partitioning import PartitionField, PartitionSpec
    from pyiceberg.schema import Schema
    from pyiceberg.table.sorting import SortField, SortOrder
    from pyiceberg.transforms import IdentityTransform
    from pyiceberg.types import LongType, NestedField, StringType

    extra = CLIENT_KEYS if catalog_name == "cat_client" else {}
    cat = catalog_for(guide, catalog_name, **extra)
    ns = f"ns_{uuid.uuid4().hex[:6]}"
    cat.create_namespace(ns)
    assert (ns,) in cat.list_namespaces()

    schema = Schema(NestedField(1, "id", LongType(), required=True), NestedField(2, "region", StringType(), required=False))
    order = SortOrder(SortField(source_id=1, transform=IdentityTransform()))
    t = cat.create_table(f"{ns}.events", schema=schema, sort_order=order)
    assert t.metadata_location.startswith(f"s3://{BUCKET}/"), t.metadata_location
    if catalog_name == "cat_client":
        assert t.metadata_location.startswith(f"s3://{BUCKET}/cat_client/"), t.metadata_location
        assert "s3.secret-access-key" not in t.io.properties or t.io.properties["s3.secret-access-key"] == SECRET_KEY
    arrow_schema = pa.schema([pa.field("id", pa.int64(), nullable=False), pa.field("region", pa.string())])
    t.append(pa.Table.from_pylist([{"id": 1, "region": "eu"}, {"id": 2, "region": "us"}], schema=arrow_schema))
    t.append(pa.Table.from_pylist([{"id": 3, "region": "eu"}], schema=arrow_schema))
    t = cat.load_table(f"{ns}.events")
    assert sorted(t.scan().to_arrow().column("id").to_pylist()) == [1, 2, 3]
    assert len(t.snapshots()) == 2
    assert t.sort_order().fields[0].source_id == 1

    with t.update_schema() as u:
        u.add_column("note", StringType())
    t = cat.load_table(f"{ns}.events")
    assert [f.name for f in t.schema().fields] == ["id", "region", "note"]

    spec = PartitionSpec(PartitionField(source_id=2, field_id=1000, transform=IdentityTransform(), name="region"))
    p = cat.create_table(f"{ns}.by_region", schema=schema, partition_spec=spec)
    p.append(pa.Table.from_pylist([{"id": i, "region": r} for i, r in [(1, "eu"), (2, "us"), (3, "eu"), (4, "ap")]], schema=arrow_schema))
    eu = p.scan(row_filter="region == 'eu'").to_arrow()
    assert sorted(eu.column("id").to_pylist()) == [1, 3]
    assert len(p.inspect.files()) == 3  # one file per region


def test_debug_step_4_warehouse_keys(guide: Guide):
    """Step 4: the stored storage_config uses s3.access-key-id, not access_key_id (secrets redacted)."""
    r = guide.call("GET", "/api/v1/warehouses/test-warehouse")
    assert r.status_code == 200, r.text
    cfg = r.json()["storage_config"]
    assert "s3.access-key-id" in cfg and "s3.secret-access-key" in cfg
    assert "access_key_id" not in cfg and "secret_access_key" not in cfg
    assert SECRET_KEY not in r.text


def test_debug_step_5_vending_defaults(guide: Guide):
    """Step 5: GET /v1/cat_vended/v1/config names X-Iceberg-Access-Delegation in defaults."""
    r = guide.call("GET", "/v1/cat_vended/v1/config")
    assert r.status_code == 200, r.text
    assert r.json()["defaults"].get("header.X-Iceberg-Access-Delegation") == "vended-credentials"
    assert r.json()["overrides"]["prefix"] == "cat_vended"
    client = guide.call("GET", "/v1/cat_client/v1/config")
    assert client.json()["defaults"] == {}, "a catalog without a warehouse vends nothing"


@pytest.mark.parametrize("alias", ["user create with tenant_id", "login with tenant_id", "guide warehouse body", "catalog warehouse_name", "catalog storage_location without a warehouse"])
def test_pangolin_shape_accepted(guide: Guide, alias: str):
    if alias in guide.missing:
        pytest.xfail(f"Pangolin alias not on main yet (admin-API part of issue 16): {alias}: {guide.missing[alias]}")
