/**
 * One proxied connection: a charger's WebSocket and the CSMS's, joined. Every frame is captured on
 * arrival and forwarded with the same bytes and the same text/binary kind, in order; pings and
 * pongs go end to end; a close on one side is mirrored on the other. Injected frames and fault
 * rules are the only things that change the conversation, and each is flagged on its entry.
 */
import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import type { Direction, Entry, FrameFlag, NewEntry } from '../../../shared/capture/entry';
import { opposite } from '../../../shared/ocpp/correlation';
import type { ProxiedConnection } from '../../../shared/proxy/config';
import { describeFault, matchFaults, needsAction, type FaultRule } from '../../../shared/proxy/faults';
import { RpcError } from '../../../shared/rpc/errors';

export interface CaptureSink {
  /** Records an entry (the sink stamps seq and, unless given, ts). */
  append(entry: NewEntry): Entry;
}

export interface BridgeContext {
  sink: CaptureSink;
  /** The live rule list and how often each rule has fired (shared by all connections). */
  faults: { rules: readonly FaultRule[]; counts: number[] };
  onClosed(bridge: Bridge): void;
}

type Side = 'station' | 'csms';

// RFC 6455 section 7.4: codes an endpoint may send in a close frame.
function sendable(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

interface Queued {
  data: Buffer;
  binary: boolean;
  at: number;
}

/** A frame's text as a JSON array; read only when a rule or an injection needs it. */
function peekArray(raw: string): unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export class Bridge {
  private readonly base: { connectionId: string; stationId: string; source: 'proxy' };
  private readonly queues: Record<Direction, { items: Queued[]; timer?: ReturnType<typeof setTimeout> }> = {
    toCsms: { items: [] },
    toStation: { items: [] },
  };
  /** Ids of injected CALLs, by the direction their answer travels. */
  private readonly injected: Record<Direction, Set<string>> = { toCsms: new Set(), toStation: new Set() };
  /** CALL id -> action, per direction the CALL travelled; kept only while a rule needs actions. */
  private readonly actions: Record<Direction, Map<string, string>> = {
    toCsms: new Map(),
    toStation: new Map(),
  };
  private readonly status: ProxiedConnection;
  private closed = false;
  private injections = 0;

  constructor(
    readonly connectionId: string,
    readonly stationId: string,
    private readonly station: WebSocket,
    private readonly csms: WebSocket,
    private readonly context: BridgeContext,
  ) {
    this.base = { connectionId, stationId, source: 'proxy' };
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
      if (this.closed) return;
      this.context.sink.append({
        ...this.base,
        kind: 'connection',
        event: 'error',
        message: `${side === 'station' ? 'station' : 'CSMS'} connection: ${error.message}`,
      });
    });
    from.on('close', (code: number, reason: Buffer) => this.sideClosed(side, code, reason.toString('utf8')));
  }

  private receive(direction: Direction, data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    this.status.frames[direction]++;
    // A text frame that is not UTF-8 is still forwarded as it is (the receiver decides what to do
    // with it), and captured as its bytes: decoding would put U+FFFD where the bad bytes were.
    const badText = !isBinary && !isUtf8(data);
    const frame: NewEntry = isBinary
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
    const raw = frame.raw;
    const { rules, counts } = this.context.faults;
    const answersInjected = this.injected[direction].size > 0;
    let action: string | undefined;
    if (!isBinary && !badText && (answersInjected || needsAction(rules))) {
      const value = peekArray(raw);
      const head = value && { type: value[0], id: value[1], action: value[2] };
      if (head !== undefined && typeof head.id === 'string') {
        if ((head.type === 3 || head.type === 4) && this.injected[direction].delete(head.id)) {
          // The side that did not send the CALL must never see its answer.
          this.context.sink.append({
            ...frame,
            flags: ['dropped'],
            faults: ['answer to a CALL injected by OCPP Scope: recorded, not forwarded'],
          });
          return;
        }
        if (head.type === 2 && typeof head.action === 'string') {
          action = head.action;
          if (needsAction(rules)) this.actions[direction].set(head.id, head.action);
        } else if (head.type === 3 || head.type === 4) {
          const calls = this.actions[opposite(direction)];
          action = calls.get(head.id);
          calls.delete(head.id);
        }
      }
    }
    const matched =
      rules.length === 0 ? [] : matchFaults(rules, counts, { stationId: this.stationId, direction, action });
    if (matched.length === 0) {
      // Forwarded first: capture and analysis must not add their time to the conversation.
      this.send(direction, data, isBinary, 0);
      this.context.sink.append(frame);
      return;
    }
    const flags = new Set<FrameFlag>();
    let delay = 0;
    let drop = false;
    let close = false;
    let duplicate = false;
    for (const rule of matched) {
      const effect = rule.effect;
      if (effect.kind === 'delay') {
        delay += effect.ms;
        flags.add('delayed');
      } else if (effect.kind === 'drop') drop = true;
      else if (effect.kind === 'close') close = true;
      else duplicate = true;
    }
    if (drop || close) flags.add('dropped');
    const entry = this.context.sink.append({
      ...frame,
      flags: [...flags],
      faults: [...(frame.faults ?? []), ...matched.map(describeFault)],
    });
    if (close) {
      this.closeBoth(`fault rule: ${matched.map((r) => r.name).join(', ')}`);
      return;
    }
    if (drop) return;
    this.send(direction, data, isBinary, delay);
    if (duplicate) {
      this.context.sink.append({
        ...frame,
        flags: ['injected'],
        faults: [...(frame.faults ?? []), `duplicate of seq ${entry.seq}`],
      });
      this.send(direction, data, isBinary, delay);
    }
  }

  /** Sends in order: a frame behind a delayed one waits for it. */
  private send(direction: Direction, data: Buffer, binary: boolean, delay: number): void {
    const queue = this.queues[direction];
    if (delay === 0 && queue.items.length === 0) {
      this.target(direction).send(data, { binary });
      return;
    }
    queue.items.push({ data, binary, at: Date.now() + delay });
    this.pump(direction);
  }

  private pump(direction: Direction): void {
    const queue = this.queues[direction];
    if (queue.timer !== undefined) return;
    const now = Date.now();
    let head = queue.items[0];
    while (head !== undefined && head.at <= now) {
      queue.items.shift();
      const target = this.target(direction);
      if (target.readyState === WebSocket.OPEN) target.send(head.data, { binary: head.binary });
      head = queue.items[0];
    }
    if (head !== undefined) {
      queue.timer = setTimeout(() => {
        queue.timer = undefined;
        this.pump(direction);
      }, head.at - now);
    }
  }

  private target(direction: Direction): WebSocket {
    return direction === 'toCsms' ? this.csms : this.station;
  }

  /**
   * Sends a frame as if from the CSMS (`toStation`) or the station (`toCsms`). A CALL gets a fresh
   * message id, and its answer is recorded but not forwarded.
   */
  inject(direction: Direction, raw: string): { seq: number; messageId?: string } {
    if (this.closed || this.target(direction).readyState !== WebSocket.OPEN) {
      throw new RpcError('invalid', `connection ${this.connectionId} of ${this.stationId} is closed`);
    }
    let text = raw;
    let messageId: string | undefined;
    const value = peekArray(raw);
    if (value !== undefined && value[0] === 2 && value.length === 4) {
      messageId = `scope-${randomBytes(4).toString('hex')}-${++this.injections}`;
      value[1] = messageId;
      text = JSON.stringify(value);
      this.injected[opposite(direction)].add(messageId);
    }
    const entry = this.context.sink.append({
      ...this.base,
      kind: 'frame',
      direction,
      raw: text,
      flags: ['injected'],
    });
    this.send(direction, Buffer.from(text, 'utf8'), false, 0);
    return messageId === undefined ? { seq: entry.seq } : { seq: entry.seq, messageId };
  }

  /**
   * The connection ends (once): pending delayed frames are discarded and the closed entry says who
   * ended it. Returns false when it had ended already.
   */
  private end(closedBy: Side | 'scope', code: number | undefined, reason: string): boolean {
    if (this.closed) return false;
    this.closed = true;
    this.clearQueues();
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

  private clearQueues(): void {
    for (const queue of Object.values(this.queues)) {
      if (queue.timer !== undefined) clearTimeout(queue.timer);
      queue.timer = undefined;
      queue.items.length = 0;
    }
  }
}
