// User passwords: argon2id (the `argon2` package, maintained, prebuilt binaries) and a
// check that costs the same whether or not the user exists. The policy is password-policy.ts.

/** Loaded on first use: a native module, not needed to start serving. */
let lib: Promise<typeof import('argon2')> | undefined;
const argon2 = () => (lib ??= import('argon2').then((m) => (m as { default?: typeof import('argon2') }).default ?? m));

/** OWASP's argon2id minimum (19 MiB, 2 passes) keeps a login well under 100 ms here. */
const options = async () => ({ type: (await argon2()).argon2id as 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });

export async function hashPassword(password: string): Promise<string> {
  return (await argon2()).hash(password, await options());
}

let dummy: Promise<string> | undefined;

/**
 * Checks a password against a stored hash; with no hash (unknown user) it still does the
 * same work, so response times do not tell which user names exist.
 */
export async function verifyPassword(password: string, hash: string | undefined): Promise<boolean> {
  const a = await argon2();
  const target = hash ?? (await (dummy ??= options().then((o) => a.hash('not-a-real-password', o))));
  try {
    const ok = await a.verify(target, password);
    return ok && hash !== undefined;
  } catch {
    return false; // not an argon2 hash: never matches
  }
}
