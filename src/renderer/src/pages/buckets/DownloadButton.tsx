// Downloads an object with the session token (a plain link would carry none): fetch the
// bytes, hand them to the browser as a file.
import { useState } from 'react';
import { useSession } from '../../api/api-context.js';

export function DownloadButton({ warehouse, objectKey, name, testId }: { warehouse: string; objectKey: string; name: string; testId: string }) {
  const { client } = useSession();
  const [state, setState] = useState<'idle' | 'busy' | 'error'>('idle');
  const [error, setError] = useState('');
  const download = async () => {
    setState('busy');
    try {
      const blob = await client.downloadObject(warehouse, objectKey);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState('idle');
    } catch (e) {
      setError((e as Error).message);
      setState('error');
    }
  };
  return (
    <>
      <button type="button" className="btn btn--small" onClick={() => void download()} disabled={state === 'busy'} data-testid={testId} title={`Download ${name}`}>
        {state === 'busy' ? 'Downloading…' : 'Download'}
      </button>
      {state === 'error' ? (
        <span className="field-error small" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
