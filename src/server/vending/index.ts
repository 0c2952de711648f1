// Dispatches a vend request to the warehouse's strategy. Strategy modules (and their
// SDKs) load lazily, so a local-folder catalog never pays for the AWS/Azure/GCS clients.
import type { CredentialVendor, VendedAccess, VendRequest, VendingStrategy } from './types.js';

const loaders: Record<Exclude<VendingStrategy['type'], 'none'>, () => Promise<{ vend: CredentialVendor }>> = {
  AwsStatic: () => import('./aws-static.js'),
  AwsSts: () => import('./aws-sts.js'),
  AzureSas: () => import('./azure-sas.js'),
  GcpDownscoped: () => import('./gcp-downscoped.js'),
  S3RemoteSigning: () => import('./s3-remote-signing.js'),
};

/** Non-secret settings every client needs to reach the storage (endpoint, region...). */
export { clientStorageConfig } from './client-config.js';

export async function vendCredentials(req: VendRequest): Promise<VendedAccess> {
  if (req.strategy.type === 'none') return { config: {}, storageCredentials: [] };
  const mod = await loaders[req.strategy.type]();
  return mod.vend(req);
}
