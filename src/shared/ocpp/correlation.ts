/**
 * Correlation of answers to CALLs. A CALLRESULT/CALLERROR carries no action: it answers the CALL
 * with the same message id sent in the opposite direction on the same connection (OCPP-J RPC
 * framework). Like the Open OCPP Trace rule, an answer pairs with the most recent such CALL that is
 * still unanswered; anything else is an orphan.
 */
import type { Direction } from '../capture/entry';
import type { Frame } from './frame';

export interface OutstandingCall {
  seq: number;
  ts: number;
  action: string;
}

export interface Correlation {
  /** For a CALL: nothing yet. For an answer: the CALL it answers, if any. */
  call?: OutstandingCall;
  latencyMs?: number;
}

function opposite(direction: Direction): Direction {
  return direction === 'toCsms' ? 'toStation' : 'toCsms';
}

/** Tracks the outstanding CALLs of every connection of a session; feed it frames in seq order. */
export class Correlator {
  // connectionId -> direction the CALL travelled -> message id -> outstanding CALL (latest last).
  private readonly open = new Map<string, Record<Direction, Map<string, OutstandingCall[]>>>();

  private calls(connectionId: string, direction: Direction): Map<string, OutstandingCall[]> {
    let byDirection = this.open.get(connectionId);
    if (byDirection === undefined) {
      byDirection = { toCsms: new Map(), toStation: new Map() };
      this.open.set(connectionId, byDirection);
    }
    return byDirection[direction];
  }

  /**
   * Records a frame; for an answer, returns the CALL it answers (and forgets it). SEND (2.1) is
   * never answered, and a CALLRESULTERROR (2.1) answers no CALL: it is the CALL's sender rejecting
   * the CALLRESULT it got, so it travels in the CALL's own direction.
   */
  add(connectionId: string, direction: Direction, seq: number, ts: number, frame: Frame): Correlation {
    if (frame.type === 2) {
      this.openCall(connectionId, direction, frame.id, { seq, ts, action: frame.action });
      return {};
    }
    if (frame.type === 3 || frame.type === 4) return this.answer(connectionId, direction, frame.id, ts);
    return {};
  }

  /** A CALL now waiting for its answer (also a malformed one whose id could be read). */
  openCall(connectionId: string, direction: Direction, id: string, call: OutstandingCall): void {
    const calls = this.calls(connectionId, direction);
    const list = calls.get(id);
    if (list === undefined) calls.set(id, [call]);
    else list.push(call);
  }

  /** An answer whose frame is broken but whose id could be read still closes its CALL. */
  answer(connectionId: string, direction: Direction, id: string, ts: number): Correlation {
    const calls = this.calls(connectionId, opposite(direction));
    const list = calls.get(id);
    const call = list?.pop();
    if (list !== undefined && list.length === 0) calls.delete(id);
    if (call === undefined) return {};
    return { call, latencyMs: ts - call.ts };
  }
}
