/**
 * The packet files: classic pcap (both byte orders, µs and ns stamps) and pcapng (sections in
 * either byte order; per-interface link type, if_tsresol and if_tsoffset; enhanced, simple and
 * obsolete packet blocks), read from chunks cut anywhere. Packets come out as views of the bytes
 * read, never copies: a capture of 100k frames must not cost a copy per packet.
 */
import { ImportError } from '../../../../shared/interop/importer';
import { u16, u32 } from './bytes';
import { LINK_TYPE_NAMES, linkTypeSupported, unsupportedLinkType } from './link';

export interface RawPacket {
  /** 1-based, over every packet block of the file (as Wireshark numbers them). */
  number: number;
  /** ms since the epoch, with the fraction the capture's resolution gives. */
  ts: number;
  linkType: number;
  /** The captured bytes (a view: hold it, never change it). */
  data: Uint8Array;
  /** The packet's length on the wire (more than `data` when the snapshot length cut it). */
  wireLength: number;
}

export interface PacketFileSink {
  packet(packet: RawPacket): void;
  skipped(packetNumber: number, message: string): void;
}

// A length beyond this is a corrupt header, not a packet (Wireshark allows 256 MiB at most).
const MAX_BLOCK = 64 * 1024 * 1024;
const PCAPNG_SHB = 0x0a0d0d0a;

type PcapMagic = { le: boolean; nano: boolean };

function pcapMagic(head: Uint8Array): PcapMagic | undefined {
  if (head.length < 4) return undefined;
  const le = u32(head, 0, true);
  if (le === 0xa1b2c3d4) return { le: true, nano: false };
  if (le === 0xa1b23c4d) return { le: true, nano: true };
  const be = u32(head, 0, false);
  if (be === 0xa1b2c3d4) return { le: false, nano: false };
  if (be === 0xa1b23c4d) return { le: false, nano: true };
  return undefined;
}

function pcapngByteOrder(head: Uint8Array): boolean | undefined {
  if (head.length < 12 || u32(head, 0, true) !== PCAPNG_SHB) return undefined;
  if (u32(head, 8, true) === 0x1a2b3c4d) return true;
  if (u32(head, 8, false) === 0x1a2b3c4d) return false;
  return undefined;
}

/** Whether a file starts like pcap or pcapng, in either byte order (12 bytes are enough). */
export function looksLikePcap(head: Uint8Array): boolean {
  if (pcapMagic(head) !== undefined) return true;
  if (head.length >= 4 && u32(head, 0, true) === PCAPNG_SHB) {
    return head.length < 12 || pcapngByteOrder(head) !== undefined;
  }
  return false;
}

interface Interface {
  linkType: number;
  snapLength: number;
  /** Units per second of the stamps, and seconds added to them. */
  unitsPerSecond: number;
  offsetSeconds: number;
}

/** Stamp units to ms: exact while the count fits a double, by BigInt beyond (ns since 1970). */
function stampMs(high: number, low: number, unitsPerSecond: number, offsetSeconds: number): number {
  if (high < 0x200000) {
    return ((high * 0x100000000 + low) * 1000) / unitsPerSecond + offsetSeconds * 1000;
  }
  const units = (BigInt(high) << 32n) | BigInt(low);
  const per = BigInt(unitsPerSecond);
  const seconds = units / per;
  return (
    Number(seconds) * 1000 + (Number(units - seconds * per) * 1000) / unitsPerSecond + offsetSeconds * 1000
  );
}

function tsResolution(value: number): number {
  return value & 0x80 ? 2 ** (value & 0x7f) : 10 ** (value & 0x7f);
}

export class PacketFile {
  format: 'pcap' | 'pcapng' | undefined;
  /** Link types of the interfaces packets were read from, in the order first seen. */
  readonly linkTypes: number[] = [];
  packets = 0;
  private chunks: Uint8Array[] = [];
  private held = 0;
  /** Bytes needed before parsing can move on (a header, a whole block). */
  private need = 4;
  private stopped = false;
  private le = true;
  private pcap: Interface | undefined;
  private interfaces: Interface[] = [];
  private readonly refused = new Set<number>();
  private lastTs = 0;

  constructor(private readonly sink: PacketFileSink) {}

  write(chunk: Uint8Array): void {
    if (this.stopped || chunk.length === 0) return;
    this.chunks.push(chunk);
    this.held += chunk.length;
    if (this.held < this.need) return;
    // One copy per chunk at most (the rest of a block cut by the chunk boundary), never per packet.
    const bytes = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.held);
    const used = this.parse(bytes);
    const rest = bytes.subarray(used);
    this.chunks = rest.length > 0 && !this.stopped ? [rest] : [];
    this.held = this.chunks.length > 0 ? rest.length : 0;
  }

  end(): void {
    if (this.format === undefined) {
      throw new ImportError(`it is too short to be a pcap or pcapng file (${this.held} bytes)`);
    }
    if (this.stopped || this.held === 0) return;
    this.sink.skipped(
      this.packets + 1,
      `the file ends inside a block (${this.held} of its ${this.need} bytes): the capture was cut ` +
        '(stopped without tcpdump -U, or copied while it was written); every packet before it was read',
    );
  }

  private parse(b: Uint8Array): number {
    let at = 0;
    if (this.format === undefined) {
      const header = this.header(b);
      if (header < 0) return 0;
      at = header;
    }
    for (;;) {
      const used = this.format === 'pcap' ? this.pcapRecord(b, at) : this.pcapngBlock(b, at);
      if (used === 0 || this.stopped) return at;
      at += used;
    }
  }

  /** Reads the file header: its length (pcapng's is its first block), or -1 while more bytes are needed. */
  private header(b: Uint8Array): number {
    const magic = pcapMagic(b);
    if (magic !== undefined) {
      if (b.length < 24) return this.wait(24) - 1;
      this.format = 'pcap';
      this.le = magic.le;
      const linkType = u32(b, 20, magic.le) & 0xffff;
      if (!linkTypeSupported(linkType)) throw new ImportError(unsupportedLinkType(linkType));
      this.pcap = {
        linkType,
        snapLength: u32(b, 16, magic.le),
        unitsPerSecond: magic.nano ? 1e9 : 1e6,
        offsetSeconds: 0,
      };
      this.linkTypes.push(linkType);
      return 24;
    }
    if (b.length >= 4 && u32(b, 0, true) === PCAPNG_SHB) {
      if (b.length < 12) return this.wait(12) - 1;
      if (pcapngByteOrder(b) === undefined) throw this.notPcap();
      this.format = 'pcapng';
      return 0;
    }
    throw this.notPcap();
  }

  private notPcap(): ImportError {
    return new ImportError(
      'it is not a pcap or pcapng file (no capture file magic number at its start): ' +
        'save the capture as pcap or pcapng (tcpdump -w, or Wireshark "Save As")',
    );
  }

  private wait(bytes: number): number {
    this.need = bytes;
    return 0;
  }

  private corrupt(what: string): number {
    this.stopped = true;
    this.chunks = [];
    this.held = 0;
    this.sink.skipped(
      this.packets + 1,
      `${what}: the file is corrupt from here, and nothing after it can be read (every packet before it was)`,
    );
    return 0;
  }

  private pcapRecord(b: Uint8Array, at: number): number {
    if (b.length - at < 16) return this.wait(16);
    const iface = this.pcap!;
    const captured = u32(b, at + 8, this.le);
    if (captured > MAX_BLOCK) {
      return this.corrupt(`packet ${this.packets + 1} claims ${captured} bytes (a corrupt record length)`);
    }
    if (b.length - at < 16 + captured) return this.wait(16 + captured);
    const seconds = u32(b, at, this.le);
    const fraction = u32(b, at + 4, this.le);
    this.packets++;
    this.sink.packet({
      number: this.packets,
      ts: seconds * 1000 + (fraction * 1000) / iface.unitsPerSecond,
      linkType: iface.linkType,
      data: b.subarray(at + 16, at + 16 + captured),
      wireLength: Math.max(u32(b, at + 12, this.le), captured),
    });
    this.need = 16;
    return 16 + captured;
  }

  private pcapngBlock(b: Uint8Array, at: number): number {
    if (b.length - at < 12) return this.wait(12);
    let type = u32(b, at, this.le);
    if (type === PCAPNG_SHB) {
      const le = pcapngByteOrder(b.subarray(at));
      if (le === undefined) return this.corrupt('a section header with an unknown byte-order magic');
      this.le = le;
      type = PCAPNG_SHB;
    }
    const length = u32(b, at + 4, this.le);
    if (length < 12 || length % 4 !== 0 || length > MAX_BLOCK) {
      return this.corrupt(`a block of type 0x${type.toString(16)} with a corrupt length (${length})`);
    }
    if (b.length - at < length) return this.wait(length);
    if (u32(b, at + length - 4, this.le) !== length) {
      return this.corrupt(`a block of type 0x${type.toString(16)} whose two lengths disagree`);
    }
    this.need = 12;
    const block = b.subarray(at, at + length);
    if (type === PCAPNG_SHB) this.interfaces = [];
    else if (type === 1) this.interfaceBlock(block);
    else if (type === 6 || type === 2 || type === 3) this.packetBlock(type, block);
    return length;
  }

  private interfaceBlock(block: Uint8Array): void {
    if (block.length < 20) {
      this.interfaces.push({ linkType: -1, snapLength: 0, unitsPerSecond: 1e6, offsetSeconds: 0 });
      return;
    }
    const iface: Interface = {
      linkType: u16(block, 8, this.le),
      snapLength: u32(block, 12, this.le),
      unitsPerSecond: 1e6,
      offsetSeconds: 0,
    };
    for (let o = 16; o + 4 <= block.length - 4;) {
      const code = u16(block, o, this.le);
      const size = u16(block, o + 2, this.le);
      if (code === 0 || o + 4 + size > block.length - 4) break;
      if (code === 9 && size >= 1) iface.unitsPerSecond = tsResolution(block[o + 4]!);
      if (code === 14 && size === 8) {
        const high = u32(block, o + 4 + (this.le ? 4 : 0), this.le) | 0;
        iface.offsetSeconds = high * 0x100000000 + u32(block, o + 4 + (this.le ? 0 : 4), this.le);
      }
      o += 4 + ((size + 3) & ~3);
    }
    this.interfaces.push(iface);
  }

  private packetBlock(type: number, block: Uint8Array): void {
    const number = ++this.packets;
    const le = this.le;
    const fixed = type === 3 ? 16 : 32;
    if (block.length < fixed) return this.sink.skipped(number, 'a packet block too short for its own fields');
    const ifaceId = type === 6 ? u32(block, 8, le) : type === 2 ? u16(block, 8, le) : 0;
    const iface = this.interfaces[ifaceId];
    if (iface === undefined) {
      return this.sink.skipped(
        number,
        `a packet of interface ${ifaceId}, which no interface block describes`,
      );
    }
    if (!linkTypeSupported(iface.linkType)) {
      // A file where no interface can be read is not ours to import; one odd interface among
      // readable ones only costs its own packets.
      if (this.linkTypes.length === 0) throw new ImportError(unsupportedLinkType(iface.linkType));
      if (!this.refused.has(ifaceId)) {
        this.refused.add(ifaceId);
        const name = LINK_TYPE_NAMES[iface.linkType] ?? `link type ${iface.linkType}`;
        this.sink.skipped(
          number,
          `interface ${ifaceId} captured ${name}, which cannot be read: its packets are skipped`,
        );
      }
      return;
    }
    let data: Uint8Array;
    let wireLength: number;
    // A simple packet block has no time: the time of the packet before it is the best there is.
    let ts = this.lastTs;
    if (type === 3) {
      wireLength = u32(block, 8, le);
      const room = block.length - 16;
      const snap = iface.snapLength > 0 ? iface.snapLength : room;
      data = block.subarray(12, 12 + Math.min(wireLength, room, snap));
    } else {
      const captured = u32(block, 20, le);
      wireLength = u32(block, 24, le);
      if (captured > block.length - 32) {
        return this.sink.skipped(
          number,
          `its block claims ${captured} captured bytes but holds ${block.length - 32}`,
        );
      }
      data = block.subarray(28, 28 + captured);
      ts = stampMs(u32(block, 12, le), u32(block, 16, le), iface.unitsPerSecond, iface.offsetSeconds);
    }
    if (!this.linkTypes.includes(iface.linkType)) this.linkTypes.push(iface.linkType);
    this.lastTs = ts;
    this.sink.packet({
      number,
      ts,
      linkType: iface.linkType,
      data,
      wireLength: Math.max(wireLength, data.length),
    });
  }
}
