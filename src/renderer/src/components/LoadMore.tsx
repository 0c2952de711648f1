// The foot of a paged list: how many are shown, and "Load more" while the server has more.
import type { PagedList } from '../api/identity-hooks.js';
import { ErrorNotice } from './Notice.js';

export function LoadMore({ list, noun, testId }: { list: PagedList<unknown>; noun: string; testId: string }) {
  return (
    <div className="load-more" data-testid={testId}>
      <span className="muted small" data-testid={`${testId}-count`}>
        {list.items.length} {noun}
        {list.hasMore ? ' shown' : ''}
      </span>
      {list.hasMore ? (
        <button type="button" className="btn btn--small" onClick={list.loadMore} disabled={list.loadingMore} data-testid={`${testId}-button`}>
          {list.loadingMore ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
      {list.isError && list.items.length ? <ErrorNotice title="Could not load more" error={list.error} onRetry={list.loadMore} /> : null}
    </div>
  );
}
