#!/usr/bin/env bash
# Starts a local PostgreSQL for the postgres store tests (idempotent). On Debian/Ubuntu it
# installs PostgreSQL if missing, starts the first cluster, and creates role `pangolin`
# (password `pangolin`, CREATEDB: the interop runner makes a database per run) owning
# database `pangolin_test`. Prints the URL to export as
# PANGOLIN_TEST_POSTGRES_URL. Needs root (or passwordless sudo) for install/start.
set -euo pipefail

ROLE=pangolin
PASSWORD=pangolin
DB=pangolin_test

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if ! command -v pg_lsclusters >/dev/null 2>&1; then
  echo "Installing PostgreSQL..." >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi

# First cluster: "<version> <name> <port> <status> ..."
read -r VERSION CLUSTER PORT STATUS _ < <(pg_lsclusters --no-header | head -n1) || true
if [ -z "${VERSION:-}" ]; then
  VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n1)
  CLUSTER=main
  echo "Creating cluster $VERSION/$CLUSTER..." >&2
  $SUDO pg_createcluster "$VERSION" "$CLUSTER" >/dev/null
  read -r VERSION CLUSTER PORT STATUS _ < <(pg_lsclusters --no-header | head -n1)
fi
if [ "$STATUS" != "online" ]; then
  echo "Starting cluster $VERSION/$CLUSTER on port $PORT..." >&2
  $SUDO pg_ctlcluster "$VERSION" "$CLUSTER" start
fi

psql_admin() { $SUDO runuser -u postgres -- psql -p "$PORT" -v ON_ERROR_STOP=1 -qAtX "$@"; }

for _ in $(seq 1 30); do
  psql_admin -c 'SELECT 1' >/dev/null 2>&1 && break
  sleep 1
done

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != "1" ]; then
  psql_admin -c "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'"
else
  psql_admin -c "ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
  psql_admin -c "CREATE DATABASE $DB OWNER $ROLE ENCODING 'UTF8' TEMPLATE template0"
fi
# PostgreSQL 15+ no longer lets everyone create in schema public: the owner needs it.
psql_admin -d "$DB" -c "GRANT USAGE, CREATE ON SCHEMA public TO $ROLE"

echo "postgresql://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"
