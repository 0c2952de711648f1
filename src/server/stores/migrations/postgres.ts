// Versioned schema of the PostgreSQL store: the SQLite schema translated. Append-only:
// never edit a released migration, add one with the next version. Every text column that
// is ordered or compared by range uses COLLATE "C" (byte order of UTF-8 = code point
// order), so lists come back in the same order as the SQLite and memory stores.
// Timestamps and JSON stay TEXT, as in SQLite, so values round-trip byte for byte.
import type { Migration } from './sqlite.js';

export type { Migration } from './sqlite.js';

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE tenants (
  id          TEXT COLLATE "C" PRIMARY KEY,
  name        TEXT COLLATE "C" NOT NULL UNIQUE,
  properties  TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE warehouses (
  id                TEXT COLLATE "C" PRIMARY KEY,
  tenant_id         TEXT COLLATE "C" NOT NULL REFERENCES tenants(id),
  name              TEXT COLLATE "C" NOT NULL,
  location          TEXT NOT NULL,
  storage_config    TEXT NOT NULL,
  vending_strategy  TEXT,
  created_at        TEXT NOT NULL,
  UNIQUE (tenant_id, name)
);

CREATE TABLE catalogs (
  id            TEXT COLLATE "C" PRIMARY KEY,
  tenant_id     TEXT COLLATE "C" NOT NULL REFERENCES tenants(id),
  name          TEXT COLLATE "C" NOT NULL,
  warehouse_id  TEXT COLLATE "C" NOT NULL REFERENCES warehouses(id),
  properties    TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  UNIQUE (tenant_id, name)
);

-- name: levels joined by U+001F; parent: the parent's name ('' at top level).
CREATE TABLE namespaces (
  catalog_id  TEXT COLLATE "C" NOT NULL,
  name        TEXT COLLATE "C" NOT NULL,
  parent      TEXT COLLATE "C" NOT NULL,
  depth       INTEGER NOT NULL,
  properties  TEXT NOT NULL,
  PRIMARY KEY (catalog_id, name)
);
CREATE INDEX namespaces_children ON namespaces (catalog_id, parent, depth, name);

-- Tables and views share one identifier space: one key for both kinds.
CREATE TABLE tables (
  catalog_id         TEXT COLLATE "C" NOT NULL,
  namespace          TEXT COLLATE "C" NOT NULL,
  name               TEXT COLLATE "C" NOT NULL,
  kind               TEXT NOT NULL CHECK (kind IN ('table', 'view')),
  metadata_location  TEXT NOT NULL,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  UNIQUE (catalog_id, namespace, name),
  FOREIGN KEY (catalog_id, namespace) REFERENCES namespaces (catalog_id, name)
);
CREATE INDEX tables_list ON tables (catalog_id, namespace, kind, name);

CREATE TABLE metrics_reports (
  seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id           TEXT COLLATE "C" NOT NULL UNIQUE,
  catalog_id   TEXT COLLATE "C" NOT NULL,
  namespace    TEXT NOT NULL,
  table_name   TEXT NOT NULL,
  report_type  TEXT NOT NULL,
  report_json  TEXT NOT NULL,
  received_at  TEXT NOT NULL
);
CREATE INDEX metrics_reports_catalog ON metrics_reports (catalog_id, seq);

CREATE TABLE clients (
  client_id    TEXT COLLATE "C" PRIMARY KEY,
  tenant_id    TEXT COLLATE "C" NOT NULL REFERENCES tenants(id),
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
