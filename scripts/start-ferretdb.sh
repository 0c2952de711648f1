#!/usr/bin/env bash
# Starts a local FerretDB 1.x (MongoDB wire protocol, embedded SQLite backend) for the
# MongoDB store tests; idempotent. Builds FerretDB from the Go module proxy when missing.
#   scripts/start-ferretdb.sh            # port 27018, data in $HOME/.pangolin/ferretdb
#   FERRETDB_PORT=27019 FERRETDB_DIR=/tmp/f scripts/start-ferretdb.sh
# Prints the connection URL (mongodb://127.0.0.1:<port>/) on stdout; logs go to <dir>/ferretdb.log.
# Stop it with: kill "$(cat <dir>/ferretdb.pid)"
set -euo pipefail

VERSION=v1.24.2
PORT="${FERRETDB_PORT:-27018}"
DIR="${FERRETDB_DIR:-$HOME/.pangolin/ferretdb}"
GOBIN_DIR="$(go env GOPATH 2>/dev/null || echo "$HOME/go")/bin"
BIN="${FERRETDB_BIN:-$GOBIN_DIR/ferretdb}"
[ -x "$BIN" ] || { [ -x "$HOME/go/bin/ferretdb" ] && BIN="$HOME/go/bin/ferretdb"; } || true

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

binary_works() { [ -x "$BIN" ] && "$BIN" --version >/dev/null 2>&1; }

if ! binary_works; then
  echo "Building FerretDB $VERSION (takes a few minutes the first time)..." >&2
  # `go install ...@$VERSION` alone gives a binary that panics at start: the module zip
  # lacks the generated build/version/version.txt. So fetch the module, then build a
  # writable copy with that file filled in.
  GOFLAGS=-mod=mod go install "github.com/FerretDB/FerretDB/cmd/ferretdb@$VERSION" >&2 || true
  SRC="$(GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -n "$SRC" ] && [ -d "$SRC" ] || { echo "could not download github.com/FerretDB/FerretDB@$VERSION" >&2; exit 1; }
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
  cp -r "$SRC/." "$WORK/"
  chmod -R u+w "$WORK"
  echo "$VERSION" >"$WORK/build/version/version.txt"
  mkdir -p "$(dirname "$BIN")"
  (cd "$WORK" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -o "$BIN" ./cmd/ferretdb) >&2
  binary_works || { echo "FerretDB build failed: $BIN does not run" >&2; exit 1; }
fi

if port_open; then
  echo "Something already listens on 127.0.0.1:$PORT (assuming FerretDB)" >&2
  echo "mongodb://127.0.0.1:$PORT/"
  exit 0
fi

mkdir -p "$DIR/data" "$DIR/state"
# --handler=sqlite: embedded SQLite backend, one file per database under --sqlite-url.
nohup "$BIN" \
  --handler=sqlite \
  --sqlite-url="file:$DIR/data/" \
  --listen-addr="127.0.0.1:$PORT" \
  --state-dir="$DIR/state" \
  --debug-addr=- \
  --telemetry=disable \
  --log-level=warn \
  >>"$DIR/ferretdb.log" 2>&1 &
echo $! >"$DIR/ferretdb.pid"

for _ in $(seq 1 100); do
  if port_open; then
    echo "FerretDB $VERSION listening on 127.0.0.1:$PORT (pid $(cat "$DIR/ferretdb.pid"), log $DIR/ferretdb.log)" >&2
    echo "mongodb://127.0.0.1:$PORT/"
    exit 0
  fi
  kill -0 "$(cat "$DIR/ferretdb.pid")" 2>/dev/null || break
  sleep 0.1
done
echo "FerretDB did not start; last log lines:" >&2
tail -n 20 "$DIR/ferretdb.log" >&2
exit 1
