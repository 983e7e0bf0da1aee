/**
 * The one RPC contract between the engine (main) and its faces (renderer over Electron IPC or a
 * WebSocket, tests over memory). Every method takes one params object; results and events are
 * plain JSON.
 */
import type { FileProblem } from '../capture/problems';
import type { ConnectionVersion } from '../analysis/analyzer';
import type { Finding, Profile, Rule, Severity } from '../analysis/finding';
import type { FindingSummary } from '../analysis/summary';
import type { Direction } from '../capture/entry';
import type { CsmsConfigInput } from '../csms/config';
import type { CommandAnswer, CsmsInfo, CsmsPalette, CsmsStartParams, CsmsState } from '../csms/info';
import type { FilterError } from '../filter/filter';
import type { ProxyConfig, ProxyInfo } from '../proxy/config';
import type { FaultRule } from '../proxy/faults';
import type { BreakpointRule, PausedFrame, ReleaseResult } from '../proxy/intercept';
import type { OcppVersion } from '../ocpp/versions';
import type { SendFrameParams, SendResult } from '../send/send';
import type { FrameTemplate } from '../send/template';
import type { SerialConfig, SerialInfo, SerialPortInfo } from '../serial/config';
import type { ReplayStartParams, ReplayStatus, ReplayStep } from '../replay/types';
import type { SchemaKind } from '../validation/registry';
import type { EntryDetail, SessionStats } from '../timeline/session-model';
import type { TimelineRow } from '../timeline/row';
import type { ReportFormat } from '../report/formats';
import type { ExportFormat, ImportFormat } from '../interop/formats';

export interface SessionInfo {
  id: string;
  name: string;
  createdAt: string;
  ocppVersion?: string;
  /** Size of the file on disk, bytes. */
  bytes: number;
  /** True while a service is still appending to it. */
  live: boolean;
  /** An opened file still being read: its rows stream in, its end-of-capture checks come last. */
  loading?: boolean;
}

export interface OpenedSession {
  info: SessionInfo;
  stats: SessionStats;
  /** Lines of the file that could not be read (e.g. the last line cut by a crash). */
  fileProblems: FileProblem[];
  /** The snapshot point: deltas with a higher seq follow as `timeline.appended`. */
  lastSeq: number;
}

/** How far an upload (`imports.chunk`) has got. */
export interface ImportProgress {
  /** Bytes received so far. */
  bytes: number;
  /** Entries read from them so far. */
  entries: number;
  /** The format, once the first bytes have told it. */
  format?: ImportFormat;
}

/** An imported file, now a session. */
export interface ImportDone {
  opened: OpenedSession;
  format: ImportFormat;
  /** The format's name and why it was taken, e.g. `Open OCPP Trace (its first line is ...)`. */
  detected: string;
  /** What was read, one line, e.g. `pcapng (Ethernet): 2841 packets, 3 TCP streams: ...`. */
  description: string;
  /** Problems reading the file (the session lists the first ones with its file problems). */
  problemCount: number;
}

export interface AnalysisSummary extends FindingSummary {
  profile: Profile;
  /** The OCPP version each connection was analysed with, and where it came from. */
  versions: ConnectionVersion[];
}

export interface AppInfo {
  name: string;
  version: string;
  mode: 'desktop' | 'serve' | 'test';
  dataDir: string;
}

export type FilterPage =
  { ok: true; total: number; sessionTotal: number; rows: TimelineRow[] } | { ok: false; error: FilterError };

export interface Methods {
  'app.info': { params: Record<string, never>; result: AppInfo };
  'sessions.list': { params: Record<string, never>; result: SessionInfo[] };
  'sessions.create': { params: { name: string }; result: SessionInfo };
  'sessions.open': { params: { sessionId: string }; result: OpenedSession };
  'sessions.close': { params: { sessionId: string }; result: null };
  'sessions.rename': { params: { sessionId: string; name: string }; result: SessionInfo };
  'sessions.delete': { params: { sessionId: string }; result: null };
  /** A file's text, in any text format OCPP Scope imports (the format is detected). */
  'sessions.import': { params: { fileName: string; content: string }; result: OpenedSession };
  /**
   * A file chosen by the user (file picker, drag and drop), of any size and any format OCPP Scope
   * imports: begun with its name and size, its bytes sent in order in chunks (base64), each
   * answered with the progress, then finished into a session (or cancelled).
   */
  'imports.begin': {
    params: { fileName: string; size: number; format?: ImportFormat | 'auto' };
    result: { importId: string };
  };
  'imports.chunk': { params: { importId: string; data: string }; result: ImportProgress };
  'imports.finish': { params: { importId: string }; result: ImportDone };
  'imports.cancel': { params: { importId: string }; result: null };
  /**
   * The session file (the export format) to hand over: secrets redacted unless `redact` is false,
   * station ids and idTags / idTokens pseudonymised when `anonymize` is true.
   */
  'sessions.export': {
    params: { sessionId: string; redact?: boolean; anonymize?: boolean; format?: ExportFormat };
    /** `leftOut`: what the format could not carry (Open OCPP Trace: connection events, ...). */
    result: { fileName: string; content: string; leftOut?: string };
  };
  /**
   * A test report of a session (the same as `ocpp-scope report`): the session's file analysed
   * afresh after redaction (unless `redact` is false) and, on request, pseudonymisation. Profile
   * and fail-on default to the session's profile and `error`.
   */
  'report.render': {
    params: {
      sessionId: string;
      format: ReportFormat;
      profile?: Profile;
      failOn?: Severity | 'never';
      redact?: boolean;
      anonymize?: boolean;
    };
    result: { fileName: string; content: string; mimeType: string };
  };
  /**
   * The HTML report printed to an A4 PDF (base64): the desktop app only, where Electron prints it;
   * in a browser the HTML report prints to PDF from the browser's own print dialog.
   */
  'report.pdf': {
    params: Omit<Methods['report.render']['params'], 'format'>;
    result: { fileName: string; base64: string; mimeType: string };
  };
  'timeline.rows': {
    params: { sessionId: string; offset: number; limit: number };
    result: { total: number; rows: TimelineRow[] };
  };
  /**
   * The rows a filter expression matches, a page at a time (the whole session is filtered in
   * main). A filter that does not compile is an answer, not a failure: its error says where.
   */
  'timeline.filter': {
    params: { sessionId: string; filter: string; offset: number; limit: number };
    result: FilterPage;
  };
  /**
   * The index of the entry `seq` in the session, or in the rows `filter` matches; null when it
   * is not there (no such entry, or the filter leaves it out, or the filter does not compile).
   */
  'timeline.locate': {
    params: { sessionId: string; seq: number; filter?: string };
    result: { index: number | null };
  };
  'timeline.entry': { params: { sessionId: string; seq: number }; result: EntryDetail };
  /** The rule catalog. */
  'analysis.rules': { params: Record<string, never>; result: Rule[] };
  'analysis.summary': { params: { sessionId: string }; result: AnalysisSummary };
  /** A page of findings in the order reported, all of them or those of one rule. */
  'analysis.findings': {
    params: { sessionId: string; rule?: string; offset: number; limit: number };
    result: { total: number; findings: Finding[] };
  };
  /** Analyses the opened sessions again under a profile (also used for sessions opened later). */
  'analysis.setProfile': { params: { profile: Profile }; result: { profile: Profile } };
  /** Starts a MITM proxy recording into a new live session. */
  'proxy.start': { params: ProxyConfig; result: ProxyInfo };
  'proxy.stop': { params: { proxyId: string }; result: null };
  'proxy.list': { params: Record<string, never>; result: ProxyInfo[] };
  /**
   * Sends a frame to the CSMS as if from the station (`toCsms`) or to the station as if from the
   * CSMS, as it is (no checks; `send.frame` checks and waits for the answer). A CALL gets a fresh
   * id unless `messageId` pins it.
   */
  'proxy.inject': {
    params: { proxyId: string; connectionId: string; direction: Direction; raw: string; messageId?: string };
    result: { seq: number; messageId?: string };
  };
  'proxy.setFaults': { params: { proxyId: string; rules: FaultRule[] }; result: ProxyInfo };
  /**
   * Replaces the breakpoints (and, if given, the auto-forward timeout); they apply to the next
   * frame. With none enabled, every paused frame is forwarded unchanged.
   */
  'proxy.setBreakpoints': {
    params: { proxyId: string; rules: BreakpointRule[]; timeoutMs?: number };
    result: ProxyInfo;
  };
  /** The frames paused at breakpoints now, oldest first (changes come as `proxy.paused`). */
  'proxy.paused': { params: { proxyId: string }; result: PausedFrame[] };
  /**
   * Forwards a paused frame as it is, or as edited (`raw`), or drops it; the frames behind it go
   * on in order. An edit that breaks its schema is refused with the issues unless `force`.
   */
  'proxy.release': {
    params: { proxyId: string; pauseId: string; decision: 'forward' | 'drop'; raw?: string; force?: boolean };
    result: ReleaseResult;
  };
  /**
   * Sends a frame the engineer wrote through a live proxy connection or from the mock CSMS,
   * checked against the schema of its action and direction first (refused with the issues unless
   * `force`); a CALL gets a fresh id unless pinned, and its answer is waited for.
   */
  'send.frame': { params: SendFrameParams; result: SendResult };
  /**
   * Replays one side of a recorded connection (a capture file or a stored session, optionally
   * some of its entries) against a CSMS (as the station) or for a station (as the CSMS, listening),
   * recording into a new live session. As the station it resolves once connected (an unreachable
   * CSMS is an error here); progress comes as `replay.progress`, the diff in the final status.
   */
  'replay.start': { params: ReplayStartParams; result: ReplayStatus };
  /** Ends a replay early; resolves with its final status (what was not sent counts as not replayed). */
  'replay.stop': { params: { replayId: string }; result: ReplayStatus };
  /** A replay's status, with its result once it has ended. */
  'replay.status': { params: { replayId: string }; result: ReplayStatus };
  /** Running and recently ended replays, newest last. */
  'replay.list': { params: Record<string, never>; result: ReplayStatus[] };
  /** A schema-valid frame to start from: the request (CALL) or the response of an action. */
  'send.template': {
    params: { version: OcppVersion; action: string; direction: Direction; kind?: SchemaKind };
    result: FrameTemplate;
  };
  /**
   * The OCA JSON schema of an action's request or response payload, as the validator uses it, so
   * an editor can complete and mark a frame with the very rules the send path checks.
   */
  'send.schema': {
    params: { version: OcppVersion; action: string; kind: SchemaKind };
    result: { schema: Record<string, unknown> };
  };
  /**
   * The serial ports the system reports (USB adapters with their vendor); `error` says why the
   * system could not list them (a path can always be typed).
   */
  'serial.ports': { params: Record<string, never>; result: { ports: SerialPortInfo[]; error?: string } };
  /**
   * Opens a serial port and bridges the charger on it to a CSMS (or a mock CSMS started for it),
   * recording frames and log lines into a new live session. A port that cannot be opened is an
   * error here; once open, a lost port or CSMS connection is reopened with backoff.
   */
  'serial.start': { params: SerialConfig; result: SerialInfo };
  /** Closes the port and the CSMS connection (and the bridge's mock CSMS). */
  'serial.stop': { params: { bridgeId: string }; result: null };
  'serial.list': { params: Record<string, never>; result: SerialInfo[] };
  /** Starts a mock CSMS recording into a new live session. */
  'csms.start': { params: CsmsStartParams; result: CsmsInfo };
  'csms.stop': { params: { csmsId: string }; result: null };
  'csms.list': { params: Record<string, never>; result: CsmsInfo[] };
  /** Stations (connected, then those that left), their boot info, connectors, transactions. */
  'csms.state': { params: { csmsId: string }; result: CsmsState };
  /** Replaces the behaviour of a running CSMS (absent fields: defaults); applies to the next frame. */
  'csms.setConfig': { params: { csmsId: string; config: CsmsConfigInput }; result: CsmsInfo };
  /** Every CSMS-initiated action of the station's negotiated version, each with a valid template. */
  'csms.palette': { params: { csmsId: string; stationId: string }; result: CsmsPalette };
  /**
   * Sends a CALL to a connected station and waits for its answer (or an error, a timeout). A
   * payload that breaks the action's schema is refused (an `invalid` error naming the issues)
   * unless `force`; the id is fresh unless `messageId` pins it.
   */
  'csms.send': {
    params: {
      csmsId: string;
      stationId: string;
      action: string;
      payload: unknown;
      timeoutMs?: number;
      messageId?: string;
      force?: boolean;
    };
    result: CommandAnswer;
  };
}

export interface Events {
  'sessions.changed': { sessions: SessionInfo[] };
  /** A proxy started or stopped, or a charger connected or left. */
  'proxy.changed': { proxies: ProxyInfo[] };
  /**
   * A CSMS started or stopped, a station connected or left, or (at most every ~250 ms) a station's
   * state changed (its `stateVersion` moved: fetch `csms.state`).
   */
  'csms.changed': { servers: CsmsInfo[] };
  /** A serial bridge started or stopped, or its port or CSMS connection changed state. */
  'serial.changed': { bridges: SerialInfo[] };
  /** A frame was paused at a breakpoint of this proxy or released, or more wait behind one. */
  'proxy.paused': { proxyId: string; paused: PausedFrame[] };
  /** A replay moved on: its status, and the CALLs done since the last event (batched). */
  'replay.progress': { replay: ReplayStatus; steps: ReplayStep[] };
  /**
   * Batched (~50 ms): rows appended to an opened session in seq order, rows added before that
   * changed (an answer paired, a finding added), and the session's number of findings.
   */
  'timeline.appended': {
    sessionId: string;
    total: number;
    rows: TimelineRow[];
    updated: { index: number; row: TimelineRow }[];
    findings: number;
  };
}

export type MethodName = keyof Methods;
export type EventName = keyof Events;
export type ParamsOf<M extends MethodName> = Methods[M]['params'];
export type ResultOf<M extends MethodName> = Methods[M]['result'];

export const METHOD_NAMES: readonly MethodName[] = [
  'app.info',
  'sessions.list',
  'sessions.create',
  'sessions.open',
  'sessions.close',
  'sessions.rename',
  'sessions.delete',
  'sessions.import',
  'imports.begin',
  'imports.chunk',
  'imports.finish',
  'imports.cancel',
  'sessions.export',
  'report.render',
  'report.pdf',
  'timeline.rows',
  'timeline.filter',
  'timeline.locate',
  'timeline.entry',
  'analysis.rules',
  'analysis.summary',
  'analysis.findings',
  'analysis.setProfile',
  'proxy.start',
  'proxy.stop',
  'proxy.list',
  'proxy.inject',
  'proxy.setFaults',
  'proxy.setBreakpoints',
  'proxy.paused',
  'proxy.release',
  'send.frame',
  'send.template',
  'send.schema',
  'replay.start',
  'replay.stop',
  'replay.status',
  'replay.list',
  'serial.ports',
  'serial.start',
  'serial.stop',
  'serial.list',
  'csms.start',
  'csms.stop',
  'csms.list',
  'csms.state',
  'csms.setConfig',
  'csms.palette',
  'csms.send',
];

export const EVENT_NAMES: readonly EventName[] = [
  'sessions.changed',
  'timeline.appended',
  'proxy.changed',
  'csms.changed',
  'serial.changed',
  'proxy.paused',
  'replay.progress',
];

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && (METHOD_NAMES as readonly string[]).includes(value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}
