/**
 * WebSocket frames (RFC 6455 section 5) read from one TCP stream's two byte streams: masking,
 * fragmented messages with control frames between their fragments, and permessage-deflate
 * (RFC 7692) with or without context takeover. Bytes are held as the views TCP delivered; a frame
 * is copied only when it spans segments or must be unmasked.
 */
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
    });
    this.sides = {
      client: direction(deflate !== undefined && !deflate.clientNoContextTakeover),
      server: direction(deflate !== undefined && !deflate.serverNoContextTakeover),
    };
  }

  /** Bytes of one side; returns what is wrong when they are not WebSocket (decoding must stop). */
  data(side: Side, bytes: Uint8Array, at: At): string | undefined {
    const d = this.sides[side];
    if (d.closed) return undefined;
    d.queue.push(bytes);
    const q = d.queue;
    while (q.length >= 2 && !d.closed) {
      const b0 = q.byteAt(0);
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
      if (length > MAX_MESSAGE) return `a frame of ${length} bytes (more than OCPP Scope reads)`;
      if (q.length < header + length) return undefined;
      const head = q.take(header);
      let payload = q.take(length);
      if (masked) payload = unmask(payload, head.subarray(header - 4, header));
      const error = this.frame(side, d, b0, payload, at);
      if (error !== undefined) return error;
    }
    return undefined;
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
