"""Raw-HTTP error model and edge cases of the REST API (what clients branch on)."""

from __future__ import annotations

import uuid

import pytest
import requests

from pangolin_server import make_catalog

SIMPLE_SCHEMA = {
    "type": "struct",
    "schema-id": 0,
    "fields": [
        {"id": 1, "name": "id", "type": "long", "required": False},
        {"id": 2, "name": "data", "type": "string", "required": False},
    ],
}


def assert_error(r: requests.Response, code: int, type_: str | tuple[str, ...] | None = None) -> dict:
    assert r.status_code == code, f"expected {code}, got {r.status_code}: {r.text}"
    assert "json" in r.headers.get("Content-Type", ""), r.headers
    body = r.json()
    assert set(body) == {"error"}, body
    err = body["error"]
    assert set(err) <= {"message", "type", "code", "stack"}, err
    assert isinstance(err.get("message"), str) and err["message"], err
    assert isinstance(err.get("type"), str) and err["type"], err
    assert err.get("code") == code, err
    if type_ is not None:
        allowed = (type_,) if isinstance(type_, str) else type_
        assert err["type"] in allowed, err
    return err


@pytest.fixture
def raw_ns(rest, unique):
    name = [f"raw_{unique}"]
    r = rest.request("POST", "/namespaces", json_body={"namespace": name, "properties": {}})
    assert r.status_code == 200, r.text
    return name


@pytest.fixture
def raw_table(rest, raw_ns):
    r = rest.request("POST", f"/namespaces/{rest.ns_path(raw_ns)}/tables", json_body={"name": "t", "schema": SIMPLE_SCHEMA})
    assert r.status_code == 200, f"create table -> {r.status_code} {r.text}"
    body = r.json()
    assert body["metadata-location"] and body["metadata"]["table-uuid"]
    return {"ns": raw_ns, "url": rest.table_url(raw_ns, "t"), "created": body}


def load(rest, url) -> dict:
    r = rest.request("GET", url)
    assert r.status_code == 200, r.text
    return r.json()


def test_malformed_json_body_is_400(rest, raw_ns, raw_table):
    for path in ("/namespaces", f"/namespaces/{rest.ns_path(raw_ns)}/tables", raw_table["url"]):
        r = rest.request("POST", path, data='{"namespace": ["x"', headers={"Content-Type": "application/json"})
        assert_error(r, 400)
    # valid JSON, wrong shape
    r = rest.request("POST", "/namespaces", json_body={"namespace": "not-an-array"})
    assert_error(r, 400)
    r = rest.request("POST", f"/namespaces/{rest.ns_path(raw_ns)}/tables", json_body={"name": "nope"})
    assert_error(r, 400)
    assert rest.request("HEAD", f"{rest.base}/namespaces/{rest.ns_path(raw_ns)}/tables/nope").status_code == 404


def test_unknown_update_action_is_400_and_table_unchanged(rest, raw_table):
    before = load(rest, raw_table["url"])
    r = rest.request(
        "POST",
        raw_table["url"],
        json_body={"requirements": [], "updates": [{"action": "set-properties", "updates": {"x": "1"}}, {"action": "frobnicate", "value": 1}]},
    )
    assert_error(r, 400)
    r = rest.request(
        "POST",
        raw_table["url"],
        json_body={"requirements": [{"type": "assert-something-new"}], "updates": [{"action": "set-properties", "updates": {"y": "1"}}]},
    )
    assert_error(r, 400)
    after = load(rest, raw_table["url"])
    assert after["metadata-location"] == before["metadata-location"]
    assert after["metadata"] == before["metadata"]
    assert "x" not in after["metadata"].get("properties", {}) and "y" not in after["metadata"].get("properties", {})


def test_failed_requirement_is_409_commit_failed(rest, raw_table):
    before = load(rest, raw_table["url"])
    meta = before["metadata"]
    bad_requirements = [
        {"type": "assert-table-uuid", "uuid": str(uuid.uuid4())},
        {"type": "assert-ref-snapshot-id", "ref": "main", "snapshot-id": 123456789},
        {"type": "assert-current-schema-id", "current-schema-id": meta["current-schema-id"] + 7},
        {"type": "assert-last-assigned-field-id", "last-assigned-field-id": meta["last-column-id"] + 1},
        {"type": "assert-default-spec-id", "default-spec-id": meta["default-spec-id"] + 1},
        {"type": "assert-create"},
    ]
    for req in bad_requirements:
        r = rest.request("POST", raw_table["url"], json_body={"requirements": [req], "updates": [{"action": "set-properties", "updates": {"z": "1"}}]})
        err = assert_error(r, 409, "CommitFailedException")
        assert err["message"], req
    after = load(rest, raw_table["url"])
    assert after["metadata-location"] == before["metadata-location"]
    assert "z" not in after["metadata"].get("properties", {})

    # the same update with correct requirements succeeds (so the 409s were about the requirements)
    good = [
        {"type": "assert-table-uuid", "uuid": meta["table-uuid"]},
        {"type": "assert-ref-snapshot-id", "ref": "main", "snapshot-id": None},
        {"type": "assert-current-schema-id", "current-schema-id": meta["current-schema-id"]},
    ]
    r = rest.request("POST", raw_table["url"], json_body={"requirements": good, "updates": [{"action": "set-properties", "updates": {"z": "1"}}]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["metadata"]["properties"]["z"] == "1"
    assert body["metadata-location"] != before["metadata-location"]
    assert load(rest, raw_table["url"])["metadata-location"] == body["metadata-location"]


def test_commit_to_missing_table_is_404(rest, raw_ns):
    r = rest.request("POST", rest.table_url(raw_ns, "missing"), json_body={"requirements": [], "updates": []})
    assert_error(r, 404, "NoSuchTableException")
    r = rest.request("GET", rest.table_url(raw_ns, "missing"))
    assert_error(r, 404, "NoSuchTableException")
    r = rest.request("DELETE", rest.table_url(raw_ns, "missing"))
    assert_error(r, 404, "NoSuchTableException")


def test_no_or_bad_token_is_401(server, rest):
    for path in (f"{server.url}/v1/config?warehouse=local", f"{rest.base}/namespaces"):
        r = requests.get(path, timeout=30)
        assert_error(r, 401)
        r = requests.get(path, headers={"Authorization": "Bearer not-a-real-token"}, timeout=30)
        assert_error(r, 401)
    r = requests.post(f"{rest.base}/namespaces", json={"namespace": [f"unauth_{uuid.uuid4().hex[:8]}"]}, timeout=30)
    assert_error(r, 401)
    # and nothing was created
    listed = rest.request("GET", "/namespaces").json()["namespaces"]
    assert not any(n[0].startswith("unauth_") for n in listed)

    creds = server.credentials
    r = requests.post(
        f"{server.url}/v1/oauth/tokens",
        data={"grant_type": "client_credentials", "client_id": creds["client_id"], "client_secret": "wrong", "scope": "catalog"},
        timeout=30,
    )
    assert r.status_code in (400, 401), r.text
    assert r.json().get("error") == "invalid_client", r.text


def test_missing_namespace_is_404_no_such_namespace(rest, unique):
    missing = rest.ns_path([f"missing_{unique}"])
    assert_error(rest.request("GET", f"/namespaces/{missing}"), 404, "NoSuchNamespaceException")
    assert_error(rest.request("GET", f"/namespaces/{missing}/tables"), 404, "NoSuchNamespaceException")
    assert_error(rest.request("DELETE", f"/namespaces/{missing}"), 404, "NoSuchNamespaceException")
    assert_error(
        rest.request("POST", f"/namespaces/{missing}/properties", json_body={"removals": [], "updates": {"a": "b"}}),
        404,
        "NoSuchNamespaceException",
    )
    assert_error(
        rest.request("POST", f"/namespaces/{missing}/tables", json_body={"name": "t", "schema": SIMPLE_SCHEMA}),
        404,
        "NoSuchNamespaceException",
    )
    assert rest.request("HEAD", f"/namespaces/{missing}").status_code == 404
    assert_error(rest.request("GET", "/namespaces", params={"parent": missing}), 404, "NoSuchNamespaceException")


def test_duplicate_namespace_and_table_are_409(rest, raw_table):
    ns = raw_table["ns"]
    assert_error(rest.request("POST", "/namespaces", json_body={"namespace": ns}), 409, "AlreadyExistsException")
    assert_error(
        rest.request("POST", f"/namespaces/{rest.ns_path(ns)}/tables", json_body={"name": "t", "schema": SIMPLE_SCHEMA}),
        409,
        "AlreadyExistsException",
    )
    assert_error(rest.request("DELETE", f"/namespaces/{rest.ns_path(ns)}"), 409, "NamespaceNotEmptyException")


def test_separator_encoded_multilevel_namespace(rest, catalog, unique):
    parent = [f"lvl_{unique}"]
    child = [f"lvl_{unique}", "b"]
    assert rest.request("POST", "/namespaces", json_body={"namespace": parent}).status_code == 200
    r = rest.request("POST", "/namespaces", json_body={"namespace": child, "properties": {"k": "v"}})
    assert r.status_code == 200, r.text
    assert r.json()["namespace"] == child

    encoded = f"lvl_{unique}%1Fb"
    assert rest.ns_path(child) == encoded
    r = rest.request("GET", f"/namespaces/{encoded}")
    assert r.status_code == 200, r.text
    assert r.json()["namespace"] == child and r.json()["properties"].get("k") == "v"

    r = rest.request("GET", "/namespaces", params={"parent": f"lvl_{unique}"})
    assert r.status_code == 200 and r.json()["namespaces"] == [child], r.text

    r = rest.request("POST", f"/namespaces/{encoded}/tables", json_body={"name": "deep", "schema": SIMPLE_SCHEMA})
    assert r.status_code == 200, f"create table in {encoded} -> {r.status_code} {r.text}"
    r = rest.request("GET", f"/namespaces/{encoded}/tables")
    assert r.status_code == 200
    assert r.json()["identifiers"] == [{"namespace": child, "name": "deep"}]
    # the table lives in the child only, not in the parent
    assert rest.request("GET", f"/namespaces/lvl_{unique}/tables").json()["identifiers"] == []
    assert rest.request("GET", f"{rest.base}/namespaces/{encoded}/tables/deep").status_code == 200
    assert_error(rest.request("GET", f"/namespaces/lvl_{unique}/tables/deep"), 404)

    # PyIceberg addresses the same table by tuple
    t = catalog.load_table((*child, "deep"))
    assert str(t.metadata.table_uuid) == rest.request("GET", f"/namespaces/{encoded}/tables/deep").json()["metadata"]["table-uuid"]
    assert [f.name for f in t.schema().fields] == ["id", "data"]


def test_update_namespace_properties_raw_response(rest, unique):
    name = [f"nsprops_{unique}"]
    assert rest.request("POST", "/namespaces", json_body={"namespace": name, "properties": {"a": "1", "b": "2"}}).status_code == 200
    r = rest.request("POST", f"/namespaces/{rest.ns_path(name)}/properties", json_body={"removals": ["b", "zzz"], "updates": {"c": "3"}})
    assert r.status_code == 200, r.text
    body = r.json()
    assert sorted(body["updated"]) == ["c"] and sorted(body["removed"]) == ["b"] and body["missing"] == ["zzz"]
    # the same key in removals and updates is a 422 per spec
    r = rest.request("POST", f"/namespaces/{rest.ns_path(name)}/properties", json_body={"removals": ["a"], "updates": {"a": "9"}})
    assert_error(r, 422)
    got = rest.request("GET", f"/namespaces/{rest.ns_path(name)}").json()["properties"]
    assert got.get("a") == "1" and got.get("c") == "3" and "b" not in got


def test_loadtable_etag_not_modified(rest, raw_table):
    r = rest.request("GET", raw_table["url"])
    etag = r.headers.get("ETag")
    assert etag, "loadTable must send an ETag"
    r2 = rest.request("GET", raw_table["url"], headers={"If-None-Match": etag})
    assert r2.status_code == 304 and r2.text == ""
    r = rest.request("POST", raw_table["url"], json_body={"requirements": [], "updates": [{"action": "set-properties", "updates": {"e": "1"}}]})
    assert r.status_code == 200, r.text
    r3 = rest.request("GET", raw_table["url"], headers={"If-None-Match": etag})
    assert r3.status_code == 200 and r3.headers.get("ETag") and r3.headers["ETag"] != etag
    assert r3.json()["metadata"]["properties"]["e"] == "1"


def test_pyiceberg_wrong_secret_is_oauth_error(server, catalog):
    """A catalog with a wrong secret cannot be constructed: the token call fails with OAuthError."""
    from pyiceberg.catalog import load_catalog
    from pyiceberg.exceptions import OAuthError

    creds = server.credentials
    with pytest.raises(OAuthError, match="invalid_client"):
        load_catalog("local", type="rest", uri=server.url, warehouse="local", credential=f"{creds['client_id']}:wrong")
    with pytest.raises(OAuthError):
        load_catalog("local", type="rest", uri=server.url, warehouse="local", credential=f"nobody-{uuid.uuid4().hex[:6]}:{creds['client_secret']}")
    # the right credential works (the failures above were about the credential)
    assert isinstance(catalog.list_namespaces(), list)
