// ReportMetricsRequest: a ScanReport or CommitReport (the fields Java's ScanReportParser /
// CommitReportParser write). Only these fields are kept (unknown ones are dropped), each
// bounded, so what is stored is what was validated; the body limit (http/body-limits.ts)
// bounds the whole report.
import { z } from 'zod';

const long = z.union([z.number().int(), z.bigint().min(-(2n ** 63n)).max(2n ** 63n - 1n)]); // int64, as Java reads it
const shortText = z.string().max(256);

/** CounterResult {unit, value} or TimerResult {time-unit, count, total-duration}. */
const metricResult = z.union([
  z.object({ unit: shortText, value: long }),
  z.object({ 'time-unit': shortText, count: long, 'total-duration': long }),
]);

const boundedRecord = <T extends z.ZodType>(value: T, max: number) =>
  z.record(shortText, value).refine((r) => Object.keys(r).length <= max, `at most ${max} entries`);

const common = {
  'table-name': z.string().min(1).max(1024),
  'snapshot-id': long,
  metrics: boundedRecord(metricResult, 200).default({}),
  metadata: boundedRecord(z.string().max(4096), 100).optional(),
};

const MAX_FIELDS = 20_000;

const scanReport = z.object({
  'report-type': z.literal('scan-report'),
  ...common,
  /** An Iceberg expression (true, false or a nested object); its size is bounded by the body limit. */
  filter: z.unknown(),
  'schema-id': z.number().int(),
  'projected-field-ids': z.array(z.number().int()).max(MAX_FIELDS).default([]),
  'projected-field-names': z.array(z.string().max(1024)).max(MAX_FIELDS).default([]),
});

const commitReport = z.object({
  'report-type': z.literal('commit-report'),
  ...common,
  'sequence-number': long,
  operation: shortText,
});

const report = z.discriminatedUnion('report-type', [scanReport, commitReport]);

/** Older clients omit report-type: a commit report is the one with an operation. */
export const reportMetricsRequest = z.preprocess((v) => {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || 'report-type' in v) return v;
  return { ...v, 'report-type': 'operation' in v ? 'commit-report' : 'scan-report' };
}, report);

export type ReportMetricsRequest = z.infer<typeof report>;
