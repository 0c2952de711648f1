import type { Request, Response } from 'express';
import { principalOf } from '../../auth/authenticate.js';
import type { Logger } from '../../logger.js';
import type { SecretCipher } from '../../secrets/cipher.js';
import type { CatalogStore } from '../../stores/types.js';
import type { CatalogContext, ResolveCatalog } from '../catalog-context.js';
import type { NamespaceService } from '../services/namespaces.js';
import type { TableService } from '../services/tables.js';
import type { ViewService } from '../services/views.js';

export interface IcebergRouteDeps {
  store: CatalogStore;
  logger: Logger;
  resolveCatalog: ResolveCatalog;
  namespaces: NamespaceService;
  tables: TableService;
  views: ViewService;
  /** Decrypts warehouse secrets (storage keys) for storage access and vending. */
  cipher: SecretCipher;
}

/** The catalog addressed by this request's {prefix} (or the default catalog). */
export function catalogFor(deps: IcebergRouteDeps, req: Request, res: Response): Promise<CatalogContext> {
  const prefix = (req.params as Record<string, string | undefined>).prefix;
  return deps.resolveCatalog(principalOf(res), prefix);
}
