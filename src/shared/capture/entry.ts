import type { FileProblem } from './problems';

/**
 * The capture model: what one line of a session file holds. Raw frame text is the source of
 * truth; every parsed view is derived from it (architecture guide, "Data").
 */

export type EntrySource = 'proxy' | 'csms' | 'serial' | 'replay' | 'import';
export const ENTRY_SOURCES: readonly EntrySource[] = ['proxy', 'csms', 'serial', 'replay', 'import'];

/** `toCsms`: sent by the charging station; `toStation`: sent by the CSMS. */
export type Direction = 'toCsms' | 'toStation';
export const DIRECTIONS: readonly Direction[] = ['toCsms', 'toStation'];

/**
 * What an import worked out because its source did not say: a plain log's direction (from the
 * action, or the CALL an answer answers) or a line's time (the time of the line before it).
 */
export type InferredField = 'direction' | 'time';
export const INFERRED_FIELDS: readonly InferredField[] = ['direction', 'time'];

export type FrameFlag = 'injected' | 'dropped' | 'modified' | 'delayed';
export const FRAME_FLAGS: readonly FrameFlag[] = ['injected', 'dropped', 'modified', 'delayed'];

interface EntryBase {
  /** Monotonic per session, starting at 1. */
  seq: number;
  /** Wall clock, ms since the epoch, with a fraction. */
  ts: number;
  connectionId: string;
  stationId: string;
  source: EntrySource;
}

export interface FrameEntry extends EntryBase {
  kind: 'frame';
  direction: Direction;
  /** The exact message text; base64 of the bytes when `binary` is set. */
  raw: string;
  binary?: true;
  flags?: FrameFlag[];
  /** What the proxy did to it and why, e.g. `delay 3000 ms (rule "slow boot")`. */
  faults?: string[];
  /**
   * With the `modified` flag: the text as it arrived, before the engineer edited it at a
   * breakpoint; `raw` is what was sent on. Older readers drop the field and still read the entry.
   */
  original?: string;
  /** Imports: the fields the importer inferred (shown as such, never taken as recorded). */
  inferred?: InferredField[];
}

export type ConnectionEvent = 'opened' | 'closed' | 'error';
export const CONNECTION_EVENTS: readonly ConnectionEvent[] = ['opened', 'closed', 'error'];

export interface ConnectionEntry extends EntryBase {
  kind: 'connection';
  event: ConnectionEvent;
  /** opened: the path the station connected to and the negotiated subprotocol. */
  url?: string;
  /** opened (proxy): the CSMS URL the connection was forwarded to. */
  upstream?: string;
  subprotocol?: string;
  offeredSubprotocols?: string[];
  remoteAddress?: string;
  tls?: boolean;
  headers?: Record<string, string>;
  /** closed: WebSocket close code and reason, and which side closed. */
  code?: number;
  reason?: string;
  closedBy?: 'station' | 'csms' | 'scope';
  /** closed (proxy): WebSocket pings and pongs forwarded during the connection, both ways. */
  pings?: number;
  pongs?: number;
  /** error: what went wrong, in words an engineer can act on. */
  message?: string;
}

/**
 * A line that is not an OCPP frame, from a channel that carries both (a serial line where the
 * firmware prints its logs between the frames): kept in order with the frames, never analysed.
 */
export interface ConsoleEntry extends EntryBase {
  kind: 'console';
  /** The line as it came, without its delimiter; base64 of the bytes when `binary` is set. */
  text: string;
  /** The bytes are not valid UTF-8 (line noise, a wrong baud rate). */
  binary?: true;
}

export type Entry = FrameEntry | ConnectionEntry | ConsoleEntry;
export type EntryKind = Entry['kind'];
export const ENTRY_KINDS: readonly EntryKind[] = ['frame', 'connection', 'console'];

/** An entry before the store stamps it with its seq (and, unless given, its ts). */
export type NewEntry =
  | (Omit<FrameEntry, 'seq' | 'ts'> & { ts?: number })
  | (Omit<ConnectionEntry, 'seq' | 'ts'> & { ts?: number })
  | (Omit<ConsoleEntry, 'seq' | 'ts'> & { ts?: number });

export interface CaptureHeader {
  format: 'ocpp-scope-capture';
  formatVersion: 1;
  id: string;
  name: string;
  /** ISO 8601. */
  createdAt: string;
  /** The OCPP version when the whole capture has one (e.g. `ocpp1.6`); per connection otherwise. */
  ocppVersion?: string;
  /** The tool and mode that wrote it, e.g. `ocpp-scope 0.1.0 proxy`. */
  createdBy?: string;
  /**
   * Set on an export whose secrets were redacted or whose identities were replaced (so a report
   * made from it later still says so). Older readers drop the field and read the rest.
   */
  privacy?: CapturePrivacy;
  /** Set on a session imported from another tool's file: what it was and what went wrong reading it. */
  imported?: CaptureImport;
}

/** Where an imported session came from (the header keeps it: the source file may be gone). */
export interface CaptureImport {
  /** The imported file's name. */
  fileName: string;
  /** The format read (as detected or as told). */
  format: string;
  /** What the importer said it read, one line. */
  description: string;
  /** The first problems reading it (kind `import-skipped` / `import-warning`), each with its place. */
  problems: FileProblem[];
  /** How many there were in all (more than `problems` holds when the file was very bad). */
  problemCount: number;
}

/** What was done to a capture before it was handed over (the report's `privacy` has this shape). */
export interface CapturePrivacy {
  /** Secrets (ocpp-notes, "Secrets") replaced by `<redacted>`. */
  redacted: boolean;
  /** Station ids and idTags / idTokens replaced by consistent pseudonyms. */
  anonymized: boolean;
  /** Values redacted, and distinct values given a pseudonym. */
  redactions: number;
  pseudonyms: number;
}

export const CAPTURE_FORMAT = 'ocpp-scope-capture';
export const CAPTURE_FORMAT_VERSION = 1;
