// S3RemoteSigning: the client gets no keys at all, only where to ask for a signature of
// each S3 request (POST {signer.uri}/{signer.endpoint}, served by routes/sign.ts, which
// checks every request against the table's prefix and signs with the warehouse's keys).
// The endpoint is the catalog's one signer `v1/{prefix}/sign`, which finds the table from
// the request's key (see table-storage.ts signerEndpoint): PyIceberg shares one signer
// between all the tables of a process, so a per-table endpoint would be used for the
// wrong table.
//
// Keys, as the clients read them:
// - Iceberg Java (S3FileIO): `s3.remote-signing-enabled=true` switches to
//   S3V4RestSignerClient, which POSTs to resolveEndpoint(`s3.signer.uri` (else the catalog
//   `uri`), `s3.signer.endpoint`) with the catalog's auth session; a relative endpoint is
//   joined to the uri. It sends {region, uri, method, headers, properties?, body? (only for
//   DeleteObjects), provider: "s3"}, and keeps its own request headers over the returned ones.
// - PyIceberg 0.12.0 ignores `s3.remote-signing-enabled`. Its signer (S3V4RestSigner,
//   pyiceberg/io/fsspec.py) is enabled by `s3.signer=S3V4RestSigner`, POSTs to
//   f"{s3.signer.uri (else uri).rstrip('/')}/{s3.signer.endpoint}" (so the endpoint must be
//   relative, without a leading '/'), with the REST catalog's AuthManager header (or a
//   `token` property) and the catalog's `header.*` properties, and appends every returned
//   header to the request. Only FsspecFileIO (s3fs) has a signer: PyIceberg would otherwise
//   pick PyArrowFileIO for s3:// (pyiceberg/io/__init__.py SCHEMA_TO_FILE_IO), which has no
//   signer and no keys, so we also vend `py-io-impl=pyiceberg.io.fsspec.FsspecFileIO`
//   (table config overrides the client's own properties; Iceberg Java ignores py-* keys).
//   The client needs `s3fs` installed (pip install "pyiceberg[s3fs]").
import type { CredentialVendor } from './types.js';
import { s3ClientKeys, s3PrefixOf } from './s3-common.js';

export const PYICEBERG_FSSPEC_FILE_IO = 'pyiceberg.io.fsspec.FsspecFileIO';

export const vend: CredentialVendor = async (req) => {
  s3PrefixOf(req.tableLocation, req.storageConfig); // an S3 table, with a bucket
  if (!req.signer) throw new Error('S3RemoteSigning needs the signer uri and endpoint of the table (VendRequest.signer)');
  const config: Record<string, string> = {
    ...s3ClientKeys(req.storageConfig, req.clientConfig),
    's3.remote-signing-enabled': 'true',
    's3.signer': 'S3V4RestSigner',
    's3.signer.uri': req.signer.uri.replace(/\/+$/, ''),
    's3.signer.endpoint': req.signer.endpoint.replace(/^\/+/, ''),
    'py-io-impl': PYICEBERG_FSSPEC_FILE_IO,
  };
  return { config, storageCredentials: [] };
};
