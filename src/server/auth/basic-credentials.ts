// HTTP Basic credentials (RFC 7617): base64 of "user:password". Buffer.from ignores
// characters that are not base64, so a garbled header would otherwise decode to some
// other name; it is refused instead.

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/** The decoded "user:password" text, or undefined when `value` is not base64. */
export function decodeBasic(value: string): string | undefined {
  const v = value.trim();
  if (v === '' || !BASE64.test(v)) return undefined;
  return Buffer.from(v, 'base64').toString('utf8');
}
