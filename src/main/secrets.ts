// SecretBox: seals secrets (warehouse keys, tokens) with the OS keychain via Electron's
// safeStorage. When the OS offers no encryption (e.g. Linux without a keyring) it still
// works, but stores the secret only encoded and says so once, loudly.
import type { SafeStorage } from 'electron';

/** The part of Electron's safeStorage the box uses (injectable for tests). */
export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

const ENCRYPTED = 'enc:v1:';
const PLAIN = 'plain:v1:';

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

export interface SecretBoxOptions {
  warn?: (message: string) => void;
}

export class SecretBox {
  /** True when secrets are really encrypted with an OS-held key. */
  readonly encrypted: boolean;
  private readonly warn: (message: string) => void;
  private warned = false;

  constructor(
    private readonly safe: SafeStorageLike,
    options: SecretBoxOptions = {},
  ) {
    this.warn = options.warn ?? ((m) => console.warn(m));
    const backend = safe.getSelectedStorageBackend?.();
    this.encrypted = safe.isEncryptionAvailable() && backend !== 'basic_text';
    if (!safe.isEncryptionAvailable()) {
      this.warnOnce(
        'OS encryption is unavailable (no keychain/keyring): secrets are stored unencrypted in the data folder. ' +
          'Install and unlock a keyring (e.g. gnome-keyring or KWallet) and restart to encrypt them.',
      );
    } else if (backend === 'basic_text') {
      this.warnOnce(
        'No OS keyring found: secrets are only obfuscated with a built-in key (safeStorage "basic_text" backend). ' +
          'Install and unlock a keyring (e.g. gnome-keyring or KWallet) and restart to encrypt them.',
      );
    }
  }

  seal(plain: string): string {
    if (this.safe.isEncryptionAvailable()) {
      return ENCRYPTED + this.safe.encryptString(plain).toString('base64');
    }
    return PLAIN + Buffer.from(plain, 'utf8').toString('base64');
  }

  open(sealed: string): string {
    if (sealed.startsWith(PLAIN)) return Buffer.from(sealed.slice(PLAIN.length), 'base64').toString('utf8');
    if (!sealed.startsWith(ENCRYPTED)) throw new SecretBoxError('Not a sealed secret: expected a value written by SecretBox.seal');
    if (!this.safe.isEncryptionAvailable()) {
      throw new SecretBoxError(
        'This secret was encrypted with the OS keychain, which is not available now: unlock the keychain/keyring and restart, or enter the secret again.',
      );
    }
    try {
      return this.safe.decryptString(Buffer.from(sealed.slice(ENCRYPTED.length), 'base64'));
    } catch (e) {
      throw new SecretBoxError(
        `This secret cannot be decrypted (it was sealed on another machine or user account, or the keychain entry changed): ${(e as Error).message}`,
      );
    }
  }

  private warnOnce(message: string): void {
    if (this.warned) return;
    this.warned = true;
    this.warn(message);
  }
}
