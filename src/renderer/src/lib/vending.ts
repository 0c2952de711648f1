// The vending strategy part of the warehouse form: which strategies fit which storage,
// their fields (as strings while editing), field-level checks mirroring the server's
// schema (src/server/vending/types.ts), and the JSON sent as `vending_strategy`.
import type { StorageScheme } from '../../../shared/storage-config.js';

export type StrategyType = 'none' | 'AwsStatic' | 'AwsSts' | 'S3RemoteSigning' | 'AzureSas' | 'GcpDownscoped';

export interface StrategyInfo {
  type: StrategyType;
  label: string;
  /** The storage it vends for; undefined = any. */
  scheme?: StorageScheme;
  help: string;
  /** [min, max] for duration_seconds when the strategy has one. */
  duration?: [number, number];
}

export const STRATEGIES: readonly StrategyInfo[] = [
  { type: 'none', label: 'None (clients use their own credentials)', help: 'Clients get no keys; they bring their own.' },
  { type: 'AwsStatic', label: 'AwsStatic (hand out the warehouse keys)', scheme: 's3', help: 'Clients receive the warehouse’s own keys. Only for trusted, single-user setups.' },
  { type: 'AwsSts', label: 'AwsSts (short-lived AssumeRole keys)', scheme: 's3', duration: [900, 43200], help: 'AssumeRole keys with a session policy limited to the table’s prefix (read-only for reads). MinIO’s STS works.' },
  { type: 'S3RemoteSigning', label: 'S3RemoteSigning (the catalog signs requests)', scheme: 's3', help: 'No keys leave the server: clients ask the catalog to sign each S3 request (PyIceberg needs s3fs).' },
  { type: 'AzureSas', label: 'AzureSas (short-lived SAS token)', scheme: 'azure', duration: [60, 86400], help: 'A SAS for the table’s directory (needs a hierarchical-namespace account) or the whole container.' },
  { type: 'GcpDownscoped', label: 'GcpDownscoped (downscoped OAuth token)', scheme: 'gcs', duration: [60, 3600], help: 'A Credential-Access-Boundary token limited to the table’s prefix.' },
];

export function strategyInfo(type: string): StrategyInfo | undefined {
  return STRATEGIES.find((s) => s.type === type);
}

/** Strategies offered for a storage type (the current one stays listed even if it does not fit). */
export function strategiesFor(scheme: StorageScheme | undefined, current?: string): StrategyInfo[] {
  return STRATEGIES.filter((s) => !s.scheme || s.scheme === scheme || s.type === current);
}

export interface VendingForm {
  type: StrategyType;
  role_arn: string;
  duration_seconds: string;
  external_id: string;
  sts_endpoint: string;
  scope: '' | 'directory' | 'container';
}

export type VendingField = Exclude<keyof VendingForm, 'type'>;

export const EMPTY_VENDING: VendingForm = { type: 'none', role_arn: '', duration_seconds: '', external_id: '', sts_endpoint: '', scope: '' };

/** The form state for a saved strategy (null = none). */
export function vendingFormFrom(strategy: { type: string; [k: string]: unknown } | null | undefined): VendingForm {
  if (!strategy || !strategyInfo(strategy.type)) return { ...EMPTY_VENDING };
  const str = (k: string) => (strategy[k] === undefined || strategy[k] === null ? '' : String(strategy[k]));
  const scope = str('scope');
  return {
    type: strategy.type as StrategyType,
    role_arn: str('role_arn'),
    duration_seconds: str('duration_seconds'),
    external_id: str('external_id'),
    sts_endpoint: str('sts_endpoint'),
    scope: scope === 'directory' || scope === 'container' ? scope : '',
  };
}

/** The fields a strategy has, in form order. */
export function fieldsOf(type: StrategyType): VendingField[] {
  switch (type) {
    case 'AwsSts':
      return ['role_arn', 'duration_seconds', 'external_id', 'sts_endpoint'];
    case 'AzureSas':
      return ['duration_seconds', 'scope'];
    case 'GcpDownscoped':
      return ['duration_seconds'];
    default:
      return [];
  }
}

export type VendingIssues = Partial<Record<VendingField | 'type', string>>;

/** Field-level problems; storageConfig is the warehouse's (with kept secrets present). */
export function vendingIssues(form: VendingForm, scheme: StorageScheme | undefined, storageConfig: Record<string, string>): VendingIssues {
  const out: VendingIssues = {};
  const info = strategyInfo(form.type);
  if (!info) return { type: `Unknown strategy "${form.type}"` };
  if (info.scheme && scheme && info.scheme !== scheme) {
    out.type = `${form.type} vends ${info.scheme === 'gcs' ? 'GCS' : info.scheme === 's3' ? 'S3' : 'Azure'} credentials but the location is ${scheme === 'file' ? 'a local folder' : scheme.toUpperCase()} storage`;
  }
  const has = (k: string) => (storageConfig[k] ?? '').trim() !== '';
  if (!out.type && ['AwsStatic', 'AwsSts', 'S3RemoteSigning'].includes(form.type)) {
    const missing = ['s3.access-key-id', 's3.secret-access-key'].filter((k) => !has(k));
    if (missing.length) out.type = `${form.type} needs the warehouse’s own keys: set ${missing.join(' and ')} in the storage settings`;
  }
  if (!out.type && form.type === 'AzureSas' && !has('adls.account-key') && !has('adls.connection-string')) {
    out.type = 'AzureSas signs SAS tokens with the account key: set adls.account-key (or adls.connection-string) in the storage settings';
  }
  if (form.type === 'AwsSts') {
    if (!form.role_arn.trim()) out.role_arn = 'Enter the role to assume, e.g. arn:aws:iam::123456789012:role/lake';
    else if (form.role_arn !== form.role_arn.trim()) out.role_arn = 'Remove the spaces around the ARN';
    if (form.external_id !== form.external_id.trim()) out.external_id = 'Remove the spaces around the external id';
    if (form.sts_endpoint) {
      let ok = false;
      try {
        ok = ['http:', 'https:'].includes(new URL(form.sts_endpoint).protocol);
      } catch {
        ok = false;
      }
      if (!ok) out.sts_endpoint = 'Enter an http:// or https:// URL, or leave empty to use s3.endpoint';
    }
  }
  if (info.duration && form.duration_seconds !== '') {
    const [min, max] = info.duration;
    const n = Number(form.duration_seconds);
    if (!/^\d+$/.test(form.duration_seconds) || n < min || n > max) out.duration_seconds = `Enter whole seconds from ${min} to ${max}, or leave empty for the default`;
  }
  return out;
}

/** What the API receives as `vending_strategy` (null for none). */
export function vendingStrategyFrom(form: VendingForm): { type: string; [field: string]: unknown } | null {
  if (form.type === 'none') return null;
  const out: { type: string; [field: string]: unknown } = { type: form.type };
  for (const f of fieldsOf(form.type)) {
    const v = form[f];
    if (v === '') continue;
    out[f] = f === 'duration_seconds' ? Number(v) : v;
  }
  return out;
}

/** A one-line description for lists: "AwsSts (arn:…, 3600 s)". */
export function describeStrategy(strategy: { type: string; [k: string]: unknown } | null | undefined): string {
  if (!strategy || strategy.type === 'none') return 'none';
  const parts: string[] = [];
  if (typeof strategy.role_arn === 'string') parts.push(strategy.role_arn);
  if (typeof strategy.scope === 'string') parts.push(strategy.scope);
  if (typeof strategy.duration_seconds === 'number') parts.push(`${strategy.duration_seconds} s`);
  return parts.length ? `${strategy.type} (${parts.join(', ')})` : strategy.type;
}
