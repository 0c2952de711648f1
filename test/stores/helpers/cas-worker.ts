// Child process of the multi-process SQLite test: opens its own connection to the
// database file, says "ready", waits for "go" on stdin (so every process races at the
// same moment), then runs its writers and prints {"successes":n,"conflicts":n}.
import { once } from 'node:events';
import { SqliteCatalogStore } from '../../../src/server/stores/sqlite.js';
import { concurrentBumps } from './cas.js';

const [path, catalogId, writers, perWriter, pauseMs] = process.argv.slice(2);
const store = new SqliteCatalogStore(path, { busyTimeoutMs: 30_000 });
await store.init();
process.stdout.write('ready\n');
await once(process.stdin, 'data');
const ident = { catalogId, namespace: ['db'], name: 'a' };
const result = await concurrentBumps(store, [ident], Number(writers), Number(perWriter), Number(pauseMs ?? 0));
await store.close();
process.stdout.write(JSON.stringify(result) + '\n');
process.stdin.destroy();
