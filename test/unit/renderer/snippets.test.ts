// Connect snippets: each engine's real configuration keys, placeholders for every secret,
// and the storage settings a client needs when the catalog does not vend credentials.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { connectSnippets, duckdbSnippet, engineIdentifier, pyicebergSnippet, snippetStorage, sparkSnippet, trinoSnippet } from '../../../src/renderer/src/lib/snippets.js';

const URI = 'http://127.0.0.1:8080';
const vendedS3 = { scheme: 's3' as const, vended: true, endpoint: 'http://localhost:9000', region: 'us-east-1' };
const ownKeysS3 = { ...vendedS3, vended: false };

describe('PyIceberg', () => {
  test('client credentials: unchanged default shape (the Catalogs page and CLI print the same)', () => {
    assert.equal(
      pyicebergSnippet(URI, 'analytics'),
      `from pyiceberg.catalog import load_catalog

catalog = load_catalog(
    "analytics",
    type="rest",
    uri="http://127.0.0.1:8080",
    warehouse="analytics",
    credential="<client_id>:<client_secret>",
)
print(catalog.list_namespaces())`,
    );
  });
  test('a known client id is filled in, the secret never; token kind', () => {
    assert.match(pyicebergSnippet(URI, 'a', { clientId: 'pangolin-1234' }), /credential="pangolin-1234:<client_secret>"/);
    const t = pyicebergSnippet(URI, 'a', { credential: 'token' });
    assert.match(t, /token="<token>",/);
    assert.ok(!t.includes('credential='));
  });
  test('no vending on S3: the client brings its own keys, with the client endpoint', () => {
    assert.match(pyicebergSnippet(URI, 'a', { storage: ownKeysS3 }), /\*\*\{"s3\.access-key-id": "<access_key_id>", "s3\.secret-access-key": "<secret_access_key>", "s3\.endpoint": "http:\/\/localhost:9000", "s3\.region": "us-east-1"\}/);
    assert.ok(!pyicebergSnippet(URI, 'a', { storage: vendedS3 }).includes('s3.access-key-id'));
  });
});

describe('Spark', () => {
  test('SparkCatalog with type rest, uri, warehouse, credential and the vended-credentials header', () => {
    const s = sparkSnippet(URI, 'analytics', { storage: vendedS3 });
    for (const line of [
      '--conf spark.sql.catalog.analytics=org.apache.iceberg.spark.SparkCatalog',
      '--conf spark.sql.catalog.analytics.type=rest',
      '--conf spark.sql.catalog.analytics.uri=http://127.0.0.1:8080',
      '--conf spark.sql.catalog.analytics.warehouse=analytics',
      '--conf spark.sql.catalog.analytics.credential=<client_id>:<client_secret>',
      '--conf spark.sql.catalog.analytics.oauth2-server-uri=http://127.0.0.1:8080/v1/oauth/tokens',
      '--conf spark.sql.catalog.analytics.header.X-Iceberg-Access-Delegation=vended-credentials',
      '--conf spark.sql.defaultCatalog=analytics',
    ]) {
      assert.ok(s.includes(line), `missing ${line}\n${s}`);
    }
    assert.match(s, /^spark-sql \\\n {2}--packages org\.apache\.iceberg:iceberg-spark-runtime-3\.5_2\.12:[\d.]+,org\.apache\.iceberg:iceberg-aws-bundle:[\d.]+ \\$/m);
    assert.ok(!s.trimEnd().endsWith('\\'), 'the last line has no continuation');
  });
  test('a catalog name with "-" becomes a Spark identifier; the REST warehouse keeps the real name', () => {
    const s = sparkSnippet(URI, 'my-lake.v2', { credential: 'token' });
    assert.match(s, /spark\.sql\.catalog\.my_lake_v2\.warehouse=my-lake\.v2/);
    assert.match(s, /spark\.sql\.catalog\.my_lake_v2\.token=<token>/);
    assert.ok(!s.includes('.credential='));
  });
  test('no vending: S3FileIO keys with placeholders', () => {
    const s = sparkSnippet(URI, 'a', { storage: ownKeysS3 });
    assert.match(s, /spark\.sql\.catalog\.a\.s3\.access-key-id=<access_key_id>/);
    assert.match(s, /spark\.sql\.catalog\.a\.s3\.endpoint=http:\/\/localhost:9000/);
    assert.match(s, /spark\.sql\.catalog\.a\.s3\.path-style-access=true/);
    assert.ok(!s.includes('X-Iceberg-Access-Delegation'));
  });
});

describe('Trino', () => {
  test('iceberg connector on the REST catalog with OAUTH2 client credentials and vended credentials', () => {
    const t = trinoSnippet(URI, 'analytics', { storage: vendedS3 });
    for (const line of [
      'connector.name=iceberg',
      'iceberg.catalog.type=rest',
      'iceberg.rest-catalog.uri=http://127.0.0.1:8080',
      'iceberg.rest-catalog.warehouse=analytics',
      'iceberg.rest-catalog.security=OAUTH2',
      'iceberg.rest-catalog.oauth2.credential=<client_id>:<client_secret>',
      'iceberg.rest-catalog.vended-credentials-enabled=true',
      'fs.native-s3.enabled=true',
      's3.endpoint=http://localhost:9000',
      's3.path-style-access=true',
      's3.region=us-east-1',
    ]) {
      assert.ok(t.split('\n').includes(line), `missing ${line}\n${t}`);
    }
    assert.match(t, /host\.docker\.internal/);
  });
  test('token kind and own keys', () => {
    const t = trinoSnippet(URI, 'a', { credential: 'token', storage: ownKeysS3 });
    assert.ok(t.split('\n').includes('iceberg.rest-catalog.oauth2.token=<token>'));
    assert.ok(t.split('\n').includes('iceberg.rest-catalog.vended-credentials-enabled=false'));
    assert.ok(t.split('\n').includes('s3.aws-access-key=<access_key_id>'));
  });
  test('a local folder warehouse says what Trino needs', () => {
    const t = trinoSnippet(URI, 'local', { storage: { scheme: 'file', vended: false } });
    assert.ok(t.split('\n').includes('fs.hadoop.enabled=true'));
    assert.ok(!t.includes('vended-credentials-enabled'));
  });
});

describe('DuckDB', () => {
  test('iceberg secret with the OAuth2 token endpoint, ATTACH with ENDPOINT', () => {
    const d = duckdbSnippet(URI, 'analytics', { storage: vendedS3 });
    assert.match(d, /^INSTALL iceberg;\nLOAD iceberg;/);
    assert.match(d, /CREATE SECRET analytics_secret \(\n {4}TYPE iceberg,\n {4}CLIENT_ID '<client_id>',\n {4}CLIENT_SECRET '<client_secret>',\n {4}OAUTH2_SERVER_URI 'http:\/\/127\.0\.0\.1:8080\/v1\/oauth\/tokens'\n\);/);
    assert.match(d, /ATTACH 'analytics' AS analytics \(\n {4}TYPE iceberg,\n {4}SECRET analytics_secret,\n {4}ENDPOINT 'http:\/\/127\.0\.0\.1:8080'\n\);/);
    assert.ok(!d.includes('ACCESS_DELEGATION_MODE'));
  });
  test('token kind; quotes are escaped; own keys: an s3 secret and no delegation', () => {
    assert.match(duckdbSnippet(URI, 'a', { credential: 'token' }), /TOKEN '<token>'/);
    assert.match(duckdbSnippet(URI, "o'brien", {}), /ATTACH 'o''brien' AS o_brien/);
    const d = duckdbSnippet(URI, 'a', { storage: ownKeysS3 });
    assert.match(d, /TYPE s3,\n {4}KEY_ID '<access_key_id>',\n {4}SECRET '<secret_access_key>',\n {4}REGION 'us-east-1',\n {4}ENDPOINT 'localhost:9000',\n {4}URL_STYLE 'path',\n {4}USE_SSL false/);
    assert.match(d, /ACCESS_DELEGATION_MODE 'none'/);
  });
});

describe('shared', () => {
  test('engineIdentifier', () => {
    assert.equal(engineIdentifier('local'), 'local');
    assert.equal(engineIdentifier('my-lake'), 'my_lake');
    assert.equal(engineIdentifier('2024'), 'c_2024');
  });
  test('snippetStorage: client_config endpoint wins; vending on or off; no secret read', () => {
    const s = snippetStorage({ location: 's3://b/x', storage_config: { 's3.endpoint': 'http://minio:9000', 's3.region': 'eu-west-1', 's3.secret-access-key': '********' }, client_config: { 's3.endpoint': 'http://localhost:9000' }, vending_strategy: { type: 'AwsStatic' } });
    assert.deepEqual(s, { scheme: 's3', vended: true, endpoint: 'http://localhost:9000', region: 'eu-west-1' });
    assert.deepEqual(snippetStorage({ location: 'file:///tmp/x', storage_config: {}, client_config: {}, vending_strategy: null }), { scheme: 'file', vended: false });
  });
  test('connectSnippets: four engines, no secret anywhere', () => {
    const all = connectSnippets(URI, 'analytics', { clientId: 'pangolin-abc', storage: vendedS3 });
    assert.deepEqual(all.map((s) => s.id), ['pyiceberg', 'spark', 'trino', 'duckdb']);
    for (const s of all) {
      assert.ok(s.code.includes('pangolin-abc'), s.id);
      assert.ok(s.code.includes('<client_secret>'), s.id);
    }
  });
});
