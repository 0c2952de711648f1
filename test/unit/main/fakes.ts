// Stand-ins for Electron objects used by the main-process tests (electron is never loaded).
import type { SafeStorageLike } from '../../../src/main/secrets.js';

/** A stand-in for Electron's safeStorage: reversible, but never the plaintext bytes. */
export function fakeSafeStorage(opts: { available?: boolean; backend?: string } = {}): SafeStorageLike & { calls: string[] } {
  const calls: string[] = [];
  const flip = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  return {
    calls,
    isEncryptionAvailable: () => opts.available ?? true,
    encryptString: (s: string) => {
      calls.push('encrypt');
      return Buffer.concat([Buffer.from('FAKE'), flip(Buffer.from(s, 'utf8'))]);
    },
    decryptString: (b: Buffer) => {
      calls.push('decrypt');
      if (b.subarray(0, 4).toString() !== 'FAKE') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return flip(b.subarray(4)).toString('utf8');
    },
    ...(opts.backend ? { getSelectedStorageBackend: () => opts.backend as ReturnType<NonNullable<SafeStorageLike['getSelectedStorageBackend']>> } : {}),
  };
}
