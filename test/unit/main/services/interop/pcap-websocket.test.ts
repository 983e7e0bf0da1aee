/**
 * WebSocket frames and the handshake as a capture holds them: masking, the three length forms,
 * fragmented messages with pings between the fragments, frames cut across segments and sharing
 * them, permessage-deflate with and without context takeover, protocol errors that stop one
 * connection (not the others), binary and non-UTF-8 frames, closes, and what the opened entry says.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectionEntry, FrameEntry } from '../../../../../src/shared/capture/entry';
import { pcapImporter } from '../../../../../src/main/services/interop/pcap/import';
import {
  MASK,
  closeBody,
  closeBoth,
  deflateMessage,
  importCapture,
  packets,
  pcapFile,
  upgraded,
  wsFrame,
  type Conversation,
  type Imported,
} from '../../../../support/pcap-writer';

const run = (c: Conversation | Buffer[], chunk = 17): Imported =>
  importCapture(
    pcapImporter,
    pcapFile(packets(Array.isArray(c) ? c : c.datagrams()), { linkType: 1 }),
    chunk,
  );
const frames = (i: Imported, connectionId = 'tcp-1') =>
  i.entries
    .filter((e): e is FrameEntry & { ts: number } => e.kind === 'frame' && e.connectionId === connectionId)
    .map((e) => [e.direction, e.raw, ...(e.binary ? ['binary'] : [])]);
const connection = (i: Imported, event: ConnectionEntry['event'], connectionId = 'tcp-1') =>
  i.entries.find(
    (e): e is ConnectionEntry & { ts: number } =>
      e.kind === 'connection' && e.event === event && e.connectionId === connectionId,
  );

const text = (n: number) => `[2,"${n}","DataTransfer",{"vendorId":"v","data":"${'é'.repeat(n)}"}]`;

void test('masked and unmasked frames of 7-bit, 16-bit and 64-bit lengths; one segment per byte or many frames per segment', () => {
  const c = upgraded();
  const small = text(10);
  const medium = text(300);
  const large = text(40_000);
  c.send('client', wsFrame(1, small, { mask: MASK }));
  c.send('server', Buffer.concat([wsFrame(1, medium), wsFrame(1, small)]));
  const big = wsFrame(1, large, { mask: MASK });
  for (let at = 0; at < big.length; at += 1400) c.send('client', big.subarray(at, at + 1400));
  const tiny = wsFrame(1, medium, { mask: MASK });
  for (let at = 0; at < tiny.length; at++) c.send('client', tiny.subarray(at, at + 1));
  closeBoth(c);
  const imported = run(c);
  assert.deepEqual(imported.problems, []);
  assert.deepEqual(frames(imported), [
    ['toCsms', small],
    ['toStation', medium],
    ['toStation', small],
    ['toCsms', large],
    ['toCsms', medium],
  ]);
});

void test('a fragmented message with pings and pongs between its fragments: one frame; pings and pongs counted', () => {
  const c = upgraded();
  const message = text(50);
  const parts = [message.slice(0, 10), message.slice(10, 30), message.slice(30)];
  c.send('client', wsFrame(1, parts[0]!, { mask: MASK, fin: false }));
  c.send('server', wsFrame(9, 'are you there'));
  c.send('client', wsFrame(10, 'are you there', { mask: MASK }));
  c.send('client', wsFrame(0, parts[1]!, { mask: MASK, fin: false }));
  c.send('client', wsFrame(9, '', { mask: MASK }));
  c.send('client', wsFrame(0, parts[2]!, { mask: MASK }));
  c.send('server', wsFrame(10, ''));
  closeBoth(c, 'server', 1001, 'going away');
  const imported = run(c);
  assert.deepEqual(imported.problems, []);
  assert.deepEqual(frames(imported), [['toCsms', message]]);
  const closed = connection(imported, 'closed');
  assert.deepEqual(
    [closed?.code, closed?.reason, closed?.closedBy, closed?.pings, closed?.pongs],
    [1001, 'going away', 'csms', 2, 2],
  );
});

void test('permessage-deflate without context takeover, a compressed message fragmented (RSV1 on the first only)', () => {
  const c = upgraded({
    extensions: 'permessage-deflate; client_no_context_takeover; server_no_context_takeover',
  });
  const one = text(200);
  const two = text(201);
  c.send('client', wsFrame(1, deflateMessage(one), { mask: MASK, rsv1: true }));
  const packed = deflateMessage(two);
  c.send('server', wsFrame(1, packed.subarray(0, 5), { rsv1: true, fin: false }));
  c.send('server', wsFrame(0, packed.subarray(5)));
  c.send('client', wsFrame(1, 'not compressed', { mask: MASK }));
  closeBoth(c);
  const imported = run(c);
  assert.deepEqual(imported.problems, []);
  assert.deepEqual(frames(imported), [
    ['toCsms', one],
    ['toStation', two],
    ['toCsms', 'not compressed'],
  ]);
  assert.match(imported.result.description, /1 with permessage-deflate/);
});

void test('permessage-deflate with context takeover: a message that refers back into the one before', () => {
  const c = upgraded({ extensions: 'permessage-deflate' });
  const first = '[2,"1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available"}]';
  const second = '[2,"2","StatusNotification",{"connectorId":2,"errorCode":"NoError","status":"Available"}]';
  c.send('client', wsFrame(1, deflateMessage(first), { mask: MASK, rsv1: true }));
  const referring = deflateMessage(second, Buffer.from(first));
  assert.ok(referring.length < deflateMessage(second).length, 'the second message uses the window');
  c.send('client', wsFrame(1, referring, { mask: MASK, rsv1: true }));
  closeBoth(c);
  const imported = run(c);
  assert.deepEqual(imported.problems, []);
  assert.deepEqual(frames(imported), [
    ['toCsms', first],
    ['toCsms', second],
  ]);
});

void test('protocol errors stop that connection with a warning at their packet; the other connection goes on', () => {
  // The packet where the error shows: the bad frame's (the second fragment's for RSV1).
  const cases: [string, (c: Conversation) => void, RegExp, number?][] = [
    [
      'opcode',
      (c) => c.send('client', wsFrame(3, 'x', { mask: MASK })),
      /reserved opcode 3 from the station/,
    ],
    [
      'RSV1 on a continuation',
      (c) => {
        c.send('server', wsFrame(1, deflateMessage('ab'), { rsv1: true, fin: false }));
        c.send('server', wsFrame(0, deflateMessage('cd'), { rsv1: true }));
      },
      /RSV1 set on a continuation frame.*from the CSMS/,
      8,
    ],
    [
      'bad deflate',
      (c) => c.send('client', wsFrame(1, Buffer.from([0xff, 0xff, 0xff]), { mask: MASK, rsv1: true })),
      /does not inflate/,
    ],
    [
      'continuation',
      (c) => c.send('client', wsFrame(0, 'x', { mask: MASK })),
      /continuation frame with no message/,
    ],
  ];
  for (const [name, bad, message, packet = 7] of cases) {
    const broken = upgraded({ extensions: 'permessage-deflate' });
    broken.send('client', wsFrame(1, text(1), { mask: MASK }));
    bad(broken);
    broken.send('client', wsFrame(1, text(2), { mask: MASK }));
    closeBoth(broken);
    const good = upgraded({ client: { ip: '10.0.0.6', port: 52000 } });
    good.send('client', wsFrame(1, text(3), { mask: MASK }));
    closeBoth(good);
    const imported = run([...broken.datagrams(), ...good.datagrams()]);
    assert.deepEqual(frames(imported), [['toCsms', text(1)]], name);
    assert.deepEqual(frames(imported, 'tcp-2'), [['toCsms', text(3)]], name);
    assert.equal(imported.problems.length, 1, name);
    assert.equal(imported.problems[0]?.kind, 'import-warning');
    assert.equal(imported.problems[0]?.line, packet, name);
    assert.match(imported.problems[0].message, message, name);
    assert.ok(
      connection(imported, 'closed')?.reason?.startsWith(`decoding stopped (at packet ${packet}: `),
      name,
    );
    assert.equal(connection(imported, 'closed', 'tcp-2')?.code, 1000);
  }
});

void test('binary frames as base64; a text frame that is not UTF-8 kept as its bytes; a close without a code', () => {
  const c = upgraded();
  c.send('client', wsFrame(2, Buffer.from([0, 1, 2, 255]), { mask: MASK }));
  c.send('server', wsFrame(1, Buffer.from([0x5b, 0xff, 0x5d])));
  c.send('server', wsFrame(8, ''));
  c.send('client', wsFrame(8, closeBody(1000), { mask: MASK }));
  const imported = run(c);
  assert.deepEqual(frames(imported), [
    ['toCsms', 'AAEC/w==', 'binary'],
    ['toStation', 'W/9d', 'binary'],
  ]);
  const bad = imported.entries.find((e) => e.kind === 'frame' && e.direction === 'toStation');
  assert.deepEqual(bad?.kind === 'frame' ? bad.faults : [], [
    'a text frame whose bytes are not valid UTF-8: captured as bytes (base64)',
  ]);
  const closed = connection(imported, 'closed');
  assert.deepEqual([closed?.code, closed?.closedBy, closed?.reason], [1005, 'csms', undefined]);
});

void test('the opened entry: url, percent-decoded station, offered and chosen subprotocols, credentials redacted', () => {
  const basic = `Basic ${Buffer.from('CP/7:s3cret').toString('base64')}`;
  const c = upgraded({
    path: '/ocpp/v16/CP%2F7?tenant=1',
    headers: {
      Authorization: basic,
      'Sec-WebSocket-Extensions': 'permessage-deflate; client_max_window_bits',
    },
    protocols: ['ocpp2.0.1', 'ocpp1.6'],
  });
  // The charger's first CALL in the same segment as... its own next bytes, right after the 101.
  c.send('client', Buffer.concat([wsFrame(1, text(1), { mask: MASK }), wsFrame(1, text(2), { mask: MASK })]));
  const bearer = upgraded({
    client: { ip: '10.0.0.6', port: 52000 },
    headers: { Authorization: 'Bearer abc.def' },
    chosen: undefined,
  });
  const imported = run([...c.datagrams(), ...bearer.datagrams()]);
  const opened = connection(imported, 'opened');
  assert.equal(opened?.stationId, 'CP/7');
  assert.equal(opened?.url, 'ws://csms.example:9000/ocpp/v16/CP%2F7?tenant=1');
  assert.deepEqual(opened?.offeredSubprotocols, ['ocpp2.0.1', 'ocpp1.6']);
  assert.equal(opened?.subprotocol, 'ocpp1.6');
  assert.equal(opened?.tls, false);
  assert.equal(opened?.remoteAddress, '10.0.0.5:51000');
  assert.equal(opened?.headers?.['authorization'], 'Basic user "CP/7", password redacted');
  assert.equal(opened?.headers?.['sec-websocket-extensions'], 'permessage-deflate; client_max_window_bits');
  assert.ok(!JSON.stringify(imported.entries).includes('s3cret'));
  assert.ok(!JSON.stringify(imported.entries).includes(basic.slice(6)));
  assert.deepEqual(frames(imported), [
    ['toCsms', text(1)],
    ['toCsms', text(2)],
  ]);
  const other = connection(imported, 'opened', 'tcp-2');
  assert.equal(other?.headers?.['authorization'], 'Bearer (redacted)');
  assert.equal(other?.subprotocol, undefined);
  assert.match(
    connection(imported, 'error', 'tcp-2')?.message ?? '',
    /chose none of the offered subprotocols \(ocpp1\.6\)/,
  );
});

void test('the 101 and the first frames in one segment', () => {
  const c = upgraded();
  const response = c.segments.pop()!;
  c.segments.pop();
  const request = upgraded().segments[3]!;
  const merged = upgraded();
  merged.segments.splice(3);
  merged.segments.push(request, {
    ...response,
    payload: Buffer.concat([response.payload, wsFrame(1, text(4))]),
  });
  const imported = run(merged);
  assert.deepEqual(imported.problems, []);
  assert.deepEqual(frames(imported), [['toStation', text(4)]]);
});
