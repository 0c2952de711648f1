// Pangolin's client URL style: clients configured with uri=http://host/v1/<catalog> call
// /v1/<catalog>/v1/config, /v1/<catalog>/v1/oauth/tokens and, once the config answer
// gives prefix=<catalog>, /v1/<catalog>/v1/<catalog>/namespaces/... . Those URLs are
// rewritten onto our own routes (pure, no I/O), so both styles share one router.
//
// Precedence: a first segment that is a reserved word (namespaces, config, oauth, ...) is
// never a catalog (catalogs may not be named so), so /v1/namespaces/v1/tables stays the
// unprefixed "tables of namespace v1" route.

export type CatalogPathRewrite = { url: string } | { error: string } | undefined;

const PANGOLIN_STYLE = /^\/([^/?]+)\/v1(\/[^?]*)?$/i;

/**
 * The URL (relative to the /v1 mount) a Pangolin-style request stands for; undefined when
 * `url` is not one; an error when it names two different catalogs.
 */
export function rewriteCatalogPath(url: string, reserved: ReadonlySet<string>): CatalogPathRewrite {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  const m = PANGOLIN_STYLE.exec(path);
  if (!m) return undefined;
  const [, rawCatalog, rest = '/'] = m;
  const catalog = decode(rawCatalog);
  if (catalog === undefined || reserved.has(catalog.toLowerCase())) return undefined;
  const head = firstSegment(rest);
  if (head === '') return undefined;
  const withQuery = (p: string, qs: string) => (qs === '' ? p : `${p}?${qs}`);

  if (head.toLowerCase() === 'config') {
    const params = new URLSearchParams(query);
    const asked = params.get('warehouse');
    if (asked !== null && asked !== '' && asked !== catalog) return { error: twoCatalogs(catalog, asked, 'warehouse') };
    params.set('warehouse', catalog);
    return { url: withQuery(rest, params.toString()) };
  }
  // The token endpoint serves every catalog.
  if (head.toLowerCase() === 'oauth') return { url: withQuery(rest, query) };
  // An unprefixed route (no prefix configured): it is this catalog's.
  if (reserved.has(head.toLowerCase())) return { url: withQuery(`/${rawCatalog}${rest}`, query) };
  const prefix = decode(head);
  if (prefix !== catalog) return { error: twoCatalogs(catalog, prefix ?? head, 'prefix') };
  return { url: withQuery(rest, query) };
}

function twoCatalogs(inPath: string, other: string, what: string): string {
  return `The URL names catalog "${inPath}" (uri .../v1/${inPath}) but its ${what} is "${other}": use one catalog, either uri=http://host/v1/${inPath} or uri=http://host with warehouse=${other}`;
}

function firstSegment(path: string): string {
  const end = path.indexOf('/', 1);
  return end < 0 ? path.slice(1) : path.slice(1, end);
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
