/**
 * TCP and IP as a capture shows them: segments out of order, retransmitted and overlapping, a gap
 * never filled (reported where it shows, the side read again from its next frame, each half's
 * frames kept in capture order with the other's; a compressed connection stopped), IP fragments,
 * streams without their SYN, sequence numbers wrapping, and how each stream is classified (TLS,
 * plain HTTP, a refused upgrade) and summed up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectionEntry, FrameEntry } from '../../../../../src/shared/capture/entry';
import { pcapImporter } from '../../../../../src/main/services/interop/pcap/import';
import {
  CSMS,
  Conversation,
  MASK,
  STATION,
  closeBoth,
  deflateMessage,
  importCapture,
  ipv4,
  ipv4Fragments,
  packets,
  pcapFile,
  tcpBytes,
  upgradeRequest,
  upgradeResponse,
  upgraded,
  wsFrame,
  type Imported,
  type Segment,
} from '../../../../support/pcap-writer';

const call = (id: number) => `[2,"${id}","Heartbeat",{}]`;
const result = (id: number) => `[3,"${id}",{"currentTime":"2024-01-01T00:00:00Z"}]`;

const run = (datagrams: Buffer[]): Imported =>
  importCapture(pcapImporter, pcapFile(packets(datagrams), { linkType: 1 }), 11);
const frames = (i: Imported, connectionId?: string) =>
  i.entries
    .filter((e): e is FrameEntry & { ts: number } => e.kind === 'frame')
    .filter((e) => connectionId === undefined || e.connectionId === connectionId)
    .map((e) => e.raw);
const connections = (i: Imported, event: ConnectionEntry['event']) =>
  i.entries.filter(
    (e): e is ConnectionEntry & { ts: number } => e.kind === 'connection' && e.event === event,
  );

/** Three calls each way, each frame in its own segment (segments 5.. are the frames). */
function threeCalls(c = upgraded()): Conversation {
  for (const id of [1, 2, 3]) {
    c.send('client', wsFrame(1, call(id), { mask: MASK }));
    c.send('server', wsFrame(1, result(id)));
  }
  closeBoth(c);
  return c;
}
const ALL = [call(1), result(1), call(2), result(2), call(3), result(3)];

void test('segments out of order are held until the bytes before them come', () => {
  const c = threeCalls();
  const s = [...c.segments];
  // call 2 (segment 7) captured after call 3 (segment 9), and result 1 after result 2.
  [s[7], s[9]] = [s[9]!, s[7]!];
  [s[6], s[8]] = [s[8]!, s[6]!];
  const imported = run(c.datagrams(s));
  assert.deepEqual(imported.problems, []);
  assert.deepEqual(
    frames(imported).filter((f) => f.startsWith('[2')),
    [call(1), call(2), call(3)],
  );
  assert.deepEqual(
    frames(imported).filter((f) => f.startsWith('[3')),
    [result(1), result(2), result(3)],
  );
});

void test('retransmissions and overlapping segments are delivered once', () => {
  const c = upgraded();
  const frame = wsFrame(1, call(1), { mask: MASK });
  const first = c.send('client', frame);
  c.send('server', wsFrame(1, result(1)));
  closeBoth(c);
  const overlapA: Segment = { ...first, payload: frame.subarray(0, 12) };
  const overlapB: Segment = { ...first, seq: first.seq + 6, payload: frame.subarray(6, 20) };
  const s = [...c.segments];
  s.splice(5, 1, overlapA, overlapB, first, first);
  const imported = run(c.datagrams([...s.slice(0, 7), s[6]!, ...s.slice(7)]));
  assert.deepEqual(imported.problems, []);
  assert.deepEqual(frames(imported), [call(1), result(1)]);
});

/** A connection's frames and error entries, in the order they came. */
const timeline = (i: Imported, connectionId: string) =>
  i.entries
    .filter((e) => e.connectionId === connectionId)
    .flatMap((e) =>
      e.kind === 'frame'
        ? [e.raw]
        : e.kind === 'connection' && e.event === 'error'
          ? [`error: ${e.message}`]
          : [],
    );

void test('a gap never filled: said where it was, the frames it carried lost, the side read again from its next frame', () => {
  const a = threeCalls();
  const b = threeCalls(upgraded({ client: { ip: '10.0.0.6', port: 52000 }, path: '/ocpp/CP-2' }));
  const lost = a.segments[7]!; // call 2
  const aKept = a.datagrams(a.segments.filter((s) => s !== lost));
  const datagrams = aKept.flatMap((d, i) => [
    d,
    ...(b.datagrams()[i] !== undefined ? [b.datagrams()[i]!] : []),
  ]);
  const imported = run(datagrams);
  // In capture order, although the station's bytes behind the hole were held until the file ended:
  // result 2 (the CSMS answered the CALL the capture missed), then the hole where it shows (at the
  // station's next segment), then call 3 and its answer.
  const gap =
    /^error: a TCP gap: 28 bytes the station sent \(stream offset \d+\) were never captured: what they carried is lost; the station's frames are read again from its next one$/;
  const events = timeline(imported, 'tcp-1');
  assert.deepEqual(
    events.filter((e) => !e.startsWith('error')),
    [call(1), result(1), result(2), call(3), result(3)],
  );
  assert.match(events[3] ?? '', gap);
  assert.equal(events.length, 6);
  assert.deepEqual(frames(imported, 'tcp-2'), ALL);
  assert.equal(imported.problems.length, 1);
  const problem = imported.problems[0]!;
  assert.equal(problem.kind, 'import-warning');
  assert.equal(problem.unit, 'packet');
  // The next client segment (call 3) is where the hole shows: packet 17 in the interleaved file.
  assert.equal(problem.line, 17);
  assert.match(
    problem.message,
    /tcp-1 \(10\.0\.0\.5:51000 -> 10\.0\.0\.1:9000\): a TCP gap: 28 bytes the station sent .* never captured; what they carried is lost/,
  );
  // Decoding went on: both closes were read.
  for (const id of ['tcp-1', 'tcp-2'])
    assert.equal(connections(imported, 'closed').find((e) => e.connectionId === id)?.code, 1000);
});

void test('a gap that cuts frames: what is left of them is skipped, the next frame read, on either side', () => {
  const c = upgraded();
  const first = wsFrame(1, call(1), { mask: MASK });
  const big = `[2,"2","DataTransfer",{"vendorId":"v","data":"${'[2,"9",'.repeat(40)}"}]`;
  const second = wsFrame(1, big, { mask: MASK });
  c.send('client', first);
  const cut = c.send('client', second.subarray(0, 30));
  c.send('client', second.subarray(30));
  c.send('client', wsFrame(1, call(3), { mask: MASK }));
  const answer = wsFrame(1, result(3));
  // The CSMS's frame cut too: its remainder is plain text, [2," and all, but no frame header.
  const lostAnswer = c.send('server', Buffer.concat([answer, wsFrame(1, result(1)).subarray(0, 10)]));
  c.send('server', wsFrame(1, result(1)).subarray(10));
  c.send('server', wsFrame(1, result(2)));
  closeBoth(c, 'server', 4001, 'gone');
  const imported = run(c.datagrams(c.segments.filter((s) => s !== cut && s !== lostAnswer)));
  assert.deepEqual(frames(imported), [call(1), call(3), result(2)]);
  const warnings = imported.problems.map((p) => p.message);
  assert.equal(warnings.length, 4);
  assert.match(warnings[0]!, /a TCP gap: 30 bytes the station sent/);
  assert.match(
    warnings[1]!,
    new RegExp(`after the gap, ${second.length - 30} bytes of the station were skipped`),
  );
  assert.match(warnings[2]!, /a TCP gap: \d+ bytes the CSMS sent/);
  assert.match(warnings[3]!, /after the gap, \d+ bytes of the CSMS were skipped/);
  const closed = connections(imported, 'closed')[0];
  assert.equal(closed?.code, 4001);
  assert.equal(closed?.reason, 'gone');
});

void test('a gap just before the close: the close is found, its code and reason kept', () => {
  const c = upgraded();
  c.send('client', wsFrame(1, call(1), { mask: MASK }));
  c.send('server', wsFrame(1, result(1)));
  const lost = c.send('client', wsFrame(1, call(2), { mask: MASK }));
  closeBoth(c, 'client', 4000, 'rebooting');
  const imported = run(c.datagrams(c.segments.filter((s) => s !== lost)));
  assert.deepEqual(frames(imported), [call(1), result(1)]);
  const closed = connections(imported, 'closed')[0];
  assert.deepEqual([closed?.code, closed?.reason, closed?.closedBy], [4000, 'rebooting', 'station']);
});

void test('a gap on a permessage-deflate connection: the rest of it cannot be decoded', () => {
  const c = upgraded({
    extensions: 'permessage-deflate; client_no_context_takeover; server_no_context_takeover',
  });
  const compressed = (text: string) => wsFrame(1, deflateMessage(text), { mask: MASK, rsv1: true });
  c.send('client', compressed(call(1)));
  const lost = c.send('client', compressed(call(2)));
  c.send('client', compressed(call(3)));
  closeBoth(c);
  const imported = run(c.datagrams(c.segments.filter((s) => s !== lost)));
  assert.deepEqual(frames(imported), [call(1)]);
  assert.match(
    imported.problems[0]?.message ?? '',
    /a TCP gap: .* the rest of this connection cannot be decoded/,
  );
  assert.match(
    connections(imported, 'closed')[0]?.reason ?? '',
    /^decoding stopped \(at packet \d+: a TCP gap/,
  );
});

void test('a gap at the end of the capture (no ack tells of it) is still reported, when the file ends', () => {
  const c = threeCalls();
  const s = c.segments.slice(0, 10).filter((_, i) => i !== 7);
  const imported = run(c.datagrams(s));
  assert.deepEqual(frames(imported), [call(1), result(1), result(2), call(3)]);
  assert.equal(imported.problems.length, 1);
  assert.equal(imported.problems[0]?.line, 9);
  assert.match(imported.problems[0].message, /28 bytes the station sent \(stream offset \d+\)/);
});

void test('IPv4 fragments are put back together, in any order; a datagram never completed is reported', () => {
  const c = upgraded();
  const big = `[2,"1","DataTransfer",{"vendorId":"v","data":"${'x'.repeat(3000)}"}]`;
  c.send('client', wsFrame(1, big, { mask: MASK }));
  c.send('server', wsFrame(1, result(1)));
  c.send('client', wsFrame(1, call(2), { mask: MASK }));
  const datagrams = c.datagrams();
  const fragmented = (index: number, id: number, size: number) => {
    const tcp = tcpBytes(STATION.port, CSMS.port, c.segments[index]!);
    return ipv4Fragments(STATION.ip, CSMS.ip, tcp, size, id);
  };
  const [f1, f2, f3] = fragmented(5, 77, 1480);
  const broken = fragmented(7, 78, 16);
  const imported = run([...datagrams.slice(0, 5), f3!, f1!, f2!, datagrams[6]!, broken[0]!]);
  assert.deepEqual(frames(imported), [big, result(1)]);
  assert.equal(imported.problems.length, 1, JSON.stringify(imported.problems));
  assert.equal(imported.problems[0]?.line, 10);
  assert.match(
    imported.problems[0].message,
    /packet 10: an IP datagram 10\.0\.0\.5 -> 10\.0\.0\.1 was fragmented/,
  );
});

void test('IPv6, no SYN in the capture, sequence numbers wrapping around 2^32: all read', () => {
  const c = threeCalls(
    upgraded({
      client: { ip: 'fd00::5', port: 51000 },
      server: { ip: 'fd00::1', port: 9000 },
      isn: { client: 0xffffffd0, server: 0xfffffff0 },
    }),
  );
  const imported = run(c.datagrams(c.segments.slice(3)));
  assert.deepEqual(imported.problems, []);
  assert.deepEqual(frames(imported), ALL);
  const opened = connections(imported, 'opened')[0];
  assert.equal(opened?.remoteAddress, '[fd00::5]:51000');
  assert.equal(opened?.url, 'ws://csms.example:9000/ocpp/CP-1');
});

void test('TLS, plain HTTP and a refused upgrade: an error entry for TLS and the refusal, the rest counted', () => {
  const tls = new Conversation({ ip: '10.0.0.7', port: 53000 }, { ip: '10.0.0.1', port: 443 }).handshake();
  tls.send('client', Buffer.from('160301020001' + '0001fc0303'.padEnd(40, '0'), 'hex'));
  tls.send('server', Buffer.from('160303007a020000760303', 'hex'));
  const http = new Conversation({ ip: '10.0.0.8', port: 54000 }, CSMS).handshake();
  http.send('client', 'GET /status HTTP/1.1\r\nHost: csms\r\n\r\n');
  http.send('server', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
  const refused = new Conversation({ ip: '10.0.0.9', port: 55000 }, CSMS).handshake();
  refused.send(
    'client',
    upgradeRequest('/ocpp/CP-9', { Authorization: `Basic ${Buffer.from('CP-9:wrong').toString('base64')}` }),
  );
  refused.send('server', upgradeResponse(undefined, undefined, '401 Unauthorized'));
  const other = new Conversation(
    { ip: '10.0.0.10', port: 56000 },
    { ip: '10.0.0.1', port: 5432 },
  ).handshake();
  other.send('server', 'R\0\0\0\x08\0\0\0\0');
  const ws = threeCalls();
  const imported = run([
    ...tls.datagrams(),
    ...http.datagrams(),
    ...refused.datagrams(),
    ...other.datagrams(),
    ...ws.datagrams(),
  ]);
  assert.deepEqual(imported.problems, []);
  const errors = connections(imported, 'error');
  assert.equal(errors.length, 2);
  assert.equal(errors[0]?.tls, true);
  assert.equal(errors[0]?.connectionId, 'tcp-1');
  assert.equal(errors[0]?.remoteAddress, '10.0.0.7:53000');
  assert.equal(
    errors[0]?.message,
    'the connection from 10.0.0.7:53000 to 10.0.0.1:443 is TLS-encrypted (security profile 2/3): it cannot be decoded ' +
      'without its keys; capture plain ws:// or put the OCPP Scope proxy in between',
  );
  assert.equal(errors[1]?.stationId, 'CP-9');
  assert.equal(
    errors[1]?.message,
    'the CSMS refused the WebSocket upgrade of /ocpp/CP-9 with HTTP 401 Unauthorized',
  );
  assert.equal(errors[1]?.headers?.['authorization'], 'Basic user "CP-9", password redacted');
  assert.deepEqual(frames(imported), ALL);
  assert.equal(connections(imported, 'opened')[0]?.connectionId, 'tcp-5');
  assert.equal(
    imported.result.description,
    'pcap (Ethernet): 35 packets, 5 TCP streams: ' +
      '1 OCPP WebSocket connection (ocpp1.6), 1 TLS stream not decodable, 1 WebSocket upgrade refused or unanswered, ' +
      '1 HTTP stream without upgrade, 1 other TCP stream',
  );
  assert.equal(imported.result.ocppVersion, 'ocpp1.6');
});

void test('a TCP end without a WebSocket close: FIN, RST, or the capture just ending', () => {
  const fin = upgraded();
  fin.send('client', wsFrame(1, call(1), { mask: MASK }));
  fin.fin('client');
  fin.fin('server');
  const rst = upgraded({ client: { ip: '10.0.0.6', port: 52000 } });
  rst.rst('server');
  const open = upgraded({ client: { ip: '10.0.0.7', port: 52000 } });
  open.send('server', wsFrame(9, 'hb'));
  open.send('client', wsFrame(10, 'hb', { mask: MASK }));
  const imported = run([...fin.datagrams(), ...rst.datagrams(), ...open.datagrams()]);
  const closed = connections(imported, 'closed');
  assert.deepEqual(
    closed.map((e) => [e.connectionId, e.code, e.closedBy, e.reason, e.pings, e.pongs]),
    [
      [
        'tcp-1',
        1006,
        'station',
        'the TCP connection ended (FIN from the station first) without a WebSocket close',
        0,
        0,
      ],
      [
        'tcp-2',
        1006,
        'csms',
        'the TCP connection was reset (RST from the CSMS) without a WebSocket close',
        0,
        0,
      ],
      ['tcp-3', undefined, undefined, 'the capture ends while the connection is still open', 1, 1],
    ],
  );
});

void test('the same ports again after a close: a new stream, a new connection', () => {
  const first = threeCalls();
  const second = threeCalls(upgraded({ isn: { client: 90000, server: 95000 } }));
  const imported = run([...first.datagrams(), ...second.datagrams()]);
  assert.deepEqual(
    connections(imported, 'opened').map((e) => e.connectionId),
    ['tcp-1', 'tcp-2'],
  );
  assert.deepEqual(frames(imported, 'tcp-2'), ALL);
});

void test('the summary: versions, deflate, ocppVersion only when every connection agrees', () => {
  const a = threeCalls();
  const b = upgraded({
    client: { ip: '10.0.0.6', port: 52000 },
    protocols: ['ocpp2.0.1'],
    chosen: 'ocpp2.0.1',
    extensions: 'permessage-deflate; client_no_context_takeover; server_no_context_takeover',
  });
  b.send('client', wsFrame(1, deflateMessage(call(1)), { mask: MASK, rsv1: true }));
  const imported = run([...a.datagrams(), ...b.datagrams(), ipv4('10.0.0.1', '10.0.0.2', Buffer.alloc(0))]);
  assert.deepEqual(frames(imported, 'tcp-2'), [call(1)]);
  assert.match(
    imported.result.description,
    /: \d+ packets, 2 TCP streams: 2 OCPP WebSocket connections \(ocpp1\.6, ocpp2\.0\.1; 1 with permessage-deflate\)$/,
  );
  assert.equal(imported.result.ocppVersion, undefined);
  const empty = run([]);
  assert.equal(empty.result.description, 'pcap (Ethernet): 0 packets, no TCP streams');
});

void test('a lost segment the peer acknowledged, the stream going on long after: reported while it goes on', () => {
  const c = upgraded();
  for (let id = 1; id <= 30; id++) {
    c.send('client', wsFrame(1, call(id), { mask: MASK }));
    c.send('server', wsFrame(1, result(id)));
  }
  const lost = c.segments[7]!; // call 2
  const imported = run(c.datagrams(c.segments.filter((s) => s !== lost)));
  // The ACK for call 2 (with result 2, the stream's 8th packet) proves the loss; 32 packets later
  // the hole is taken as lost. The CSMS's results waited meanwhile: every CALL before its answer.
  const problem = imported.problems[0];
  assert.equal(problem?.line, 9);
  assert.match(problem?.message ?? '', /a TCP gap: 28 bytes the station sent/);
  const expected = Array.from({ length: 30 }, (_, i) => [call(i + 1), result(i + 1)]).flat();
  expected.splice(2, 1);
  assert.deepEqual(frames(imported), expected);
  assert.equal(
    connections(imported, 'closed')[0]?.reason,
    'the capture ends while the connection is still open',
  );
});
