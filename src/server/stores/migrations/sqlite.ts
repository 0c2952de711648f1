// Versioned schema of the SQLite store. Append-only: never edit a released migration,
// add a new one with the next version. All pending migrations run in one transaction,
// where PRAGMA foreign_keys is a no-op: a table rebuild must keep references valid itself. SQL is kept close to portable SQL (TEXT keys,
// explicit constraints, no SQLite-only types) so the PostgreSQL port is a translation,
// not a redesign. The only SQLite-specific bit: `seq INTEGER PRIMARY KEY` (an identity
// column; in PostgreSQL `BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY`).

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE tenants (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  properties  TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE warehouses (
  id                TEXT PRIMARY KEY,
  tenant_id         TEXT NOT NULL REFERENCES tenants(id),
  name              TEXT NOT NULL,
  location          TEXT NOT NULL,
  storage_config    TEXT NOT NULL,
  vending_strategy  TEXT,
  created_at        TEXT NOT NULL,
  UNIQUE (tenant_id, name)
);

CREATE TABLE catalogs (
  id            TEXT PRIMARY KEY,
  tenant_id     TEXT NOT NULL REFERENCES tenants(id),
  name          TEXT NOT NULL,
  warehouse_id  TEXT NOT NULL REFERENCES warehouses(id),
  properties    TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  UNIQUE (tenant_id, name)
);

-- name: levels joined by U+001F; parent: the parent's name ('' at top level).
CREATE TABLE namespaces (
  catalog_id  TEXT NOT NULL,
  name        TEXT NOT NULL,
  parent      TEXT NOT NULL,
  depth       INTEGER NOT NULL,
  properties  TEXT NOT NULL,
  PRIMARY KEY (catalog_id, name)
);
CREATE INDEX namespaces_children ON namespaces (catalog_id, parent, depth, name);

-- Tables and views share one identifier space: one key for both kinds.
CREATE TABLE tables (
  catalog_id         TEXT NOT NULL,
  namespace          TEXT NOT NULL,
  name               TEXT NOT NULL,
  kind               TEXT NOT NULL CHECK (kind IN ('table', 'view')),
  metadata_location  TEXT NOT NULL,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  UNIQUE (catalog_id, namespace, name),
  FOREIGN KEY (catalog_id, namespace) REFERENCES namespaces (catalog_id, name)
);
CREATE INDEX tables_list ON tables (catalog_id, namespace, kind, name);

CREATE TABLE metrics_reports (
  seq          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  catalog_id   TEXT NOT NULL,
  namespace    TEXT NOT NULL,
  table_name   TEXT NOT NULL,
  report_type  TEXT NOT NULL,
  report_json  TEXT NOT NULL,
  received_at  TEXT NOT NULL
);
CREATE INDEX metrics_reports_catalog ON metrics_reports (catalog_id, seq);

CREATE TABLE clients (
  client_id    TEXT PRIMARY KEY,
  tenant_id    TEXT NOT NULL REFERENCES tenants(id),
  name         TEXT NOT NULL,
  secret_hash  TEXT NOT NULL,
  created_at   TEXT NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'warehouse client config',
    // FileIO keys handed to clients instead of the server's own; existing warehouses get {}.
    sql: `ALTER TABLE warehouses ADD COLUMN client_config TEXT NOT NULL DEFAULT '{}';`,
  },
];
