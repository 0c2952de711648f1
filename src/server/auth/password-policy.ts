// Which passwords are refused (users' and root's): pure, shared by config and the admin API.

export const MIN_PASSWORD_LENGTH = 10;

const COMMON = new Set(['password', 'password1', 'password123', 'passw0rd', 'admin', 'admin123', 'administrator', 'changeme', 'changeit', 'letmein', 'welcome', 'qwerty', 'qwertyuiop', '123456', '12345678', '1234567890', 'secret', 'root', 'toor', 'pangolin', 'iceberg', 'minioadmin']);

/** Why a password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string, username?: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `it is shorter than ${MIN_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || COMMON.has(lower.replace(/[0-9!.]+$/, ''))) return 'it is a well-known password';
  if (username && lower.includes(username.toLowerCase()) && username.length >= 3) return 'it contains the user name';
  if (/^(.)\1*$/.test(password)) return 'it repeats one character';
  return undefined;
}
