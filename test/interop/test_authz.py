"""PyIceberg as a service user: allowed where its role holds grants, 403 where not.

A root-configured server; root (Basic) creates two service users through the admin API,
a role with every privilege on namespace `granted` for one, read on one table for the
other. Each then works through PyIceberg with `credential=<client_id>:<client_secret>`.
"""

from __future__ import annotations

import uuid
import warnings

import pyarrow as pa
import pytest
import requests
from pyiceberg.catalog import load_catalog
from pyiceberg.exceptions import ForbiddenError, NoSuchTableError

from pangolin_server import CATALOG_NAME, ServerProcess
from sample_data import SCHEMA, rows


def sample_table() -> pa.Table:
    return rows(range(5))

ROOT = ("authz-root", "authz-" + uuid.uuid4().hex)


@pytest.fixture(scope="module")
def world():
    s = ServerProcess(env={"PANGOLIN_ROOT_USER": ROOT[0], "PANGOLIN_ROOT_PASSWORD": ROOT[1]}).start()
    api = requests.Session()
    api.auth = ROOT

    def call(method: str, path: str, body=None, ok=(200, 201, 204)):
        r = api.request(method, f"{s.url}/api/v1{path}", json=body, timeout=30)
        assert r.status_code in ok, f"{method} {path} -> {r.status_code} {r.text}"
        return r.json() if r.content else None

    admin = s.catalog()  # the data dir's own service user: a tenant admin
    admin.create_namespace("granted")
    admin.create_namespace("private")
    secret_table = admin.create_table("private.numbers", schema=SCHEMA)
    secret_table.append(sample_table())
    admin.create_table("private.open_to_reader", schema=SCHEMA).append(sample_table())

    etl = call("POST", "/service-users", {"name": "etl", "role": "tenant-user"})
    reader = call("POST", "/service-users", {"name": "reader", "role": "tenant-user"})
    call("POST", "/roles", {"name": "etl-role", "description": "writes the granted namespace"})
    call("POST", "/roles/etl-role/grants", {"scope": {"catalog": CATALOG_NAME, "namespace": ["granted"]}, "privileges": ["read", "write", "create", "drop"]})
    call("PUT", f"/roles/etl-role/members/service-user/{etl['client_id']}")
    call("POST", "/roles", {"name": "read-one", "description": ""})
    call("POST", "/roles/read-one/grants", {"scope": {"catalog": CATALOG_NAME, "namespace": ["private"], "table": "open_to_reader"}, "privileges": ["read"]})
    call("PUT", f"/roles/read-one/members/service-user/{reader['client_id']}")
    yield s, etl, reader
    s.stop()
    s.cleanup()


def catalog_for(server: ServerProcess, svc: dict):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return load_catalog(f"svc-{svc['client_id']}", type="rest", uri=server.url, warehouse=CATALOG_NAME, credential=f"{svc['client_id']}:{svc['client_secret']}")


def test_service_user_works_inside_its_grant(world):
    server, etl, _ = world
    cat = catalog_for(server, etl)
    assert ("granted",) in cat.list_namespaces()
    t = cat.create_table("granted.events", schema=SCHEMA)
    t.append(sample_table())
    t.append(sample_table())
    assert cat.load_table("granted.events").scan().to_arrow().num_rows == 2 * sample_table().num_rows
    assert ("granted", "events") in cat.list_tables("granted")
    cat.drop_table("granted.events")
    with pytest.raises(NoSuchTableError):
        cat.load_table("granted.events")


def test_service_user_is_refused_outside_its_grant(world):
    server, etl, _ = world
    cat = catalog_for(server, etl)
    # The namespace it holds nothing in is not listed, and every use of it is a 403.
    assert ("private",) not in cat.list_namespaces()
    with pytest.raises(ForbiddenError, match='lacks the "read" privilege on table private.numbers'):
        cat.load_table("private.numbers")
    with pytest.raises(ForbiddenError, match='"create" privilege'):
        cat.create_table("private.sneaky", schema=SCHEMA)
    with pytest.raises(ForbiddenError, match='"create" privilege on catalog'):
        cat.create_namespace(f"top_{uuid.uuid4().hex[:6]}")
    with pytest.raises(ForbiddenError):
        cat.drop_table("private.numbers")
    # Nothing changed: the admin still sees the table with its rows.
    assert server.catalog().load_table("private.numbers").scan().to_arrow().num_rows == sample_table().num_rows


def test_read_grant_reads_but_cannot_write(world):
    server, _, reader = world
    cat = catalog_for(server, reader)
    t = cat.load_table("private.open_to_reader")
    assert t.scan().to_arrow().num_rows == sample_table().num_rows
    with pytest.raises(ForbiddenError, match='"write" privilege'):
        t.append(sample_table())
    assert cat.list_tables("private") == [("private", "open_to_reader")]
    with pytest.raises(ForbiddenError):
        cat.load_table("private.numbers")
    assert server.catalog().load_table("private.open_to_reader").scan().to_arrow().num_rows == sample_table().num_rows


def test_wrong_secret_and_disabled_service_user_are_refused(world):
    server, etl, _ = world
    bad = dict(etl, client_secret="not-the-secret")
    with pytest.raises(Exception, match="401|invalid_client|Unauthorized"):
        catalog_for(server, bad).list_namespaces()
    r = requests.patch(f"{server.url}/api/v1/service-users/{etl['client_id']}", json={"disabled": True}, auth=ROOT, timeout=30)
    assert r.status_code == 200, r.text
    try:
        with pytest.raises(Exception, match="401|invalid_client|Unauthorized|disabled"):
            catalog_for(server, etl).list_namespaces()
    finally:
        requests.patch(f"{server.url}/api/v1/service-users/{etl['client_id']}", json={"disabled": False}, auth=ROOT, timeout=30)
