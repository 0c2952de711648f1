// A list screen (users, roles, warehouses, catalogs…): the title with the create button,
// then "Loading…", the error with Retry, the empty state (what the list is for and how to
// add the first one), or the rows in a flush card — with "Load more" below them for a
// list the server hands out page by page.
import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { PagedList } from '../api/identity-hooks.js';
import { DataTable } from './DataTable.js';
import { LoadMore } from './LoadMore.js';
import { EmptyState, ErrorNotice, Loading } from './Notice.js';

/** What ListCard needs of a list: a PagedList, or a whole list read at once (queryList). */
export interface ListSource<T> {
  items: readonly T[];
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch(): void;
}

/** A react-query read of a whole list as a ListSource. */
export function queryList<T>(q: UseQueryResult<T[]>): ListSource<T> {
  return { items: q.data ?? [], isPending: q.isPending, isError: q.isError, error: q.error, refetch: () => void q.refetch() };
}

type Source<T> =
  /** Paged: a failure after the first page shows in the "Load more" footer, under the rows already read. */
  | { list: PagedList<T>; more: { noun: string; testId: string } }
  /** Read at once: a failure replaces the rows. */
  | { list: ListSource<T>; more?: undefined };

type ListCardProps<T> = Source<T> & {
  /** e.g. "Loading roles…" */
  loadingLabel: string;
  /** e.g. "Could not load roles" */
  errorTitle: string;
  /** The empty state: its title and test id, and what to say (ListPage adds the create button). */
  empty: { title: string; testId: string; children: ReactNode };
  columns: readonly string[];
  /** The rows end in buttons: a last column named "Actions" for screen readers only (default). */
  actions?: boolean;
  tableTestId: string;
  tableClassName?: string;
  row(item: T): ReactNode;
};

function ListCard<T>(props: ListCardProps<T>) {
  const { list } = props;
  const failed = list.isError && !(props.more && list.items.length);
  if (list.isPending) return <Loading label={props.loadingLabel} />;
  if (failed) return <ErrorNotice title={props.errorTitle} error={list.error} onRetry={list.refetch} />;
  if (list.items.length === 0) {
    return (
      <EmptyState title={props.empty.title} testId={props.empty.testId}>
        {props.empty.children}
      </EmptyState>
    );
  }
  return (
    <div className="card card--flush">
      <DataTable columns={props.columns} hiddenColumn={props.actions === false ? undefined : 'Actions'} testId={props.tableTestId} className={props.tableClassName}>
        {list.items.map((item) => props.row(item))}
      </DataTable>
      {props.more ? <LoadMore list={props.list} noun={props.more.noun} testId={props.more.testId} /> : null}
    </div>
  );
}

/** The button (or, for a page of its own, the link) that makes a new item: "Create role". */
export type CreateAction = { label: string; testId: string } & ({ onClick(): void } | { href: string });

function CreateButton({ action }: { action: CreateAction }) {
  return 'href' in action ? (
    <a href={action.href} className="btn btn--primary" data-testid={action.testId}>
      {action.label}
    </a>
  ) : (
    <button type="button" className="btn btn--primary" onClick={action.onClick} data-testid={action.testId}>
      {action.label}
    </button>
  );
}

export type ListPageProps<T> = ListCardProps<T> & {
  title: string;
  testId: string;
  /** Wider than a form (many columns). */
  wide?: boolean;
  /** In the header when the list has items, else at the end of the empty state; none for those who may not. */
  create?: CreateAction;
  /** Always at the end of the header, before the create button (a filter, Refresh). */
  tools?: ReactNode;
  /** Between the header and the list: a hint, the notice of what was just done, filters. */
  intro?: ReactNode;
  /** The dialogs the rows open. */
  children?: ReactNode;
};

/** A page that is one list: its title, the create button, the list (ListCard), its dialogs. */
export function ListPage<T>(props: ListPageProps<T>) {
  const create = props.create ? <CreateButton action={props.create} /> : null;
  const headerCreate = props.list.items.length ? create : null;
  return (
    <div className={props.wide ? 'page page--wide' : 'page'} data-testid={props.testId}>
      <header className="page__header">
        <h1>{props.title}</h1>
        {props.tools || headerCreate ? (
          <div className="page__header-end actions">
            {props.tools}
            {headerCreate}
          </div>
        ) : null}
      </header>
      {props.intro}
      <ListCard
        {...props}
        empty={{
          ...props.empty,
          children: (
            <>
              {props.empty.children}
              {create}
            </>
          ),
        }}
      />
      {props.children}
    </div>
  );
}
