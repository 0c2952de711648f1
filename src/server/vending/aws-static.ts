// AwsStatic: hands the warehouse's own S3 keys to the client. No scoping at all (the
// client can reach everything the keys can), so only for trusted, single-user setups;
// AwsSts or S3RemoteSigning scope access to the table.
import type { CredentialVendor } from './types.js';
import { credentialPrefix, s3ClientKeys, s3PrefixOf, warehouseKeys } from './s3-common.js';

export const vend: CredentialVendor = async (req) => {
  s3PrefixOf(req.tableLocation, req.storageConfig); // an S3 table, with a bucket
  const keys = warehouseKeys(req.storageConfig, 'Credential vending (AwsStatic)');
  const credentials: Record<string, string> = {
    's3.access-key-id': keys.accessKeyId,
    's3.secret-access-key': keys.secretAccessKey,
    ...(keys.sessionToken ? { 's3.session-token': keys.sessionToken } : {}),
  };
  const config = { ...s3ClientKeys(req.storageConfig, req.clientConfig), ...credentials };
  return { config, storageCredentials: [{ prefix: credentialPrefix(req.tableLocation), config: { ...config } }] };
};
