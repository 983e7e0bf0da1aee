/**
 * The recording a replay reads: a capture file on this machine (the CLI, or a path the engineer
 * gives) or a session of the store (the UI), as its entries and the capture header's version.
 * Read without analysis options: the plan needs the entries, not the findings.
 */
import { basename } from 'node:path';
import type { Entry } from '../../../shared/capture/entry';
import { RpcError } from '../../../shared/rpc/errors';
import { type CaptureStore } from '../capture/store';
import { readCaptureFile, readCaptureText } from '../capture/read';

export interface Recording {
  entries: readonly Entry[];
  /** For people: the file's name or the session's. */
  name: string;
  headerVersion?: string;
}

export async function loadRecording(
  source: { file?: string; sessionId?: string },
  store: CaptureStore,
): Promise<Recording> {
  if ((source.file === undefined) === (source.sessionId === undefined))
    throw new RpcError('bad-params', 'replay a capture file or a stored session: give exactly one of them');
  if (source.file !== undefined) {
    let read;
    try {
      read = await readCaptureFile(source.file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EISDIR' || code === 'EACCES')
        throw new RpcError('invalid', `cannot read ${source.file} (${code}): give a capture file`);
      throw error;
    }
    return {
      entries: read.model.allEntries(),
      name: basename(source.file),
      ...(read.header.ocppVersion !== undefined ? { headerVersion: read.header.ocppVersion } : {}),
    };
  }
  // From the file, whole: an opened session may still be loading in the background (store.open
  // answers after the first screens), and a replay needs every entry.
  const { fileName, content } = await store.exportText(source.sessionId!);
  const read = readCaptureText(fileName, content);
  return {
    entries: read.model.allEntries(),
    name: read.header.name,
    ...(read.header.ocppVersion !== undefined ? { headerVersion: read.header.ocppVersion } : {}),
  };
}
