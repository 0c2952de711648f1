// Field checks of the identity forms, as the user types; the server checks again (and
// refuses well-known passwords, which are not listed here).
import { entityName } from '../../../shared/api/admin.js';
import { username as usernameSchema } from '../../../shared/api/identity.js';

/** As the server's password policy (auth/password-policy.ts). */
export const MIN_PASSWORD_LENGTH = 10;

export function usernameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'Enter a user name';
  const r = usernameSchema.safeParse(name);
  return r.success ? undefined : `A user name ${r.error.issues[0]?.message ?? 'is not valid'}`;
}

/** Tenant and role names follow the same rule as warehouse and catalog names. */
export function entityNameProblem(name: string, what: string): string | undefined {
  if (name.trim() === '') return `Enter a ${what} name`;
  const r = entityName.safeParse(name);
  return r.success ? undefined : `A ${what} name ${r.error.issues[0]?.message ?? 'is not valid'}`;
}

export function passwordProblem(password: string, confirm: string, username = ''): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters`;
  if (username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) return 'The password may not contain the user name';
  if (confirm !== password) return 'The two passwords differ';
  return undefined;
}

export function emailProblem(email: string): string | undefined {
  const e = email.trim();
  if (e === '') return undefined;
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) ? undefined : 'Enter an email address like name@example.com, or leave it empty';
}

/** "Expires in days": '' = never; otherwise 1–3650 whole days. */
export function expiryProblem(days: string): string | undefined {
  if (days.trim() === '') return undefined;
  const n = Number(days);
  return Number.isInteger(n) && n >= 1 && n <= 3650 ? undefined : 'Enter whole days from 1 to 3650, or leave it empty for a key that never expires';
}

/** 20 random characters from an unambiguous alphabet, for "Generate" buttons. */
export function generatePassword(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  return Array.from(random(20), (b) => alphabet[b % alphabet.length]).join('');
}
