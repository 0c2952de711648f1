// The Edit and Delete buttons at the end of a list row, named after the row's item for
// screen readers ("Edit analysts", "Delete analysts").
export function EditButton({ name, onClick, testId }: { name: string; onClick(): void; testId: string }) {
  return (
    <button type="button" className="btn btn--small" onClick={onClick} aria-label={`Edit ${name}`} data-testid={testId}>
      Edit
    </button>
  );
}

/** Edit on a page of its own (warehouses, catalogs). */
export function EditLink({ name, href }: { name: string; href: string }) {
  return (
    <a href={href} className="btn btn--small" aria-label={`Edit ${name}`}>
      Edit
    </a>
  );
}

export function DeleteButton({ name, onClick, testId }: { name: string; onClick(): void; testId: string }) {
  return (
    <button type="button" className="btn btn--small btn--danger" onClick={onClick} aria-label={`Delete ${name}`} data-testid={testId}>
      Delete
    </button>
  );
}
