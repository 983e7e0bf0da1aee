/**
 * The capture store: sessions as append-only JSON-lines files in `<dataDir>/sessions`. Opened
 * sessions are held in memory as SessionModels; live ones also own a writer. Every way a session
 * changes is announced through `onChange` (list) and `onAppend` (rows), which the engine turns
 * into RPC events.
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  CAPTURE_FORMAT,
  CAPTURE_FORMAT_VERSION,
  type CaptureHeader,
  type Entry,
  type NewEntry,
} from '../../../shared/capture/entry';
import { decodeHeader, encodeEntry, encodeHeader } from '../../../shared/capture/format';
import type { FileProblem } from '../../../shared/capture/problems';
import { CaptureLineReader, CaptureReadError } from '../../../shared/capture/reader';
import type { OpenedSession, SessionInfo } from '../../../shared/rpc/contract';
import { RpcError } from '../../../shared/rpc/errors';
import type { TimelineRow } from '../../../shared/timeline/row';
import { SessionModel } from '../../../shared/timeline/session-model';
import type { AnalyzerOptions } from '../../../shared/analysis/analyzer';
import type { Profile } from '../../../shared/analysis/finding';
import { parseOcppVersion } from '../../../shared/ocpp/versions';
import { CaptureWriter } from './writer';

const FILE_SUFFIX = '.jsonl';
const ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

interface OpenSession {
  header: CaptureHeader;
  model: SessionModel;
  fileProblems: FileProblem[];
  writer?: CaptureWriter;
  /** A large file still being read: its rows stream in as a live session's do. */
  loading?: boolean;
}

/**
 * How much of a file `open` reads before it answers: enough for the first screens. A 100k-frame
 * capture takes seconds to read and analyse; the rest streams in as the user looks at the start.
 */
const FIRST_READ_ENTRIES = 1000;
const READ_CHUNK_BYTES = 256 * 1024;

export interface StoreEvents {
  onChange?: () => void;
  onAppend?: (sessionId: string, row: TimelineRow) => void;
  /** Rows or findings of a session changed without an append (end-of-capture checks). */
  onAnalysed?: (sessionId: string) => void;
  /** A write to disk failed (the entries stay in memory and are retried). */
  onWriteError?: (sessionId: string, error: Error) => void;
}

function newSessionId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

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

function analyzerOptions(header: CaptureHeader, options: AnalysisOptions): AnalyzerOptions {
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

export class CaptureStore {
  readonly sessionsDir: string;
  private readonly opened = new Map<string, OpenSession>();
  /** Files being read up to their first screens: a second open waits for the first. */
  private readonly opening = new Map<string, Promise<OpenSession>>();
  /** Sessions recorded to a file of the user's choosing (`proxy --capture FILE`): id -> path. */
  private readonly external = new Map<string, string>();

  constructor(
    readonly dataDir: string,
    private readonly events: StoreEvents = {},
    private analysis: AnalysisOptions = {},
  ) {
    this.sessionsDir = join(dataDir, 'sessions');
  }

  get profile(): Profile {
    return this.analysis.profile ?? 'strict';
  }

  /** Analyses every opened session again under another profile (and new ones from now on). */
  setProfile(profile: Profile): void {
    this.analysis = { ...this.analysis, profile };
    for (const session of this.opened.values()) {
      const model = new SessionModel(analyzerOptions(session.header, this.analysis));
      for (const entry of session.model.allEntries()) model.add(entry);
      // A file still loading is finished when its last line has been read.
      if (!session.writer && !session.loading) model.finish();
      // The faces reload a re-analysed session whole; its rebuilt rows are no deltas.
      model.takeChanges();
      session.model = model;
    }
  }

  async init(): Promise<void> {
    await mkdir(this.sessionsDir, { recursive: true });
  }

  private pathOf(id: string): string {
    const external = this.external.get(id);
    if (external !== undefined) return external;
    if (!ID_PATTERN.test(id)) throw new RpcError('not-found', `no session ${JSON.stringify(id)}`);
    return join(this.sessionsDir, id + FILE_SUFFIX);
  }

  private async info(id: string, header: CaptureHeader): Promise<SessionInfo> {
    const bytes = (await stat(this.pathOf(id))).size;
    const info: SessionInfo = {
      id,
      name: header.name,
      createdAt: header.createdAt,
      bytes,
      live: !!this.opened.get(id)?.writer,
    };
    if (this.opened.get(id)?.loading) info.loading = true;
    if (header.ocppVersion !== undefined) info.ocppVersion = header.ocppVersion;
    return info;
  }

  /** Every session in the data dir, newest first. Files that are not captures are left out. */
  async list(): Promise<SessionInfo[]> {
    const names = (await readdir(this.sessionsDir)).filter((n) => n.endsWith(FILE_SUFFIX));
    const infos: SessionInfo[] = [];
    for (const name of names) {
      const id = name.slice(0, -FILE_SUFFIX.length);
      if (!ID_PATTERN.test(id)) continue;
      const header = this.opened.get(id)?.header ?? (await this.readHeader(id));
      if (header) infos.push(await this.info(id, header));
    }
    for (const id of this.external.keys()) {
      const header = this.opened.get(id)?.header;
      if (header) infos.push(await this.info(id, header));
    }
    return infos.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  }

  private async readHeader(id: string): Promise<CaptureHeader | undefined> {
    let handle;
    try {
      handle = await open(this.pathOf(id), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const { buffer, bytesRead } = await handle.read({ buffer: Buffer.alloc(64 * 1024), position: 0 });
      const text = buffer.subarray(0, bytesRead).toString('utf8');
      const nl = text.indexOf('\n');
      const decoded = decodeHeader(nl === -1 ? text : text.slice(0, nl));
      return decoded.ok ? decoded.value : undefined;
    } catch (error) {
      // A folder named like a session is not one.
      if ((error as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
      throw error;
    } finally {
      await handle.close();
    }
  }

  /**
   * Starts a live session that services append to: in the data dir, or in `file` (never
   * overwritten), where it stays listed while this process runs.
   */
  async create(
    name: string,
    { file, ...options }: { ocppVersion?: string; createdBy?: string; file?: string } = {},
  ): Promise<SessionInfo> {
    const now = new Date();
    const id = newSessionId(now);
    const header: CaptureHeader = {
      format: CAPTURE_FORMAT,
      formatVersion: CAPTURE_FORMAT_VERSION,
      id,
      name,
      createdAt: now.toISOString(),
      ...options,
    };
    let writer: CaptureWriter;
    try {
      writer = await CaptureWriter.create(file ?? this.pathOf(id), encodeHeader(header), (error) =>
        this.events.onWriteError?.(id, error),
      );
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (file !== undefined && code === 'EEXIST')
        throw new RpcError(
          'invalid',
          `${file} already exists: choose another capture file, captures are never overwritten`,
        );
      if (file !== undefined && (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR'))
        throw new RpcError('invalid', `cannot create the capture file ${file} (${code})`);
      throw error;
    }
    if (file !== undefined) this.external.set(id, file);
    const model = new SessionModel(analyzerOptions(header, this.analysis));
    this.opened.set(id, { header, model, fileProblems: [], writer });
    this.events.onChange?.();
    return this.info(id, header);
  }

  /** Appends to a live session: stamps seq (and ts unless given), writes, announces the row. */
  append(sessionId: string, entry: NewEntry): Entry {
    const session = this.opened.get(sessionId);
    if (!session?.writer) throw new Error(`session ${sessionId} is not live`);
    const stamped: Entry = { ...entry, seq: session.model.lastSeq + 1, ts: entry.ts ?? Date.now() };
    session.writer.append(encodeEntry(stamped));
    const row = session.model.add(stamped);
    this.events.onAppend?.(sessionId, row);
    return stamped;
  }

  /** Live sessions look for timed-out CALLs; returns the ids of those with new findings. */
  advanceLive(now: number): string[] {
    const changed: string[] = [];
    for (const [id, session] of this.opened) {
      if (session.writer && session.model.advance(now) > 0) changed.push(id);
    }
    return changed;
  }

  /** Ends a live session: flushes and closes its file; it stays open for reading. */
  async finish(sessionId: string): Promise<void> {
    const session = this.opened.get(sessionId);
    if (!session?.writer) return;
    const writer = session.writer;
    delete session.writer;
    session.model.finish();
    this.events.onAnalysed?.(sessionId);
    await writer.close();
    this.events.onChange?.();
  }

  async open(sessionId: string): Promise<OpenedSession> {
    let session = this.opened.get(sessionId);
    if (!session) {
      let opening = this.opening.get(sessionId);
      if (!opening) {
        opening = this.load(sessionId).finally(() => this.opening.delete(sessionId));
        this.opening.set(sessionId, opening);
      }
      session = await opening;
    }
    return this.describe(sessionId, session);
  }

  /**
   * Reads a session file up to its first screens and answers; a larger file goes on loading in
   * the background, its rows announced as they come (the faces already follow live sessions),
   * then it is finished (end-of-capture checks) and announced as loaded.
   */
  private async load(id: string): Promise<OpenSession> {
    const path = this.pathOf(id);
    const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: READ_CHUNK_BYTES });
    const chunks = (stream as AsyncIterable<string>)[Symbol.asyncIterator]();
    let session: OpenSession | undefined;
    let header: CaptureHeader | undefined;
    const fileProblems: FileProblem[] = [];
    const reader = new CaptureLineReader({
      header: (h) => {
        // The file name is the id: a header copied from elsewhere must not confuse the two.
        header = { ...h, id };
        session = {
          header,
          model: new SessionModel(analyzerOptions(header, this.analysis)),
          fileProblems,
          loading: true,
        };
      },
      entry: (e) => {
        // session.model, not a model held here: a new profile replaces it while the file loads.
        const row = session!.model.add(e);
        if (this.opened.get(id) === session) this.events.onAppend?.(id, row);
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
    if (done) {
      delete session.loading;
      session.model.finish();
    }
    // Nothing of the file has been handed out yet: the row changes of reading it are no deltas.
    session.model.takeChanges();
    this.opened.set(id, session);
    if (!done) void this.readRest(id, session, stream, chunks, reader);
    return session;
  }

  private async readRest(
    id: string,
    session: OpenSession,
    stream: NodeJS.ReadableStream & { destroy(): void },
    chunks: AsyncIterator<string>,
    reader: CaptureLineReader,
  ): Promise<void> {
    try {
      for (;;) {
        // Closed or deleted meanwhile: nobody wants the rest.
        if (this.opened.get(id) !== session) {
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
      session.fileProblems.push({
        line: reader.lineNumber,
        kind: 'unreadable',
        message: `reading stopped at line ${reader.lineNumber}: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    if (this.opened.get(id) === session) this.loaded(id, session);
  }

  private loaded(id: string, session: OpenSession): void {
    delete session.loading;
    session.model.finish();
    this.events.onAnalysed?.(id);
    this.events.onChange?.();
  }

  private async describe(id: string, session: OpenSession): Promise<OpenedSession> {
    return {
      info: await this.info(id, session.header),
      stats: session.model.stats(),
      fileProblems: session.fileProblems,
      lastSeq: session.model.lastSeq,
    };
  }

  /** The in-memory model of an opened session. */
  model(sessionId: string): SessionModel {
    const session = this.opened.get(sessionId);
    if (!session) throw new RpcError('not-found', `session ${sessionId} is not open; open it first`);
    return session.model;
  }

  /** An opened file still being read (its rows stream in). */
  isLoading(sessionId: string): boolean {
    return this.opened.get(sessionId)?.loading === true;
  }

  /** Frees the memory of an opened session (a live one keeps recording). */
  close(sessionId: string): void {
    if (!this.opened.get(sessionId)?.writer) this.opened.delete(sessionId);
  }

  async rename(sessionId: string, name: string): Promise<SessionInfo> {
    const path = this.pathOf(sessionId);
    const session = this.opened.get(sessionId);
    const header = session?.header ?? (await this.readHeader(sessionId));
    if (!header) throw new RpcError('not-found', `no session ${JSON.stringify(sessionId)}`);
    const renamed = { ...header, name };
    const rewrite = () => rewriteHeader(path, encodeHeader(renamed));
    if (session?.writer) await session.writer.exclusive(rewrite);
    else await rewrite();
    if (session) session.header = renamed;
    this.events.onChange?.();
    return this.info(sessionId, renamed);
  }

  async delete(sessionId: string): Promise<void> {
    const path = this.pathOf(sessionId);
    if (this.opened.get(sessionId)?.writer) {
      throw new RpcError('invalid', 'this session is still recording: stop its capture before deleting it');
    }
    try {
      await rm(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new RpcError('not-found', `no session ${JSON.stringify(sessionId)}`);
      throw error;
    }
    this.opened.delete(sessionId);
    this.events.onChange?.();
  }

  /**
   * Copies a capture into the store under a new id and opens it. The entry lines are kept byte for
   * byte (bad ones included, so nothing is lost); only the header is rewritten with the new id.
   */
  async importText(fileName: string, content: string): Promise<OpenedSession> {
    const read = readCaptureText(fileName, content, this.analysis);
    const id = newSessionId(new Date());
    const header: CaptureHeader = { ...read.header, id, name: read.header.name || fileName };
    // The header is the first line with text on it (the reader skips blank lines and a BOM).
    const nl = content.indexOf('\n', Math.max(0, content.search(/\S/)));
    const rest = nl === -1 ? '' : content.slice(nl + 1);
    await writeFile(this.pathOf(id), encodeHeader(header) + '\n' + rest, { flag: 'wx' });
    const session: OpenSession = { header, model: read.model, fileProblems: read.fileProblems };
    this.opened.set(id, session);
    this.events.onChange?.();
    return this.describe(id, session);
  }

  async importFile(path: string): Promise<OpenedSession> {
    let content: string;
    try {
      content = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new RpcError('not-found', `no such file: ${path}`);
      throw error;
    }
    return this.importText(basename(path), content);
  }

  /** The session file as it is on disk (a live one flushed first): it is the export format. */
  async exportText(sessionId: string): Promise<{ fileName: string; content: string }> {
    const path = this.pathOf(sessionId);
    const session = this.opened.get(sessionId);
    await session?.writer?.flush();
    let content: string;
    try {
      content = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new RpcError('not-found', `no session ${JSON.stringify(sessionId)}`);
      throw error;
    }
    const header = session?.header ?? (await this.readHeader(sessionId));
    const safeName = (header?.name ?? sessionId).replace(/[^\w.-]+/g, '_').slice(0, 80) || sessionId;
    return { fileName: `${safeName}${FILE_SUFFIX}`, content };
  }

  /** Flushes and closes every live session. */
  async dispose(): Promise<void> {
    const live = [...this.opened.entries()].filter(([, s]) => s.writer);
    await Promise.all(live.map(([id]) => this.finish(id)));
    this.opened.clear();
  }
}

async function rewriteHeader(path: string, headerLine: string): Promise<void> {
  const content = await readFile(path);
  const nl = content.indexOf(0x0a);
  const rest = nl === -1 ? Buffer.alloc(0) : content.subarray(nl + 1);
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, Buffer.concat([Buffer.from(headerLine + '\n', 'utf8'), rest]));
  await rename(tmp, path);
}
