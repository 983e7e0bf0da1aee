/**
 * Reading a whole capture (a file, streamed, or a text) into an analysed model: what `check`, the
 * store's imports and replay sources start from.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { CaptureHeader } from '../../../shared/capture/entry';
import type { FileProblem } from '../../../shared/capture/problems';
import { CaptureLineReader, CaptureReadError } from '../../../shared/capture/reader';
import { RpcError } from '../../../shared/rpc/errors';
import { SessionModel } from '../../../shared/timeline/session-model';
import type { AnalyzerOptions } from '../../../shared/analysis/analyzer';
import { parseOcppVersion } from '../../../shared/ocpp/versions';

export interface ReadResult {
  header: CaptureHeader;
  model: SessionModel;
  fileProblems: FileProblem[];
}

/**
 * How a session is analysed. `version` is for connections that negotiated no OCPP subprotocol;
 * without it the capture header's version is used, else the version is detected.
 */
export type AnalysisOptions = Omit<AnalyzerOptions, 'versionSource'>;

export function analyzerOptions(header: CaptureHeader, options: AnalysisOptions): AnalyzerOptions {
  if (options.version !== undefined) return { ...options, versionSource: 'option' };
  const version = header.ocppVersion === undefined ? undefined : parseOcppVersion(header.ocppVersion);
  return version === undefined ? options : { ...options, version, versionSource: 'header' };
}

/** Reads a capture file of any size into a model (analysed, end-of-capture checks run), streaming. */
export async function readCaptureFile(path: string, analysis: AnalysisOptions = {}): Promise<ReadResult> {
  const result = readInto(analysis);
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1024 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) result.reader.write(chunk);
    result.reader.end();
  } catch (error) {
    if (error instanceof CaptureReadError)
      throw new RpcError('invalid', `${basename(path)}: ${error.message}`);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new RpcError('not-found', `no such file: ${path}`);
    throw error;
  }
  return result.done();
}

/** Reads a capture held in a string (an upload). */
export function readCaptureText(fileName: string, text: string, analysis: AnalysisOptions = {}): ReadResult {
  const result = readInto(analysis);
  try {
    result.reader.write(text);
    result.reader.end();
  } catch (error) {
    if (error instanceof CaptureReadError) throw new RpcError('invalid', `${fileName}: ${error.message}`);
    throw error;
  }
  return result.done();
}

function readInto(analysis: AnalysisOptions): { reader: CaptureLineReader; done(): ReadResult } {
  let header: CaptureHeader | undefined;
  // The header line comes first: it may name the version the analysis needs.
  let model: SessionModel | undefined;
  const fileProblems: FileProblem[] = [];
  const reader = new CaptureLineReader({
    header: (h) => {
      header = h;
      model = new SessionModel(analyzerOptions(h, analysis));
    },
    entry: (e) => model!.add(e),
    problem: (p) => fileProblems.push(p),
  });
  return {
    reader,
    done() {
      if (header === undefined || model === undefined)
        throw new RpcError('invalid', 'the capture has no header line');
      model.finish();
      // Nothing of a file has been handed out yet: the row changes of reading it are no deltas.
      model.takeChanges();
      return { header, model, fileProblems };
    },
  };
}

/**
 * Why a file the user named could not be read, in words to act on; `error` itself when it is not
 * about the file. `what` names the file a folder was given for, e.g. `a capture file`.
 */
export function unreadableFile(path: string, error: unknown, what: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new RpcError('not-found', `no such file: ${path}`);
  if (code === 'EISDIR') return new RpcError('invalid', `${path} is a folder, not ${what}`);
  if (code === 'EACCES') return new RpcError('invalid', `cannot read ${path}: permission denied`);
  return error;
}
