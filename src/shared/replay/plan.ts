/**
 * What a replay will do, read from a recording: one connection, the CALLs of the replayed side in
 * order with their recorded spacing and answers, the answers that side gave to the other side's
 * CALLs (to give them again), and what the other side sent. Pure: the replay service runs it.
 */
import type { Direction, Entry, FrameEntry } from '../capture/entry';
import { parseFrame } from '../ocpp/frame';
import { parseOcppVersion, versionFromSubprotocol, type OcppVersion } from '../ocpp/versions';
import type { RecordedAnswer } from './diff';
import { stationTransactionId } from './rewrite';
import type { ReplaySide } from './types';

export interface PlannedCall {
  seq: number;
  id: string;
  action: string;
  payload: Record<string, unknown>;
  /** A 2.1 SEND (type 6): never answered. */
  send: boolean;
  /** Recorded time from the previous planned CALL (the first: from the connection's start), ms. */
  gapMs: number;
  /** The other side's CALLs, per action, recorded before this one (within the selection). */
  peerCallsBefore: Record<string, number>;
  recorded: RecordedAnswer;
}

/** An answer the replayed side gave to a CALL of the other side. */
export type RecordedReply =
  | { seq: number; outcome: 'result'; payload: Record<string, unknown> }
  | { seq: number; outcome: 'error'; code: string; description: string; details: Record<string, unknown> };

export interface ReplayPlan {
  side: ReplaySide;
  connectionId: string;
  stationId: string;
  /** The identity as it was in the URL (percent-encoded), to connect with the same one. */
  identitySegment: string;
  subprotocol: string;
  version: OcppVersion;
  calls: PlannedCall[];
  /** By action, in recorded order: the replayed side's answers to the other side's CALLs. */
  replies: Record<string, RecordedReply[]>;
  /** The other side's CALLs per action (within the selection). */
  peerCalls: Record<string, number>;
  /** 2.x as the CSMS: the transactionIds the station assigned, in order of first use. */
  peerTransactionIds: unknown[];
  warnings: string[];
}

export class ReplayPlanError extends Error {}

export interface PlanOptions {
  side: ReplaySide;
  seqs?: readonly number[];
  connectionId?: string;
  /** The capture header's version, for a connection that recorded no subprotocol. */
  headerVersion?: string;
}

const SIDE_DIRECTION: Record<ReplaySide, Direction> = { station: 'toCsms', csms: 'toStation' };
const SIDE_NAME: Record<ReplaySide, string> = { station: 'station', csms: 'CSMS' };

function lastSegment(url: string | undefined): string | undefined {
  const segments = (url ?? '')
    .split('?')[0]!
    .split('/')
    .filter((s) => s !== '');
  return segments[segments.length - 1];
}

function chooseConnection(entries: readonly Entry[], options: PlanOptions, warnings: string[]): string {
  const frames = entries.filter((e): e is FrameEntry => e.kind === 'frame');
  if (options.connectionId !== undefined) {
    if (!entries.some((e) => e.connectionId === options.connectionId)) {
      const known = [...new Set(entries.map((e) => e.connectionId))].join(', ');
      throw new ReplayPlanError(
        `the recording has no connection ${options.connectionId} (it has ${known || 'none'})`,
      );
    }
    return options.connectionId;
  }
  const label = (id: string) => `${id} (${entries.find((e) => e.connectionId === id)?.stationId ?? '?'})`;
  if (options.seqs !== undefined) {
    const chosen = new Set(options.seqs);
    const ids = [...new Set(frames.filter((f) => chosen.has(f.seq)).map((f) => f.connectionId))];
    if (ids.length > 1)
      throw new ReplayPlanError(
        `the selection spans connections ${ids.map(label).join(', ')}: replay one connection at a time`,
      );
    if (ids.length === 1) return ids[0]!;
    throw new ReplayPlanError('the selection has no frames to replay');
  }
  const ids = [...new Set(frames.map((f) => f.connectionId))];
  if (ids.length === 0) throw new ReplayPlanError('the recording has no frames to replay');
  const direction = SIDE_DIRECTION[options.side];
  const withCalls = ids.find((id) => frames.some((f) => f.connectionId === id && f.direction === direction));
  const chosen = withCalls ?? ids[0]!;
  if (ids.length > 1) {
    warnings.push(
      `the recording has ${ids.length} connections (${ids.map(label).join(', ')}); replaying ${label(chosen)}: choose another one with the connection option`,
    );
  }
  return chosen;
}

function versionOf(
  opened: Entry | undefined,
  headerVersion: string | undefined,
): { subprotocol: string; version: OcppVersion } {
  const subprotocol = opened?.kind === 'connection' ? opened.subprotocol : undefined;
  const negotiated = versionFromSubprotocol(subprotocol);
  if (subprotocol !== undefined && negotiated !== undefined) return { subprotocol, version: negotiated };
  const fromHeader = headerVersion === undefined ? undefined : parseOcppVersion(headerVersion);
  if (fromHeader !== undefined) return { subprotocol: `ocpp${fromHeader}`, version: fromHeader };
  throw new ReplayPlanError(
    'the recording does not say which OCPP version the connection spoke (no negotiated subprotocol, no version in the capture header)',
  );
}

function recordedAnswer(reply: RecordedReply | undefined): RecordedAnswer {
  if (reply === undefined) return { outcome: 'none' };
  return reply.outcome === 'result'
    ? { outcome: 'result', payload: reply.payload }
    : { outcome: 'error', code: reply.code, description: reply.description };
}

/** Reads the recording into a plan, or says in words why it cannot be replayed. */
export function planReplay(entries: readonly Entry[], options: PlanOptions): ReplayPlan {
  const warnings: string[] = [];
  const connectionId = chooseConnection(entries, options, warnings);
  const connection = entries.filter((e) => e.connectionId === connectionId);
  const opened = connection.find((e) => e.kind === 'connection' && e.event === 'opened');
  const stationId = connection[0]?.stationId ?? '';
  const { subprotocol, version } = versionOf(opened, options.headerVersion);
  const identitySegment =
    lastSegment(opened?.kind === 'connection' ? opened.url : undefined) ?? encodeURIComponent(stationId);
  const ours = SIDE_DIRECTION[options.side];
  const selected = options.seqs === undefined ? undefined : new Set(options.seqs);
  const inSelection = (e: Entry) => selected === undefined || selected.has(e.seq);

  // Every CALL of the connection, by direction and id, to find what answered it.
  const callsById: Record<Direction, Map<string, { action: string }>> = {
    toCsms: new Map(),
    toStation: new Map(),
  };
  const answers = new Map<string, RecordedReply>();
  const calls: PlannedCall[] = [];
  const replies: Record<string, RecordedReply[]> = {};
  const peerCalls: Record<string, number> = {};
  const peerTransactionIds: unknown[] = [];
  const seenTransactionIds = new Set<string>();
  let previousTs = opened?.ts ?? connection[0]?.ts ?? 0;
  let skipped = 0;
  let ourFrames = 0;
  const answerKey = (direction: Direction, id: string) => `${direction}\u0000${id}`;

  // Two passes: answers first (an answer comes after its CALL, but the plan needs it on the CALL).
  for (const entry of connection) {
    if (entry.kind !== 'frame' || entry.binary === true) continue;
    const parsed = parseFrame(entry.raw);
    if (!parsed.ok) continue;
    const frame = parsed.frame;
    if (frame.type === 2) callsById[entry.direction].set(frame.id, { action: frame.action });
    if (frame.type === 3 || frame.type === 4 || frame.type === 5) {
      const call = callsById[entry.direction === 'toCsms' ? 'toStation' : 'toCsms'].get(frame.id);
      if (call === undefined) continue;
      const key = answerKey(entry.direction, frame.id);
      if (answers.has(key)) continue;
      const reply: RecordedReply =
        frame.type === 3
          ? { seq: entry.seq, outcome: 'result', payload: frame.payload }
          : {
              seq: entry.seq,
              outcome: 'error',
              code: frame.errorCode,
              description: frame.errorDescription,
              details: frame.errorDetails,
            };
      answers.set(key, reply);
      if (entry.direction === ours) (replies[call.action] ??= []).push(reply);
    }
  }

  for (const entry of connection) {
    if (entry.kind !== 'frame' || !inSelection(entry)) continue;
    if (entry.direction === ours) ourFrames++;
    if (entry.binary === true) continue;
    const parsed = parseFrame(entry.raw);
    if (!parsed.ok) {
      if (entry.direction === ours) skipped++;
      continue;
    }
    const frame = parsed.frame;
    if (frame.type !== 2 && frame.type !== 6) continue;
    if (entry.direction !== ours) {
      peerCalls[frame.action] = (peerCalls[frame.action] ?? 0) + 1;
      const id = stationTransactionId(frame.action, frame.payload);
      if (id !== undefined && !seenTransactionIds.has(JSON.stringify(id))) {
        seenTransactionIds.add(JSON.stringify(id));
        peerTransactionIds.push(id);
      }
      continue;
    }
    const answer =
      frame.type === 2
        ? answers.get(answerKey(entry.direction === 'toCsms' ? 'toStation' : 'toCsms', frame.id))
        : undefined;
    calls.push({
      seq: entry.seq,
      id: frame.id,
      action: frame.action,
      payload: frame.payload,
      send: frame.type === 6,
      // A selection starts at once; a whole connection keeps the wait after it opened.
      gapMs: calls.length === 0 && selected !== undefined ? 0 : Math.max(0, entry.ts - previousTs),
      peerCallsBefore: { ...peerCalls },
      recorded: recordedAnswer(answer),
    });
    previousTs = entry.ts;
  }
  if (skipped > 0)
    warnings.push(
      `${skipped} frame(s) of the ${SIDE_NAME[options.side]} are not valid OCPP-J and are not replayed`,
    );
  if (ourFrames === 0) {
    throw new ReplayPlanError(
      `the ${options.seqs === undefined ? 'recorded connection' : 'selection'} has no frames sent by the ${SIDE_NAME[options.side]}: nothing to replay as the ${SIDE_NAME[options.side]}`,
    );
  }
  if (calls.length === 0 && options.side === 'station') {
    throw new ReplayPlanError(
      `the ${options.seqs === undefined ? 'recorded connection' : 'selection'} has no CALLs sent by the station: nothing to replay as the station`,
    );
  }
  return {
    side: options.side,
    connectionId,
    stationId,
    identitySegment,
    subprotocol,
    version,
    calls,
    replies,
    peerCalls,
    peerTransactionIds,
    warnings,
  };
}
