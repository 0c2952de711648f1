// The preview pane of the bucket browser: the server decodes JSON, Avro and Parquet.
import { useObjectPreview } from '../../api/inspect-hooks.js';
import { FilePreviewView } from '../../components/FilePreviewView.js';
import { ErrorNotice, Loading } from '../../components/Notice.js';
import { DownloadButton } from './DownloadButton.js';

export function ObjectPreview({ warehouse, objectKey, onClose }: { warehouse: string; objectKey: string; onClose(): void }) {
  const q = useObjectPreview(warehouse, objectKey);
  const name = objectKey.slice(objectKey.lastIndexOf('/') + 1);
  return (
    <section className="card bucket-preview" data-testid="object-preview" aria-label={`Preview of ${name}`}>
      <header className="bucket-preview__header">
        <h2 className="wrap" data-testid="object-preview-name">
          {name}
        </h2>
        <div className="actions">
          <DownloadButton warehouse={warehouse} objectKey={objectKey} name={name} testId="object-preview-download" />
          <button type="button" className="btn btn--small btn--plain" onClick={onClose} data-testid="object-preview-close" aria-label="Close the preview">
            ✕
          </button>
        </div>
      </header>
      <p className="muted small wrap">
        <code>{objectKey}</code>
      </p>
      {q.isPending ? (
        <Loading label="Reading the file…" />
      ) : q.isError ? (
        <ErrorNotice title={`Cannot preview ${name}`} error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <FilePreviewView preview={q.data} testId="object-preview-content" />
      )}
    </section>
  );
}
