/**
 * The timeline row: a compact, derived summary of one entry, which is all the renderer holds.
 * Raw text is fetched on demand (architecture guide, "Live sync").
 */
import type {
  ConnectionEvent,
  Direction,
  EntryKind,
  EntrySource,
  FrameFlag,
  InferredField,
} from '../capture/entry';
import type { Severity } from '../analysis/finding';
import type { FrameProblemKind, MessageTypeId } from '../ocpp/frame';

export interface TimelineRow {
  seq: number;
  ts: number;
  /** ms since the previous entry of the session (0 for the first). */
  deltaMs: number;
  kind: EntryKind;
  connectionId: string;
  stationId: string;
  source: EntrySource;
  direction?: Direction;
  messageType?: MessageTypeId;
  /** CALL/SEND: its action; answers: the action of the CALL they answer. */
  action?: string;
  messageId?: string;
  /** The other half of a CALL/answer pair, once known. */
  partnerSeq?: number;
  /** On answers: ms since their CALL. */
  latencyMs?: number;
  /** CALLERROR/CALLRESULTERROR code. */
  errorCode?: string;
  /** Set when the text is not a well-formed OCPP-J message. */
  problem?: { kind: FrameProblemKind; message: string };
  /** The findings about this entry: how many, and the worst severity. */
  findings?: { count: number; severity: Severity };
  flags?: FrameFlag[];
  /** Imports: the fields the importer inferred (a plain log's direction, a time the source lacked). */
  inferred?: InferredField[];
  /** A binary frame, or a console line whose bytes are not UTF-8. */
  binary?: true;
  event?: ConnectionEvent;
  /**
   * Connection rows: one line, e.g. "opened ocpp1.6" or "closed 1000 (station) Bye". Console rows:
   * the line as a terminal shows it, cut to a row's length (the detail has all of it).
   */
  summary?: string;
  /** Size of the raw text (a console row: of the line as stored) in characters. */
  size?: number;
}
