/**
 * The breakpoints of one proxied connection: per direction at most one frame paused, the frames
 * that arrived after it waiting behind it in order (src/shared/proxy/intercept.ts says why), and
 * what becomes of each: forwarded as it is, forwarded as edited, dropped, forwarded by itself
 * when its auto-forward timeout runs out, or recorded as never forwarded when the connection ends.
 */
import type { Direction, Entry, FrameFlag, NewEntry } from '../../../shared/capture/entry';
import {
  matchBreakpoint,
  type BreakpointRule,
  type PausedFrame,
  type ReleaseDecision,
} from '../../../shared/proxy/intercept';

export type FrameNewEntry = Extract<NewEntry, { kind: 'frame' }>;

/** A frame as it arrived, before anything was done with it. */
export interface Arrival {
  frame: FrameNewEntry;
  data: Buffer;
  isBinary: boolean;
  messageType?: number;
  messageId?: string;
  action?: string;
}

export interface ForwardNote {
  flags?: FrameFlag[];
  faults?: string[];
  original?: string;
}

/** What the connection lends its breakpoints. */
export interface BreakpointHost {
  readonly connectionId: string;
  readonly stationId: string;
  readonly subprotocol: string;
  readonly intercept: { rules: readonly BreakpointRule[]; timeoutMs: number };
  nextPauseId(): string;
  onPausedChange(): void;
  append(entry: NewEntry): Entry;
  /** Applies the fault rules, captures and sends; returns the frame's entry. */
  forward(direction: Direction, arrival: Arrival, note: ForwardNote): Entry;
  /** The arrival as edited: its id and action read again (for the fault rules and answers). */
  reread(direction: Direction, arrival: Arrival, raw: string): Arrival;
  readonly closed: boolean;
}

interface Held {
  arrival: Arrival;
  info: PausedFrame;
  timer: ReturnType<typeof setTimeout>;
}

interface Gate {
  paused?: Held;
  waiting: Arrival[];
}

export type ReleaseCause = 'engineer' | 'timeout' | 'breakpoints off';

const AFTER: Record<ReleaseCause, string> = {
  engineer: 'forwarded unchanged by the engineer',
  timeout: 'forwarded unchanged when its auto-forward timeout ran out',
  'breakpoints off': 'forwarded unchanged when the breakpoints were turned off',
};

export class Breakpoints {
  private readonly gates: Record<Direction, Gate> = {
    toCsms: { waiting: [] },
    toStation: { waiting: [] },
  };

  constructor(private readonly host: BreakpointHost) {}

  /**
   * Takes the frame in when it must wait (a frame before it is held) or pause (a breakpoint
   * matches); false when it may go on at once.
   */
  admit(direction: Direction, arrival: Arrival): boolean {
    const gate = this.gates[direction];
    if (gate.paused !== undefined || gate.waiting.length > 0) {
      gate.waiting.push(arrival);
      this.host.onPausedChange();
      return true;
    }
    return this.pauseIfMatched(direction, arrival);
  }

  private pauseIfMatched(direction: Direction, arrival: Arrival): boolean {
    const { rules, timeoutMs } = this.host.intercept;
    // Bytes cannot be shown or edited as text: binary frames are never paused.
    if (arrival.frame.binary === true || rules.length === 0) return false;
    const rule = matchBreakpoint(rules, {
      stationId: this.host.stationId,
      direction,
      action: arrival.action,
    });
    if (rule === undefined) return false;
    const now = Date.now();
    const info: PausedFrame = {
      pauseId: this.host.nextPauseId(),
      connectionId: this.host.connectionId,
      stationId: this.host.stationId,
      direction,
      raw: arrival.frame.raw,
      subprotocol: this.host.subprotocol,
      rule: rule.name,
      pausedAt: now,
      forwardAt: now + timeoutMs,
      waiting: 0,
    };
    if (arrival.messageType !== undefined) info.messageType = arrival.messageType;
    if (arrival.messageId !== undefined) info.messageId = arrival.messageId;
    if (arrival.action !== undefined) info.action = arrival.action;
    const timer = setTimeout(() => this.release(info.pauseId, { kind: 'forward' }, 'timeout'), timeoutMs);
    this.gates[direction].paused = { arrival, info, timer };
    this.host.onPausedChange();
    return true;
  }

  /** The frames paused on this connection (at most one per direction). */
  paused(): PausedFrame[] {
    const out: PausedFrame[] = [];
    for (const gate of Object.values(this.gates)) {
      if (gate.paused !== undefined) out.push({ ...gate.paused.info, waiting: gate.waiting.length });
    }
    return out;
  }

  /**
   * Forwards a paused frame (as it is, or as edited) or drops it, then lets the frames behind it
   * go in order. Returns the seq of its entry, or undefined when no such frame is paused here.
   */
  release(pauseId: string, decision: ReleaseDecision, cause: ReleaseCause = 'engineer'): number | undefined {
    const direction = (['toCsms', 'toStation'] as const).find(
      (d) => this.gates[d].paused?.info.pauseId === pauseId,
    );
    if (direction === undefined) return undefined;
    const gate = this.gates[direction];
    const { arrival, info, timer } = gate.paused!;
    clearTimeout(timer);
    gate.paused = undefined;
    const seconds = ((Date.now() - info.pausedAt) / 1000).toFixed(1);
    const what = `paused at breakpoint ${JSON.stringify(info.rule)} for ${seconds} s`;
    let entry: Entry;
    if (decision.kind === 'drop') {
      entry = this.host.append({
        ...arrival.frame,
        flags: ['dropped'],
        faults: [...(arrival.frame.faults ?? []), `${what}; dropped by the engineer`],
      });
    } else if (decision.raw !== undefined && decision.raw !== arrival.frame.raw) {
      entry = this.host.forward(direction, this.host.reread(direction, arrival, decision.raw), {
        flags: ['modified'],
        faults: [`${what}; edited by the engineer and forwarded`],
        original: arrival.frame.raw,
      });
    } else {
      entry = this.host.forward(direction, arrival, {
        flags: ['delayed'],
        faults: [`${what}; ${AFTER[cause]}`],
      });
    }
    while (!this.host.closed && gate.paused === undefined) {
      const next = gate.waiting.shift();
      if (next === undefined) break;
      if (!this.pauseIfMatched(direction, next)) this.host.forward(direction, next, {});
    }
    this.host.onPausedChange();
    return entry.seq;
  }

  /** Forwards every paused frame as it is (the breakpoints were turned off). */
  releaseAll(cause: ReleaseCause): void {
    for (const frame of this.paused()) this.release(frame.pauseId, { kind: 'forward' }, cause);
  }

  /** The connection ended: whatever is held is recorded as never forwarded. */
  clear(): void {
    let any = false;
    for (const gate of Object.values(this.gates)) {
      const left: { arrival: Arrival; why: string }[] = [];
      if (gate.paused !== undefined) {
        clearTimeout(gate.paused.timer);
        left.push({
          arrival: gate.paused.arrival,
          why: `paused at breakpoint ${JSON.stringify(gate.paused.info.rule)} when the connection closed: never forwarded`,
        });
        gate.paused = undefined;
      }
      for (const arrival of gate.waiting.splice(0))
        left.push({
          arrival,
          why: 'waiting behind a paused frame when the connection closed: never forwarded',
        });
      for (const { arrival, why } of left) {
        any = true;
        this.host.append({
          ...arrival.frame,
          flags: ['dropped'],
          faults: [...(arrival.frame.faults ?? []), why],
        });
      }
    }
    if (any) this.host.onPausedChange();
  }
}
