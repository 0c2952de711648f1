// The SQLite database holds password hashes, sessions and the audit log: a new file is made
// 0600 (its folder 0700) before SQLite opens it, and SQLite gives the -wal and -shm files it
// creates beside it the same mode. An existing file is left as it is (createServer tightens
// loose ones, with a warning: src/server/file-modes.ts).
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

export function createPrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}
