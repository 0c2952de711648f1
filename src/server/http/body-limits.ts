// How large a JSON request body may be, by route. The limit is applied while the body
// streams in (before anything is parsed), so an oversized body costs no parse time and
// is answered 413. Metrics reports are a few KB in practice (Java's ScanReport/CommitReport);
// table and view writes carry schemas and updates, so they get a generous but finite limit.
export const KB = 1024;
export const MB = 1024 * KB;

export const BODY_LIMITS = {
  /** POST …/tables/{table}/metrics. */
  metricsReport: 256 * KB,
  /** Table/view create, register, commit, replace, and multi-table transactions. */
  tableWrite: 16 * MB,
  /** Everything else on /v1 and /api (namespaces, renames, admin objects). */
  other: 1 * MB,
} as const;

// Paths from the app root; the {prefix} segment is optional. Express matches routes case-insensitively.
const PREFIX = String.raw`^/v1(?:/[^/]+)?`;
const METRICS = new RegExp(`${PREFIX}/namespaces/[^/]+/tables/[^/]+/metrics/?$`, 'i');
const TABLE_WRITE = new RegExp(`${PREFIX}/(?:namespaces/[^/]+/(?:tables|views|register|register-view)(?:/[^/]+)?|transactions/commit)/?$`, 'i');

/** The body limit in bytes for a request path (without its query string). */
export function bodyLimitFor(path: string): number {
  if (METRICS.test(path)) return BODY_LIMITS.metricsReport;
  if (TABLE_WRITE.test(path)) return BODY_LIMITS.tableWrite;
  return BODY_LIMITS.other;
}

/** 262144 → "256 KB", for messages. */
export function formatBytes(n: number): string {
  return n >= MB && n % MB === 0 ? `${n / MB} MB` : `${Math.round(n / KB)} KB`;
}
