"""Shared fixtures for the real-client (PyIceberg / raw HTTP) interop tests.

A session-wide Pangolin server is started as a subprocess on a fresh temp data dir
(`PORT=0`, default SQLite store). Tests that need their own server (restart tests)
use the `server_factory` fixture. Every test gets a unique namespace (uuid suffix) so
tests are independent and can run in any order against the shared server.
On failure, the server's stdout/stderr are attached to the test report.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Iterator

import pytest

from pangolin_server import RestClient, ServerProcess, make_catalog

# ---- pytest wiring -----------------------------------------------------------------------

def pytest_configure(config):
    config.addinivalue_line("filterwarnings", "ignore::DeprecationWarning")
    config.addinivalue_line("filterwarnings", "ignore::UserWarning")


_SERVERS: list[ServerProcess] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if rep.failed:
        for s in _SERVERS:
            logs = s.logs(tail=6000)
            if logs:
                rep.sections.append((f"Pangolin server logs ({s.data_dir})", logs))


@pytest.fixture(scope="session")
def server() -> Iterator[ServerProcess]:
    s = ServerProcess()
    _SERVERS.append(s)
    try:
        s.start()
    except Exception as e:  # make the cause visible on every dependent test
        s.cleanup()
        _SERVERS.remove(s)
        pytest.fail(f"could not start the Pangolin server: {e}", pytrace=False)
    yield s
    s.cleanup()
    _SERVERS.remove(s)


@pytest.fixture
def server_factory() -> Iterator:
    """Start extra servers (own data dir unless given); all are stopped at test end."""
    started: list[ServerProcess] = []

    def factory(data_dir: Path | None = None, store_type: str | None = None) -> ServerProcess:
        s = ServerProcess(data_dir=data_dir, store_type=store_type)
        started.append(s)
        _SERVERS.append(s)
        s.start()
        return s

    yield factory
    for s in started:
        s.cleanup()
        _SERVERS.remove(s)


@pytest.fixture
def catalog(server):
    return make_catalog(server)


@pytest.fixture
def rest(server) -> RestClient:
    return RestClient(server)


@pytest.fixture
def unique() -> str:
    return uuid.uuid4().hex[:10]


@pytest.fixture
def ns(catalog, unique) -> Iterator[tuple[str]]:
    """A fresh, created top-level namespace; best-effort cleanup at the end."""
    name = (f"ns_{unique}",)
    catalog.create_namespace(name)
    yield name
    _drop_namespace_tree(catalog, name)


def _drop_namespace_tree(catalog, namespace) -> None:
    try:
        for child in catalog.list_namespaces(namespace):
            if tuple(child) != tuple(namespace):
                _drop_namespace_tree(catalog, child)
        for ident in catalog.list_tables(namespace):
            try:
                catalog.purge_table(ident)
            except Exception:
                pass
        catalog.drop_namespace(namespace)
    except Exception:
        pass


@pytest.fixture
def no_client_aws_keys(monkeypatch):
    """No S3 credentials of the client's own: no AWS_* variables, no config files, no IMDS."""
    for k in list(os.environ):
        if k.startswith("AWS_"):
            monkeypatch.delenv(k)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/pangolin-test/aws-config")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/pangolin-test/aws-credentials")
