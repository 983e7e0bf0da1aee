/**
 * Opening a session file: read up to its first screens, answer, and read the rest in the
 * background. A 100k-frame capture takes seconds to read and analyse; the user looks at the start
 * meanwhile, and the rest streams in as a live session's rows do.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { CaptureHeader } from '../../../shared/capture/entry';
import type { FileProblem } from '../../../shared/capture/problems';
import { CaptureLineReader, CaptureReadError } from '../../../shared/capture/reader';
import { RpcError } from '../../../shared/rpc/errors';
import type { TimelineRow } from '../../../shared/timeline/row';
import type { SessionModel } from '../../../shared/timeline/session-model';

/** How much of a file is read before `open` answers: enough for the first screens. */
const FIRST_READ_ENTRIES = 1000;
const READ_CHUNK_BYTES = 256 * 1024;

export interface LoadingSession {
  header: CaptureHeader;
  /** Read anew for each entry: a new profile replaces the model while the file loads. */
  model: SessionModel;
  fileProblems: FileProblem[];
  /** True until the last line is read. */
  loading?: boolean;
}

export interface LoadHooks<S extends LoadingSession> {
  /** The session for the header just read (its id already the file's). */
  create(header: CaptureHeader, fileProblems: FileProblem[]): S;
  /** Whether the session is still wanted: one closed or deleted meanwhile stops the read. */
  wanted(session: S): boolean;
  /** A row read after the first screens. */
  row(session: S, row: TimelineRow): void;
  /** The last line was read in the background and the end-of-capture checks ran. */
  loaded(session: S): void;
}

/**
 * Reads `path` up to its first screens. `rest`, when the file is longer, reads the remainder;
 * the caller starts it once it holds the session (rows are only announced while `wanted`).
 */
export async function loadSession<S extends LoadingSession>(
  path: string,
  id: string,
  hooks: LoadHooks<S>,
): Promise<{ session: S; rest?: () => Promise<void> }> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: READ_CHUNK_BYTES });
  const chunks = (stream as AsyncIterable<string>)[Symbol.asyncIterator]();
  let session: S | undefined;
  const fileProblems: FileProblem[] = [];
  const reader = new CaptureLineReader({
    header: (h) => {
      // The file name is the id: a header copied from elsewhere must not confuse the two.
      session = hooks.create({ ...h, id }, fileProblems);
      session.loading = true;
    },
    entry: (e) => {
      const row = session!.model.add(e);
      if (hooks.wanted(session!)) hooks.row(session!, row);
    },
    problem: (p) => fileProblems.push(p),
  });
  let done = false;
  try {
    while (!done && (session === undefined || session.model.size < FIRST_READ_ENTRIES)) {
      const next = await chunks.next();
      if (next.done) done = true;
      else reader.write(next.value);
    }
    if (done) reader.end();
  } catch (error) {
    stream.destroy();
    if (error instanceof CaptureReadError)
      throw new RpcError('invalid', `${basename(path)}: ${error.message}`);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new RpcError('not-found', `no session ${JSON.stringify(id)}`);
    throw error;
  }
  if (session === undefined)
    throw new RpcError('invalid', `${basename(path)}: the capture has no header line`);
  const opened: S = session;
  if (done) {
    delete opened.loading;
    opened.model.finish();
  }
  // Nothing of the file has been handed out yet: the row changes of reading it are no deltas.
  opened.model.takeChanges();
  if (done) return { session: opened };

  const rest = async (): Promise<void> => {
    try {
      for (;;) {
        if (!hooks.wanted(opened)) {
          stream.destroy();
          return;
        }
        const next = await chunks.next();
        if (next.done) break;
        reader.write(next.value);
      }
      reader.end();
    } catch (error) {
      // What was read stays; the rest is said to be missing, never silently dropped.
      fileProblems.push({
        line: reader.lineNumber,
        kind: 'unreadable',
        message: `reading stopped at line ${reader.lineNumber}: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    if (!hooks.wanted(opened)) return;
    delete opened.loading;
    opened.model.finish();
    hooks.loaded(opened);
  };
  return { session: opened, rest };
}
