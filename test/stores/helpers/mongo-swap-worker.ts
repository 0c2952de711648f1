// Child process of the MongoDB fencing test: a writer the parent can pause (SIGSTOP) or
// kill at a chosen phase of its swap. Args: url dbName catalogId tables(comma) next phase leaseMs.
// Prints "at <phase>" when it reaches the phase (and waits there briefly so the parent can
// stop it), then {"result": true|false} or {"error": message}.
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoCatalogStore } from '../../../src/server/stores/mongo.js';

const [url, dbName, catalogId, tables, next, phase, leaseMs] = process.argv.slice(2);
const store = new MongoCatalogStore(url, {
  dbName,
  swap: {
    leaseMs: Number(leaseMs),
    onPhase: async (p) => {
      if (p !== phase) return;
      process.stdout.write(`at ${p}\n`);
      await sleep(300);
    },
  },
});
await store.init();
const idents = tables.split(',').map((name) => ({ catalogId, namespace: ['db'], name }));
const current = await Promise.all(idents.map((i) => store.getTable(i, 'table')));
try {
  const result = await store.swapMetadataLocations(idents.map((ident, i) => ({ ident, kind: 'table' as const, expected: current[i]!.metadataLocation, next })));
  process.stdout.write(JSON.stringify({ result }) + '\n');
} catch (e) {
  process.stdout.write(JSON.stringify({ error: (e as Error).message }) + '\n');
}
await store.close();
