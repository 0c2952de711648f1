// One process of the commit soak (bench/soak.ts): opens its own connection to the shared
// store, says "ready", waits for "go" on stdin, runs its writers (soak-lib.ts runWriters)
// and prints their SoakResult as JSON.
import { openSoakStore, runWriters, type StoreName } from './soak-lib.js';

const [store, target, catalogId, writers, seconds] = process.argv.slice(2);
const s = await openSoakStore(store as StoreName, target);
process.stdout.write('ready\n');
await new Promise((r) => process.stdin.once('data', r));
const result = await runWriters(s, catalogId, Number(writers), Number(seconds));
await s.close();
process.stdout.write(JSON.stringify(result) + '\n');
process.stdin.destroy();
