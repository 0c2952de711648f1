"""PyIceberg on an Azure (abfs://) warehouse, with nothing but vended credentials.

The warehouse lives on Azurite (scripts/start-azurite.sh; PANGOLIN_TEST_AZURE_ENDPOINT is
its blob endpoint, e.g. http://127.0.0.1:10000/devstoreaccount1). The catalog server holds
the account key; PyIceberg gets no key of its own, asks for
`X-Iceberg-Access-Delegation: vended-credentials`, and reads and writes the table's files
with the SAS the server vends (AzureSas strategy). Azurite has no hierarchical namespace,
so no directory SAS: the warehouse opts into the container-scoped SAS (`scope: container`,
see src/server/vending/azure-sas.ts) and has a container of its own.

PyIceberg 0.12 reaches abfs:// through FsspecFileIO + adlfs (test/interop/requirements.txt):
its PyArrowFileIO cannot open `container@account` locations.
"""

from __future__ import annotations

import os
import uuid

import pyarrow as pa
import pytest
import requests

from pangolin_server import ServerProcess

ENDPOINT = (os.environ.get("PANGOLIN_TEST_AZURE_ENDPOINT") or "").rstrip("/")
ACCOUNT = os.environ.get("PANGOLIN_TEST_AZURE_ACCOUNT", "devstoreaccount1")
# Azurite's well-known development key (published in Azurite's README).
KEY = os.environ.get(
    "PANGOLIN_TEST_AZURE_KEY",
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
)
ROOT_USER = "azure-root"
ROOT_PASSWORD = "vending-" + uuid.uuid4().hex

pytestmark = pytest.mark.skipif(
    not ENDPOINT,
    reason="PANGOLIN_TEST_AZURE_ENDPOINT is not set (start Azurite with scripts/start-azurite.sh and set it to the printed URL)",
)


@pytest.fixture(scope="module")
def azure_server():
    s = ServerProcess(env={"PANGOLIN_ROOT_USER": ROOT_USER, "PANGOLIN_ROOT_PASSWORD": ROOT_PASSWORD})
    try:
        s.start()
    except Exception as e:
        s.cleanup()
        pytest.fail(f"could not start the Pangolin server: {e}", pytrace=False)
    yield s
    s.cleanup()


@pytest.fixture(scope="module")
def container():
    from azure.storage.blob import BlobServiceClient

    service = BlobServiceClient(account_url=ENDPOINT, credential={"account_name": ACCOUNT, "account_key": KEY})
    name = f"pangolin-interop-{uuid.uuid4().hex[:10]}"
    client = service.get_container_client(name)
    client.create_container()
    yield client
    client.delete_container()


def _admin(server: ServerProcess, path: str, body: dict) -> requests.Response:
    return requests.post(f"{server.url}/api/v1{path}", json=body, auth=(ROOT_USER, ROOT_PASSWORD), timeout=30)


@pytest.fixture(scope="module")
def azure_catalog(azure_server, container):
    from pyiceberg.catalog import load_catalog

    suffix = uuid.uuid4().hex[:8]
    location = f"abfs://{container.container_name}@{ACCOUNT}.dfs.core.windows.net/warehouse"
    w = _admin(
        azure_server,
        "/warehouses",
        {
            "name": f"azure_wh_{suffix}",
            "location": location,
            "storage_config": {"adls.account-name": ACCOUNT, "adls.account-key": KEY, "adls.account-host": ENDPOINT},
            "vending_strategy": {"type": "AzureSas", "scope": "container", "duration_seconds": 900},
        },
    )
    if w.status_code == 404:
        pytest.skip(f"the admin API has no POST /api/v1/warehouses yet ({w.status_code})")
    assert w.status_code in (200, 201), f"POST /api/v1/warehouses -> {w.status_code} {w.text}"
    name = f"azure_cat_{suffix}"
    c = _admin(azure_server, "/catalogs", {"name": name, "warehouse": f"azure_wh_{suffix}"})
    assert c.status_code in (200, 201), f"POST /api/v1/catalogs -> {c.status_code} {c.text}"
    catalog = load_catalog(
        name,
        type="rest",
        uri=azure_server.url,
        warehouse=name,
        credential=f"{ROOT_USER}:{ROOT_PASSWORD}",
        **{"header.X-Iceberg-Access-Delegation": "vended-credentials"},
    )
    return catalog, location


def test_pyiceberg_creates_appends_and_reads_back_with_vended_sas(azure_catalog, container):
    catalog, location = azure_catalog
    secrets = ("adls.account-key", "adls.sas-token", "adls.connection-string", "adls.token")
    assert not any(k.startswith(secrets) for k in catalog.properties), "the client holds no Azure credentials of its own"
    ns = (f"ns_{uuid.uuid4().hex[:8]}",)
    catalog.create_namespace(ns)
    schema = pa.schema([pa.field("id", pa.int64(), nullable=False), pa.field("name", pa.string())])
    table = catalog.create_table((*ns, "events"), schema=schema)
    assert table.location().startswith(location + "/"), table.location()

    # The FileIO runs on the vended SAS only: never the account key.
    props = table.io.properties
    assert props.get("adls.sas-token"), sorted(props)
    assert "adls.account-key" not in props and KEY not in str(props)

    rows = pa.table({"id": pa.array([1, 2, 3], pa.int64()), "name": ["a", "b", "c"]}, schema=schema)
    table.append(rows)
    table.append(pa.table({"id": pa.array([4], pa.int64()), "name": ["d"]}, schema=schema))

    again = catalog.load_table((*ns, "events"))
    assert again.io.properties.get("adls.sas-token")
    got = again.scan().to_arrow().sort_by("id")
    assert got.column("id").to_pylist() == [1, 2, 3, 4]
    assert got.column("name").to_pylist() == ["a", "b", "c", "d"]
    assert len(again.history()) == 2

    # The files really are in the Azurite container, below the table's location.
    prefix = table.location().split(f"{ACCOUNT}.dfs.core.windows.net/", 1)[1] + "/"
    names = [b.name for b in container.list_blobs(name_starts_with=prefix)]
    assert any(n.endswith(".parquet") for n in names), names
    assert any(n.endswith(".metadata.json") for n in names), names
    assert any(n.endswith(".avro") for n in names), names
