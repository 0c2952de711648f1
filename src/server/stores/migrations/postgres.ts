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
  {
    version: 3,
    name: 'users',
    // Identity tables reference their tenant ON DELETE CASCADE: deleting a tenant removes them.
    // UNIQUE (tenant_id, id) lets dependants reference (tenant, user), so they cannot cross tenants.
    sql: `
CREATE TABLE users (
  id             TEXT COLLATE "C" PRIMARY KEY,
  tenant_id      TEXT COLLATE "C" NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  username       TEXT COLLATE "C" NOT NULL,
  email          TEXT,
  password_hash  TEXT NOT NULL,
  role           TEXT NOT NULL CHECK (role IN ('tenant-admin', 'tenant-user')),
  disabled       BOOLEAN NOT NULL DEFAULT FALSE,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  UNIQUE (tenant_id, username),
  UNIQUE (tenant_id, id)
);
`,
  },
  {
    version: 4,
    name: 'sessions',
    // (tenant_id, user_id) references the user in that tenant; sessions go with their user.
    sql: `
CREATE TABLE sessions (
  id          TEXT COLLATE "C" PRIMARY KEY,
  tenant_id   TEXT COLLATE "C" NOT NULL,
  user_id     TEXT COLLATE "C" NOT NULL,
  token_hash  TEXT COLLATE "C" NOT NULL UNIQUE,
  created_at  TEXT NOT NULL,
  expires_at  TEXT COLLATE "C" NOT NULL,
  revoked_at  TEXT,
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);
`,
  },
  {
    version: 5,
    name: 'client disabled flag',
    // Service users can be disabled (existing ones stay enabled) and are listed per tenant.
    sql: `
ALTER TABLE clients ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX clients_tenant ON clients (tenant_id, client_id);
`,
  },
  {
    version: 6,
    name: 'api keys',
    // The owner (a user or a client of the tenant) is checked by the store; keys go with it.
    sql: `
CREATE TABLE api_keys (
  id            TEXT COLLATE "C" PRIMARY KEY,
  tenant_id     TEXT COLLATE "C" NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  owner_kind    TEXT NOT NULL CHECK (owner_kind IN ('user', 'client')),
  owner_id      TEXT COLLATE "C" NOT NULL,
  name          TEXT NOT NULL,
  key_prefix    TEXT COLLATE "C" NOT NULL UNIQUE,
  secret_hash   TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  expires_at    TEXT,
  revoked_at    TEXT,
  last_used_at  TEXT COLLATE "C"
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, id);
CREATE INDEX api_keys_owner ON api_keys (owner_kind, owner_id, id);
`,
  },
  {
    version: 7,
    name: 'roles and grants',
    // Assignments and grants reference (tenant_id, role_id): they cannot cross tenants and go
    // with their role (and so with the tenant). The assignment's principal is checked by the store.
    sql: `
CREATE TABLE roles (
  id           TEXT COLLATE "C" PRIMARY KEY,
  tenant_id    TEXT COLLATE "C" NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name         TEXT COLLATE "C" NOT NULL,
  description  TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  UNIQUE (tenant_id, name),
  UNIQUE (tenant_id, id)
);

CREATE TABLE role_assignments (
  tenant_id       TEXT COLLATE "C" NOT NULL,
  role_id         TEXT COLLATE "C" NOT NULL,
  principal_kind  TEXT COLLATE "C" NOT NULL CHECK (principal_kind IN ('user', 'client')),
  principal_id    TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (principal_kind, principal_id, role_id),
  FOREIGN KEY (tenant_id, role_id) REFERENCES roles (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX role_assignments_role ON role_assignments (tenant_id, role_id);

-- scope: JSON {catalog, namespace?, table?, view?}; privileges: JSON array.
CREATE TABLE grants (
  id          TEXT COLLATE "C" PRIMARY KEY,
  tenant_id   TEXT COLLATE "C" NOT NULL,
  role_id     TEXT COLLATE "C" NOT NULL,
  scope       TEXT NOT NULL,
  privileges  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  FOREIGN KEY (tenant_id, role_id) REFERENCES roles (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX grants_role ON grants (role_id, id);
`,
  },
  {
    version: 8,
    name: 'audit log',
    // No foreign key to tenants: events outlive their tenant. tenant_id NULL = no tenant (root, system).
    sql: `
CREATE TABLE audit_events (
  id          TEXT COLLATE "C" PRIMARY KEY,
  tenant_id   TEXT COLLATE "C",
  at          TEXT COLLATE "C" NOT NULL,
  actor_kind  TEXT NOT NULL,
  actor_id    TEXT COLLATE "C" NOT NULL,
  actor_name  TEXT NOT NULL,
  action      TEXT COLLATE "C" NOT NULL,
  resource    TEXT NOT NULL,
  outcome     TEXT NOT NULL CHECK (outcome IN ('allowed', 'denied', 'error')),
  detail      TEXT,
  request_id  TEXT,
  address     TEXT
);
CREATE INDEX audit_events_tenant ON audit_events (tenant_id, at, id);
CREATE INDEX audit_events_actor ON audit_events (tenant_id, actor_id, at, id);
`,
  },
  {
    version: 9,
    name: 'client role',
    // Service users get a system role. Clients stored before roles existed acted as their
    // tenant's admin (the desktop's own client among them), so they keep that role.
    sql: `
ALTER TABLE clients ADD COLUMN role TEXT NOT NULL DEFAULT 'tenant-admin' CHECK (role IN ('tenant-admin', 'tenant-user'));
`,
  },
  {
    version: 10,
    name: 'grants bound to their object',
    // As SQLite's version 10: a grant names its catalog by id and its namespace / table /
    // view in columns, so drops and renames remove or move it in the same transaction. Old
    // grants bind to the catalog of their name that existed when they were made; older ones
    // (a deleted namesake's) and table, view and namespace grants whose object is gone go.
    sql: `
ALTER TABLE catalogs ADD CONSTRAINT catalogs_tenant_id UNIQUE (tenant_id, id);
ALTER TABLE grants
  ADD COLUMN catalog_id TEXT COLLATE "C",
  ADD COLUMN ns_key TEXT COLLATE "C",
  ADD COLUMN object_kind TEXT CHECK (object_kind IN ('table', 'view')),
  ADD COLUMN object_name TEXT COLLATE "C";
UPDATE grants g SET
  catalog_id = c.id,
  ns_key = (SELECT string_agg(e.part, E'\\x1f' ORDER BY e.i) FROM json_array_elements_text(g.scope::json -> 'namespace') WITH ORDINALITY AS e(part, i)),
  object_kind = CASE WHEN g.scope::json ->> 'table' IS NOT NULL THEN 'table' WHEN g.scope::json ->> 'view' IS NOT NULL THEN 'view' END,
  object_name = coalesce(g.scope::json ->> 'table', g.scope::json ->> 'view')
FROM catalogs c WHERE c.tenant_id = g.tenant_id AND c.name = g.scope::json ->> 'catalog' AND c.created_at <= g.created_at;
DELETE FROM grants WHERE catalog_id IS NULL;
DELETE FROM grants g WHERE g.object_kind IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM tables t WHERE t.catalog_id = g.catalog_id AND t.namespace = g.ns_key AND t.name = g.object_name AND t.kind = g.object_kind);
DELETE FROM grants g WHERE g.object_kind IS NULL AND g.ns_key IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM namespaces n WHERE n.catalog_id = g.catalog_id
    AND (n.name = g.ns_key OR (n.name >= g.ns_key || E'\\x1f' AND n.name < g.ns_key || E'\\x20')));
ALTER TABLE grants
  ALTER COLUMN catalog_id SET NOT NULL,
  DROP COLUMN scope,
  ADD CONSTRAINT grants_catalog FOREIGN KEY (tenant_id, catalog_id) REFERENCES catalogs (tenant_id, id);
CREATE INDEX grants_object ON grants (catalog_id, ns_key, object_name);
`,
  },
  {
    version: 11,
    name: 'root sessions',
    // Root logins become sessions that logout and "sign out everywhere" can end. Root is no
    // user row, so its sessions have their own table (no tenant, no users foreign key).
    sql: `
CREATE TABLE root_sessions (
  id          TEXT COLLATE "C" PRIMARY KEY,
  root_name   TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT COLLATE "C" NOT NULL,
  revoked_at  TEXT
);
CREATE INDEX root_sessions_expiry ON root_sessions (expires_at);
`,
  },
];
