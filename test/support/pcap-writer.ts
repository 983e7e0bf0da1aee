/**
 * Synthetic packet captures for the pcap import's unit tests: pcap and pcapng files (both byte
 * orders, µs or ns stamps, enhanced / simple / obsolete packet blocks), link layers, IPv4 (with
 * fragments) and IPv6, TCP conversations whose segments a test may reorder, repeat, overlap or
 * drop, and WebSocket frames (masked, fragmented, deflated).
 */
import { constants, deflateRawSync } from 'node:zlib';
import type { FileProblem } from '../../src/shared/capture/problems';
import type {
  ImportedEntry,
  ImportOptions,
  ImportResult,
  ImportSink,
} from '../../src/shared/interop/importer';

export interface Packet {
  /** ms since the epoch, with a fraction. */
  ts: number;
  data: Uint8Array;
  /** pcapng: the interface (index of its interface block). */
  iface?: number;
  /** On the wire, when the capture cut the packet (more than `data`). */
  wireLength?: number;
}

function u16(n: number, le: boolean): Buffer {
  const b = Buffer.alloc(2);
  if (le) b.writeUInt16LE(n);
  else b.writeUInt16BE(n);
  return b;
}

function u32(n: number, le: boolean): Buffer {
  const b = Buffer.alloc(4);
  if (le) b.writeUInt32LE(n >>> 0);
  else b.writeUInt32BE(n >>> 0);
  return b;
}

export interface PcapOptions {
  linkType: number;
  littleEndian?: boolean;
  nano?: boolean;
  snapLength?: number;
}

export function pcapFile(packets: Packet[], options: PcapOptions): Buffer {
  const le = options.littleEndian ?? true;
  const parts: Buffer[] = [
    u32(options.nano === true ? 0xa1b23c4d : 0xa1b2c3d4, le),
    u16(2, le),
    u16(4, le),
    u32(0, le),
    u32(0, le),
    u32(options.snapLength ?? 262144, le),
    u32(options.linkType, le),
  ];
  for (const p of packets) {
    const seconds = Math.floor(p.ts / 1000);
    const units = options.nano === true ? 1e6 : 1e3;
    const fraction = Math.round((p.ts - seconds * 1000) * units);
    parts.push(u32(seconds, le), u32(fraction, le), u32(p.data.length, le));
    parts.push(u32(p.wireLength ?? p.data.length, le), Buffer.from(p.data));
  }
  return Buffer.concat(parts);
}

export interface PcapngOptions {
  littleEndian?: boolean;
  /** Link type and, optionally, if_tsresol (the byte as written: 9 is ns, 6 µs). */
  interfaces: { linkType: number; tsresol?: number; snapLength?: number }[];
  block?: 'enhanced' | 'simple' | 'obsolete';
}

function block(type: number, body: Buffer, le: boolean): Buffer {
  const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
  const length = padded.length + 12;
  return Buffer.concat([u32(type, le), u32(length, le), padded, u32(length, le)]);
}

export function pcapngFile(packets: Packet[], options: PcapngOptions): Buffer {
  const le = options.littleEndian ?? true;
  const parts: Buffer[] = [
    block(
      0x0a0d0d0a,
      Buffer.concat([u32(0x1a2b3c4d, le), u16(1, le), u16(0, le), Buffer.alloc(8, 0xff)]),
      le,
    ),
  ];
  for (const iface of options.interfaces) {
    const opts =
      iface.tsresol !== undefined
        ? Buffer.concat([u16(9, le), u16(1, le), Buffer.from([iface.tsresol, 0, 0, 0]), u32(0, le)])
        : Buffer.alloc(0);
    parts.push(
      block(
        1,
        Buffer.concat([u16(iface.linkType, le), u16(0, le), u32(iface.snapLength ?? 0, le), opts]),
        le,
      ),
    );
  }
  for (const p of packets) {
    const ifaceId = p.iface ?? 0;
    const resolution = options.interfaces[ifaceId]?.tsresol ?? 6;
    const units = (BigInt(Math.round(p.ts * 1000)) * 10n ** BigInt(resolution - 3)) / 1000n;
    const high = Number(units >> 32n);
    const low = Number(units & 0xffffffffn);
    const data = Buffer.from(p.data);
    const wire = p.wireLength ?? data.length;
    if (options.block === 'simple') parts.push(block(3, Buffer.concat([u32(wire, le), data]), le));
    else if (options.block === 'obsolete') {
      const head = Buffer.concat([
        u16(ifaceId, le),
        u16(0, le),
        u32(high, le),
        u32(low, le),
        u32(data.length, le),
        u32(wire, le),
      ]);
      parts.push(block(2, Buffer.concat([head, data]), le));
    } else {
      const head = Buffer.concat([
        u32(ifaceId, le),
        u32(high, le),
        u32(low, le),
        u32(data.length, le),
        u32(wire, le),
      ]);
      parts.push(block(6, Buffer.concat([head, data]), le));
    }
  }
  return Buffer.concat(parts);
}

// Link layers.

export function ethernet(ip: Uint8Array, vlans: number[] = []): Buffer {
  const version = ip[0]! >> 4;
  const tags = vlans.map((id) => Buffer.concat([u16(0x8100, false), u16(id, false)]));
  return Buffer.concat([
    Buffer.from([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1]),
    ...tags,
    u16(version === 6 ? 0x86dd : 0x0800, false),
    Buffer.from(ip),
  ]);
}

export function sll(ip: Uint8Array): Buffer {
  const type = ip[0]! >> 4 === 6 ? 0x86dd : 0x0800;
  return Buffer.concat([
    u16(0, false),
    u16(772, false),
    u16(6, false),
    Buffer.alloc(8),
    u16(type, false),
    Buffer.from(ip),
  ]);
}

export function sll2(ip: Uint8Array): Buffer {
  const type = ip[0]! >> 4 === 6 ? 0x86dd : 0x0800;
  return Buffer.concat([
    u16(type, false),
    u16(0, false),
    u32(1, false),
    u16(772, false),
    Buffer.from([0, 6]),
    Buffer.alloc(8),
    Buffer.from(ip),
  ]);
}

/** BSD loopback (link type 0, family in the capturing host's order) or OpenBSD loop (108, big-endian). */
export function loopback(ip: Uint8Array, littleEndian: boolean): Buffer {
  const family = ip[0]! >> 4 === 6 ? 30 : 2;
  return Buffer.concat([u32(family, littleEndian), Buffer.from(ip)]);
}

// IP.

function v4Bytes(address: string): Buffer {
  return Buffer.from(address.split('.').map(Number));
}

function v6Bytes(address: string): Buffer {
  const [head = '', tail] = address.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  return Buffer.concat(all.map((g) => u16(g, false)));
}

export function ipv4(
  src: string,
  dst: string,
  payload: Uint8Array,
  fragment: { id: number; offset: number; more: boolean } = { id: 1, offset: 0, more: false },
): Buffer {
  const head = Buffer.alloc(20);
  head[0] = 0x45;
  head.writeUInt16BE(20 + payload.length, 2);
  head.writeUInt16BE(fragment.id, 4);
  head.writeUInt16BE((fragment.more ? 0x2000 : 0) | (fragment.offset / 8), 6);
  head[8] = 64;
  head[9] = 6;
  v4Bytes(src).copy(head, 12);
  v4Bytes(dst).copy(head, 16);
  return Buffer.concat([head, Buffer.from(payload)]);
}

/** One TCP segment's IPv4 datagram in fragments of `size` payload bytes (a multiple of 8). */
export function ipv4Fragments(src: string, dst: string, payload: Uint8Array, size: number, id = 7): Buffer[] {
  const out: Buffer[] = [];
  for (let offset = 0; offset < payload.length; offset += size) {
    const more = offset + size < payload.length;
    out.push(ipv4(src, dst, payload.subarray(offset, offset + size), { id, offset, more }));
  }
  return out;
}

export function ipv6(src: string, dst: string, payload: Uint8Array): Buffer {
  const head = Buffer.alloc(40);
  head[0] = 0x60;
  head.writeUInt16BE(payload.length, 4);
  head[6] = 6;
  head[7] = 64;
  v6Bytes(src).copy(head, 8);
  v6Bytes(dst).copy(head, 24);
  return Buffer.concat([head, Buffer.from(payload)]);
}

// TCP.

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;

export interface Segment {
  from: 'client' | 'server';
  seq: number;
  ack: number;
  flags: number;
  payload: Buffer;
}

export function tcpBytes(sport: number, dport: number, s: Segment): Buffer {
  const head = Buffer.alloc(20);
  head.writeUInt16BE(sport, 0);
  head.writeUInt16BE(dport, 2);
  head.writeUInt32BE(s.seq >>> 0, 4);
  head.writeUInt32BE(s.ack >>> 0, 8);
  head[12] = 5 << 4;
  head[13] = s.flags;
  head.writeUInt16BE(65535, 14);
  return Buffer.concat([head, s.payload]);
}

export interface Peer {
  ip: string;
  port: number;
}

/** A TCP conversation: each call appends the next segment with the right sequence numbers. */
export class Conversation {
  readonly segments: Segment[] = [];
  private readonly next = { client: 0, server: 0 };

  constructor(
    readonly client: Peer,
    readonly server: Peer,
    isn: { client: number; server: number } = { client: 1000, server: 5000 },
  ) {
    this.next.client = isn.client;
    this.next.server = isn.server;
  }

  private push(from: 'client' | 'server', flags: number, payload: Buffer, ack = true): Segment {
    const other = from === 'client' ? 'server' : 'client';
    const segment = {
      from,
      seq: this.next[from],
      ack: ack ? this.next[other] : 0,
      flags: flags | (ack ? ACK : 0),
      payload,
    };
    this.next[from] = (this.next[from] + payload.length + (flags & (SYN | FIN) ? 1 : 0)) >>> 0;
    this.segments.push(segment);
    return segment;
  }

  handshake(): this {
    this.push('client', SYN, Buffer.alloc(0), false);
    this.push('server', SYN, Buffer.alloc(0));
    this.push('client', 0, Buffer.alloc(0));
    return this;
  }

  send(from: 'client' | 'server', payload: Uint8Array | string): Segment {
    return this.push(from, PSH, Buffer.from(payload));
  }

  /** An acknowledgement of everything the other side sent so far. */
  ack(from: 'client' | 'server'): Segment {
    return this.push(from, 0, Buffer.alloc(0));
  }

  fin(from: 'client' | 'server'): Segment {
    return this.push(from, FIN, Buffer.alloc(0));
  }

  rst(from: 'client' | 'server'): Segment {
    return this.push(from, RST, Buffer.alloc(0));
  }

  /** IP datagrams of the segments (IPv6 when the addresses are). */
  datagrams(segments: Segment[] = this.segments): Buffer[] {
    return segments.map((s) => {
      const [a, b] = s.from === 'client' ? [this.client, this.server] : [this.server, this.client];
      const tcp = tcpBytes(a.port, b.port, s);
      return a.ip.includes(':') ? ipv6(a.ip, b.ip, tcp) : ipv4(a.ip, b.ip, tcp);
    });
  }
}

/** Packets one ms apart from `start`, each wrapped by `link`. */
export function packets(
  datagrams: Buffer[],
  link: (ip: Buffer) => Buffer = ethernet,
  start = 1_700_000_000_000,
): Packet[] {
  return datagrams.map((d, i) => ({ ts: start + i, data: link(d) }));
}

// HTTP and WebSocket.

export function upgradeRequest(
  path: string,
  headers: Record<string, string> = {},
  protocols: string[] = ['ocpp1.6'],
): string {
  const lines = [
    `GET ${path} HTTP/1.1`,
    'Host: csms.example:9000',
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Sec-WebSocket-Version: 13',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    ...(protocols.length > 0 ? [`Sec-WebSocket-Protocol: ${protocols.join(', ')}`] : []),
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export function upgradeResponse(
  protocol: string | undefined,
  extensions?: string,
  status = '101 Switching Protocols',
): string {
  const lines = [
    `HTTP/1.1 ${status}`,
    ...(status.startsWith('101')
      ? ['Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=']
      : ['Content-Length: 0']),
    ...(protocol !== undefined ? [`Sec-WebSocket-Protocol: ${protocol}`] : []),
    ...(extensions !== undefined ? [`Sec-WebSocket-Extensions: ${extensions}`] : []),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export interface FrameOptions {
  fin?: boolean;
  /** A client's frame: masked with this key (4 bytes). */
  mask?: Uint8Array;
  rsv1?: boolean;
}

export function wsFrame(opcode: number, payload: Uint8Array | string, options: FrameOptions = {}): Buffer {
  const body = Buffer.from(payload);
  const first = ((options.fin ?? true) ? 0x80 : 0) | (options.rsv1 === true ? 0x40 : 0) | opcode;
  const maskBit = options.mask !== undefined ? 0x80 : 0;
  let head: Buffer;
  if (body.length < 126) head = Buffer.from([first, maskBit | body.length]);
  else if (body.length < 65536)
    head = Buffer.concat([Buffer.from([first, maskBit | 126]), u16(body.length, false)]);
  else head = Buffer.concat([Buffer.from([first, maskBit | 127]), u32(0, false), u32(body.length, false)]);
  if (options.mask === undefined) return Buffer.concat([head, body]);
  const masked = Buffer.from(body.map((byte, i) => byte ^ options.mask![i & 3]!));
  return Buffer.concat([head, Buffer.from(options.mask), masked]);
}

export const MASK = Buffer.from([0x12, 0x34, 0x56, 0x78]);

/** A close frame's body: the code, then the reason. */
export function closeBody(code: number, reason = ''): Buffer {
  return Buffer.concat([u16(code, false), Buffer.from(reason)]);
}

/**
 * A message as permessage-deflate sends it (RFC 7692 section 7.2.1): the empty block at its end
 * removed. With `window` (what this side's earlier messages inflated to), compressed against it,
 * as a sender with context takeover does.
 */
export function deflateMessage(text: string, window?: Buffer): Buffer {
  const out = deflateRawSync(Buffer.from(text), {
    finishFlush: constants.Z_SYNC_FLUSH,
    ...(window !== undefined ? { dictionary: window } : {}),
  });
  return out.subarray(0, out.length - 4);
}

export interface Imported {
  entries: ImportedEntry[];
  problems: FileProblem[];
  result: ImportResult;
}

/** pcapImporter's shape (passed in: this folder is also type-checked where src/main is not). */
export type BytesImporter = (
  sink: ImportSink,
  options: ImportOptions,
) => { write(chunk: Uint8Array): void; end(): ImportResult };

/** The file imported, written in chunks of `chunk` bytes (cut anywhere). */
export function importCapture(
  pcapImporter: BytesImporter,
  bytes: Uint8Array,
  chunk = bytes.length,
  fileName = 'test.pcap',
): Imported {
  const entries: ImportedEntry[] = [];
  const problems: FileProblem[] = [];
  const importer = pcapImporter(
    { entry: (e) => entries.push(e), problem: (p) => problems.push(p) },
    { fileName, now: 0 },
  );
  for (let at = 0; at < bytes.length; at += chunk) importer.write(bytes.subarray(at, at + chunk));
  return { entries, problems, result: importer.end() };
}

export const STATION: Peer = { ip: '10.0.0.5', port: 51000 };
export const CSMS: Peer = { ip: '10.0.0.1', port: 9000 };

/** A conversation up to the 101: SYN handshake, the upgrade request and its answer. */
export function upgraded(
  options: {
    path?: string;
    headers?: Record<string, string>;
    protocols?: string[];
    chosen?: string;
    extensions?: string;
    client?: Peer;
    server?: Peer;
    isn?: { client: number; server: number };
  } = {},
): Conversation {
  const c = new Conversation(options.client ?? STATION, options.server ?? CSMS, options.isn).handshake();
  c.send('client', upgradeRequest(options.path ?? '/ocpp/CP-1', options.headers, options.protocols));
  c.send('server', upgradeResponse('chosen' in options ? options.chosen : 'ocpp1.6', options.extensions));
  return c;
}

/** The close handshake (the client first) and both FINs. */
export function closeBoth(
  c: Conversation,
  first: 'client' | 'server' = 'client',
  code = 1000,
  reason = '',
): void {
  const second = first === 'client' ? 'server' : 'client';
  const mask = (side: 'client' | 'server') => (side === 'client' ? { mask: MASK } : {});
  c.send(first, wsFrame(8, closeBody(code, reason), mask(first)));
  c.send(second, wsFrame(8, closeBody(code, reason), mask(second)));
  c.fin(second);
  c.fin(first);
  c.ack(second);
}
