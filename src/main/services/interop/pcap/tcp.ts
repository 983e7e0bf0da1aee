/**
 * TCP streams put back together, per direction, from what the capture saw: segments out of order
 * are held until the bytes before them come, retransmissions and overlaps are delivered once, and a
 * hole is declared lost once the peer has acknowledged past it (it got bytes the capture never saw)
 * and the stream has gone on for a while without them (a capture may reorder a segment behind the
 * ACK for it), or when the stream or file ends. Who is the client: the SYN sender; without the handshake in the capture,
 * the side whose first bytes are an HTTP request or a TLS ClientHello, else the higher port.
 */
import { u16, u32 } from './bytes';
import type { IpPacket } from './ip';

export interface At {
  packet: number;
  ts: number;
}

export type Side = 'client' | 'server';

export interface StreamInfo {
  /** 1-based, in the order streams first appear. */
  index: number;
  client: string;
  server: string;
}

export interface StreamHandler {
  data(side: Side, bytes: Uint8Array, at: At): void;
  /** `lost` bytes from `offset` in that side's byte stream were never captured. */
  gap(side: Side, lost: number, offset: number, at: At): void;
  /** The stream is over: `first` sent the first FIN or RST (none: the capture ended). */
  end(how: 'fin' | 'rst' | 'eof', first: Side | undefined, at: At): void;
}

const FIN = 0x01;
const SYN = 0x02;
const RST = 0x04;
const ACK = 0x10;
/** Packets of a stream after the ACK that proves a hole before the hole is taken as lost. */
const LOST_AFTER = 32;

interface Held {
  offset: number;
  data: Uint8Array;
  at: At;
}

/** One direction's bytes. Offsets count from the byte after the SYN (or the first seen). */
class Half {
  base: number | undefined;
  next = 0;
  held: Held[] = [];
  finAt: number | undefined;
  done = false;
  /** An ACK proved the bytes up to `upTo` were received, at the stream's packet `at`. */
  proven: { upTo: number; at: number } | undefined;

  offsetOf(seq: number): number {
    return this.next + ((seq - ((this.base! + this.next) >>> 0)) | 0);
  }
}

/** What a half has for the handler, in its byte order: bytes, or a hole in them. */
type Delivery =
  | { at: At; bytes: Uint8Array; lost?: never }
  | { at: At; lost: { bytes: number; offset: number }; bytes?: never };

class Stream {
  readonly halves: [Half, Half] = [new Half(), new Half()];
  /** Per half, what it delivered that waits for bytes the other half holds from earlier packets. */
  readonly ready: [Delivery[], Delivery[]] = [[], []];
  /** Which half (0: from `a`, 1: from `b`) is the client's, once known. */
  clientHalf: 0 | 1 | undefined;
  firstEnd: 0 | 1 | undefined;
  ended = false;
  handler: StreamHandler | undefined;
  packets = 0;

  constructor(
    readonly index: number,
    readonly a: string,
    readonly b: string,
  ) {}

  side(half: 0 | 1): Side {
    return half === this.clientHalf ? 'client' : 'server';
  }
}

export class TcpTracker {
  private readonly streams = new Map<string, Stream>();
  count = 0;
  /** Segments delivered twice or more (retransmissions, overlaps): for the summary. */
  retransmitted = 0;

  constructor(private readonly open: (info: StreamInfo) => StreamHandler) {}

  /** A TCP segment, or why it cannot be read. */
  segment(ip: IpPacket, at: At): string | undefined {
    const b = ip.payload;
    if (b.length < 20) return `too short for its TCP header (${b.length} of 20 bytes)`;
    const headerLength = (b[12]! >> 4) * 4;
    if (headerLength < 20 || b.length < headerLength) {
      return `too short for its TCP header (${b.length} of ${Math.max(20, headerLength)} bytes)`;
    }
    const from = `${endpoint(ip.src, u16(b, 0, false))}`;
    const to = `${endpoint(ip.dst, u16(b, 2, false))}`;
    const seq = u32(b, 4, false);
    const ack = u32(b, 8, false);
    const flags = b[13]!;
    const key = from < to ? `${from} ${to}` : `${to} ${from}`;
    let stream = this.streams.get(key);
    if (stream === undefined || (stream.ended && flags & SYN && !(flags & ACK))) {
      stream = new Stream(++this.count, from, to);
      this.streams.set(key, stream);
    }
    if (stream.ended) return undefined;
    stream.packets++;
    const half: 0 | 1 = from === stream.a ? 0 : 1;
    const mine = stream.halves[half];
    const theirs = stream.halves[half === 0 ? 1 : 0];
    if (flags & SYN) {
      if (!(flags & ACK)) stream.clientHalf ??= half;
      else stream.clientHalf ??= half === 0 ? 1 : 0;
      if (mine.base === undefined) mine.base = (seq + 1) >>> 0;
    }
    const payload = b.subarray(headerLength);
    if (mine.base === undefined && (payload.length > 0 || flags & FIN)) mine.base = seq;
    if (payload.length > 0) this.data(stream, half, mine.offsetOf(seq), payload, at);
    if (flags & FIN && mine.base !== undefined && mine.finAt === undefined) {
      mine.finAt = mine.offsetOf(seq) + payload.length;
      stream.firstEnd ??= half;
    }
    if (flags & ACK && theirs.base !== undefined)
      this.acknowledged(stream, half === 0 ? 1 : 0, theirs.offsetOf(ack));
    if (flags & RST) {
      stream.firstEnd ??= half;
      this.finish(stream, 'rst', at);
      return undefined;
    }
    for (const h of [0, 1] as const) {
      const proven = stream.halves[h].proven;
      if (proven !== undefined && stream.packets - proven.at >= LOST_AFTER)
        this.skipHole(stream, h, proven.upTo, at);
    }
    this.checkEnd(stream, at);
    return undefined;
  }

  /** The file has ended: every hole is lost, every stream over. */
  end(at: At): void {
    for (const stream of this.streams.values()) if (!stream.ended) this.finish(stream, 'eof', at);
  }

  private handler(stream: Stream, half: 0 | 1, first: Uint8Array): StreamHandler {
    if (stream.handler !== undefined) return stream.handler;
    if (stream.clientHalf === undefined) stream.clientHalf = guessClient(stream, half, first);
    const client = stream.clientHalf === 0 ? stream.a : stream.b;
    const server = stream.clientHalf === 0 ? stream.b : stream.a;
    stream.handler = this.open({ index: stream.index, client, server });
    return stream.handler;
  }

  private data(stream: Stream, half: 0 | 1, offset: number, payload: Uint8Array, at: At): void {
    const h = stream.halves[half];
    const end = offset + payload.length;
    if (end <= h.next) {
      this.retransmitted++;
      return;
    }
    if (offset > h.next) {
      let i = h.held.length;
      while (i > 0 && h.held[i - 1]!.offset > offset) i--;
      h.held.splice(i, 0, { offset, data: payload, at });
      return;
    }
    if (offset < h.next) this.retransmitted++;
    this.deliver(stream, half, payload.subarray(h.next - offset), at);
    this.drain(stream, half);
  }

  private deliver(stream: Stream, half: 0 | 1, bytes: Uint8Array, at: At): void {
    this.handler(stream, half, bytes);
    stream.halves[half].next += bytes.length;
    stream.ready[half].push({ at, bytes });
    this.pass(stream, false);
  }

  /**
   * Hands the handler what the halves delivered, in packet order across the two: bytes one half
   * delivers wait while the other holds bytes from earlier packets behind a hole, so that the
   * frames after a hole, delivered late, come before the answers captured after them (a CALL must
   * not follow its own answer). Each half's own order is its byte order, never changed. `all`:
   * nothing more will come, everything goes.
   */
  private pass(stream: Stream, all: boolean): void {
    const handler = stream.handler;
    if (handler === undefined) return;
    for (;;) {
      const [a, b] = stream.ready;
      const half: 0 | 1 = b.length === 0 || (a.length > 0 && a[0]!.at.packet <= b[0]!.at.packet) ? 0 : 1;
      const next = stream.ready[half][0];
      if (next === undefined) return;
      const other = stream.halves[half === 0 ? 1 : 0].held[0];
      if (!all && other !== undefined && other.at.packet < next.at.packet) return;
      stream.ready[half].shift();
      if (next.lost !== undefined) handler.gap(stream.side(half), next.lost.bytes, next.lost.offset, next.at);
      else handler.data(stream.side(half), next.bytes, next.at);
    }
  }

  private drain(stream: Stream, half: 0 | 1): void {
    const h = stream.halves[half];
    while (h.held.length > 0 && h.held[0]!.offset <= h.next) {
      const held = h.held.shift()!;
      const end = held.offset + held.data.length;
      if (end <= h.next) this.retransmitted++;
      else this.deliver(stream, half, held.data.subarray(h.next - held.offset), held.at);
    }
    if (h.proven !== undefined && h.proven.upTo <= h.next) h.proven = undefined;
  }

  /** The peer has the bytes up to `upTo`: a hole before it is not a segment still on its way. */
  private acknowledged(stream: Stream, half: 0 | 1, upTo: number): void {
    const h = stream.halves[half];
    const limit = h.finAt !== undefined ? Math.min(upTo, h.finAt) : upTo;
    // A wild ack (a bad checksum, a capture mixing two connections) must not throw data away.
    if (limit <= h.next || limit - h.next > 0x40000000) return;
    if (h.proven === undefined) h.proven = { upTo: limit, at: stream.packets };
    else h.proven.upTo = Math.max(h.proven.upTo, limit);
  }

  private skipHole(stream: Stream, half: 0 | 1, upTo: number, at: At): void {
    const h = stream.halves[half];
    h.proven = undefined;
    const holeEnd = h.held.length > 0 && h.held[0]!.offset < upTo ? h.held[0]!.offset : upTo;
    if (holeEnd <= h.next) return;
    this.handler(stream, half, new Uint8Array(0));
    const from = h.next;
    h.next = holeEnd;
    stream.ready[half].push({ at: h.held[0]?.at ?? at, lost: { bytes: holeEnd - from, offset: from } });
    this.drain(stream, half);
    this.pass(stream, false);
  }

  private checkEnd(stream: Stream, at: At): void {
    const [a, b] = stream.halves;
    for (const h of stream.halves) if (h.finAt !== undefined && h.next >= h.finAt) h.done = true;
    // Both FINs seen and acknowledged past a hole: nothing more is coming to fill it.
    const over = (h: Half) => h.done || (h.finAt !== undefined && h.proven !== undefined);
    if (over(a) && over(b)) this.finish(stream, 'fin', at);
  }

  private finish(stream: Stream, how: 'fin' | 'rst' | 'eof', at: At): void {
    stream.ended = true;
    for (const half of [0, 1] as const) {
      const h = stream.halves[half];
      while (h.held.length > 0) this.skipHole(stream, half, h.held[0]!.offset, at);
      if (how !== 'rst' && h.finAt !== undefined && h.finAt > h.next)
        this.skipHole(stream, half, h.finAt, at);
    }
    const handler = stream.handler;
    if (handler === undefined) return;
    this.pass(stream, true);
    const first = stream.firstEnd === undefined ? undefined : stream.side(stream.firstEnd);
    handler.end(how === 'fin' && first === undefined ? 'eof' : how, first, at);
  }
}

function endpoint(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function portOf(address: string): number {
  return Number(address.slice(address.lastIndexOf(':') + 1));
}

function guessClient(stream: Stream, half: 0 | 1, first: Uint8Array): 0 | 1 {
  const other: 0 | 1 = half === 0 ? 1 : 0;
  const head = String.fromCharCode(...first.subarray(0, 5));
  if (/^(GET|POST|PUT|HEAD|OPTIO)/.test(head) || (first[0] === 0x16 && first[1] === 0x03)) return half;
  if (head.startsWith('HTTP/')) return other;
  return portOf(stream.a) > portOf(stream.b) ? 0 : 1;
}
