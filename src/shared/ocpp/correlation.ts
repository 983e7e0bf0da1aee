/**
 * Correlation of answers to CALLs. A CALLRESULT/CALLERROR carries no action: it answers the CALL
 * with the same message id sent in the opposite direction on the same connection (OCPP-J RPC
 * framework). Like the Open OCPP Trace rule, an answer pairs with the most recent such CALL that is
 * still unanswered; anything else is an orphan.
 *
 * The correlator also keeps what the RPC rules need: which ids each side ever sent, the CALLs
 * still outstanding per direction, and those outstanding for too long.
 */
import type { Direction } from '../capture/entry';
import type { Payload } from './frame';

export interface OutstandingCall {
  seq: number;
  ts: number;
  id: string;
  /** '' when the CALL was malformed and its action unreadable. */
  action: string;
  connectionId: string;
  stationId: string;
  direction: Direction;
  /** The CALL's payload, when it parsed (rules read the request when the answer comes). */
  payload?: Payload;
}

export interface CallCorrelation {
  /** A CALL with the same id, same direction, still unanswered. */
  reusedId?: OutstandingCall;
  /** Another CALL in the same direction still unanswered (the one-at-a-time rule). */
  concurrent?: OutstandingCall;
}

export interface AnswerCorrelation {
  call?: OutstandingCall;
  latencyMs?: number;
  /** Why nothing was answered: the id was never sent as a CALL, or its CALL was answered before. */
  orphan?: 'never-sent' | 'answered-before';
}

export function opposite(direction: Direction): Direction {
  return direction === 'toCsms' ? 'toStation' : 'toCsms';
}

interface Tracked extends OutstandingCall {
  done: boolean;
}

interface ConnectionCalls {
  /** direction the CALL travelled -> id -> outstanding CALLs with it (latest last). */
  open: Record<Direction, Map<string, Tracked[]>>;
  /** How many are outstanding per direction. */
  count: Record<Direction, number>;
  /** Every id each side ever sent as a CALL. */
  sent: Record<Direction, Set<string>>;
}

/** Tracks the CALLs of every connection of a session; feed it frames in seq order. */
export class Correlator {
  private readonly connections = new Map<string, ConnectionCalls>();
  // In arrival order, for the timeout: the head is the oldest CALL not yet answered or expired.
  private queue: Tracked[] = [];
  private head = 0;

  private of(connectionId: string): ConnectionCalls {
    let calls = this.connections.get(connectionId);
    if (calls === undefined) {
      calls = {
        open: { toCsms: new Map(), toStation: new Map() },
        count: { toCsms: 0, toStation: 0 },
        sent: { toCsms: new Set(), toStation: new Set() },
      };
      this.connections.set(connectionId, calls);
    }
    return calls;
  }

  /** A CALL now waiting for its answer (also a malformed one whose id could be read). */
  call(call: OutstandingCall): CallCorrelation {
    const calls = this.of(call.connectionId);
    const direction = call.direction;
    const result: CallCorrelation = {};
    // A CALL that timed out no longer counts: its sender has given up on it and may move on.
    const same = calls.open[direction].get(call.id);
    const reused = same?.findLast((c) => !c.done);
    if (reused !== undefined) result.reusedId = strip(reused);
    else if (calls.count[direction] > 0) result.concurrent = this.latest(calls.open[direction]);
    const tracked: Tracked = { ...call, done: false };
    if (same === undefined) calls.open[direction].set(call.id, [tracked]);
    else same.push(tracked);
    calls.count[direction]++;
    calls.sent[direction].add(call.id);
    this.queue.push(tracked);
    return result;
  }

  private latest(open: Map<string, Tracked[]>): OutstandingCall | undefined {
    let latest: Tracked | undefined;
    for (const list of open.values()) {
      for (const call of list)
        if (!call.done && (latest === undefined || call.seq > latest.seq)) latest = call;
    }
    return latest && strip(latest);
  }

  /** An answer (also a broken one whose id could be read) closes its CALL. */
  answer(connectionId: string, direction: Direction, id: string, ts: number): AnswerCorrelation {
    const calls = this.of(connectionId);
    const callDirection = opposite(direction);
    const open = calls.open[callDirection];
    const list = open.get(id);
    const call = list?.pop();
    if (list !== undefined && list.length === 0) open.delete(id);
    if (call === undefined) {
      return { orphan: calls.sent[callDirection].has(id) ? 'answered-before' : 'never-sent' };
    }
    if (!call.done) calls.count[callDirection]--;
    call.done = true;
    return { call: strip(call), latencyMs: ts - call.ts };
  }

  /**
   * The CALLs sent at or before `cutoff` that are still unanswered and were not returned before:
   * each is returned once (they stay open, so a late answer still pairs).
   */
  expire(cutoff: number): OutstandingCall[] {
    const expired: OutstandingCall[] = [];
    while (this.head < this.queue.length) {
      const call = this.queue[this.head]!;
      if (!call.done) {
        if (call.ts > cutoff) break;
        expired.push(strip(call));
        call.done = true;
        this.of(call.connectionId).count[call.direction]--;
      }
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return expired;
  }

  /** The connection is gone: its unanswered CALLs never will be; returns those not expired yet. */
  closeConnection(connectionId: string): OutstandingCall[] {
    const calls = this.connections.get(connectionId);
    if (calls === undefined) return [];
    const left: Tracked[] = [];
    for (const direction of ['toCsms', 'toStation'] as const) {
      for (const list of calls.open[direction].values()) for (const call of list) left.push(call);
      calls.open[direction].clear();
      calls.count[direction] = 0;
    }
    const pending = left.filter((call) => !call.done).sort((a, b) => a.seq - b.seq);
    for (const call of pending) call.done = true;
    return pending.map(strip);
  }

  /** Every CALL still unanswered and not yet expired, in seq order (the end of a capture). */
  outstanding(): OutstandingCall[] {
    const pending = this.queue.slice(this.head).filter((call) => !call.done);
    for (const call of pending) {
      call.done = true;
      this.of(call.connectionId).count[call.direction]--;
    }
    return pending.map(strip);
  }
}

function strip(call: Tracked): OutstandingCall {
  const { done: _done, ...rest } = call;
  return rest;
}
