// Delete a warehouse after confirmation. The server refuses (409) while a catalog uses
// it; the dialog names those catalogs up front and links to them.
import { useMutation } from '@tanstack/react-query';
import { useAdminCatalogs, useInvalidateAdmin } from '../../api/hooks.js';
import { useSession } from '../../api/api-context.js';
import { ApiError } from '../../api/client.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { ErrorNotice } from '../../components/Notice.js';
import { formatRoute } from '../../lib/routes.js';

export function DeleteWarehouse({ name, onDeleted, onCancel }: { name: string; onDeleted(): void; onCancel(): void }) {
  const { client } = useSession();
  const invalidate = useInvalidateAdmin();
  const catalogs = useAdminCatalogs();
  const users = (catalogs.data ?? []).filter((c) => c.warehouse === name);
  const del = useMutation({
    mutationFn: () => client.deleteWarehouse(name),
    onSuccess: async () => {
      await invalidate();
      onDeleted();
    },
    onError: () => void catalogs.refetch(),
  });
  const inUse = del.error instanceof ApiError && del.error.status === 409;
  const catalogLinks = users.map((c, i) => (
    <span key={c.name}>
      {i ? ', ' : ''}
      <a href={formatRoute({ page: 'catalogs', name: c.name })} data-testid={`in-use-catalog-${c.name}`}>
        {c.name}
      </a>
    </span>
  ));
  return (
    <ConfirmDialog
      title={`Delete warehouse “${name}”?`}
      confirmLabel="Delete warehouse"
      busy={del.isPending}
      onConfirm={() => del.mutate()}
      onCancel={onCancel}
      testId="delete-warehouse"
      error={
        del.error ? (
          <>
            <ErrorNotice title={inUse ? 'The warehouse is still in use' : 'Could not delete the warehouse'} error={del.error} />
            {inUse ? (
              <p className="hint" data-testid="delete-warehouse-in-use">
                Delete {users.length === 1 ? 'this catalog' : 'these catalogs'} or move {users.length === 1 ? 'it' : 'them'} to another warehouse first:{' '}
                {catalogLinks.length ? catalogLinks : 'see Catalogs'}.
              </p>
            ) : null}
          </>
        ) : null
      }
    >
      <p>
        The warehouse definition is removed; the files already written under its location stay where they are.
      </p>
      {users.length && !del.error ? (
        <p className="notice notice--warn" data-testid="delete-warehouse-users">
          Used by {users.length === 1 ? 'catalog' : 'catalogs'} {catalogLinks}: the server will refuse until they are deleted or moved.
        </p>
      ) : null}
    </ConfirmDialog>
  );
}
