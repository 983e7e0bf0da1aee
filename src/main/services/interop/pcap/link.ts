/**
 * Link layers, down to the IP packet: Ethernet (with 802.1Q / 802.1ad tags), Linux cooked capture
 * v1 and v2 (`tcpdump -i any`), raw IP, and the BSD loopback headers (macOS `lo0`).
 */
import { u16, u32 } from './bytes';

export const LINK_TYPE_NAMES: Record<number, string> = {
  0: 'BSD loopback',
  1: 'Ethernet',
  101: 'raw IP',
  105: 'IEEE 802.11 (Wi-Fi)',
  108: 'OpenBSD loopback',
  113: 'Linux cooked',
  127: 'IEEE 802.11 radiotap',
  228: 'raw IPv4',
  229: 'raw IPv6',
  276: 'Linux cooked v2',
};

const SUPPORTED = new Set([0, 1, 101, 108, 113, 228, 229, 276]);

export function linkTypeSupported(linkType: number): boolean {
  return SUPPORTED.has(linkType);
}

export function unsupportedLinkType(linkType: number): string {
  const name = LINK_TYPE_NAMES[linkType];
  return (
    `it was captured with link type ${linkType}${name !== undefined ? ` (${name})` : ''}, ` +
    'which OCPP Scope cannot read: capture on the Ethernet or loopback interface (tcpdump -i eth0, ' +
    '-i lo) or on all of them (tcpdump -i any), or save it from Wireshark as Ethernet'
  );
}

export type LinkResult =
  | { kind: 'ip'; version: 4 | 6; offset: number }
  /** ARP, LLDP...: not IP, nothing to say. */
  | { kind: 'other' }
  | { kind: 'bad'; message: string };

const OTHER: LinkResult = { kind: 'other' };

function byEtherType(type: number, offset: number): LinkResult {
  if (type === 0x0800) return { kind: 'ip', version: 4, offset };
  if (type === 0x86dd) return { kind: 'ip', version: 6, offset };
  return OTHER;
}

function byVersion(data: Uint8Array, offset: number): LinkResult {
  if (data.length <= offset) return { kind: 'bad', message: 'no IP header after the link header' };
  const version = data[offset]! >> 4;
  return version === 4 || version === 6 ? { kind: 'ip', version, offset } : OTHER;
}

/** BSD address families: AF_INET is 2 everywhere; AF_INET6 is 24, 28 or 30 by system. */
function byFamily(family: number): LinkResult {
  if (family === 2) return { kind: 'ip', version: 4, offset: 4 };
  if (family === 24 || family === 28 || family === 30) return { kind: 'ip', version: 6, offset: 4 };
  return OTHER;
}

function short(what: string, need: number, got: number): LinkResult {
  return { kind: 'bad', message: `too short for its ${what} header (${got} of ${need} bytes)` };
}

export function linkPayload(linkType: number, data: Uint8Array): LinkResult {
  switch (linkType) {
    case 1: {
      if (data.length < 14) return short('Ethernet', 14, data.length);
      let offset = 12;
      let type = u16(data, offset, false);
      // VLAN tags, possibly stacked (QinQ).
      while (type === 0x8100 || type === 0x88a8 || type === 0x9100) {
        offset += 4;
        if (data.length < offset + 2) return short('VLAN-tagged Ethernet', offset + 2, data.length);
        type = u16(data, offset, false);
      }
      return byEtherType(type, offset + 2);
    }
    case 113:
      return data.length < 16
        ? short('Linux cooked', 16, data.length)
        : byEtherType(u16(data, 14, false), 16);
    case 276:
      return data.length < 20
        ? short('Linux cooked v2', 20, data.length)
        : byEtherType(u16(data, 0, false), 20);
    case 101:
      return byVersion(data, 0);
    case 228:
      return { kind: 'ip', version: 4, offset: 0 };
    case 229:
      return { kind: 'ip', version: 6, offset: 0 };
    case 0: {
      if (data.length < 4) return short('loopback', 4, data.length);
      // In the byte order of the machine that captured, which the file does not say.
      const le = u32(data, 0, true);
      return byFamily(le < 0x10000 ? le : u32(data, 0, false));
    }
    case 108:
      return data.length < 4 ? short('loopback', 4, data.length) : byFamily(u32(data, 0, false));
    default:
      return OTHER;
  }
}
