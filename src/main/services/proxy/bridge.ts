/**
 * One proxied connection: a charger's WebSocket and the CSMS's, joined. Every frame is captured as
 * it is forwarded, with the same bytes and the same text/binary kind, in order; pings and pongs go
 * end to end; a close on one side is mirrored on the other. Injected frames, fault rules and the
 * engineer's decisions at breakpoints are the only things that change the conversation, and each
 * is flagged on its entry.
 */
import { isUtf8 } from 'node:buffer';
import WebSocket from 'ws';
import type { Direction, Entry, FrameFlag, NewEntry } from '../../../shared/capture/entry';
import type { ProxiedConnection } from '../../../shared/proxy/config';
import {
  combineFaults,
  describeFault,
  matchFaults,
  needsAction,
  type FaultRule,
} from '../../../shared/proxy/faults';
import {
  hasActiveBreakpoints,
  type BreakpointRule,
  type PausedFrame,
  type ReleaseDecision,
} from '../../../shared/proxy/intercept';
import { RpcError } from '../../../shared/rpc/errors';
import {
  Breakpoints,
  type Arrival,
  type BreakpointHost,
  type ForwardNote,
  type FrameNewEntry,
  type ReleaseCause,
} from './breakpoints';
import { CallActions, readHead } from './call-actions';
import {
  injectedAnswerNote,
  injectedCall,
  InjectedCalls,
  type InjectOptions,
  type Injected,
} from '../injections';
import { OrderedSender } from './ordered-sender';

export interface CaptureSink {
  /** Records an entry (the sink stamps seq and, unless given, ts). */
  append(entry: NewEntry): Entry;
}

export interface BridgeContext {
  sink: CaptureSink;
  /** The live rule list and how often each rule has fired (shared by all connections). */
  faults: { rules: readonly FaultRule[]; counts: number[] };
  /** The live breakpoints and auto-forward timeout (shared by all connections). */
  intercept: { rules: readonly BreakpointRule[]; timeoutMs: number };
  /** A pause id unique in the proxy. */
  nextPauseId(): string;
  /** A frame was paused or released, or one more waits behind a paused one. */
  onPausedChange(): void;
  onClosed(bridge: Bridge): void;
}

type Side = 'station' | 'csms';

// RFC 6455 section 7.4: codes an endpoint may send in a close frame.
function sendable(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

export class Bridge implements BreakpointHost {
  private readonly base: { connectionId: string; stationId: string; source: 'proxy' };
  private readonly senders: Record<Direction, OrderedSender>;
  private readonly injected = new InjectedCalls();
  private readonly actions = new CallActions();
  private readonly breakpoints = new Breakpoints(this);
  private readonly status: ProxiedConnection;
  private ended = false;
  private injections = 0;

  constructor(
    readonly connectionId: string,
    readonly stationId: string,
    private readonly station: WebSocket,
    private readonly csms: WebSocket,
    private readonly context: BridgeContext,
  ) {
    this.base = { connectionId, stationId, source: 'proxy' };
    this.senders = { toCsms: new OrderedSender(csms), toStation: new OrderedSender(station) };
    this.status = {
      connectionId,
      stationId,
      subprotocol: station.protocol,
      openedAt: Date.now(),
      frames: { toCsms: 0, toStation: 0 },
      pings: 0,
      pongs: 0,
    };
    this.wire(station, csms, 'toCsms', 'station');
    this.wire(csms, station, 'toStation', 'csms');
  }

  get info(): ProxiedConnection {
    return { ...this.status, frames: { ...this.status.frames } };
  }

  get subprotocol(): string {
    return this.status.subprotocol;
  }

  get closed(): boolean {
    return this.ended;
  }

  get intercept(): BridgeContext['intercept'] {
    return this.context.intercept;
  }

  nextPauseId(): string {
    return this.context.nextPauseId();
  }

  onPausedChange(): void {
    this.context.onPausedChange();
  }

  append(entry: NewEntry): Entry {
    return this.context.sink.append(entry);
  }

  private wire(from: WebSocket, to: WebSocket, direction: Direction, side: Side): void {
    from.on('message', (data: Buffer, isBinary: boolean) => this.receive(direction, data, isBinary));
    from.on('ping', (data: Buffer) => {
      this.status.pings++;
      if (to.readyState === WebSocket.OPEN) to.ping(data);
    });
    from.on('pong', (data: Buffer) => {
      this.status.pongs++;
      if (to.readyState === WebSocket.OPEN) to.pong(data);
    });
    from.on('error', (error: Error) => {
      if (this.ended) return;
      this.context.sink.append({
        ...this.base,
        kind: 'connection',
        event: 'error',
        message: `${side === 'station' ? 'station' : 'CSMS'} connection: ${error.message}`,
      });
    });
    from.on('close', (code: number, reason: Buffer) => this.sideClosed(side, code, reason.toString('utf8')));
  }

  /** Whether frames are parsed for their action (a fault rule or a breakpoint needs it). */
  private tracksActions(): boolean {
    return needsAction(this.context.faults.rules) || hasActiveBreakpoints(this.context.intercept.rules);
  }

  private receive(direction: Direction, data: Buffer, isBinary: boolean): void {
    if (this.ended) return;
    this.status.frames[direction]++;
    // A text frame that is not UTF-8 is still forwarded as it is (the receiver decides what to do
    // with it), and captured as its bytes: decoding would put U+FFFD where the bad bytes were.
    const badText = !isBinary && !isUtf8(data);
    const frame: FrameNewEntry = isBinary
      ? { ...this.base, kind: 'frame', direction, raw: data.toString('base64'), binary: true }
      : badText
        ? {
            ...this.base,
            kind: 'frame',
            direction,
            raw: data.toString('base64'),
            binary: true,
            faults: ['a text frame whose bytes are not valid UTF-8: captured as bytes (base64)'],
          }
        : { ...this.base, kind: 'frame', direction, raw: data.toString('utf8') };
    const arrival: Arrival = { frame, data, isBinary };
    if (!isBinary && !badText && (this.injected.awaiting(direction) || this.tracksActions())) {
      const head = readHead(frame.raw);
      if (head !== undefined) {
        if (this.injected.answers(direction, head)) {
          const entry = this.context.sink.append({ ...frame, ...injectedAnswerNote() });
          if (entry.kind === 'frame') this.injected.answered(direction, head.id, entry);
          return;
        }
        if (typeof head.type === 'number') arrival.messageType = head.type;
        arrival.messageId = head.id;
        const action = this.actions.see(direction, head, this.tracksActions());
        if (action !== undefined) arrival.action = action;
      }
    }
    if (!this.breakpoints.admit(direction, arrival)) this.forward(direction, arrival, {});
  }

  /** The frames paused on this connection (at most one per direction). */
  paused(): PausedFrame[] {
    return this.breakpoints.paused();
  }

  /** Forwards (as it is or edited) or drops a paused frame; undefined when it is not paused here. */
  release(pauseId: string, decision: ReleaseDecision, cause?: ReleaseCause): number | undefined {
    return this.breakpoints.release(pauseId, decision, cause);
  }

  releaseAll(cause: ReleaseCause): void {
    this.breakpoints.releaseAll(cause);
  }

  reread(direction: Direction, arrival: Arrival, raw: string): Arrival {
    const frame: FrameNewEntry = { ...arrival.frame, raw };
    const next: Arrival = { frame, data: Buffer.from(raw, 'utf8'), isBinary: false };
    if (arrival.messageType === 2 && arrival.messageId !== undefined)
      this.actions.forget(direction, arrival.messageId);
    const head = readHead(raw);
    if (head === undefined) return next;
    if (typeof head.type === 'number') next.messageType = head.type;
    next.messageId = head.id;
    // An answer's CALL was looked up (and forgotten) when it arrived: it keeps that action.
    const action = head.type === 2 ? this.actions.see(direction, head, this.tracksActions()) : arrival.action;
    if (action !== undefined) next.action = action;
    return next;
  }

  /** Applies the fault rules, captures and sends. Returns the frame's (first) entry. */
  forward(direction: Direction, arrival: Arrival, note: ForwardNote): Entry {
    const { data, isBinary } = arrival;
    const frame: FrameNewEntry = {
      ...arrival.frame,
      ...(note.original !== undefined ? { original: note.original } : {}),
    };
    const { rules, counts } = this.context.faults;
    const matched =
      rules.length === 0
        ? []
        : matchFaults(rules, counts, { stationId: this.stationId, direction, action: arrival.action });
    const flags = new Set<FrameFlag>(note.flags);
    const faults = [...(frame.faults ?? []), ...(note.faults ?? [])];
    if (matched.length === 0) {
      // Forwarded first: capture and analysis must not add their time to the conversation.
      this.send(direction, data, isBinary, 0);
      return this.context.sink.append({
        ...frame,
        ...(flags.size > 0 ? { flags: [...flags] } : {}),
        ...(faults.length > 0 ? { faults } : {}),
      });
    }
    const effect = combineFaults(matched);
    if (effect.delayed) flags.add('delayed');
    if (effect.drop || effect.close) flags.add('dropped');
    const entry = this.context.sink.append({
      ...frame,
      flags: [...flags],
      faults: [...faults, ...matched.map(describeFault)],
    });
    if (effect.close) {
      this.closeBoth(`fault rule: ${matched.map((r) => r.name).join(', ')}`);
      return entry;
    }
    if (effect.drop) return entry;
    this.send(direction, data, isBinary, effect.delayMs);
    if (effect.duplicate) {
      this.context.sink.append({
        ...arrival.frame,
        flags: ['injected'],
        faults: [...(arrival.frame.faults ?? []), `duplicate of seq ${entry.seq}`],
      });
      this.send(direction, data, isBinary, effect.delayMs);
    }
    return entry;
  }

  private send(direction: Direction, data: Buffer, binary: boolean, delay: number): void {
    this.senders[direction].send(data, binary, delay);
  }

  private target(direction: Direction): WebSocket {
    return direction === 'toCsms' ? this.csms : this.station;
  }

  /**
   * Sends a frame as if from the CSMS (`toStation`) or the station (`toCsms`), at once (frames
   * paused at a breakpoint do not hold it up: the engineer sends it now). A CALL gets a fresh
   * message id unless one is pinned, and its answer is recorded but not forwarded.
   */
  inject(direction: Direction, raw: string, options: InjectOptions = {}): Injected {
    if (this.ended || this.target(direction).readyState !== WebSocket.OPEN) {
      throw new RpcError('invalid', `connection ${this.connectionId} of ${this.stationId} is closed`);
    }
    const { text, messageId } = injectedCall(raw, options.messageId, ++this.injections);
    const entry = this.context.sink.append({
      ...this.base,
      kind: 'frame',
      direction,
      raw: text,
      flags: ['injected'],
    });
    this.send(direction, Buffer.from(text, 'utf8'), false, 0);
    return this.injected.sent(direction, entry, messageId, options.timeoutMs);
  }

  /**
   * The connection ends (once): pending delayed frames are discarded, frames held at breakpoints
   * are recorded as never forwarded, injected CALLs learn they will not be answered, and the
   * closed entry says who ended it. Returns false when it had ended already.
   */
  private end(closedBy: Side | 'scope', code: number | undefined, reason: string): boolean {
    if (this.ended) return false;
    this.ended = true;
    this.senders.toCsms.clear();
    this.senders.toStation.clear();
    this.breakpoints.clear();
    this.injected.closed();
    this.context.sink.append({
      ...this.base,
      kind: 'connection',
      event: 'closed',
      ...(code !== undefined ? { code } : {}),
      ...(reason !== '' ? { reason } : {}),
      closedBy,
      pings: this.status.pings,
      pongs: this.status.pongs,
    });
    this.context.onClosed(this);
    return true;
  }

  private sideClosed(side: Side, code: number, reason: string): void {
    if (!this.end(side, code, reason)) return;
    const other = side === 'station' ? this.csms : this.station;
    if (code === 1006) {
      // The other side must learn the connection is gone, and that it was not a normal close.
      other.close(1001, `ocpp-scope: the ${side === 'station' ? 'station' : 'CSMS'} connection dropped`);
    } else if (sendable(code)) {
      other.close(code, reason);
    } else {
      other.close();
    }
  }

  /** The proxy ends the connection: like a network drop for both sides (a fault rule). */
  closeBoth(why: string): void {
    if (!this.end('scope', undefined, why)) return;
    this.station.terminate();
    this.csms.terminate();
  }

  /** The proxy stops: both sides get a clean close that says why. */
  shutdown(reason: string): void {
    if (!this.end('scope', 1001, reason)) return;
    this.station.close(1001, reason);
    this.csms.close(1001, reason);
  }
}
