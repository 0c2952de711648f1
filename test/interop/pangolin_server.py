"""Server process, catalog and raw-HTTP helpers shared by the interop tests."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.parse
import warnings
from pathlib import Path
from typing import Any

import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
# The server is run from this checkout; PANGOLIN_SERVER_ROOT points at another copy
# (used to check that the suite fails against deliberately broken servers).
ROOT = Path(os.environ.get("PANGOLIN_SERVER_ROOT") or REPO_ROOT)
LISTEN_RE = re.compile(r"Pangolin catalog listening on (http://\S+)")
START_TIMEOUT_S = float(os.environ.get("PANGOLIN_TEST_START_TIMEOUT", "60"))
CATALOG_NAME = "local"
# The store every server of this run uses (the runner repeats the suite per backend):
# PANGOLIN_TEST_STORE=memory|sqlite|postgres|mongodb, with PANGOLIN_TEST_DATABASE_URL for
# postgres and mongodb.
DEFAULT_STORE = os.environ.get("PANGOLIN_TEST_STORE", "sqlite")
TEST_DATABASE_URL = os.environ.get("PANGOLIN_TEST_DATABASE_URL", "")


def _server_command() -> list[str]:
    tsx_loader = ROOT / "node_modules" / "tsx"
    if tsx_loader.exists():
        return ["node", "--import", "tsx", "src/server/cli.ts", "serve"]
    return ["npx", "tsx", "src/server/cli.ts", "serve"]


class ServerProcess:
    """A Pangolin server subprocess on a given data dir; restartable on the same dir."""

    def __init__(self, data_dir: Path | None = None, store_type: str | None = None, env: dict[str, str] | None = None):
        self.owns_dir = data_dir is None
        self.data_dir = Path(data_dir or tempfile.mkdtemp(prefix="pangolin-interop-"))
        self.store_type = store_type or DEFAULT_STORE
        self.extra_env = env or {}
        self.proc: subprocess.Popen[bytes] | None = None
        self.url: str | None = None
        self.starts = 0
        self.last_exit_code: int | None = None
        self._log_dir = Path(tempfile.mkdtemp(prefix="pangolin-interop-logs-"))
        self._stdout_path: Path | None = None
        self._stderr_path: Path | None = None

    # ---- lifecycle -------------------------------------------------------------------
    def start(self) -> "ServerProcess":
        assert self.proc is None, "server already running"
        self.starts += 1
        self._stdout_path = self._log_dir / f"stdout.{self.starts}.log"
        self._stderr_path = self._log_dir / f"stderr.{self.starts}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("PANGOLIN_") and k not in ("PORT", "DATABASE_URL")}
        env.update(
            {
                "PORT": "0",
                "PANGOLIN_DATA_DIR": str(self.data_dir),
                "PANGOLIN_STORAGE_TYPE": self.store_type,
                "PANGOLIN_LOG_LEVEL": os.environ.get("PANGOLIN_TEST_LOG_LEVEL", "info"),
            }
        )
        if self.store_type in ("postgres", "mongodb"):
            if not TEST_DATABASE_URL:
                raise RuntimeError(f"PANGOLIN_TEST_STORE={self.store_type} needs PANGOLIN_TEST_DATABASE_URL")
            env["DATABASE_URL"] = TEST_DATABASE_URL
        env.update(self.extra_env)
        with open(self._stdout_path, "wb") as out, open(self._stderr_path, "wb") as err:
            self.proc = subprocess.Popen(
                _server_command(), cwd=ROOT, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL, start_new_session=True
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            m = LISTEN_RE.search(self.stdout())
            if m:
                self.url = m.group(1).rstrip("/")
                return self
            if self.proc.poll() is not None:
                code = self.proc.returncode
                self.proc = None
                raise RuntimeError(f"Pangolin server exited with {code} before listening.\n{self.logs()}")
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"Pangolin server did not print its listening line within {START_TIMEOUT_S}s.\n{self.logs()}")

    def stop(self, timeout: float = 20) -> int:
        """SIGTERM and wait; returns the exit code (raises if it does not exit)."""
        assert self.proc is not None, "server not running"
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise RuntimeError(f"Pangolin server did not exit within {timeout}s of SIGTERM.\n{self.logs()}")
        self.proc = None
        self.url = None
        self.last_exit_code = code
        return code

    def kill(self) -> None:
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(timeout=10)
            self.proc = None
            self.url = None

    def restart(self) -> int:
        code = self.stop()
        self.start()
        return code

    def cleanup(self) -> None:
        if self.proc is not None:
            try:
                self.stop(timeout=10)
            except Exception:
                self.kill()
        if self.owns_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)
        shutil.rmtree(self._log_dir, ignore_errors=True)

    # ---- info --------------------------------------------------------------------------
    def stdout(self) -> str:
        return self._stdout_path.read_text(errors="replace") if self._stdout_path and self._stdout_path.exists() else ""

    def stderr(self) -> str:
        return self._stderr_path.read_text(errors="replace") if self._stderr_path and self._stderr_path.exists() else ""

    def logs(self, tail: int = 12000) -> str:
        chunks = []
        for i in range(1, self.starts + 1):
            for kind in ("stdout", "stderr"):
                p = self._log_dir / f"{kind}.{i}.log"
                if p.exists():
                    text = p.read_text(errors="replace")
                    chunks.append(f"----- server {kind} (start #{i}) -----\n{text[-tail:]}")
        return "\n".join(chunks)

    @property
    def credentials(self) -> dict[str, str]:
        creds = json.loads((self.data_dir / "credentials.json").read_text())
        assert creds.get("client_id") and creds.get("client_secret"), creds
        return creds

    def catalog(self, **extra: str):
        return make_catalog(self, **extra)

    def http(self) -> "RestClient":
        return RestClient(self)


def make_catalog(server: ServerProcess, **extra: str):
    from pyiceberg.catalog import load_catalog

    creds = server.credentials
    props = {
        "type": "rest",
        "uri": server.url,
        "warehouse": CATALOG_NAME,
        "credential": f"{creds['client_id']}:{creds['client_secret']}",
    }
    props.update(extra)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return load_catalog(CATALOG_NAME, **props)


def fetch_token(server: ServerProcess) -> str:
    creds = server.credentials
    r = requests.post(
        f"{server.url}/v1/oauth/tokens",
        data={"grant_type": "client_credentials", "client_id": creds["client_id"], "client_secret": creds["client_secret"], "scope": "catalog"},
        timeout=30,
    )
    assert r.status_code == 200, f"token request failed: {r.status_code} {r.text}"
    body = r.json()
    assert body.get("access_token") and body.get("token_type"), body
    return body["access_token"]


class RestClient:
    """Raw HTTP against the catalog, with the bearer token and the config prefix."""

    def __init__(self, server: ServerProcess):
        self.server = server
        self.token = fetch_token(server)
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {self.token}"
        cfg = self.session.get(f"{server.url}/v1/config", params={"warehouse": CATALOG_NAME}, timeout=30)
        assert cfg.status_code == 200, f"GET /v1/config -> {cfg.status_code} {cfg.text}"
        conf = cfg.json()
        prefix = {**(conf.get("defaults") or {}), **(conf.get("overrides") or {})}.get("prefix")
        self.base = f"{server.url}/v1/{prefix}" if prefix else f"{server.url}/v1"

    @staticmethod
    def ns_path(namespace: tuple[str, ...] | list[str]) -> str:
        return "%1F".join(urllib.parse.quote(p, safe="") for p in namespace)

    def table_url(self, namespace, name: str) -> str:
        return f"{self.base}/namespaces/{self.ns_path(namespace)}/tables/{urllib.parse.quote(name, safe='')}"

    def request(self, method: str, path: str, *, json_body: Any = None, data: Any = None, headers: dict | None = None, auth: bool = True, **kw) -> requests.Response:
        url = path if path.startswith("http") else f"{self.base}{path}"
        h = {}
        if json_body is not None:
            data = json.dumps(json_body)
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        if auth:
            return self.session.request(method, url, data=data, headers=h, timeout=60, **kw)
        return requests.request(method, url, data=data, headers=h, timeout=60, **kw)


def location_to_path(location: str) -> Path:
    """file:///x/y or /x/y → Path."""
    parsed = urllib.parse.urlparse(location)
    if parsed.scheme in ("", "file"):
        return Path(urllib.parse.unquote(parsed.path))
    raise AssertionError(f"expected a local file location, got {location!r}")


def files_under(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.exists() else []
