#!/usr/bin/env bash
# Starts a local fake-gcs-server (Google Cloud Storage emulator, JSON API) for the GCS store
# tests; idempotent. Builds it from the Go module proxy when missing (about 2-4 minutes the
# first time). It checks no credentials at all: the tests prove the store's API usage
# (objects, preconditions, listing, paging), not authentication. Creates no buckets.
#   scripts/start-fake-gcs.sh            # port 4443, data in $HOME/.pangolin/fake-gcs
#   FAKE_GCS_PORT=4500 FAKE_GCS_DIR=/tmp/g scripts/start-fake-gcs.sh
# Prints the endpoint (http://127.0.0.1:<port>) last on stdout; logs go to
# <dir>/fake-gcs.log. Stop it with: kill "$(cat <dir>/fake-gcs.pid)"
# Then: PANGOLIN_TEST_GCS_ENDPOINT=http://127.0.0.1:4443 node --import tsx --test test/storage/gcs.test.ts
set -euo pipefail

VERSION="${FAKE_GCS_VERSION:-v1.56.1}"
PORT="${FAKE_GCS_PORT:-4443}"
DIR="${FAKE_GCS_DIR:-$HOME/.pangolin/fake-gcs}"
GOBIN_DIR="$(go env GOPATH 2>/dev/null || echo "$HOME/go")/bin"
BIN="${FAKE_GCS_BIN:-$GOBIN_DIR/fake-gcs-server}"
[ -x "$BIN" ] || { command -v fake-gcs-server >/dev/null 2>&1 && BIN="$(command -v fake-gcs-server)"; } || true
URL="http://127.0.0.1:$PORT"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
binary_works() { [ -x "$BIN" ] && "$BIN" -help >/dev/null 2>&1; }
# The emulator answers the bucket list of the JSON API; nothing else on the port does.
ready() { curl -fsS "$URL/storage/v1/b?project=pangolin-test" 2>/dev/null | grep -q '"kind"'; }

if ! binary_works; then
  command -v go >/dev/null 2>&1 || { echo "fake-gcs-server is not installed and Go is missing: install Go 1.24+ or put a fake-gcs-server binary on PATH (FAKE_GCS_BIN=...)" >&2; exit 1; }
  echo "Building fake-gcs-server $VERSION from the Go module proxy (takes a few minutes the first time)..." >&2
  start=$SECONDS
  GOFLAGS=-mod=mod CGO_ENABLED=0 GOBIN="$(dirname "$BIN")" go install "github.com/fsouza/fake-gcs-server@$VERSION" >&2
  binary_works || { echo "fake-gcs-server build failed: $BIN does not run" >&2; exit 1; }
  echo "Built fake-gcs-server in $((SECONDS - start))s: $BIN" >&2
fi

if port_open "$PORT"; then
  if ready; then
    echo "fake-gcs-server already running on 127.0.0.1:$PORT" >&2
    echo "$URL"
    exit 0
  fi
  echo "Something else listens on 127.0.0.1:$PORT (not a ready fake-gcs-server): set FAKE_GCS_PORT" >&2
  exit 1
fi

mkdir -p "$DIR/data"
# -backend filesystem keeps objects in $DIR/data; -public-host makes the URLs it hands out
# (uploads, media links) point back at 127.0.0.1:<port>.
nohup "$BIN" \
  -scheme http \
  -host 127.0.0.1 \
  -port "$PORT" \
  -public-host "127.0.0.1:$PORT" \
  -external-url "$URL" \
  -backend filesystem \
  -filesystem-root "$DIR/data" \
  -log-level warn \
  >>"$DIR/fake-gcs.log" 2>&1 &
echo $! >"$DIR/fake-gcs.pid"

for _ in $(seq 1 300); do
  if ready; then
    echo "fake-gcs-server listening on 127.0.0.1:$PORT (pid $(cat "$DIR/fake-gcs.pid"), data $DIR/data, log $DIR/fake-gcs.log)" >&2
    echo "$URL"
    exit 0
  fi
  kill -0 "$(cat "$DIR/fake-gcs.pid")" 2>/dev/null || break
  sleep 0.1
done
echo "fake-gcs-server did not start; last log lines:" >&2
tail -n 20 "$DIR/fake-gcs.log" >&2
exit 1
