/**
 * IPv4 and IPv6 down to the transport payload. Fragments are put back together (a WebSocket frame
 * over a path with a small MTU may be fragmented); fragments that never complete are reported
 * when the file ends.
 */
import { u16, u32 } from './bytes';

export interface IpPacket {
  src: string;
  dst: string;
  protocol: number;
  payload: Uint8Array;
  /** Payload bytes the snapshot length cut off (sent, never captured). */
  missing: number;
}

export type IpResult =
  | { kind: 'ip'; packet: IpPacket }
  /** A fragment held until the rest of its datagram comes. */
  | { kind: 'held' }
  | { kind: 'bad'; message: string };

export function ipv4Text(b: Uint8Array, o: number): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
}

/** RFC 5952 text: lower case, the longest run of two or more zero groups as `::`. */
export function ipv6Text(b: Uint8Array, o: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(u16(b, o + i * 2, false));
  let bestAt = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestAt, bestLength] = [i, j - i];
    i = j;
  }
  const hex = (from: number, to: number) =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  return bestAt < 0 ? hex(0, 8) : `${hex(0, bestAt)}::${hex(bestAt + bestLength, 8)}`;
}

interface Datagram {
  firstPacket: number;
  src: string;
  dst: string;
  protocol: number;
  parts: { offset: number; data: Uint8Array }[];
  total?: number;
}

export interface LostFragments {
  packet: number;
  message: string;
}

export class IpReader {
  private readonly datagrams = new Map<string, Datagram>();

  read(version: 4 | 6, data: Uint8Array, offset: number, packetNumber: number): IpResult {
    return version === 4 ? this.v4(data, offset, packetNumber) : this.v6(data, offset, packetNumber);
  }

  /** Datagrams whose fragments never all came, when the file has ended. */
  unfinished(): LostFragments[] {
    const lost = [...this.datagrams.values()].map((d) => ({
      packet: d.firstPacket,
      message:
        `an IP datagram ${d.src} -> ${d.dst} was fragmented and not every fragment was captured ` +
        `(${d.parts.reduce((n, p) => n + p.data.length, 0)} bytes held): its data is lost`,
    }));
    this.datagrams.clear();
    return lost;
  }

  private v4(b: Uint8Array, o: number, packetNumber: number): IpResult {
    if (b.length - o < 20) return bad('IPv4', 20, b.length - o);
    const headerLength = (b[o]! & 0x0f) * 4;
    if (headerLength < 20 || b.length - o < headerLength)
      return bad('IPv4', Math.max(headerLength, 20), b.length - o);
    // 0: a segmentation-offloaded packet captured before the NIC split it; the bytes say the length.
    const total = u16(b, o + 2, false) || b.length - o;
    if (total < headerLength)
      return { kind: 'bad', message: `an IPv4 total length (${total}) shorter than its header` };
    const end = Math.min(o + total, b.length);
    const packet: IpPacket = {
      src: ipv4Text(b, o + 12),
      dst: ipv4Text(b, o + 16),
      protocol: b[o + 9]!,
      payload: b.subarray(o + headerLength, end),
      missing: o + total - end,
    };
    const flags = u16(b, o + 6, false);
    const more = (flags & 0x2000) !== 0;
    const fragmentOffset = (flags & 0x1fff) * 8;
    if (!more && fragmentOffset === 0) return { kind: 'ip', packet };
    const key = `4 ${packet.src} ${packet.dst} ${packet.protocol} ${u16(b, o + 4, false)}`;
    return this.fragment(key, packet, fragmentOffset, more, packetNumber);
  }

  private v6(b: Uint8Array, o: number, packetNumber: number): IpResult {
    if (b.length - o < 40) return bad('IPv6', 40, b.length - o);
    const length = u16(b, o + 4, false) || b.length - o - 40;
    const end = Math.min(o + 40 + length, b.length);
    let next = b[o + 6]!;
    let at = o + 40;
    let fragment: { offset: number; more: boolean; id: number } | undefined;
    for (;;) {
      if (next === 0 || next === 43 || next === 60 || next === 51 || next === 44) {
        if (end - at < 8) return { kind: 'bad', message: 'an IPv6 extension header cut short' };
        const size = next === 44 ? 8 : next === 51 ? (b[at + 1]! + 2) * 4 : (b[at + 1]! + 1) * 8;
        if (next === 44) {
          const field = u16(b, at + 2, false);
          fragment = { offset: field & 0xfff8, more: (field & 1) !== 0, id: u32(b, at + 4, false) };
        }
        next = b[at]!;
        at += size;
        continue;
      }
      break;
    }
    if (at > end) return { kind: 'bad', message: 'IPv6 extension headers longer than the packet' };
    const packet: IpPacket = {
      src: ipv6Text(b, o + 8),
      dst: ipv6Text(b, o + 24),
      protocol: next,
      payload: b.subarray(at, end),
      missing: o + 40 + length - end,
    };
    if (fragment === undefined || (!fragment.more && fragment.offset === 0)) return { kind: 'ip', packet };
    const key = `6 ${packet.src} ${packet.dst} ${fragment.id}`;
    return this.fragment(key, packet, fragment.offset, fragment.more, packetNumber);
  }

  private fragment(
    key: string,
    packet: IpPacket,
    offset: number,
    more: boolean,
    packetNumber: number,
  ): IpResult {
    let datagram = this.datagrams.get(key);
    if (datagram === undefined) {
      datagram = {
        firstPacket: packetNumber,
        src: packet.src,
        dst: packet.dst,
        protocol: packet.protocol,
        parts: [],
      };
      this.datagrams.set(key, datagram);
    }
    // The first fragment carries the transport protocol (IPv6: after the fragment header).
    if (offset === 0) datagram.protocol = packet.protocol;
    datagram.parts.push({ offset, data: packet.payload });
    if (!more) datagram.total = offset + packet.payload.length;
    if (datagram.total === undefined) return { kind: 'held' };
    datagram.parts.sort((x, y) => x.offset - y.offset);
    let covered = 0;
    for (const part of datagram.parts) {
      if (part.offset > covered) return { kind: 'held' };
      covered = Math.max(covered, part.offset + part.data.length);
    }
    if (covered < datagram.total) return { kind: 'held' };
    const whole = Buffer.alloc(datagram.total);
    for (const part of datagram.parts)
      whole.set(part.data.subarray(0, datagram.total - part.offset), part.offset);
    this.datagrams.delete(key);
    return {
      kind: 'ip',
      packet: {
        src: datagram.src,
        dst: datagram.dst,
        protocol: datagram.protocol,
        payload: whole,
        missing: 0,
      },
    };
  }
}

function bad(what: string, need: number, got: number): IpResult {
  return { kind: 'bad', message: `too short for its ${what} header (${got} of ${need} bytes)` };
}
