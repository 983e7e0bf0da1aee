/**
 * The capture store: sessions as append-only JSON-lines files in `<dataDir>/sessions`. Opened
 * sessions are held in memory as SessionModels; live ones also own a writer. Every way a session
 * changes is announced through `onChange` (list) and `onAppend` (rows), which the engine turns
 * into RPC events.
 */
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  CAPTURE_FORMAT,
  CAPTURE_FORMAT_VERSION,
  type CaptureHeader,
  type Entry,
  type NewEntry,
} from '../../../shared/capture/entry';
import { decodeHeader, encodeEntry, encodeHeader } from '../../../shared/capture/format';
import type { PrivacyOptions } from '../../../shared/capture/privacy';
import { protectCaptureText } from '../../../shared/capture/privacy-export';
import type { FileProblem } from '../../../shared/capture/problems';
import type { OpenedSession, SessionInfo } from '../../../shared/rpc/contract';
import { RpcError } from '../../../shared/rpc/errors';
import type { TimelineRow } from '../../../shared/timeline/row';
import { SessionModel } from '../../../shared/timeline/session-model';
import type { Profile } from '../../../shared/analysis/finding';
import { analyzerOptions, readCaptureText, type AnalysisOptions } from './read';
import { loadSession } from './load';
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

/** The header of a session made now, with a new id. */
function newHeader(
  fields: Omit<CaptureHeader, 'format' | 'formatVersion' | 'id' | 'createdAt'>,
): CaptureHeader {
  const now = new Date();
  return {
    format: CAPTURE_FORMAT,
    formatVersion: CAPTURE_FORMAT_VERSION,
    id: newSessionId(now),
    createdAt: now.toISOString(),
    ...fields,
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

  /** A session's info for the list; undefined when its file went away while the list was made. */
  private async listed(id: string, header: CaptureHeader): Promise<SessionInfo | undefined> {
    try {
      return await this.info(id, header);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Every session in the data dir, newest first. Files that are not captures are left out. */
  async list(): Promise<SessionInfo[]> {
    const names = (await readdir(this.sessionsDir)).filter((n) => n.endsWith(FILE_SUFFIX));
    const infos: SessionInfo[] = [];
    for (const name of names) {
      const id = name.slice(0, -FILE_SUFFIX.length);
      if (!ID_PATTERN.test(id)) continue;
      const header = this.opened.get(id)?.header ?? (await this.readHeader(id));
      const info = header && (await this.listed(id, header));
      if (info) infos.push(info);
    }
    for (const id of this.external.keys()) {
      const header = this.opened.get(id)?.header;
      const info = header && (await this.listed(id, header));
      if (info) infos.push(info);
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
    const header = newHeader({ name, ...options });
    const id = header.id;
    let writer: CaptureWriter;
    try {
      writer = await CaptureWriter.create(file ?? this.pathOf(id), encodeHeader(header), (error) =>
        this.events.onWriteError?.(id, error),
      );
    } catch (error) {
      if (file !== undefined) throw captureFileError(file, error);
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

  /** Opens a session file; a large one answers after its first screens and loads the rest. */
  private async load(id: string): Promise<OpenSession> {
    const { session, rest } = await loadSession<OpenSession>(this.pathOf(id), id, {
      create: (header, fileProblems) => ({
        header,
        model: new SessionModel(analyzerOptions(header, this.analysis)),
        fileProblems,
      }),
      wanted: (s) => this.opened.get(id) === s,
      row: (_s, row) => this.events.onAppend?.(id, row),
      loaded: () => {
        this.events.onAnalysed?.(id);
        this.events.onChange?.();
      },
    });
    this.opened.set(id, session);
    void rest?.();
    return session;
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

  /**
   * A new session of entries read from another tool's file (`header.imported` says which): written
   * in one go, numbered from 1, analysed with the version the import found, and opened.
   */
  async importEntries(
    fields: Pick<CaptureHeader, 'name' | 'createdBy' | 'ocppVersion' | 'imported'>,
    entries: readonly NewEntry[],
    file?: string,
  ): Promise<OpenedSession> {
    const header = newHeader(fields);
    const id = header.id;
    const now = Date.parse(header.createdAt);
    const model = new SessionModel(analyzerOptions(header, this.analysis));
    const lines: string[] = [encodeHeader(header)];
    for (const entry of entries) {
      const stamped: Entry = { ...entry, seq: model.lastSeq + 1, ts: entry.ts ?? now };
      lines.push(encodeEntry(stamped));
      model.add(stamped);
    }
    lines.push('');
    try {
      await writeFile(file ?? this.pathOf(id), lines.join('\n'), { flag: 'wx' });
    } catch (error) {
      if (file !== undefined) throw captureFileError(file, error);
      throw error;
    }
    if (file !== undefined) this.external.set(id, file);
    model.finish();
    // Nothing of it has been handed out yet: the row changes of reading it are no deltas.
    model.takeChanges();
    const session: OpenSession = { header, model, fileProblems: [...(header.imported?.problems ?? [])] };
    this.opened.set(id, session);
    this.events.onChange?.();
    return this.describe(id, session);
  }

  /**
   * The session file (a live one flushed first): it is the export format. Redacted unless told
   * otherwise (nothing handed over carries a secret unless asked), anonymized on request; lines
   * that needed no change are the file's bytes.
   */
  async exportText(
    sessionId: string,
    options: PrivacyOptions = { redact: true, anonymize: false },
  ): Promise<{ fileName: string; content: string }> {
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
    let name = header?.name ?? sessionId;
    if (options.redact || options.anonymize) {
      const exported = protectCaptureText(content, options);
      content = exported.content;
      // The session's name may hold a station id: an anonymized export is named as its header.
      name = exported.header.name;
    }
    const safeName = name.replace(/[^\w.-]+/g, '_').slice(0, 80) || sessionId;
    return { fileName: `${safeName}${FILE_SUFFIX}`, content };
  }

  /** Flushes and closes every live session. */
  async dispose(): Promise<void> {
    const live = [...this.opened.entries()].filter(([, s]) => s.writer);
    await Promise.all(live.map(([id]) => this.finish(id)));
    this.opened.clear();
  }
}

/** Why a capture file of the user's choosing could not be created, in words to act on. */
function captureFileError(file: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EEXIST')
    return new RpcError(
      'invalid',
      `${file} already exists: choose another capture file, captures are never overwritten`,
    );
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR')
    return new RpcError('invalid', `cannot create the capture file ${file} (${code})`);
  return error;
}

async function rewriteHeader(path: string, headerLine: string): Promise<void> {
  const content = await readFile(path);
  const nl = content.indexOf(0x0a);
  const rest = nl === -1 ? Buffer.alloc(0) : content.subarray(nl + 1);
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, Buffer.concat([Buffer.from(headerLine + '\n', 'utf8'), rest]));
  await rename(tmp, path);
}
