// Ready-to-paste client snippets for a catalog: PyIceberg, Spark, Trino and DuckDB. The
// catalog name is the REST `warehouse` (the prefix). Secrets stay placeholders: the UI
// never puts a secret on screen it was not given (a client id may be filled in, its
// secret never). Pure functions; the Connect page and the Catalogs page render them.
import type { WarehouseResponse } from '../../../shared/api/admin.js';

export type CredentialKind = 'client-credentials' | 'token';

/** What a client needs to know about the catalog's storage. */
export interface SnippetStorage {
  scheme: 's3' | 'azure' | 'gcs' | 'file' | 'unknown';
  /** The catalog hands out credentials (or signs requests): clients need no storage keys. */
  vended: boolean;
  /** The endpoint clients reach the storage at (client_config first), if custom. */
  endpoint?: string;
  region?: string;
}

export interface SnippetOptions {
  credential?: CredentialKind;
  /** Filled into the snippet when known (not a secret); otherwise a placeholder. */
  clientId?: string;
  storage?: SnippetStorage;
}

export type SnippetId = 'pyiceberg' | 'spark' | 'trino' | 'duckdb';

export interface Snippet {
  id: SnippetId;
  label: string;
  /** Where the text goes. */
  where: string;
  code: string;
}

export const CLIENT_SECRET_PLACEHOLDER = '<client_secret>';
export const TOKEN_PLACEHOLDER = '<token>';

const py = (s: string) => JSON.stringify(s);
const sql = (s: string) => `'${s.replace(/'/g, "''")}'`;
const clientId = (o: SnippetOptions) => o.clientId?.trim() || '<client_id>';
const credentialPair = (o: SnippetOptions) => `${clientId(o)}:${CLIENT_SECRET_PLACEHOLDER}`;
const tokensUri = (uri: string) => `${uri.replace(/\/+$/, '')}/v1/oauth/tokens`;

/** A catalog name as an engine identifier (Spark conf keys and SQL names cannot hold "-" or "."). */
export function engineIdentifier(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(id) ? id : `c_${id}`;
}

/** The storage facts of a warehouse, as the snippets need them (no secrets involved). */
export function snippetStorage(w: Pick<WarehouseResponse, 'location' | 'storage_config' | 'client_config' | 'vending_strategy'>): SnippetStorage {
  const scheme = /^s3[an]?:/i.test(w.location) ? 's3' : /^(abfss?|wasbs?):/i.test(w.location) ? 'azure' : /^gs:/i.test(w.location) ? 'gcs' : /^(file:|\/)/i.test(w.location) ? 'file' : 'unknown';
  const endpointKey = scheme === 's3' ? 's3.endpoint' : scheme === 'gcs' ? 'gcs.service.host' : scheme === 'azure' ? 'adls.account-host' : undefined;
  const endpoint = endpointKey ? (w.client_config[endpointKey] ?? w.storage_config[endpointKey]) : undefined;
  const region = w.client_config['s3.region'] ?? w.storage_config['s3.region'];
  return {
    scheme,
    vended: Boolean(w.vending_strategy && w.vending_strategy.type !== 'none'),
    ...(endpoint ? { endpoint } : {}),
    ...(region ? { region } : {}),
  };
}

export function pyicebergSnippet(uri: string, catalog: string, o: SnippetOptions = {}): string {
  const auth = o.credential === 'token' ? `token=${py(TOKEN_PLACEHOLDER)},` : `credential=${py(credentialPair(o))},`;
  const s = o.storage;
  const extra: string[] = [];
  if (s && !s.vended && s.scheme === 's3') {
    // Without vending the client brings its own keys.
    extra.push(`    **{"s3.access-key-id": "<access_key_id>", "s3.secret-access-key": "<secret_access_key>"${s.endpoint ? `, "s3.endpoint": ${py(s.endpoint)}` : ''}${s.region ? `, "s3.region": ${py(s.region)}` : ''}},`);
  }
  return `from pyiceberg.catalog import load_catalog

catalog = load_catalog(
    ${py(catalog)},
    type="rest",
    uri=${py(uri)},
    warehouse=${py(catalog)},
    ${auth}
${extra.length ? `${extra.join('\n')}\n` : ''})
print(catalog.list_namespaces())`;
}

export function sparkSnippet(uri: string, catalog: string, o: SnippetOptions = {}): string {
  const c = engineIdentifier(catalog);
  const p = `spark.sql.catalog.${c}`;
  const s = o.storage;
  const confs: [string, string][] = [
    ['spark.sql.extensions', 'org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions'],
    [p, 'org.apache.iceberg.spark.SparkCatalog'],
    [`${p}.type`, 'rest'],
    [`${p}.uri`, uri],
    [`${p}.warehouse`, catalog],
  ];
  if (o.credential === 'token') confs.push([`${p}.token`, TOKEN_PLACEHOLDER]);
  else confs.push([`${p}.credential`, credentialPair(o)], [`${p}.oauth2-server-uri`, tokensUri(uri)], [`${p}.scope`, 'catalog']);
  if (s?.vended) confs.push([`${p}.header.X-Iceberg-Access-Delegation`, 'vended-credentials']);
  else if (s?.scheme === 's3') {
    confs.push([`${p}.s3.access-key-id`, '<access_key_id>'], [`${p}.s3.secret-access-key`, '<secret_access_key>']);
    if (s.endpoint) confs.push([`${p}.s3.endpoint`, s.endpoint], [`${p}.s3.path-style-access`, 'true']);
    if (s.region) confs.push([`${p}.client.region`, s.region]);
  }
  confs.push(['spark.sql.defaultCatalog', c]);
  const packages = ['org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.10.0', ...(s?.scheme === 'file' ? [] : ['org.apache.iceberg:iceberg-aws-bundle:1.10.0'])];
  return ['spark-sql \\', `  --packages ${packages.join(',')} \\`, ...confs.map(([k, v], i) => `  --conf ${k}=${v}${i < confs.length - 1 ? ' \\' : ''}`)].join('\n');
}

export function trinoSnippet(uri: string, catalog: string, o: SnippetOptions = {}): string {
  const s = o.storage;
  const lines = [
    `# etc/catalog/${engineIdentifier(catalog)}.properties`,
    '# Trino in Docker: replace 127.0.0.1 / localhost with host.docker.internal (and start Pangolin with PANGOLIN_BIND_ADDRESS=0.0.0.0)',
    'connector.name=iceberg',
    'iceberg.catalog.type=rest',
    `iceberg.rest-catalog.uri=${uri}`,
    `iceberg.rest-catalog.warehouse=${catalog}`,
    'iceberg.rest-catalog.security=OAUTH2',
    ...(o.credential === 'token'
      ? [`iceberg.rest-catalog.oauth2.token=${TOKEN_PLACEHOLDER}`]
      : [`iceberg.rest-catalog.oauth2.credential=${credentialPair(o)}`, `iceberg.rest-catalog.oauth2.server-uri=${tokensUri(uri)}`, 'iceberg.rest-catalog.oauth2.scope=catalog']),
  ];
  if (s?.scheme === 'file') {
    lines.push('# A local-folder warehouse: Trino must run on this machine and read file:// paths through its Hadoop file system', 'fs.hadoop.enabled=true');
  } else {
    lines.push(`iceberg.rest-catalog.vended-credentials-enabled=${s?.vended === false ? 'false' : 'true'}`);
    if (!s || s.scheme === 's3') {
      lines.push('fs.native-s3.enabled=true', `s3.region=${s?.region ?? 'us-east-1'}`);
      if (s?.endpoint) lines.push(`s3.endpoint=${s.endpoint}`, 's3.path-style-access=true');
      if (s && !s.vended) lines.push('s3.aws-access-key=<access_key_id>', 's3.aws-secret-key=<secret_access_key>');
    } else if (s.scheme === 'azure') lines.push('fs.native-azure.enabled=true');
    else if (s.scheme === 'gcs') lines.push('fs.native-gcs.enabled=true');
  }
  return lines.join('\n');
}

export function duckdbSnippet(uri: string, catalog: string, o: SnippetOptions = {}): string {
  const c = engineIdentifier(catalog);
  const secret = `${c}_secret`;
  const s = o.storage;
  const auth =
    o.credential === 'token'
      ? `CREATE SECRET ${secret} (\n    TYPE iceberg,\n    TOKEN ${sql(TOKEN_PLACEHOLDER)}\n);`
      : `CREATE SECRET ${secret} (\n    TYPE iceberg,\n    CLIENT_ID ${sql(clientId(o))},\n    CLIENT_SECRET ${sql(CLIENT_SECRET_PLACEHOLDER)},\n    OAUTH2_SERVER_URI ${sql(tokensUri(uri))}\n);`;
  const lines = ['INSTALL iceberg;', 'LOAD iceberg;', 'INSTALL httpfs;', 'LOAD httpfs;', auth];
  const ownKeys = s !== undefined && !s.vended && s.scheme === 's3';
  if (ownKeys) {
    const endpoint = s.endpoint ? /^(https?):\/\/([^/]+)/i.exec(s.endpoint) : null;
    lines.push(
      `CREATE SECRET ${c}_s3 (\n    TYPE s3,\n    KEY_ID '<access_key_id>',\n    SECRET '<secret_access_key>'${s.region ? `,\n    REGION ${sql(s.region)}` : ''}${endpoint ? `,\n    ENDPOINT ${sql(endpoint[2])},\n    URL_STYLE 'path',\n    USE_SSL ${endpoint[1].toLowerCase() === 'https' ? 'true' : 'false'}` : ''}\n);`,
    );
  }
  lines.push(`ATTACH ${sql(catalog)} AS ${c} (\n    TYPE iceberg,\n    SECRET ${secret},\n    ENDPOINT ${sql(uri)}${ownKeys ? `,\n    ACCESS_DELEGATION_MODE 'none'` : ''}\n);`, 'SHOW ALL TABLES;');
  return lines.join('\n');
}

/** All four, in the order the Connect page shows them. */
export function connectSnippets(uri: string, catalog: string, o: SnippetOptions = {}): Snippet[] {
  return [
    { id: 'pyiceberg', label: 'PyIceberg', where: 'Python (pip install "pyiceberg[pyarrow]")', code: pyicebergSnippet(uri, catalog, o) },
    { id: 'spark', label: 'Spark', where: 'Shell: spark-sql with the Iceberg runtime (match the runtime to your Spark and Scala versions)', code: sparkSnippet(uri, catalog, o) },
    { id: 'trino', label: 'Trino', where: 'A catalog properties file on every Trino node', code: trinoSnippet(uri, catalog, o) },
    { id: 'duckdb', label: 'DuckDB', where: 'DuckDB SQL (the iceberg extension)', code: duckdbSnippet(uri, catalog, o) },
  ];
}
