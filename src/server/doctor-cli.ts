// `npm run doctor`: the guided troubleshooter from the command line. Local checks first
// (environment variables as the server parses them, port, data folder, PostgreSQL
// privileges), then against a running server: reachable, sign-in works, and the
// troubleshooter's checks (POST /api/v1/troubleshoot, the very checks the UI runs) for
// every warehouse or the one asked for. Prints each step with PASS/WARN/FAIL and the fix;
// --fix applies the mechanical fixes (create the bucket, rename legacy keys, set
// client_config) and checks again. Exits 1 when a step fails, 2 on a usage error.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { TroubleshootAction, TroubleshootResponse, TroubleshootStep } from '../shared/api/troubleshoot.js';
import { loadConfig } from './config.js';
import { formatSection, formatSummary } from './troubleshoot/format.js';
import { localChecks } from './troubleshoot/local-checks.js';

const USAGE = `Usage: npm run doctor -- [options]

Checks this machine's Pangolin setup and a running server, step by step, with the fix
for each problem. Exits 1 if any step fails.

  --url <url>              server to check (env PANGOLIN_URL; default http://127.0.0.1:<PORT or 8080>)
  --client-id <id>         sign in with client credentials (env PANGOLIN_CLIENT_ID)
  --client-secret <secret> (env PANGOLIN_CLIENT_SECRET)
  --root-user <name>       sign in as root with HTTP Basic (env PANGOLIN_ROOT_USER)
  --root-password <pw>     (env PANGOLIN_ROOT_PASSWORD)
  --catalog <name>         check this catalog (and its warehouse) only
  --warehouse <name>       check this warehouse only
  --table <ns.table>       load this table of --catalog with vended credentials
  --fix                    apply one-click fixes (create bucket, rename keys, set client_config), then check again
  --no-local               skip the checks of this machine's environment
  --no-server              only the checks of this machine's environment
  --json                   print the results as JSON
  -h, --help               this text

Without credentials the client in <data folder>/credentials.json is used (a local server's first client).`;

type Status = TroubleshootStep['status'];

interface Section {
  title: string;
  steps: TroubleshootStep[];
  notes?: string[];
}

class UsageError extends Error {}

function options(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        'root-user': { type: 'string' },
        'root-password': { type: 'string' },
        catalog: { type: 'string' },
        warehouse: { type: 'string' },
        table: { type: 'string' },
        fix: { type: 'boolean', default: false },
        'no-local': { type: 'boolean', default: false },
        'no-server': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

type Auth = { header: string; who: string } | undefined;

interface Http {
  status: number;
  body: any;
  text: string;
}

async function call(url: string, init: RequestInit & { auth?: Auth; json?: unknown } = {}): Promise<Http> {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  if (init.auth) headers.set('authorization', init.auth.header);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  const res = await fetch(url, { ...init, headers, body, signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text };
}

const errorText = (r: Http) => (r.body?.error?.message ? `${r.body.error.type}: ${r.body.error.message}` : r.body?.error_description ?? r.body?.error ?? `HTTP ${r.status}`);

const isLoopback = (url: string) => {
  try {
    const h = new URL(url).hostname;
    return h === 'localhost' || h === '[::1]' || h === '::1' || /^127\./.test(h);
  } catch {
    return false;
  }
};

/** The credentials to use, and where they came from (never the secret). */
function credentials(o: ReturnType<typeof options>, env: NodeJS.ProcessEnv, url: string): { kind: 'client'; id: string; secret: string; from: string } | { kind: 'root'; user: string; password: string; from: string } | undefined {
  const id = o['client-id'] ?? env.PANGOLIN_CLIENT_ID;
  const secret = o['client-secret'] ?? env.PANGOLIN_CLIENT_SECRET;
  if (id && secret) return { kind: 'client', id, secret, from: o['client-id'] ? '--client-id' : 'PANGOLIN_CLIENT_ID' };
  const user = o['root-user'] ?? env.PANGOLIN_ROOT_USER;
  const password = o['root-password'] ?? env.PANGOLIN_ROOT_PASSWORD;
  if (user && password) return { kind: 'root', user, password, from: o['root-user'] ? '--root-user' : 'PANGOLIN_ROOT_USER' };
  if (!isLoopback(url)) return undefined;
  try {
    const file = join(loadConfig(env).dataDir, 'credentials.json');
    if (!existsSync(file)) return undefined;
    const c = JSON.parse(readFileSync(file, 'utf8')) as { client_id?: string; client_secret?: string };
    if (c.client_id && c.client_secret) return { kind: 'client', id: c.client_id, secret: c.client_secret, from: file };
  } catch {
    // an invalid environment is reported by the local checks
  }
  return undefined;
}

/** Seed step 1, from the client's side: can we sign in? */
async function signIn(url: string, creds: ReturnType<typeof credentials>): Promise<{ step: TroubleshootStep; auth: Auth }> {
  const title = 'Sign in';
  if (!creds) {
    return {
      step: { id: 'login', title, status: 'fail', message: 'No credentials to sign in with', fix: 'Pass --client-id and --client-secret (or PANGOLIN_CLIENT_ID / PANGOLIN_CLIENT_SECRET), or --root-user and --root-password; a local server’s first client is in credentials.json in its data folder' },
      auth: undefined,
    };
  }
  if (creds.kind === 'root') {
    const auth = { header: `Basic ${Buffer.from(`${creds.user}:${creds.password}`).toString('base64')}`, who: `root "${creds.user}"` };
    const r = await call(`${url}/api/v1/server/status`, { auth });
    if (r.status === 200) return { step: { id: 'login', title, status: 'pass', message: `Signed in as root "${creds.user}" with HTTP Basic (from ${creds.from})` }, auth };
    return {
      step: {
        id: 'login',
        title,
        status: 'fail',
        message: `The server refused root Basic auth (from ${creds.from}): ${errorText(r)}`,
        fix: 'The server needs the same PANGOLIN_ROOT_USER and PANGOLIN_ROOT_PASSWORD (both set) as given here; or sign in with --client-id / --client-secret',
      },
      auth: undefined,
    };
  }
  const r = await call(`${url}/v1/oauth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: creds.id, client_secret: creds.secret, scope: 'catalog' }).toString(),
  });
  if (r.status === 200 && typeof r.body?.access_token === 'string') {
    return { step: { id: 'login', title, status: 'pass', message: `Got a bearer token for client "${creds.id}" from /v1/oauth/tokens (credentials from ${creds.from})` }, auth: { header: `Bearer ${r.body.access_token}`, who: `client "${creds.id}"` } };
  }
  return {
    step: { id: 'login', title, status: 'fail', message: `/v1/oauth/tokens refused client "${creds.id}" (from ${creds.from}): ${errorText(r)}`, fix: 'Check the client id and secret (a local server’s first client is in credentials.json in its data folder)' },
    auth: undefined,
  };
}

async function applyAction(url: string, auth: Auth, a: TroubleshootAction): Promise<string> {
  const w = 'warehouse' in a ? encodeURIComponent(a.warehouse) : '';
  let r: Http;
  if (a.kind === 'create-bucket') r = await call(`${url}/api/v1/warehouses/${w}/create-bucket`, { method: 'POST', auth });
  else if (a.kind === 'rename-keys') r = await call(`${url}/api/v1/warehouses/${w}`, { method: 'PATCH', auth, json: { rename_keys: a.renames } });
  else if (a.kind === 'set-client-config') r = await call(`${url}/api/v1/warehouses/${w}`, { method: 'PATCH', auth, json: { client_config: a.client_config } });
  else return `${a.label}: run it yourself (printed above)`;
  if (r.status === 200) return `Applied: ${a.label}${a.kind === 'create-bucket' ? ` (${r.body?.message ?? 'done'})` : ''}`;
  return `Could not apply "${a.label}": ${errorText(r)}`;
}

/** Fixes whose order matters: keys first (the bucket is then created with the right credentials). */
const FIX_ORDER: TroubleshootAction['kind'][] = ['rename-keys', 'set-client-config', 'create-bucket'];
const SERVER_LEVEL = ['auth-root', 'auth-token', 'database'];

async function main(argv: string[]): Promise<number> {
  const o = options(argv);
  if (o.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (o.table && !o.catalog) throw new UsageError('--table needs --catalog');
  const env = process.env;
  const url = (o.url ?? env.PANGOLIN_URL ?? `http://127.0.0.1:${/^\d+$/.test(env.PORT ?? '') && env.PORT !== '0' ? env.PORT : 8080}`).replace(/\/+$/, '');
  const color = !o.json && process.stdout.isTTY && !env.NO_COLOR;
  const sections: Section[] = [];
  const print = (s: Section) => {
    sections.push(s);
    if (o.json) return;
    process.stdout.write(`\n${formatSection(s.title, s.steps, { color })}\n`);
    for (const n of s.notes ?? []) process.stdout.write(`  ${n}\n`);
  };
  if (!o.json) process.stdout.write(`Pangolin doctor: ${o['no-server'] ? 'this machine' : url}\n`);

  if (!o['no-local']) print({ title: 'This machine (the environment as the server reads it)', steps: await localChecks(env) });

  if (!o['no-server']) {
    const serverSteps: TroubleshootStep[] = [];
    let health: Http | undefined;
    try {
      health = await call(`${url}/api/v1/health`);
    } catch (e) {
      const c = (e as { cause?: { code?: string; message?: string } }).cause;
      const cause = c?.code ?? c?.message ?? (e as Error).message;
      serverSteps.push({ id: 'server', title: 'Server reachable', status: 'fail', message: `Cannot reach ${url} (${cause})`, fix: 'Start it (npm start, or the desktop app), or pass --url with the address it listens on' });
    }
    if (health && !(health.status === 200 && health.body?.status === 'ok')) {
      serverSteps.push({ id: 'server', title: 'Server reachable', status: 'fail', message: `${url}/api/v1/health answered HTTP ${health.status}: not a Pangolin server`, fix: 'Pass --url with the Pangolin server’s address' });
    } else if (health) {
      serverSteps.push({ id: 'server', title: 'Server reachable', status: 'pass', message: `Pangolin ${health.body.version} answers at ${url}` });
      const login = await signIn(url, credentials(o, env, url));
      serverSteps.push(login.step);
      if (login.auth) {
        const auth = login.auth;
        let targets: { catalog?: string; warehouse?: string; table?: string }[] = [];
        if (o.catalog || o.warehouse) targets = [{ catalog: o.catalog, warehouse: o.warehouse, table: o.table }];
        else {
          const list = await call(`${url}/api/v1/warehouses`, { auth });
          if (list.status === 200) targets = (list.body.warehouses as { name: string }[]).map((w) => ({ warehouse: w.name }));
          else serverSteps.push({ id: 'warehouses', title: 'List warehouses', status: 'fail', message: `GET /api/v1/warehouses: ${errorText(list)}`, fix: 'Sign in as a tenant admin or root (the troubleshooter is for administrators)' });
        }
        if (!targets.length) targets = [{}];
        const results: Section[] = [];
        for (const t of targets) {
          const body = Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined));
          let r = await call(`${url}/api/v1/troubleshoot`, { method: 'POST', auth, json: body });
          const notes: string[] = [];
          if (r.status === 200 && o.fix) {
            const actions = (r.body as TroubleshootResponse).steps
              .map((s) => s.action)
              .filter((a): a is TroubleshootAction => a !== undefined && a.kind !== 'copy')
              .sort((a, b) => FIX_ORDER.indexOf(a.kind) - FIX_ORDER.indexOf(b.kind));
            for (const a of actions) notes.push(await applyAction(url, auth, a));
            if (actions.length) r = await call(`${url}/api/v1/troubleshoot`, { method: 'POST', auth, json: body });
          }
          const label = t.catalog ? `Catalog "${t.catalog}"` : t.warehouse ? `Warehouse "${t.warehouse}"` : 'Storage';
          if (r.status !== 200) {
            results.push({ title: label, steps: [{ id: 'troubleshoot', title: 'Run the troubleshooter', status: 'fail', message: `POST /api/v1/troubleshoot: ${errorText(r)}`, fix: r.status === 403 ? 'Sign in as a tenant admin or root' : 'Check the names given with --catalog / --warehouse / --table' }], notes });
            continue;
          }
          const res = r.body as TroubleshootResponse;
          // Server-level steps (auth, database) are the same for every warehouse: shown once, with the server.
          for (const step of res.steps) if (SERVER_LEVEL.includes(step.id) && !serverSteps.some((x) => x.id === step.id)) serverSteps.push(step);
          const title = res.warehouse ? `Warehouse "${res.warehouse}"${res.catalog ? `, catalog "${res.catalog}"` : ''}${res.table ? `, table ${res.table}` : ''}` : label;
          results.push({ title, steps: res.steps.filter((step) => !SERVER_LEVEL.includes(step.id)), notes });
        }
        print({ title: `Server ${url}`, steps: serverSteps });
        for (const r of results) print(r);
      } else {
        print({ title: `Server ${url}`, steps: serverSteps });
      }
    } else {
      print({ title: `Server ${url}`, steps: serverSteps });
    }
  }

  const all = sections.flatMap((s) => s.steps);
  const worst: Status = all.some((s) => s.status === 'fail') ? 'fail' : all.some((s) => s.status === 'warn') ? 'warn' : 'pass';
  if (o.json) {
    process.stdout.write(`${JSON.stringify({ url, ok: worst !== 'fail', sections }, null, 2)}\n`);
  } else {
    process.stdout.write(`\n${formatSummary(all)}${worst === 'fail' ? ': fix the FAIL steps above (each says how), then run npm run doctor again' : ''}\n`);
  }
  return worst === 'fail' ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`doctor failed: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
