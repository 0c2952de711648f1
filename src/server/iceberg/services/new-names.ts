// The name rules (shared/api/names.ts) checked where the services add or rename an entry,
// so every way in (create, staged create's commit, register, rename) refuses the same names.
import { icebergNameProblem, MAX_NAMESPACE_DEPTH } from '../../../shared/api/names.js';
import { badRequest } from '../errors.js';

/** The name as it can be quoted in a message: escaped and cut short. */
const quote = (s: string): string => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);

export function requireNewName(what: 'table' | 'view' | 'namespace level', name: string): void {
  const problem = icebergNameProblem(name);
  if (problem) throw badRequest(`Invalid ${what} name ${quote(name)}: ${problem}`);
}

export function requireNewNamespace(namespace: string[]): void {
  if (namespace.length > MAX_NAMESPACE_DEPTH) throw badRequest(`Invalid namespace: at most ${MAX_NAMESPACE_DEPTH} levels (this one has ${namespace.length})`);
  for (const level of namespace) requireNewName('namespace level', level);
}
