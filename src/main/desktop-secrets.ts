// The desktop's own secrets, made on first launch and sealed with the OS keychain
// (SecretBox → safeStorage) in <userData>/desktop-secrets.json:
//   - the root password (user `admin`), given to the server as PANGOLIN_ROOT_USER /
//     PANGOLIN_ROOT_PASSWORD and shown to the user once, until they acknowledge it;
//   - a 256-bit key for secrets at rest, given as PANGOLIN_ENCRYPTION_KEY.
// The user's environment wins over both; a data dir written by an earlier version keeps
// its `encryption-key` file's key, so the secrets it holds still decrypt.
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { SecretBox } from './secrets.js';

export const ROOT_USER = 'admin';
export const SECRETS_FILE = 'desktop-secrets.json';
/** The key file the server generates into its data dir when it gets no key (earlier versions). */
export const LEGACY_KEY_FILE = 'encryption-key';

const fileSchema = z.object({
  version: z.literal(1),
  rootUser: z.string().min(1),
  /** Sealed with SecretBox. */
  rootPassword: z.string().min(1),
  /** Sealed with SecretBox. */
  encryptionKey: z.string().min(1),
  /** Set once the user acknowledged the password dialog; it is never sent again. */
  rootPasswordShown: z.boolean(),
});
type SecretsFile = z.infer<typeof fileSchema>;

export class DesktopSecretsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DesktopSecretsError';
  }
}

export interface RootPasswordNotice {
  user: string;
  password: string;
}

export interface DesktopSettings {
  noAuth: boolean;
}

export interface DesktopSecretsOptions {
  /** Electron's userData folder: where desktop-secrets.json lives. */
  dir: string;
  /** The server's data dir (PANGOLIN_DATA_DIR, else userData): where a legacy key file may be. */
  dataDir: string;
  box: Pick<SecretBox, 'seal' | 'open' | 'encrypted'>;
  /** Usually process.env; decides which secrets the user supplies. */
  env: Record<string, string | undefined>;
  randomBytes?: (size: number) => Buffer;
  logger?: { warn(message: string): void };
}

/** A 32-character password from 192 random bits (URL-safe base64, no padding). */
export function generatePassword(random: (size: number) => Buffer = nodeRandomBytes): string {
  return random(24).toString('base64url');
}

/** A 256-bit key as 64 hex characters, the form PANGOLIN_ENCRYPTION_KEY takes. */
export function generateEncryptionKey(random: (size: number) => Buffer = nodeRandomBytes): string {
  return random(32).toString('hex');
}

/** Same rule as the server's key parser: 64 hex characters or 32 bytes in base64. */
export function isValidEncryptionKey(raw: string): boolean {
  if (/^[0-9a-fA-F]{64}$/.test(raw)) return true;
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(raw) && Buffer.from(raw, 'base64').length === 32;
}

export class DesktopSecrets {
  private constructor(
    private readonly file: string,
    private readonly env: Record<string, string | undefined>,
    private stored: SecretsFile,
    readonly rootUser: string,
    readonly rootPassword: string,
    /** The key the server gets this launch (from the env, the legacy key file, or sealed). */
    readonly encryptionKey: string,
  ) {}

  /**
   * Reads desktop-secrets.json, creating and sealing the secrets on first launch.
   * Throws DesktopSecretsError when the stored key cannot be read: silently making a new
   * one would leave every stored warehouse secret undecryptable.
   */
  static load(options: DesktopSecretsOptions): DesktopSecrets {
    const random = options.randomBytes ?? nodeRandomBytes;
    const logger = options.logger ?? console;
    const { box, env } = options;
    mkdirSync(options.dir, { recursive: true });
    const file = join(options.dir, SECRETS_FILE);
    const legacyKey = readLegacyKey(join(options.dataDir, LEGACY_KEY_FILE));

    let stored = readSecretsFile(file);
    let dirty = false;
    let rootPassword: string | undefined;
    let keptKey: string | undefined;
    if (stored) {
      try {
        rootPassword = box.open(stored.rootPassword);
      } catch (e) {
        // The password protects nothing stored: a new one (shown again) is safe.
        logger.warn(`The saved root password cannot be read (${(e as Error).message}); a new one is generated and shown once.`);
      }
      keptKey = openKey(box, stored.encryptionKey, file);
      // A keychain appeared since these were saved unencrypted: encrypt them now.
      if (box.encrypted && isUnencrypted(stored.encryptionKey)) {
        stored = { ...stored, encryptionKey: box.seal(keptKey) };
        dirty = true;
      }
      if (rootPassword && box.encrypted && isUnencrypted(stored.rootPassword)) {
        stored = { ...stored, rootPassword: box.seal(rootPassword) };
        dirty = true;
      }
    }
    if (!rootPassword) {
      rootPassword = generatePassword(random);
      if (stored) stored = { ...stored, rootPassword: box.seal(rootPassword), rootPasswordShown: false };
      dirty = true;
    }
    if (!stored) {
      // First launch. Adopt the key of a data dir written by an earlier version, whose
      // stored secrets are encrypted with it; otherwise make one.
      keptKey = legacyKey ?? generateEncryptionKey(random);
      stored = {
        version: 1,
        rootUser: ROOT_USER,
        rootPassword: box.seal(rootPassword),
        encryptionKey: box.seal(keptKey),
        rootPasswordShown: false,
      };
      dirty = true;
    }
    if (dirty) writeSecretsFile(file, stored);

    // This launch: the user's env first; then the data dir's own key file (it is what
    // that data dir's secrets were encrypted with); then the sealed key.
    const encryptionKey = env.PANGOLIN_ENCRYPTION_KEY || legacyKey || keptKey!;
    return new DesktopSecrets(file, env, stored, stored.rootUser, rootPassword, encryptionKey);
  }

  /** True when PANGOLIN_ROOT_USER/PASSWORD come from the user's env, not from us. */
  get rootFromEnv(): boolean {
    return Boolean(this.env.PANGOLIN_ROOT_USER || this.env.PANGOLIN_ROOT_PASSWORD);
  }

  /** The generated password, while the user has not acknowledged it (and it is in use). */
  pendingRootPassword(): RootPasswordNotice | undefined {
    if (this.stored.rootPasswordShown || this.rootFromEnv) return undefined;
    return { user: this.rootUser, password: this.rootPassword };
  }

  /** The user has stored the password: never send it to a window again. */
  markRootPasswordShown(): void {
    if (this.stored.rootPasswordShown) return;
    const next = { ...this.stored, rootPasswordShown: true };
    writeSecretsFile(this.file, next);
    this.stored = next;
  }

  /** The env for ServerHost.start: the user's env plus what the desktop supplies. */
  serverEnv(settings: DesktopSettings): Record<string, string | undefined> {
    const env: Record<string, string | undefined> = { ...this.env };
    if (!this.rootFromEnv) {
      env.PANGOLIN_ROOT_USER = this.rootUser;
      env.PANGOLIN_ROOT_PASSWORD = this.rootPassword;
    }
    if (!env.PANGOLIN_ENCRYPTION_KEY) env.PANGOLIN_ENCRYPTION_KEY = this.encryptionKey;
    if (settings.noAuth && !env.PANGOLIN_NO_AUTH) env.PANGOLIN_NO_AUTH = 'true';
    return env;
  }
}

function openKey(box: Pick<SecretBox, 'open'>, sealed: string, file: string): string {
  let key: string;
  try {
    key = box.open(sealed);
  } catch (e) {
    throw new DesktopSecretsError(
      `The key that encrypts stored warehouse secrets (in ${file}) cannot be read: ${(e as Error).message} ` +
        'If it cannot be recovered, move that file aside and restart: new credentials are made, and warehouse secrets must be entered again.',
    );
  }
  if (!isValidEncryptionKey(key)) throw new DesktopSecretsError(`The encryption key in ${file} is not a 256-bit key.`);
  return key;
}

/** SecretBox's marker of a value stored without OS encryption. */
function isUnencrypted(sealed: string): boolean {
  return sealed.startsWith('plain:');
}

function readLegacyKey(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const key = readFileSync(file, 'utf8').trim();
  if (!isValidEncryptionKey(key)) {
    throw new DesktopSecretsError(`${file} does not hold a 256-bit key (64 hex characters or 32 bytes in base64); fix or remove it.`);
  }
  return key;
}

function readSecretsFile(file: string): SecretsFile | undefined {
  if (!existsSync(file)) return undefined;
  let reason: string;
  try {
    const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data;
    reason = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  } catch (e) {
    reason = (e as Error).message;
  }
  throw new DesktopSecretsError(
    `${file} is damaged (${reason}). It holds the key of stored warehouse secrets: restore it from a backup, ` +
      'or move it aside and restart (new credentials are made, and warehouse secrets must be entered again).',
  );
}

function writeSecretsFile(file: string, data: SecretsFile): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(fileSchema.parse(data), null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file); // atomic: never a half-written key
}
