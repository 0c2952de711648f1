// The connection check's steps when a save with `check: true` was refused (422): taken from
// the error body when the server includes them, otherwise recovered from its message
// ("Warehouse not saved, the connection check failed: <title>: <message> (fix: <fix>); …").
import { checkResult, type CheckStep } from '../../../shared/api/admin.js';

const KNOWN_TITLES = [
  'Storage configuration keys',
  'Storage configuration',
  'Endpoint as clients see it',
  'Open the storage',
  'Bucket / container reachable with these credentials',
  'Write a probe object',
  'Read it back',
  'Delete the probe object',
  'Credential vending \\([A-Za-z]+\\)',
];
const TITLE = new RegExp(`(?:^|; )(${KNOWN_TITLES.join('|')}): `, 'g');
const LEAD = 'the connection check failed: ';

export function failedStepsFrom(message: string, body?: unknown): CheckStep[] | undefined {
  const fromBody = checkResult.safeParse((body as { check?: unknown; error?: { check?: unknown } } | undefined)?.check ?? (body as { error?: { check?: unknown } } | undefined)?.error?.check);
  if (fromBody.success) return fromBody.data.steps.filter((s) => s.status === 'fail');
  const at = message.indexOf(LEAD);
  if (at < 0) return undefined;
  const text = message.slice(at + LEAD.length);
  const marks = [...text.matchAll(TITLE)];
  if (!marks.length) return undefined;
  return marks.map((m, i) => {
    const start = m.index! + m[0].length;
    const end = i + 1 < marks.length ? marks[i + 1]!.index! : text.length;
    let body = text.slice(start, end);
    let fix: string | undefined;
    const f = /\s\(fix: ([\s\S]*)\)$/.exec(body);
    if (f) {
      fix = f[1];
      body = body.slice(0, f.index);
    }
    const title = m[1]!;
    return { id: `failed-${i}`, title, status: 'fail' as const, message: body, ...(fix ? { fix } : {}) };
  });
}
