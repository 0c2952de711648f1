// One folder of a warehouse: breadcrumbs, sub-folders, files (size, last modified),
// paged with "Load more"; an empty folder says what would put files there.
import { useObjects } from '../../api/inspect-hooks.js';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice.js';
import { breadcrumbs, formatBytes, parentPrefix } from '../../lib/bucket-path.js';
import { formatCreated } from '../../lib/dates.js';
import { DownloadButton } from './DownloadButton.js';

export function ObjectList(props: { warehouse: string; prefix: string; selectedKey?: string; onOpenFolder(prefix: string): void; onOpenFile(key: string): void }) {
  const { warehouse, prefix } = props;
  const q = useObjects(warehouse, prefix);
  const crumbs = breadcrumbs(prefix, warehouse);

  return (
    <section className="card card--flush bucket" data-testid="bucket-listing">
      <nav className="crumbs" aria-label="Folder" data-testid="bucket-breadcrumbs">
        {crumbs.map((c, i) => (
          <span key={c.prefix} className="crumbs__item">
            {i > 0 ? <span className="crumbs__sep">/</span> : null}
            {i === crumbs.length - 1 ? (
              <strong data-testid={`crumb-${c.prefix || 'root'}`}>{c.label}</strong>
            ) : (
              <button type="button" className="link" onClick={() => props.onOpenFolder(c.prefix)} data-testid={`crumb-${c.prefix || 'root'}`}>
                {c.label}
              </button>
            )}
          </span>
        ))}
      </nav>
      {q.isPending ? (
        <Loading label="Listing…" />
      ) : q.isError ? (
        <ErrorNotice title={`Could not list ${prefix || 'the warehouse root'}`} error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Listing {...props} pages={q.data.pages} />
      )}
      {q.hasNextPage ? (
        <div className="bucket__more">
          <button type="button" className="btn btn--small" disabled={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()} data-testid="bucket-load-more">
            {q.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </section>
  );
}

type Pages = NonNullable<ReturnType<typeof useObjects>['data']>['pages'];

function Listing(props: { warehouse: string; prefix: string; selectedKey?: string; pages: Pages; onOpenFolder(prefix: string): void; onOpenFile(key: string): void }) {
  const folders = props.pages.flatMap((p) => p.folders);
  const objects = props.pages.flatMap((p) => p.objects);
  if (folders.length === 0 && objects.length === 0) {
    return props.prefix ? (
      <EmptyState title="This folder is empty" testId="bucket-empty">
        Nothing is stored below <code>{props.prefix}</code> (any more).{' '}
        <button type="button" className="link" onClick={() => props.onOpenFolder(parentPrefix(props.prefix))}>
          Go up a folder
        </button>
        .
      </EmptyState>
    ) : (
      <EmptyState title="This warehouse holds no files yet" testId="bucket-empty">
        Files appear here when a client writes a table through a catalog on this warehouse: create a catalog on it (Catalogs), then create a table and
        append rows, e.g. with PyIceberg <code>table.append(df)</code>. Metadata goes to <code>&lt;table&gt;/metadata/</code>, data to{' '}
        <code>&lt;table&gt;/data/</code>.
      </EmptyState>
    );
  }
  return (
    <table className="grid" data-testid="bucket-objects">
      <thead>
        <tr>
          <th>Name</th>
          <th className="num">Size</th>
          <th>Last modified</th>
          <th className="sr-only">Actions</th>
        </tr>
      </thead>
      <tbody>
        {props.prefix ? (
          <tr>
            <td colSpan={4}>
              <button type="button" className="link" onClick={() => props.onOpenFolder(parentPrefix(props.prefix))} data-testid="bucket-up">
                ↑ ..
              </button>
            </td>
          </tr>
        ) : null}
        {folders.map((f) => (
          <tr key={f.prefix} data-testid={`folder-${f.name}`}>
            <td>
              <button type="button" className="link bucket__name" onClick={() => props.onOpenFolder(f.prefix)}>
                <span className="icon icon--folder" aria-hidden="true" /> {f.name}/
              </button>
            </td>
            <td className="num muted">—</td>
            <td className="muted">—</td>
            <td />
          </tr>
        ))}
        {objects.map((o) => (
          <tr key={o.key} data-testid={`object-${o.name}`} className={props.selectedKey === o.key ? 'row--selected' : undefined}>
            <td>
              <button type="button" className="link bucket__name" onClick={() => props.onOpenFile(o.key)} data-testid={`object-open-${o.name}`}>
                <span className="icon icon--file" aria-hidden="true" /> {o.name}
              </button>
            </td>
            <td className="num" data-testid={`object-size-${o.name}`} title={`${o.size} bytes`}>
              {formatBytes(o.size)}
            </td>
            <td className="small">{formatCreated(o.last_modified)}</td>
            <td className="bucket__actions">
              <DownloadButton warehouse={props.warehouse} objectKey={o.key} name={o.name} testId={`object-download-${o.name}`} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
