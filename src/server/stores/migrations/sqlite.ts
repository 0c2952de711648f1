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
  {
    version: 3,
    name: 'users',
    // Identity tables reference their tenant ON DELETE CASCADE: deleting a tenant removes them.
    // UNIQUE (tenant_id, id) lets dependants reference (tenant, user), so they cannot cross tenants.
    sql: `
CREATE TABLE users (
  id             TEXT PRIMARY KEY,
  tenant_id      TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  username       TEXT NOT NULL,
  email          TEXT,
  password_hash  TEXT NOT NULL,
  role           TEXT NOT NULL CHECK (role IN ('tenant-admin', 'tenant-user')),
  disabled       INTEGER NOT NULL DEFAULT 0,
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
  id          TEXT PRIMARY KEY,
  tenant_id   TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  token_hash  TEXT NOT NULL UNIQUE,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
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
ALTER TABLE clients ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
CREATE INDEX clients_tenant ON clients (tenant_id, client_id);
`,
  },
  {
    version: 6,
    name: 'api keys',
    // The owner (a user or a client of the tenant) is checked by the store; keys go with it.
    sql: `
CREATE TABLE api_keys (
  id            TEXT PRIMARY KEY,
  tenant_id     TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  owner_kind    TEXT NOT NULL CHECK (owner_kind IN ('user', 'client')),
  owner_id      TEXT NOT NULL,
  name          TEXT NOT NULL,
  key_prefix    TEXT NOT NULL UNIQUE,
  secret_hash   TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  expires_at    TEXT,
  revoked_at    TEXT,
  last_used_at  TEXT
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
  id           TEXT PRIMARY KEY,
  tenant_id    TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  description  TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  UNIQUE (tenant_id, name),
  UNIQUE (tenant_id, id)
);

CREATE TABLE role_assignments (
  tenant_id       TEXT NOT NULL,
  role_id         TEXT NOT NULL,
  principal_kind  TEXT NOT NULL CHECK (principal_kind IN ('user', 'client')),
  principal_id    TEXT NOT NULL,
  PRIMARY KEY (principal_kind, principal_id, role_id),
  FOREIGN KEY (tenant_id, role_id) REFERENCES roles (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX role_assignments_role ON role_assignments (tenant_id, role_id);

-- scope: JSON {catalog, namespace?, table?, view?}; privileges: JSON array.
CREATE TABLE grants (
  id          TEXT PRIMARY KEY,
  tenant_id   TEXT NOT NULL,
  role_id     TEXT NOT NULL,
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
  id          TEXT PRIMARY KEY,
  tenant_id   TEXT,
  at          TEXT NOT NULL,
  actor_kind  TEXT NOT NULL,
  actor_id    TEXT NOT NULL,
  actor_name  TEXT NOT NULL,
  action      TEXT NOT NULL,
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
    // A grant names its catalog by id (a new catalog of the same name is not it) and its
    // namespace / table / view in columns, so drops and renames remove or move it in the
    // same transaction. Old grants bind to the catalog of their name that existed when they
    // were made (grants could only be made on an existing catalog): a grant older than that
    // catalog was a deleted namesake's and goes. Table, view and namespace grants whose
    // object is gone (left behind by drops and renames before this version) go as well.
    sql: `
CREATE UNIQUE INDEX catalogs_tenant_id ON catalogs (tenant_id, id);
CREATE TABLE grants_v10 (
  id           TEXT PRIMARY KEY,
  tenant_id    TEXT NOT NULL,
  role_id      TEXT NOT NULL,
  catalog_id   TEXT NOT NULL,
  ns_key       TEXT,
  object_kind  TEXT CHECK (object_kind IN ('table', 'view')),
  object_name  TEXT,
  privileges   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  FOREIGN KEY (tenant_id, role_id) REFERENCES roles (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, catalog_id) REFERENCES catalogs (tenant_id, id)
);
INSERT INTO grants_v10 (id, tenant_id, role_id, catalog_id, ns_key, object_kind, object_name, privileges, created_at)
SELECT g.id, g.tenant_id, g.role_id, c.id,
  (SELECT group_concat(e.value, char(31)) FROM json_each(g.scope, '$.namespace') e),
  CASE WHEN json_extract(g.scope, '$.table') IS NOT NULL THEN 'table' WHEN json_extract(g.scope, '$.view') IS NOT NULL THEN 'view' END,
  coalesce(json_extract(g.scope, '$.table'), json_extract(g.scope, '$.view')),
  g.privileges, g.created_at
FROM grants g JOIN catalogs c ON c.tenant_id = g.tenant_id AND c.name = json_extract(g.scope, '$.catalog') AND c.created_at <= g.created_at;
DELETE FROM grants_v10 WHERE object_kind IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM tables t WHERE t.catalog_id = grants_v10.catalog_id AND t.namespace = grants_v10.ns_key AND t.name = grants_v10.object_name AND t.kind = grants_v10.object_kind);
DELETE FROM grants_v10 WHERE object_kind IS NULL AND ns_key IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM namespaces n WHERE n.catalog_id = grants_v10.catalog_id
    AND (n.name = grants_v10.ns_key OR (n.name >= grants_v10.ns_key || char(31) AND n.name < grants_v10.ns_key || char(32))));
DROP TABLE grants;
ALTER TABLE grants_v10 RENAME TO grants;
CREATE INDEX grants_role ON grants (role_id, id);
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
  id          TEXT PRIMARY KEY,
  root_name   TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  revoked_at  TEXT
);
CREATE INDEX root_sessions_expiry ON root_sessions (expires_at);
`,
  },
];
