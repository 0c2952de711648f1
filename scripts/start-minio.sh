#!/usr/bin/env bash
# Starts a local MinIO (S3-compatible, verifies SigV4 signatures) for the S3 store tests;
# idempotent. Builds MinIO from the Go module proxy when missing (about 4-5 minutes and
# ~2 GB of memory the first time). Creates no buckets: the tests make their own.
#   scripts/start-minio.sh            # port 9100 (console 9101), data in $HOME/.pangolin/minio
#   MINIO_PORT=9200 MINIO_DIR=/tmp/m scripts/start-minio.sh
# Credentials: MINIO_ROOT_USER=pangolin-test, MINIO_ROOT_PASSWORD=pangolin-test-secret
# (override with the same variables). Prints the endpoint (http://127.0.0.1:<port>) on
# stdout; logs go to <dir>/minio.log. Stop it with: kill "$(cat <dir>/minio.pid)"
# Then: PANGOLIN_TEST_S3_ENDPOINT=http://127.0.0.1:9100 node --import tsx --test test/storage/s3.test.ts
set -euo pipefail

# MinIO tags releases as RELEASE.<date>, which Go sees as no semver versions at all, so
# `@latest` resolves to the newest master commit. Pin the pseudo-version known to build
# with Go 1.26 (built and tested 2026-11); override with MINIO_VERSION=latest.
VERSION="${MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}"
PORT="${MINIO_PORT:-9100}"
CONSOLE_PORT="${MINIO_CONSOLE_PORT:-$((PORT + 1))}"
DIR="${MINIO_DIR:-$HOME/.pangolin/minio}"
export MINIO_ROOT_USER="${MINIO_ROOT_USER:-pangolin-test}"
export MINIO_ROOT_PASSWORD="${MINIO_ROOT_PASSWORD:-pangolin-test-secret}"
GOBIN_DIR="$(go env GOPATH 2>/dev/null || echo "$HOME/go")/bin"
BIN="${MINIO_BIN:-$GOBIN_DIR/minio}"
[ -x "$BIN" ] || { command -v minio >/dev/null 2>&1 && BIN="$(command -v minio)"; } || true
URL="http://127.0.0.1:$PORT"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
binary_works() { [ -x "$BIN" ] && "$BIN" --version >/dev/null 2>&1; }
ready() { curl -fsS -o /dev/null "$URL/minio/health/ready" 2>/dev/null; }

if ! binary_works; then
  command -v go >/dev/null 2>&1 || { echo "MinIO is not installed and Go is missing: install Go 1.24+ or put a minio binary on PATH (MINIO_BIN=...)" >&2; exit 1; }
  echo "Building MinIO $VERSION from the Go module proxy (takes ~5 minutes the first time)..." >&2
  start=$SECONDS
  GOFLAGS=-mod=mod CGO_ENABLED=0 GOBIN="$(dirname "$BIN")" go install "github.com/minio/minio@$VERSION" >&2
  binary_works || { echo "MinIO build failed: $BIN does not run" >&2; exit 1; }
  echo "Built MinIO in $((SECONDS - start))s: $BIN" >&2
fi

if port_open "$PORT"; then
  if ready; then
    echo "MinIO already running on 127.0.0.1:$PORT" >&2
    echo "$URL"
    exit 0
  fi
  echo "Something else listens on 127.0.0.1:$PORT (not a ready MinIO): set MINIO_PORT" >&2
  exit 1
fi

mkdir -p "$DIR/data"
nohup "$BIN" server "$DIR/data" \
  --address "127.0.0.1:$PORT" \
  --console-address "127.0.0.1:$CONSOLE_PORT" \
  --quiet \
  >>"$DIR/minio.log" 2>&1 &
echo $! >"$DIR/minio.pid"

for _ in $(seq 1 300); do
  if ready; then
    echo "MinIO listening on 127.0.0.1:$PORT (pid $(cat "$DIR/minio.pid"), data $DIR/data, log $DIR/minio.log)" >&2
    echo "$URL"
    exit 0
  fi
  kill -0 "$(cat "$DIR/minio.pid")" 2>/dev/null || break
  sleep 0.1
done
echo "MinIO did not start; last log lines:" >&2
tail -n 20 "$DIR/minio.log" >&2
exit 1
