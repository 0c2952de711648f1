// Secrets at rest (warehouse keys, vending secrets): AES-256-GCM with a random 96-bit IV
// per value. Stored as `enc:v1:<base64(iv | tag | ciphertext)>`, so an encrypted value is
// recognisable and a plaintext one (written before encryption existed) still reads.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { isSecretKey } from '../storage/storage-config.js';
import { readOrCreateKeyFile } from './key-file.js';

const PREFIX = 'enc:v1:';

export class SecretDecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretDecryptError';
  }
}

export class SecretCipher {
  private constructor(private readonly key: Buffer) {}

  /** PANGOLIN_ENCRYPTION_KEY (hex or base64, 256 bits) or a key generated into the data dir. */
  static fromConfig(encryptionKey: string | undefined, dataDir: string): SecretCipher {
    const raw = encryptionKey ?? readOrCreateKeyFile(join(dataDir, 'encryption-key'), () => randomBytes(32).toString('hex'));
    return new SecretCipher(parseKey(raw));
  }

  static fromKey(key: Buffer): SecretCipher {
    if (key.length !== 32) throw new Error('AES-256 needs a 32-byte key');
    return new SecretCipher(key);
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return PREFIX + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
  }

  decrypt(value: string): string {
    if (!isEncrypted(value)) return value;
    const buf = Buffer.from(value.slice(PREFIX.length), 'base64');
    try {
      const d = createDecipheriv('aes-256-gcm', this.key, buf.subarray(0, 12));
      d.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
    } catch {
      throw new SecretDecryptError(
        'A stored secret cannot be decrypted with this server\'s key: it was saved by a server with another PANGOLIN_ENCRYPTION_KEY (or another data dir\'s encryption-key file). Start every server of a shared store with the same PANGOLIN_ENCRYPTION_KEY, or re-enter the secret.',
      );
    }
  }

  /** Encrypts the secret values of a storage config (idempotent). */
  encryptConfig(config: Record<string, string>): Record<string, string> {
    return mapSecrets(config, (v) => (isEncrypted(v) ? v : this.encrypt(v)));
  }

  decryptConfig(config: Record<string, string>): Record<string, string> {
    return mapSecrets(config, (v) => this.decrypt(v));
  }
}

export function isEncrypted(value: string): boolean {
  return value.startsWith(PREFIX);
}

function mapSecrets(config: Record<string, string>, f: (v: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) out[k] = isSecretKey(k) && typeof v === 'string' ? f(v) : v;
  return out;
}

function parseKey(raw: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new Error('The encryption key must be 256 bits (64 hex characters or 32 bytes in base64)');
  return key;
}
