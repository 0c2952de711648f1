// The namespace tree: top-level namespaces first; a node loads its child namespaces and
// its tables only when expanded.
import { useState } from 'react';
import { useNamespaces, useTables } from '../../api/hooks.js';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice.js';
import { isPrefixOf, namespaceKey, namespaceLabel } from '../../lib/namespace.js';

export interface TreeSelection {
  namespace?: string[];
  table?: string;
}

interface TreeProps {
  catalog: string;
  prefix: string | null;
  selection: TreeSelection;
  onSelect(selection: TreeSelection): void;
}

export function NamespaceTree(props: TreeProps) {
  const roots = useNamespaces(props.catalog, props.prefix, []);
  if (roots.isPending) return <Loading label="Loading namespaces…" />;
  if (roots.isError) return <ErrorNotice title="Could not list namespaces" error={roots.error} onRetry={() => void roots.refetch()} />;
  if (roots.data.length === 0) {
    return (
      <EmptyState title="No namespaces yet" testId="explorer-empty">
        Create one from a client, for example in PyIceberg: <code>catalog.create_namespace("sales")</code>, then refresh.
      </EmptyState>
    );
  }
  return (
    <ul className="tree" role="tree" aria-label={`Namespaces in ${props.catalog}`} data-testid="namespace-tree">
      {roots.data.map((ns) => (
        <NamespaceNode key={namespaceKey(ns)} {...props} parts={ns} />
      ))}
    </ul>
  );
}

function NamespaceNode({ parts, ...props }: TreeProps & { parts: string[] }) {
  const { catalog, prefix, selection, onSelect } = props;
  const [expanded, setExpanded] = useState(() => Boolean(selection.namespace && isPrefixOf(parts, selection.namespace)));
  const children = useNamespaces(catalog, prefix, parts, expanded);
  const tables = useTables(catalog, prefix, parts, expanded);
  const label = namespaceLabel(parts);
  const selected = selection.namespace !== undefined && !selection.table && namespaceKey(selection.namespace) === namespaceKey(parts);

  return (
    <li role="treeitem" aria-expanded={expanded} aria-selected={selected}>
      <div className={`tree__row${selected ? ' tree__row--selected' : ''}`}>
        <button
          type="button"
          className="tree__toggle"
          aria-label={expanded ? `Collapse ${label}` : `Expand ${label}`}
          onClick={() => setExpanded((e) => !e)}
          data-testid={`ns-toggle-${label}`}
        >
          {expanded ? '▾' : '▸'}
        </button>
        <button
          type="button"
          className="tree__label"
          onClick={() => {
            setExpanded(true);
            onSelect({ namespace: parts });
          }}
          data-testid={`ns-${label}`}
        >
          <span className="icon icon--folder" aria-hidden="true" />
          {parts[parts.length - 1]}
        </button>
      </div>
      {expanded ? (
        <ul role="group" className="tree__children">
          {children.isPending || tables.isPending ? (
            <li className="tree__note">Loading…</li>
          ) : children.isError || tables.isError ? (
            <li className="tree__note tree__note--error">{(children.error ?? tables.error)?.message}</li>
          ) : children.data.length === 0 && tables.data.length === 0 ? (
            <li className="tree__note">Empty namespace</li>
          ) : (
            <>
              {children.data.map((ns) => (
                <NamespaceNode key={namespaceKey(ns)} {...props} parts={ns} />
              ))}
              {tables.data.map((t) => {
                const isSel = selection.table === t.name && selection.namespace !== undefined && namespaceKey(selection.namespace) === namespaceKey(parts);
                return (
                  <li key={`t:${t.name}`} role="treeitem" aria-selected={isSel}>
                    <button
                      type="button"
                      className={`tree__row tree__label tree__table${isSel ? ' tree__row--selected' : ''}`}
                      onClick={() => onSelect({ namespace: parts, table: t.name })}
                      data-testid={`table-${label}.${t.name}`}
                    >
                      <span className="icon icon--table" aria-hidden="true" />
                      {t.name}
                    </button>
                  </li>
                );
              })}
            </>
          )}
        </ul>
      ) : null}
    </li>
  );
}
