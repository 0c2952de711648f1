// How a multi-level namespace is keyed in storage: levels joined by the unit separator
// (0x1F), which the REST layer already forbids inside a level. Siblings share the
// parent key as prefix, so ordering children by key orders them by their last level.
export const NS_SEP = '\u001f';

export const namespaceKey = (parts: readonly string[]): string => parts.join(NS_SEP);

export const parentKey = (parts: readonly string[]): string => namespaceKey(parts.slice(0, -1));

export const namespaceParts = (key: string): string[] => (key === '' ? [] : key.split(NS_SEP));

export const showNamespace = (parts: readonly string[]): string => parts.join('.');

export const showIdent = (ns: readonly string[], name: string): string => [...ns, name].join('.');
