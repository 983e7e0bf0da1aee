/**
 * An import from start to session: a file read from disk (the CLI) or uploaded in chunks (the
 * UI) goes through an ImportStream; what it read becomes a new session in the store, its header
 * saying where it came from and what went wrong reading it.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { OpenedSession } from '../../../shared/rpc/contract';
import { RpcError } from '../../../shared/rpc/errors';
import { FORMAT_NAMES, type ImportFormat } from '../../../shared/interop/formats';
import { ImportError } from '../../../shared/interop/importer';
import { unreadableFile } from '../capture/read';
import type { CaptureStore } from '../capture/store';
import { importFailure, ImportStream } from './import-stream';

export interface ImportedSession {
  opened: OpenedSession;
  format: ImportFormat;
  /** The format's name and why it was taken, e.g. `Open OCPP Trace (its first line is ...)`. */
  detected: string;
  /** What was read, one line. */
  description: string;
  /** Problems reading the file (all of them; the session keeps the first ones). */
  problemCount: number;
}

export interface ImportOptions {
  /** `auto` (the default): detected from the content. */
  format?: ImportFormat | 'auto';
  /** The session's name (the file's name by default). */
  name?: string;
  /** The tool and version recorded as the session's writer, e.g. `ocpp-scope 0.1.0 import`. */
  createdBy: string;
  /** Write the session to this file (never overwritten) instead of the data dir. */
  file?: string;
}

/** A stream for `fileName` (of `size` bytes, when known), to be fed its bytes and given to `finishImport`. */
export function startImport(fileName: string, format?: ImportFormat | 'auto', size?: number): ImportStream {
  return new ImportStream({ fileName, now: Date.now() }, format, size);
}

/** Feeds `chunk`; a file that is not of its format is the user's to fix, said as such. */
export function feedImport(stream: ImportStream, fileName: string, chunk: Buffer): void {
  try {
    stream.write(chunk);
  } catch (error) {
    throw asRpcError(error, fileName, stream);
  }
}

function asRpcError(error: unknown, fileName: string, stream: ImportStream): unknown {
  return error instanceof ImportError
    ? new RpcError('invalid', importFailure(fileName, error, stream.detected?.format))
    : error;
}

/** Ends the file and stores what was read as a new session. */
export async function finishImport(
  store: CaptureStore,
  stream: ImportStream,
  fileName: string,
  options: ImportOptions,
): Promise<ImportedSession> {
  let outcome;
  try {
    outcome = stream.end();
  } catch (error) {
    throw asRpcError(error, fileName, stream);
  }
  const detected = `${FORMAT_NAMES[outcome.format]} (${outcome.detected.reason})`;
  if (outcome.format === 'scope') {
    if (options.file !== undefined)
      throw new RpcError('invalid', `${fileName} is already an OCPP Scope capture: use it as it is`);
    const opened = await store.importText(fileName, outcome.text);
    return {
      opened,
      format: 'scope',
      detected,
      description: `OCPP Scope capture: ${opened.info.name}`,
      problemCount: opened.fileProblems.length,
    };
  }
  const { entries, problems, problemCount, result } = outcome;
  if (entries.length === 0) {
    const why = problems[0] === undefined ? '' : ` (first problem: ${problems[0].message})`;
    throw new RpcError('invalid', `${fileName}: nothing to import: ${result.description}${why}`);
  }
  const opened = await store.importEntries(
    {
      name: options.name ?? fileName,
      createdBy: options.createdBy,
      ...(result.ocppVersion === undefined ? {} : { ocppVersion: result.ocppVersion }),
      imported: { fileName, format: outcome.format, description: result.description, problems, problemCount },
    },
    entries,
    options.file,
  );
  return { opened, format: outcome.format, detected, description: result.description, problemCount };
}

/** Imports the file at `path`, streamed. */
export async function importFromFile(
  store: CaptureStore,
  path: string,
  options: ImportOptions,
): Promise<ImportedSession> {
  const fileName = basename(path);
  const stream = startImport(fileName, options.format);
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }))
      feedImport(stream, fileName, chunk as Buffer);
  } catch (error) {
    throw unreadableFile(path, error, 'a file to import');
  }
  return finishImport(store, stream, fileName, options);
}
