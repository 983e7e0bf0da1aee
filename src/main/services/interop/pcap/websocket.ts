/**
 * WebSocket frames (RFC 6455 section 5) read from one TCP stream's two byte streams: masking,
 * fragmented messages with control frames between their fragments, and permessage-deflate
 * (RFC 7692) with or without context takeover. Bytes are held as the views TCP delivered; a frame
 * is copied only when it spans segments or must be unmasked. After a TCP gap (bytes the capture
 * never saw), an uncompressed side is read again from the next frame that can only be one: an
 * OCPP-J message or a close.
 */
import { isUtf8 } from 'node:buffer';
import { constants, inflateRawSync } from 'node:zlib';
import type { Deflate } from './http';
import type { At, Side } from './tcp';

/** More than this in one frame or message is not an OCPP capture we can hold. */
const MAX_MESSAGE = 64 * 1024 * 1024;
const WINDOW = 32 * 1024;
// RFC 7692 section 7.2.2: the sender removed this empty stored block; the receiver puts it back.
const TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);

export class ByteQueue {
  private chunks: Uint8Array[] = [];
  private head = 0;
  length = 0;

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  byteAt(index: number): number {
    let i = index + this.head;
    for (const chunk of this.chunks) {
      if (i < chunk.length) return chunk[i]!;
      i -= chunk.length;
    }
    return -1;
  }

  /** The first `n` bytes, removed: a view when they lie in one chunk, a copy otherwise. */
  take(n: number): Uint8Array {
    const first = this.chunks[0];
    if (first !== undefined && first.length - this.head >= n) {
      const view = first.subarray(this.head, this.head + n);
      this.head += n;
      if (this.head === first.length) {
        this.chunks.shift();
        this.head = 0;
      }
      this.length -= n;
      return view;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0]!;
      const part = Math.min(n - filled, chunk.length - this.head);
      out.set(chunk.subarray(this.head, this.head + part), filled);
      filled += part;
      this.head += part;
      if (this.head === chunk.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    this.length -= n;
    return out;
  }

  clear(): void {
    this.chunks = [];
    this.head = 0;
    this.length = 0;
  }

  /** A copy of up to the first `n` bytes, left in place. */
  peek(n: number): Uint8Array {
    const out = Buffer.allocUnsafe(Math.min(n, this.length));
    let filled = 0;
    let offset = this.head;
    for (const chunk of this.chunks) {
      if (filled === out.length) break;
      const part = Math.min(out.length - filled, chunk.length - offset);
      out.set(chunk.subarray(offset, offset + part), filled);
      filled += part;
      offset = 0;
    }
    return out;
  }
}

export interface WsSink {
  message(side: Side, payload: Uint8Array, binary: boolean, at: At): void;
  control(side: Side, kind: 'ping' | 'pong', at: At): void;
  close(side: Side, code: number | undefined, reason: string, at: At): void;
  /** After a gap, the side's next frame was found, `skipped` bytes after the gap. */
  resumed(side: Side, skipped: number, at: At): void;
}

interface Direction {
  readonly queue: ByteQueue;
  /** The data frames of the message being received (fragmented), and its kind. */
  fragments: Uint8Array[];
  opcode: number;
  compressed: boolean;
  /** The last 32 KiB this side's messages inflated to: the next message may refer back into it. */
  window: Buffer | undefined;
  readonly takeover: boolean;
  closed: boolean;
  /** After a gap: the bytes skipped so far while looking for the next frame. */
  skipped: number | undefined;
}

export class WsDecoder {
  private readonly sides: Record<Side, Direction>;

  constructor(
    private readonly sink: WsSink,
    private readonly deflate: Deflate | undefined,
  ) {
    const direction = (takeover: boolean): Direction => ({
      queue: new ByteQueue(),
      fragments: [],
      opcode: 0,
      compressed: false,
      window: undefined,
      takeover,
      closed: false,
      skipped: undefined,
    });
    this.sides = {
      client: direction(deflate !== undefined && !deflate.clientNoContextTakeover),
      server: direction(deflate !== undefined && !deflate.serverNoContextTakeover),
    };
  }

  /**
   * Bytes `side` sent were never captured: what is held of the frame or message they cut is
   * dropped, and the side is read again from its next frame. False when that cannot be done: a
   * compressed side (a message may be split anywhere, and with context takeover refers back into
   * the lost bytes), whose decoding must stop.
   */
  gap(side: Side): boolean {
    const d = this.sides[side];
    if (d.closed) return true;
    if (this.deflate !== undefined) return false;
    d.queue.clear();
    d.fragments = [];
    d.skipped = 0;
    return true;
  }

  /** Bytes of one side; returns what is wrong when they are not WebSocket (decoding must stop). */
  data(side: Side, bytes: Uint8Array, at: At): string | undefined {
    const d = this.sides[side];
    if (d.closed) return undefined;
    d.queue.push(bytes);
    const q = d.queue;
    while (!d.closed) {
      if (d.skipped !== undefined && !this.resynced(side, d, at)) return undefined;
      const head = readHead(q);
      if (head === undefined) return undefined;
      const { b0, masked, header, length } = head;
      if (length > MAX_MESSAGE) return `a frame of ${length} bytes (more than OCPP Scope reads)`;
      if (q.length < header + length) return undefined;
      const key = q.take(header).subarray(header - 4, header);
      let payload = q.take(length);
      if (masked) payload = unmask(payload, key);
      const error = this.frame(side, d, b0, payload, at);
      if (error !== undefined) return error;
    }
    return undefined;
  }

  /** After a gap: skips bytes up to the side's next frame; false while more bytes are needed to tell. */
  private resynced(side: Side, d: Direction, at: At): boolean {
    for (;;) {
      const verdict = frameStart(d.queue, side === 'client');
      if (verdict === 'wait') return false;
      if (verdict === 'frame') {
        this.sink.resumed(side, d.skipped ?? 0, at);
        d.skipped = undefined;
        return true;
      }
      d.queue.take(1);
      d.skipped = (d.skipped ?? 0) + 1;
    }
  }

  private frame(side: Side, d: Direction, b0: number, payload: Uint8Array, at: At): string | undefined {
    const fin = (b0 & 0x80) !== 0;
    const rsv1 = (b0 & 0x40) !== 0;
    const opcode = b0 & 0x0f;
    if (b0 & 0x30) return `a frame with RSV2/RSV3 set (opcode ${opcode}): no extension negotiated uses them`;
    if (opcode >= 8) {
      if (!fin || payload.length > 125 || rsv1) {
        return `a control frame (opcode ${opcode}) that is fragmented, compressed or longer than 125 bytes`;
      }
      if (opcode === 9 || opcode === 10) {
        this.sink.control(side, opcode === 9 ? 'ping' : 'pong', at);
        return undefined;
      }
      if (opcode !== 8) return `a frame with the reserved opcode ${opcode}`;
      if (payload.length === 1) return 'a close frame with a one-byte body';
      d.closed = true;
      const code = payload.length >= 2 ? (payload[0]! << 8) | payload[1]! : undefined;
      const reason = payload.length > 2 ? Buffer.from(payload.subarray(2)).toString('utf8') : '';
      this.sink.close(side, code, reason, at);
      return undefined;
    }
    if (opcode !== 0 && opcode !== 1 && opcode !== 2) return `a frame with the reserved opcode ${opcode}`;
    if (opcode === 0) {
      if (d.fragments.length === 0) return 'a continuation frame with no message to continue';
      if (rsv1) return 'RSV1 set on a continuation frame (RFC 7692: only the first fragment carries it)';
    } else {
      if (d.fragments.length > 0) return 'a new message started before the last one was finished';
      if (rsv1 && this.deflate === undefined)
        return 'a compressed frame (RSV1) while permessage-deflate was not negotiated';
      d.opcode = opcode;
      d.compressed = rsv1;
    }
    d.fragments.push(payload);
    let total = 0;
    for (const f of d.fragments) total += f.length;
    if (total > MAX_MESSAGE) return `a message of more than ${MAX_MESSAGE} bytes`;
    if (!fin) return undefined;
    const parts = d.fragments;
    d.fragments = [];
    let message = parts.length === 1 ? parts[0]! : Buffer.concat(parts, total);
    if (d.compressed) {
      const inflated = this.inflate(d, message);
      if (typeof inflated === 'string') return inflated;
      message = inflated;
    }
    this.sink.message(side, message, d.opcode === 2, at);
    return undefined;
  }

  private inflate(d: Direction, compressed: Uint8Array): Buffer | string {
    let out: Buffer;
    try {
      out = inflateRawSync(Buffer.concat([compressed, TAIL]), {
        finishFlush: constants.Z_SYNC_FLUSH,
        maxOutputLength: MAX_MESSAGE,
        ...(d.window !== undefined ? { dictionary: d.window } : {}),
      });
    } catch (error) {
      return `a compressed message that does not inflate (${(error as Error).message})`;
    }
    if (d.takeover) {
      d.window =
        out.length >= WINDOW || d.window === undefined
          ? out.subarray(Math.max(0, out.length - WINDOW))
          : Buffer.concat([d.window, out]).subarray(-WINDOW);
    }
    return out;
  }
}

interface FrameHead {
  b0: number;
  masked: boolean;
  /** The header's bytes: 2, the extended length, the masking key. */
  header: number;
  length: number;
  /** RFC 6455 section 5.2: the length in the fewest bytes. */
  minimal: boolean;
}

/** The header the queue starts with; undefined while it is not all there. */
function readHead(q: ByteQueue): FrameHead | undefined {
  if (q.length < 2) return undefined;
  const b1 = q.byteAt(1);
  const short = b1 & 0x7f;
  const masked = (b1 & 0x80) !== 0;
  const header = 2 + (short === 126 ? 2 : short === 127 ? 8 : 0) + (masked ? 4 : 0);
  if (q.length < header) return undefined;
  let length = short;
  if (short === 126) length = (q.byteAt(2) << 8) | q.byteAt(3);
  else if (short === 127) {
    let high = 0;
    for (let i = 2; i < 6; i++) high = high * 256 + q.byteAt(i);
    let low = 0;
    for (let i = 6; i < 10; i++) low = low * 256 + q.byteAt(i);
    length = high * 0x100000000 + low;
  }
  const minimal = short < 126 || (short === 126 ? length >= 126 : length >= 0x10000);
  return { b0: q.byteAt(0), masked, header, length, minimal };
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
/** RFC 6455 section 7.4: the close codes an endpoint sends (1004-1006 and 1015 never are). */
const closeCode = (code: number): boolean =>
  (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) ||
  (code >= 3000 && code <= 4999);

/**
 * Whether the queue starts with a frame, once bytes were lost: only frames that cannot be chance
 * are taken, so that what is left of a cut frame is never read as one. A final text frame holding
 * an OCPP-J message (its first bytes `[`, a type 2-6 and `,`; then the whole of it a JSON array),
 * or a close with a code an endpoint sends and a printable UTF-8 reason; masked when the station
 * sent it, unmasked when the CSMS did (RFC 6455 section 5.1).
 */
function frameStart(q: ByteQueue, masked: boolean): 'frame' | 'no' | 'wait' {
  const head = readHead(q);
  if (head === undefined) return 'wait';
  const { b0, header, length } = head;
  if ((b0 !== 0x81 && b0 !== 0x88) || head.masked !== masked) return 'no';
  if (b0 === 0x88 && (length > 125 || length < 2)) return 'no';
  if (!head.minimal || length > MAX_MESSAGE) return 'no';
  const key = [0, 0, 0, 0].map((_, i) => (masked ? q.byteAt(header - 4 + i) : 0));
  const byte = (k: number): number => q.byteAt(header + k) ^ key[k & 3]!;
  const available = Math.min(length, q.length - header);
  if (b0 === 0x81) {
    // [ type , with whitespace between: checked as the bytes come, before waiting for the rest.
    const expected = [
      (c: number) => c === 0x5b,
      (c: number) => c >= 0x32 && c <= 0x36,
      (c: number) => c === 0x2c,
    ];
    let step = 0;
    for (let k = 0; step < expected.length; k++) {
      if (k === available) return available === length ? 'no' : 'wait';
      const c = byte(k);
      if (expected[step]!(c)) step++;
      else if (!WHITESPACE.has(c)) return 'no';
    }
  }
  if (available < length) return 'wait';
  const payload = unmask(q.peek(header + length).subarray(header), Buffer.from(key));
  if (b0 === 0x88) {
    const reason = payload.subarray(2);
    return closeCode(payload.readUInt16BE(0)) &&
      isUtf8(reason) &&
      reason.every((c) => c >= 0x20 && c !== 0x7f)
      ? 'frame'
      : 'no';
  }
  if (!isUtf8(payload)) return 'no';
  try {
    const value: unknown = JSON.parse(payload.toString('utf8'));
    return Array.isArray(value) ? 'frame' : 'no';
  } catch {
    return 'no';
  }
}

function unmask(payload: Uint8Array, key: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(payload.length);
  const k0 = key[0]!;
  const k1 = key[1]!;
  const k2 = key[2]!;
  const k3 = key[3]!;
  let i = 0;
  for (const end = payload.length - 3; i < end; i += 4) {
    out[i] = payload[i]! ^ k0;
    out[i + 1] = payload[i + 1]! ^ k1;
    out[i + 2] = payload[i + 2]! ^ k2;
    out[i + 3] = payload[i + 3]! ^ k3;
  }
  for (; i < payload.length; i++) out[i] = payload[i]! ^ key[i & 3]!;
  return out;
}
