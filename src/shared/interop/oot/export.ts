/**
 * A capture as an Open OCPP Trace v1.1: one record per OCPP-J frame, `raw` always the text on the
 * wire. What v1.1 cannot express is left out and counted: connection events, console lines,
 * binary frames, frames that are no OCPP-J CALL/CALLRESULT/CALLERROR, and the 2.1 message types.
 * What only OCPP Scope needs to read its own export back (seq, connection, flags) goes in
 * `meta.ocppScope`, the one place the spec gives extensions.
 */
import type { CaptureHeader, Direction, Entry, FrameEntry } from '../../capture/entry';
import { isJsonObject } from '../../json-object';
import { parseFrame, type Frame } from '../../ocpp/frame';
import { parseOcppVersion, versionFromSubprotocol, type OcppVersion } from '../../ocpp/versions';
import { OotCorrelator } from './correlate';
import { formatTimestamp, type OotDirection, type OotMessageType } from './record';

export interface OotExport {
  /** One JSON record each, without the newline. */
  lines: string[];
  records: number;
  skipped: {
    connectionEvents: number;
    consoleLines: number;
    binaryFrames: number;
    malformedFrames: number;
    /** OCPP 2.1 SEND and CALLRESULTERROR, which v1.1 has no messageType for. */
    otherMessageTypes: number;
  };
}

export const OOT_SCHEMA_VERSION = '1.1';

const DIRECTION: Record<Direction, OotDirection> = {
  toCsms: 'cp-to-csms',
  toStation: 'csms-to-cp',
};

const MESSAGE_TYPE: Record<number, OotMessageType> = { 2: 'CALL', 3: 'CALLRESULT', 4: 'CALLERROR' };

/** The parts of a frame a record decomposes. */
type Decomposed =
  | { type: 2; id: string; action: string; payload: unknown }
  | { type: 3; id: string; payload: unknown }
  | { type: 4; id: string; code: string; description: string; details: unknown };

type Decoded =
  { ok: true; frame: Decomposed } | { ok: false; other: boolean; call?: string; answer?: string };

/**
 * The frame, when a record can carry it; otherwise what a malformed frame's readable id says, for
 * the correlation (the analysis pairs those too). Two problems our codec reports still leave a
 * well-formed OCPP-J array (an id over 36 characters, a key given twice): those frames are
 * exported, so the analysis of the trace finds the problem again.
 */
function decode(raw: string): Decoded {
  const parsed = parseFrame(raw);
  if (parsed.ok) return decomposed(parsed.frame);
  const { problem } = parsed;
  if (problem.kind === 'id-too-long' || problem.kind === 'duplicate-key') {
    // Rare: the array is checked again with a short id (JSON.parse has already kept one value of a
    // duplicated key), so that every other part is held to the codec's rules.
    const value = JSON.parse(raw) as unknown[];
    const again = parseFrame(JSON.stringify([value[0], 'id', ...value.slice(2)]));
    if (again.ok) return decomposed({ ...again.frame, id: value[1] as string });
  }
  if (problem.id === undefined) return { ok: false, other: false };
  if (problem.type === 2) return { ok: false, other: false, call: problem.id };
  if (problem.type === 3 || problem.type === 4) return { ok: false, other: false, answer: problem.id };
  return { ok: false, other: false };
}

function decomposed(frame: Frame): Decoded {
  switch (frame.type) {
    case 2:
    case 3:
      return { ok: true, frame };
    case 4: {
      const { id, errorCode: code, errorDescription: description, errorDetails: details } = frame;
      return { ok: true, frame: { type: 4, id, code, description, details } };
    }
    default:
      return { ok: false, other: true };
  }
}

/** OCPP Scope's own correlation: per connection, an answer pairs with its id's latest open CALL. */
class ConnectionCalls {
  private readonly open = new Map<string, number[]>();

  private static key(connectionId: string, direction: Direction, id: string): string {
    return `${connectionId}\u0000${direction}\u0000${id}`;
  }

  call(entry: FrameEntry, id: string): void {
    const key = ConnectionCalls.key(entry.connectionId, entry.direction, id);
    const stack = this.open.get(key);
    if (stack === undefined) this.open.set(key, [entry.seq]);
    else stack.push(entry.seq);
  }

  /** The seq of the CALL this answer answers. */
  answer(entry: FrameEntry, id: string): number | undefined {
    const callDirection = entry.direction === 'toCsms' ? 'toStation' : 'toCsms';
    const key = ConnectionCalls.key(entry.connectionId, callDirection, id);
    const stack = this.open.get(key);
    const seq = stack?.pop();
    if (stack !== undefined && stack.length === 0) this.open.delete(key);
    return seq;
  }
}

export function exportOot(header: CaptureHeader, entries: Iterable<Entry>): OotExport {
  const out: OotExport = {
    lines: [],
    records: 0,
    skipped: {
      connectionEvents: 0,
      consoleLines: 0,
      binaryFrames: 0,
      malformedFrames: 0,
      otherMessageTypes: 0,
    },
  };
  const headerVersion = header.ocppVersion !== undefined ? parseOcppVersion(header.ocppVersion) : undefined;
  const versions = new Map<string, OcppVersion>();
  const ours = new ConnectionCalls();
  const trace = new OotCorrelator();
  // Per emitted record: its entry's seq and, for a CALL, its action (to back-fill an answer's).
  const recordSeqs: number[] = [];
  const recordActions: (string | undefined)[] = [];

  for (const entry of entries) {
    if (entry.kind === 'connection') {
      const version = entry.event === 'opened' ? versionFromSubprotocol(entry.subprotocol) : undefined;
      if (version !== undefined) versions.set(entry.connectionId, version);
      out.skipped.connectionEvents++;
      continue;
    }
    if (entry.kind === 'console') {
      out.skipped.consoleLines++;
      continue;
    }
    if (entry.binary === true) {
      out.skipped.binaryFrames++;
      continue;
    }
    const decoded = decode(entry.raw);
    const timestamp = formatTimestamp(entry.ts);
    if (!decoded.ok || timestamp === undefined) {
      if (!decoded.ok && decoded.call !== undefined) ours.call(entry, decoded.call);
      if (!decoded.ok && decoded.answer !== undefined) ours.answer(entry, decoded.answer);
      if (!decoded.ok && decoded.other) out.skipped.otherMessageTypes++;
      else out.skipped.malformedFrames++;
      continue;
    }
    const frame = decoded.frame;
    const version = versions.get(entry.connectionId) ?? headerVersion;
    const messageType = MESSAGE_TYPE[frame.type]!;
    const direction = DIRECTION[entry.direction];
    const call = trace.add({ messageType, direction, messageId: frame.id });
    let action: string | undefined;
    let connectorId: number | undefined;
    if (frame.type === 2) {
      ours.call(entry, frame.id);
      action = frame.action;
      const payloadConnector = isJsonObject(frame.payload) ? frame.payload.connectorId : undefined;
      if (version === '1.6' && Number.isInteger(payloadConnector) && (payloadConnector as number) >= 0) {
        connectorId = payloadConnector as number;
      }
    } else {
      // The optional action of an answer is set only where every reader agrees on it: where the
      // spec's trace-wide rule pairs it with the CALL our per-connection correlation does.
      const answered = ours.answer(entry, frame.id);
      if (call !== undefined && answered !== undefined && recordSeqs[call] === answered) {
        action = recordActions[call];
      }
    }
    recordSeqs.push(entry.seq);
    recordActions.push(frame.type === 2 ? frame.action : undefined);

    const scope: Record<string, unknown> = { seq: entry.seq, connectionId: entry.connectionId };
    if (entry.flags !== undefined && entry.flags.length > 0) scope.flags = entry.flags;
    if (entry.inferred !== undefined && entry.inferred.length > 0) scope.inferred = entry.inferred;
    // In the field order of the spec's own fixtures, which reads best.
    const record: Record<string, unknown> = { schemaVersion: OOT_SCHEMA_VERSION, timestamp };
    if (version !== undefined) record.ocppVersion = version;
    record.transport = 'json';
    record.chargePointId = entry.stationId;
    if (connectorId !== undefined) record.connectorId = connectorId;
    record.direction = direction;
    record.messageType = messageType;
    record.messageId = frame.id;
    if (action !== undefined) record.action = action;
    if (frame.type === 4) {
      record.error = { code: frame.code, description: frame.description, details: frame.details };
    } else {
      record.payload = frame.payload;
    }
    record.raw = entry.raw;
    record.meta = { ocppScope: scope };
    out.lines.push(JSON.stringify(record));
    out.records++;
  }
  return out;
}
