// The data dir holds password hashes, sessions, the audit log and the keys: only its owner
// may read it. It is created 0700 and its database and key files 0600; a start-up that
// finds them looser (made by an older version, copied, or by hand) tightens them and says
// so. POSIX modes only: on Windows the folder's ACL (the user profile) is what protects it.
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from './logger.js';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const posix = process.platform !== 'win32';
const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

/** The SQLite database and the files SQLite keeps beside it. */
export const sqliteFiles = (path: string): string[] => [path, `${path}-wal`, `${path}-shm`];

/** The data dir's own secrets (see secrets/key-file.ts, bootstrap.ts). */
export const dataDirSecrets = (dataDir: string): string[] => ['jwt-secret', 'encryption-key', 'credentials.json'].map((f) => join(dataDir, f));

/** Creates the data dir 0700, or tightens an existing one (group/other bits cleared), with a warning. */
export function ensurePrivateDir(dir: string, logger: Logger): void {
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    return;
  }
  tighten(dir, PRIVATE_DIR_MODE, 'data folder', logger);
}

/** Tightens each existing file to 0600 when group or others have any access to it, with a warning. */
export function tightenPrivateFiles(files: readonly string[], logger: Logger): void {
  for (const f of files) if (existsSync(f)) tighten(f, PRIVATE_FILE_MODE, 'file', logger);
}

function tighten(path: string, mode: number, what: string, logger: Logger): void {
  if (!posix) return;
  const was = statSync(path).mode;
  if ((was & 0o077) === 0) return;
  try {
    chmodSync(path, mode);
    logger.warn({ path, was: octal(was), now: octal(mode) }, `The ${what} ${path} was readable by other users (mode ${octal(was)}); changed it to ${octal(mode)}`);
  } catch (e) {
    // Not ours to change (another owner): say so rather than stop the server.
    logger.warn({ path, was: octal(was), err: (e as Error).message }, `The ${what} ${path} is readable by other users (mode ${octal(was)}) and could not be changed to ${octal(mode)}: change it yourself (chmod ${octal(mode)})`);
  }
}
