// Iceberg REST namespaces in URLs: the parts of a multi-level namespace are joined by
// the unit separator 0x1F, percent-encoded as %1F, each part percent-encoded itself.
export const NAMESPACE_SEPARATOR = '%1F';

/** ['a', 'b c'] → 'a%1Fb%20c', for a path segment or the `parent` query value. */
export function encodeNamespace(parts: readonly string[]): string {
  if (parts.length === 0) throw new Error('A namespace has at least one part');
  return parts.map((p) => encodeURIComponent(p)).join(NAMESPACE_SEPARATOR);
}

/** Inverse of encodeNamespace (also accepts a raw 0x1F separator). */
export function decodeNamespace(encoded: string): string[] {
  if (encoded === '') return [];
  return encoded.split(/%1F|\u001f/i).map((p) => decodeURIComponent(p));
}

/** Human-readable dotted name, e.g. "sales.eu". */
export function namespaceLabel(parts: readonly string[]): string {
  return parts.join('.');
}

/** A stable key for maps, test ids and react keys (0x1F cannot occur in names we show). */
export function namespaceKey(parts: readonly string[]): string {
  return parts.join('\u001f');
}

export function isPrefixOf(prefix: readonly string[], parts: readonly string[]): boolean {
  return prefix.length <= parts.length && prefix.every((p, i) => parts[i] === p);
}
