/**
 * The analysis pipeline (architecture guide, "Analysis"): parse -> correlate -> validate -> rules
 * -> findings, one entry at a time, in seq order. Pure and deterministic: time is the entries'
 * `ts`, never the clock, so a live session, an opened file and `ocpp-scope check` agree.
 */
import type { ConnectionEntry, Entry, FrameEntry } from '../capture/entry';
import { Correlator, opposite, type AnswerCorrelation, type OutstandingCall } from '../ocpp/correlation';
import { parseFrame, type Frame, type ParseResult } from '../ocpp/frame';
import {
  ERROR_CODE_SPELLINGS,
  ERROR_CODES,
  versionFromSubprotocol,
  versionHasMessageType,
  type OcppVersion,
} from '../ocpp/versions';
import type { SchemaRegistry } from '../validation/registry';
import { CHECKERS, RULES_BY_ID } from './catalog';
import type { Checker, CheckerContext, FrameEvent } from './checker';
import { detectVersion } from './detect-version';
import type { Finding, FindingInput, Profile, Severity } from './finding';
import { seconds, who } from './rules/rpc';
import { validatePayload } from './rules/schema';

const DEFAULT_CALL_TIMEOUT_MS = 30_000;
/** A connection whose version is still unknown after this many frames is analysed without one. */
const DETECTION_WINDOW = 200;

export interface AnalyzerOptions {
  /** Without it, payloads are not validated and versions cannot be detected. */
  registry?: SchemaRegistry;
  profile?: Profile;
  /** The version of connections that negotiated no OCPP subprotocol, and where it was said. */
  version?: OcppVersion;
  versionSource?: 'option' | 'header';
  callTimeoutMs?: number;
}

export interface ConnectionVersion {
  connectionId: string;
  stationId: string;
  version?: OcppVersion;
  source: 'subprotocol' | 'option' | 'header' | 'detected' | 'unknown';
  /** For a detected version: what told it. */
  reason?: string;
}

export interface EntryAnalysis {
  /** Frames: the parse (absent for binary frames). */
  parsed?: ParseResult;
  /** Answers: the CALL answered. */
  call?: OutstandingCall;
  latencyMs?: number;
  /** Every finding reported while adding the entry (some may be about earlier entries). */
  findings: Finding[];
}

interface Pending {
  entry: FrameEntry;
  frame: Frame;
  call?: OutstandingCall;
}

interface ConnectionState {
  info: ConnectionVersion;
  /** Frames held while the version is being detected. */
  pending?: Pending[];
}

export class Analyzer {
  private readonly correlator = new Correlator();
  private readonly connections = new Map<string, ConnectionState>();
  private readonly checkers: Checker[];
  private readonly all: Finding[] = [];
  private current: Finding[] = [];
  private readonly profile: Profile;
  private readonly timeout: number;
  private finished = false;

  constructor(private readonly options: AnalyzerOptions = {}) {
    this.profile = options.profile ?? 'strict';
    this.timeout = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    const context: CheckerContext = { report: this.report, profile: this.profile };
    this.checkers = CHECKERS.map((create) => create(context));
  }

  /** Every finding so far, in the order reported. */
  get findings(): readonly Finding[] {
    return this.all;
  }

  /** The version each connection is analysed with, and where it came from. */
  versions(): ConnectionVersion[] {
    return [...this.connections.values()].map((c) => c.info);
  }

  private readonly report = (rule: string, input: FindingInput, severity?: Severity): void => {
    const definition = RULES_BY_ID.get(rule);
    if (definition === undefined) throw new Error(`no rule ${rule} in the catalog`);
    const version = this.connections.get(input.connectionId)?.info.version;
    const resolved =
      (this.profile === 'lenient' ? definition.lenientSeverity : undefined) ??
      severity ??
      (version !== undefined ? definition.severityByVersion?.[version] : undefined) ??
      definition.severity;
    const finding: Finding = { rule, severity: resolved, ...input };
    this.all.push(finding);
    this.current.push(finding);
  };

  private collect(): Finding[] {
    const findings = this.current;
    this.current = [];
    return findings;
  }

  add(entry: Entry): EntryAnalysis {
    // Every entry is a reading of the same clock, a console line too: CALLs time out as it passes.
    this.expire(entry.ts);
    const analysis: EntryAnalysis = { findings: [] };
    if (entry.kind === 'connection') this.connectionEvent(entry);
    else if (entry.kind === 'frame') this.frame(entry, analysis);
    // A console line (firmware logs between the frames on a serial line) is no OCPP message: it is
    // neither parsed nor correlated, and does not count towards version detection or any rule.
    analysis.findings = this.collect();
    return analysis;
  }

  /** Time has passed with no entry (a live session): CALLs older than the timeout are reported. */
  advance(ts: number): Finding[] {
    this.expire(ts);
    return this.collect();
  }

  /** The capture ends: unanswered CALLs, connections of unknown version, open transactions. */
  finish(): Finding[] {
    if (this.finished) return [];
    this.finished = true;
    for (const state of this.connections.values()) this.settle(state);
    for (const call of this.correlator.outstanding()) {
      this.report(
        'rpc.unanswered-call',
        this.callFinding(call, `The capture ends with the ${describeCall(call)} still unanswered.`),
        'warning',
      );
    }
    for (const checker of this.checkers) checker.finish?.();
    return this.collect();
  }

  private expire(now: number): void {
    for (const call of this.correlator.expire(now - this.timeout)) {
      this.report(
        'rpc.unanswered-call',
        this.callFinding(call, `The ${describeCall(call)} got no answer within ${seconds(this.timeout)}.`),
      );
    }
  }

  private callFinding(call: OutstandingCall, message: string): FindingInput {
    return {
      stationId: call.stationId,
      connectionId: call.connectionId,
      messageIds: [call.id],
      seqs: [call.seq],
      message,
    };
  }

  private state(entry: Entry): ConnectionState {
    let state = this.connections.get(entry.connectionId);
    if (state === undefined) {
      state = { info: { connectionId: entry.connectionId, stationId: entry.stationId, source: 'unknown' } };
      this.useFallbackVersion(state);
      this.connections.set(entry.connectionId, state);
    }
    return state;
  }

  private useFallbackVersion(state: ConnectionState): void {
    if (this.options.version !== undefined) {
      state.info.version = this.options.version;
      state.info.source = this.options.versionSource ?? 'option';
    } else if (this.options.registry !== undefined) {
      state.pending = [];
    }
  }

  private connectionEvent(entry: ConnectionEntry): void {
    if (entry.event === 'opened') {
      const state: ConnectionState = {
        info: { connectionId: entry.connectionId, stationId: entry.stationId, source: 'unknown' },
      };
      const version = versionFromSubprotocol(entry.subprotocol);
      if (version !== undefined) {
        state.info.version = version;
        state.info.source = 'subprotocol';
      } else {
        this.useFallbackVersion(state);
      }
      this.connections.set(entry.connectionId, state);
    } else if (entry.event === 'closed') {
      const state = this.connections.get(entry.connectionId);
      if (state !== undefined) this.settle(state);
      for (const call of this.correlator.closeConnection(entry.connectionId)) {
        this.report(
          'rpc.unanswered-call',
          this.callFinding(
            call,
            `The connection closed ${seconds(entry.ts - call.ts)} after the ${describeCall(call)}, which got no answer.`,
          ),
        );
      }
    }
    for (const checker of this.checkers) checker.connection?.(entry);
  }

  private frame(entry: FrameEntry, analysis: EntryAnalysis): void {
    const state = this.state(entry);
    const base = { stationId: entry.stationId, connectionId: entry.connectionId };
    if (entry.binary) {
      this.report('frame.binary', {
        ...base,
        messageIds: [],
        seqs: [entry.seq],
        message: 'A binary WebSocket frame: OCPP-J messages are text frames.',
      });
      return;
    }
    const parsed = parseFrame(entry.raw);
    analysis.parsed = parsed;
    if (!parsed.ok) {
      const { problem } = parsed;
      const ids = problem.id !== undefined ? [problem.id] : [];
      this.report(`frame.${problem.kind}`, {
        ...base,
        messageIds: ids,
        seqs: [entry.seq],
        message: problem.message,
      });
      // A malformed CALL whose id is readable still gets an answer (a CALLERROR, typically), and a
      // malformed answer whose id is readable still answers its CALL: neither is left hanging.
      if (problem.id === undefined) return;
      if (problem.type === 2) {
        this.correlator.call({
          ...base,
          seq: entry.seq,
          ts: entry.ts,
          id: problem.id,
          action: problem.action ?? '',
          direction: entry.direction,
        });
      } else if (problem.type === 3 || problem.type === 4) {
        const answer = this.correlator.answer(entry.connectionId, entry.direction, problem.id, entry.ts);
        if (answer.call !== undefined) {
          analysis.call = answer.call;
          analysis.latencyMs = answer.latencyMs;
        } else {
          this.orphan(entry, problem.type, problem.id, answer.orphan);
        }
      }
      return;
    }
    const frame = parsed.frame;
    let call: OutstandingCall | undefined;
    if (frame.type === 2) {
      const correlation = this.correlator.call({
        ...base,
        seq: entry.seq,
        ts: entry.ts,
        id: frame.id,
        action: frame.action,
        direction: entry.direction,
        payload: frame.payload,
      });
      if (correlation.reusedId !== undefined) {
        const other = correlation.reusedId;
        this.report('rpc.id-reused', {
          ...base,
          messageIds: [frame.id, other.id],
          seqs: [entry.seq, other.seq],
          message: `${capitalise(who(entry.direction))} sent ${frame.action} with id ${JSON.stringify(frame.id)} while its ${describeCall(other)} (seq ${other.seq}) is still unanswered: the answer cannot be matched.`,
        });
      } else if (correlation.concurrent !== undefined) {
        const other = correlation.concurrent;
        this.report('rpc.concurrent-call', {
          ...base,
          messageIds: [frame.id, other.id],
          seqs: [entry.seq, other.seq],
          message: `${capitalise(who(entry.direction))} sent ${frame.action} (id ${JSON.stringify(frame.id)}) while its ${describeCall(other)} (seq ${other.seq}) is still unanswered.`,
        });
      }
    } else if (frame.type === 3 || frame.type === 4) {
      const answer = this.correlator.answer(entry.connectionId, entry.direction, frame.id, entry.ts);
      call = answer.call;
      if (call !== undefined) {
        analysis.call = call;
        analysis.latencyMs = answer.latencyMs;
      } else {
        this.orphan(entry, frame.type, frame.id, answer.orphan);
      }
    }
    this.versioned(state, { entry, frame, call });
  }

  /** An answer (well formed or not) whose id matches no outstanding CALL. */
  private orphan(entry: FrameEntry, type: 3 | 4, id: string, orphan: AnswerCorrelation['orphan']): void {
    const kind = type === 3 ? 'CALLRESULT' : 'CALLERROR';
    const never = orphan === 'never-sent';
    this.report(never ? 'rpc.answer-unknown-id' : 'rpc.answer-without-call', {
      stationId: entry.stationId,
      connectionId: entry.connectionId,
      messageIds: [id],
      seqs: [entry.seq],
      message: never
        ? `A ${kind} from ${who(entry.direction)} for id ${JSON.stringify(id)}, but ${who(opposite(entry.direction))} never sent a CALL with that id on this connection.`
        : `A ${kind} from ${who(entry.direction)} for id ${JSON.stringify(id)}, whose CALL was already answered.`,
    });
  }

  /** The version-dependent steps, held back while the connection's version is being detected. */
  private versioned(state: ConnectionState, item: Pending): void {
    if (state.pending !== undefined) {
      const detection = this.options.registry && detectVersion(this.options.registry, item.frame);
      if (detection === undefined) {
        state.pending.push(item);
        if (state.pending.length >= DETECTION_WINDOW) this.settle(state);
        return;
      }
      state.info.version = detection.version;
      state.info.source = 'detected';
      state.info.reason = detection.reason;
      const pending = state.pending;
      delete state.pending;
      for (const held of pending) this.check(state.info.version, held);
    }
    if (state.info.version !== undefined) this.check(state.info.version, item);
  }

  /** Detection ran out of frames: say so once, and drop what was held. */
  private settle(state: ConnectionState): void {
    if (state.pending === undefined) return;
    const first = state.pending[0];
    delete state.pending;
    if (first === undefined) return;
    this.report('schema.version-unknown', {
      stationId: state.info.stationId,
      connectionId: state.info.connectionId,
      messageIds: [],
      seqs: [first.entry.seq],
      message: `No OCPP version for connection ${state.info.connectionId} of ${state.info.stationId}: no subprotocol was negotiated and the messages did not tell one. Payloads were not validated; give the version (--ocpp-version).`,
    });
  }

  private check(version: OcppVersion, { entry, frame, call }: Pending): void {
    const base = { stationId: entry.stationId, connectionId: entry.connectionId };
    if (!versionHasMessageType(version, frame.type)) {
      this.report('rpc.message-type-version', {
        ...base,
        messageIds: [frame.id],
        seqs: [entry.seq],
        message: `A message of type ${frame.type} (${frame.type === 5 ? 'CALLRESULTERROR' : 'SEND'}) on an OCPP ${version} connection: it exists only from 2.1 on.`,
      });
    }
    if (frame.type === 4 || frame.type === 5) this.checkErrorCode(version, entry, frame.id, frame.errorCode);
    let valid = true;
    if (this.options.registry !== undefined) {
      valid = validatePayload(
        this.options.registry,
        version,
        entry,
        frame,
        call?.action || undefined,
        this.report,
      );
    }
    const event: FrameEvent = { entry, frame, version, valid };
    if (call !== undefined) event.call = call;
    for (const checker of this.checkers) checker.frame(event);
  }

  private checkErrorCode(version: OcppVersion, entry: FrameEntry, id: string, code: string): void {
    const codes = ERROR_CODES[version];
    if (codes.includes(code)) return;
    const base = {
      stationId: entry.stationId,
      connectionId: entry.connectionId,
      messageIds: [id],
      seqs: [entry.seq],
      location: { seq: entry.seq, path: [2] },
    };
    const other = ERROR_CODE_SPELLINGS[code];
    if (other !== undefined && codes.includes(other)) {
      this.report('rpc.error-code-spelling', {
        ...base,
        message: `Error code ${code} is the spelling of another OCPP version; OCPP ${version} says ${other}.`,
      });
    } else {
      this.report('rpc.unknown-error-code', {
        ...base,
        message: `Error code ${JSON.stringify(code)} is not an OCPP ${version} error code (${codes.join(', ')}).`,
      });
    }
  }
}

function describeCall(call: OutstandingCall): string {
  return `CALL ${call.action || '(unreadable action)'} (id ${JSON.stringify(call.id)}) from ${who(call.direction)}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
