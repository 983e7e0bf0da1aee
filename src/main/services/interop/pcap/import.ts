/**
 * pcap / pcapng import: packets -> link layer -> IP (fragments put back) -> TCP streams (put back
 * in order) -> each stream read as a plain ws:// OCPP connection, a TLS stream or something else.
 * Entries come out in packet order with the packets' own times; a bad packet is a problem with
 * its number, and every good packet around it is still read.
 */
import type { ImportOptions, ImportResult, ImportSink } from '../../../../shared/interop/importer';
import { Connection, type StreamKind } from './connection';
import { PacketFile } from './file';
import { IpReader } from './ip';
import { LINK_TYPE_NAMES, linkPayload } from './link';
import { TcpTracker, type At } from './tcp';

/** Whether a file's first bytes are a pcap or pcapng magic number (either byte order). */
export { looksLikePcap } from './file';

export function pcapImporter(
  sink: ImportSink,
  options: ImportOptions,
): { write(chunk: Uint8Array): void; end(): ImportResult } {
  const connections: Connection[] = [];
  const tcp = new TcpTracker((info) => {
    const connection = new Connection(info, sink);
    connections.push(connection);
    return connection;
  });
  const ip = new IpReader();
  let last: At = { packet: 0, ts: options.now };
  let cutBySnapshot = 0;
  const skipped = (line: number, message: string) =>
    sink.problem({ kind: 'import-skipped', unit: 'packet', line, message: `packet ${line}: ${message}` });

  const file = new PacketFile({
    skipped,
    packet(packet) {
      const at: At = { packet: packet.number, ts: packet.ts };
      last = at;
      const link = linkPayload(packet.linkType, packet.data);
      if (link.kind === 'other') return;
      if (link.kind === 'bad') return skipped(packet.number, link.message);
      const read = ip.read(link.version, packet.data, link.offset, packet.number);
      if (read.kind === 'held') return;
      if (read.kind === 'bad') return skipped(packet.number, read.message);
      if (read.packet.protocol !== 6) return;
      if (read.packet.missing > 0 && cutBySnapshot++ === 0) {
        sink.problem({
          kind: 'import-warning',
          unit: 'packet',
          line: packet.number,
          message:
            `packet ${packet.number}: captured cut to ${packet.data.length} of its ${packet.wireLength} bytes ` +
            '(the snapshot length): the data cut off is lost; capture with tcpdump -s 0',
        });
      }
      const error = tcp.segment(read.packet, at);
      if (error !== undefined) skipped(packet.number, error);
    },
  });

  return {
    write(chunk: Uint8Array): void {
      file.write(chunk);
    },
    end(): ImportResult {
      file.end();
      for (const lost of ip.unfinished()) {
        sink.problem({
          kind: 'import-warning',
          unit: 'packet',
          line: lost.packet,
          message: `packet ${lost.packet}: ${lost.message}`,
        });
      }
      tcp.end(last);
      return summary(file, tcp.count, connections, cutBySnapshot);
    },
  };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function summary(file: PacketFile, streams: number, connections: Connection[], cut: number): ImportResult {
  const links = file.linkTypes.map((t) => LINK_TYPE_NAMES[t] ?? `link type ${t}`).join(', ');
  const count = (kind: StreamKind) => connections.filter((c) => c.kind === kind).length;
  const ws = connections.filter((c) => c.kind === 'websocket');
  const protocols = [...new Set(ws.map((c) => c.subprotocol ?? 'no subprotocol'))];
  const deflated = ws.filter((c) => c.deflate).length;
  const parts: string[] = [];
  if (ws.length > 0) {
    const details = [protocols.join(', '), ...(deflated > 0 ? [`${deflated} with permessage-deflate`] : [])];
    parts.push(`${plural(ws.length, 'OCPP WebSocket connection')} (${details.join('; ')})`);
  }
  const tls = count('tls');
  if (tls > 0) parts.push(`${plural(tls, 'TLS stream')} not decodable`);
  const refused = count('refused');
  if (refused > 0) parts.push(`${plural(refused, 'WebSocket upgrade')} refused or unanswered`);
  const http = count('http');
  if (http > 0) parts.push(`${plural(http, 'HTTP stream')} without upgrade`);
  // Streams with no payload at all (a refused SYN, a port scan) never got a Connection.
  const other = count('other') + streams - connections.length;
  if (other > 0) parts.push(`${plural(other, 'other TCP stream')}`);
  if (cut > 0) parts.push(`${plural(cut, 'packet')} cut by the snapshot length`);
  const head = `${file.format ?? 'pcap'}${links !== '' ? ` (${links})` : ''}: ${plural(file.packets, 'packet')}`;
  const body = streams === 0 ? 'no TCP streams' : `${plural(streams, 'TCP stream')}: ${parts.join(', ')}`;
  const version =
    protocols.length === 1 && ws.every((c) => c.subprotocol !== undefined) ? protocols[0] : undefined;
  return {
    description: `${head}, ${body}`,
    ...(version !== undefined && ws.length > 0 ? { ocppVersion: version } : {}),
  };
}
