#!/usr/bin/env bash
# Starts Azurite's blob service (the Azure Storage emulator, npm devDependency `azurite`)
# for the Azure store and SAS vending tests; idempotent. Azurite checks Shared Key
# signatures and SAS tokens (permissions, expiry, container/blob scope), so a wrong
# account key or an under-privileged SAS is really rejected. Creates no containers.
#   scripts/start-azurite.sh            # port 10000, data in $HOME/.pangolin/azurite
#   AZURITE_PORT=10100 AZURITE_DIR=/tmp/a scripts/start-azurite.sh
# Account: Azurite's well-known devstoreaccount1 and its published key (see README).
# Prints the blob endpoint (http://127.0.0.1:<port>/devstoreaccount1) last on stdout; logs
# go to <dir>/azurite.log. Stop it with: kill "$(cat <dir>/azurite.pid)"
# Then: PANGOLIN_TEST_AZURE_ENDPOINT=http://127.0.0.1:10000/devstoreaccount1 \
#         node --import tsx --test test/storage/azure.test.ts
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${AZURITE_PORT:-10000}"
DIR="${AZURITE_DIR:-$HOME/.pangolin/azurite}"
BIN="${AZURITE_BIN:-$PWD/node_modules/.bin/azurite-blob}"
ACCOUNT=devstoreaccount1
URL="http://127.0.0.1:$PORT/$ACCOUNT"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# An anonymous request: Azurite answers with its own x-ms-request-id/Server header.
ready() { curl -sS -o /dev/null -D - "$URL?comp=list" 2>/dev/null | grep -qi '^server: Azurite'; }

[ -x "$BIN" ] || { echo "Azurite is missing ($BIN): run npm ci (it is a devDependency)" >&2; exit 1; }

if port_open "$PORT"; then
  if ready; then
    echo "Azurite already running on 127.0.0.1:$PORT" >&2
    echo "$URL"
    exit 0
  fi
  echo "Something else listens on 127.0.0.1:$PORT (not Azurite): set AZURITE_PORT" >&2
  exit 1
fi

mkdir -p "$DIR/data"
# Strict mode (no --loose): unsupported headers and parameters are errors, as on Azure.
nohup "$BIN" \
  --blobHost 127.0.0.1 \
  --blobPort "$PORT" \
  --location "$DIR/data" \
  --disableTelemetry \
  --skipApiVersionCheck \
  --silent \
  >>"$DIR/azurite.log" 2>&1 &
echo $! >"$DIR/azurite.pid"

for _ in $(seq 1 300); do
  if ready; then
    echo "Azurite listening on 127.0.0.1:$PORT (pid $(cat "$DIR/azurite.pid"), data $DIR/data, log $DIR/azurite.log)" >&2
    echo "$URL"
    exit 0
  fi
  kill -0 "$(cat "$DIR/azurite.pid")" 2>/dev/null || break
  sleep 0.1
done
echo "Azurite did not start; last log lines:" >&2
tail -n 20 "$DIR/azurite.log" >&2
exit 1
