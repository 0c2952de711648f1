// The table inspector's tab bar (an ARIA tablist) below the table's facts.
export type InspectorTab = 'overview' | 'snapshots' | 'schemas' | 'files' | 'metadata';

const TABS: [InspectorTab, string][] = [
  ['overview', 'Overview'],
  ['snapshots', 'Snapshots'],
  ['schemas', 'Schema history'],
  ['files', 'Manifests & files'],
  ['metadata', 'Metadata files'],
];

export function InspectorTabs({ value, onChange }: { value: InspectorTab; onChange(tab: InspectorTab): void }) {
  return (
    <div className="itabs" role="tablist" aria-label="Table inspector" data-testid="inspector-tabs">
      {TABS.map(([id, label]) => (
        <button
          key={id}
          type="button"
          role="tab"
          aria-selected={value === id}
          className={`itabs__tab${value === id ? ' itabs__tab--active' : ''}`}
          onClick={() => onChange(id)}
          data-testid={`inspector-tab-${id}`}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
