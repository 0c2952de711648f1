// POST /v1/{prefix}/namespaces/{namespace}/tables/{table}/metrics: a client's report about
// its own scan or commit. Limited per principal (services/metrics-limiter.ts) and bounded
// in size (http/body-limits.ts, schemas/metrics-report.ts); only the validated fields are stored,
// and only a catalog's newest reports are kept (PANGOLIN_METRICS_REPORTS_KEEP).
import { randomUUID } from 'node:crypto';
import type { Router } from 'express';
import { principalOf } from '../../auth/authenticate.js';
import { principalId } from '../../auth/principal.js';
import { sendNoContent } from '../../http/send.js';
import { noSuchTable } from '../errors.js';
import { stringifyJson } from '../json.js';
import { reportMetricsRequest } from '../schemas/requests.js';
import { DEFAULT_METRICS_REPORTS_KEEP, MetricsLimiter } from '../services/metrics-limiter.js';
import { authorizedCatalog, type IcebergRouteDeps } from './deps.js';
import { parseIdentName, parseNamespace } from './params.js';

export function registerMetricsRoute(router: Router, deps: IcebergRouteDeps): void {
  const limiter = deps.metricsLimiter ?? new MetricsLimiter();
  router.post('/namespaces/:namespace/tables/:table/metrics', async (req, res) => {
    res.locals.auditSkip = true; // not a change
    const p = principalOf(res);
    // Counted before anything else, so refused and invalid reports count as well.
    await limiter.take(`${p.kind === 'root' ? '' : p.tenantId}/${principalId(p)}`);
    const body = reportMetricsRequest.parse(req.body);
    const ns = parseNamespace(req.params.namespace);
    const name = parseIdentName(req.params.table, 'Table');
    const ctx = await authorizedCatalog(deps, req, res, 'table.report-metrics', 'read', { namespace: ns, table: name });
    if (!(await deps.tables.exists(ctx, ns, name))) throw noSuchTable(`Table does not exist: ${ns.join('.')}.${name}`);
    await deps.store.addMetricsReport({
      id: randomUUID(),
      catalogId: ctx.catalog.id,
      namespace: ns,
      table: name,
      reportType: body['report-type'],
      reportJson: stringifyJson(body),
      receivedAt: new Date().toISOString(),
    });
    await deps.store.pruneMetricsReports(ctx.catalog.id, deps.metricsReportsKeep ?? DEFAULT_METRICS_REPORTS_KEEP);
    sendNoContent(res);
  });
}
