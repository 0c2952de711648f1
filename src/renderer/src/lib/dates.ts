// Dates from the admin API (ISO strings) for display.

/** "2026-03-01 14:05" in local time; the input unchanged when it is not a date. */
export function formatCreated(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "2026-03-01 14:05:09" in local time, for logs where seconds matter (the audit log). */
export function formatSeconds(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${formatCreated(iso)}:${String(d.getSeconds()).padStart(2, '0')}`;
}
