/** The file being imported: how much main has taken and read, and a way to stop. */
import { cancelImport, uploadFormatName, useImport } from '../../state/imports';
import { formatBytes } from '../../format';

export function ImportProgress() {
  const upload = useImport((s) => s.upload);
  if (upload === undefined) return null;
  const format = uploadFormatName(upload);
  const reading = upload.bytes >= upload.size;
  return (
    <div className="import-progress" role="status" data-testid="import-progress">
      <span className="import-progress-text">
        {reading ? 'Storing' : 'Importing'} <strong>{upload.fileName}</strong>
        {format !== undefined && <> as {format}</>}: {formatBytes(upload.bytes)} of {formatBytes(upload.size)}{' '}
        · {upload.entries.toLocaleString('en')} entries
      </span>
      <progress max={upload.size || 1} value={upload.bytes} aria-label={`Importing ${upload.fileName}`} />
      <button type="button" onClick={cancelImport} disabled={upload.cancelled === true || reading}>
        {upload.cancelled === true ? 'Cancelling…' : 'Cancel'}
      </button>
    </div>
  );
}
