/**
 * Importing a file the user picked or dropped, of any format main reads: its bytes go to main in
 * chunks (a browser tab has no path to give), main reads each as it arrives, and the progress shown
 * is main's answer to each chunk: bytes taken, entries read, the format once told.
 */
import { create } from 'zustand';
import { problemPlace } from '../../shared/capture/problems';
import { FORMAT_NAMES, type ImportFormat } from '../../shared/interop/formats';
import type { ImportDone } from '../../shared/rpc/contract';
import { plural } from '../../shared/report/html/format';
import { showOpened } from './sessions';
import { client, report } from './store';

/** Bytes per chunk: big enough that the round trips do not dominate, small enough to show progress. */
const CHUNK_BYTES = 1024 * 1024;
/** Problems listed in the notice; the rest are counted (the CLI and the session list them all). */
const NOTICE_PROBLEMS = 5;

export interface Upload {
  fileName: string;
  size: number;
  bytes: number;
  entries: number;
  format?: ImportFormat;
  /** The user asked to stop: the next chunk is not sent. */
  cancelled?: boolean;
}

export const useImport = create<{ upload?: Upload }>(() => ({}));

function base64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let k = 0; k < bytes.length; k += 8192) binary += String.fromCharCode(...bytes.subarray(k, k + 8192));
  return btoa(binary);
}

/** What was imported and what went wrong, for the notice above the timeline. */
export function importNotice(fileName: string, done: ImportDone): string {
  const lines = [`Imported ${fileName}: ${done.detected}.`, done.description];
  if (done.problemCount > 0) {
    lines.push(`${plural(done.problemCount, 'problem')} reading it (every good record was kept):`);
    for (const p of done.opened.fileProblems.slice(0, NOTICE_PROBLEMS))
      lines.push(`${problemPlace(p)}: ${p.message}`);
    if (done.problemCount > NOTICE_PROBLEMS) lines.push(`… and ${done.problemCount - NOTICE_PROBLEMS} more`);
  }
  return lines.join('\n');
}

export async function importFile(file: File): Promise<void> {
  if (useImport.getState().upload !== undefined) {
    report(
      new Error(
        `${useImport.getState().upload!.fileName} is still being imported: wait for it, or cancel it`,
      ),
    );
    return;
  }
  const upload: Upload = { fileName: file.name, size: file.size, bytes: 0, entries: 0 };
  useImport.setState({ upload });
  let importId: string | undefined;
  try {
    ({ importId } = await client().call('imports.begin', { fileName: file.name, size: file.size }));
    for (let at = 0; at < file.size; at += CHUNK_BYTES) {
      if (useImport.getState().upload?.cancelled) {
        await client().call('imports.cancel', { importId });
        return;
      }
      const bytes = new Uint8Array(await file.slice(at, at + CHUNK_BYTES).arrayBuffer());
      const progress = await client().call('imports.chunk', { importId, data: base64(bytes) });
      useImport.setState({ upload: { ...useImport.getState().upload!, ...progress } });
    }
    const done = await client().call('imports.finish', { importId });
    // Our own capture opens as it always has: only its file problems, if any, are worth a notice.
    showOpened(done.opened, done.format === 'scope' ? undefined : importNotice(file.name, done));
  } catch (error) {
    report(error);
  } finally {
    useImport.setState({ upload: undefined });
  }
}

export function cancelImport(): void {
  const upload = useImport.getState().upload;
  if (upload !== undefined) useImport.setState({ upload: { ...upload, cancelled: true } });
}

/** `OCPP DebugKit trace` once main has told the format, for the progress line. */
export function uploadFormatName(upload: Upload): string | undefined {
  return upload.format === undefined ? undefined : FORMAT_NAMES[upload.format];
}
