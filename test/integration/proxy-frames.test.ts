/**
 * The proxy's frames over real sockets: byte-exact forwarding and capture, calls both ways,
 * close mirroring, pings and pongs end to end, many chargers at once, and input no OCPP peer
 * should send (which the proxy must forward and capture as it is).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  charger,
  closeOf,
  collect,
  endpointOf,
  messageLog,
  once,
  openRaw,
  parse,
  scoped,
  startCsms,
  startProxy,
  startRawCsms,
  VERSIONS,
  type ServerClient,
} from './proxy-support';

/** About `bytes` of UTF-8 text mixing emoji (with ZWJ and flags), CJK and combining marks. */
function unicodeText(bytes: number): string {
  const pieces = ['😀', '👩\u200d🔧', '🇩🇪', '中文字符', 'e\u0301', 'a\u0308\u0323', 'Ω', ' ', 'ﬁ', '𝔘'];
  let text = '';
  for (let k = 0; Buffer.byteLength(text, 'utf8') < bytes; k++) text += pieces[k % pieces.length]!.repeat(64);
  return text;
}

void describe('proxy frames: fidelity', () => {
  for (const version of VERSIONS) {
    void test(`a 200 KiB Unicode CALL and its answer arrive and are captured byte for byte (${version})`, () =>
      scoped(async (scope) => {
        const data = unicodeText(200 * 1024);
        let atCsms!: { inbound: string[]; outbound: string[] };
        const csms = await startCsms(scope, { protocols: [version] }, (client) => {
          atCsms = messageLog(client);
          client.handle('DataTransfer', ({ params }) =>
            Promise.resolve({ status: 'Accepted', data: params?.data as unknown }),
          );
        });
        const { proxy, sink } = await startProxy(scope, csms.url);
        const cp = charger(scope, { endpoint: endpointOf(proxy), identity: 'CP-U', protocols: [version] });
        const atCharger = messageLog(cp);
        await cp.connect();
        const result = (await cp.call('DataTransfer', { vendorId: 'ocpp-scope', data })) as { data: string };
        assert.equal(result.data, data);
        // Text that JSON.stringify would not produce (escapes, spacing) must not be re-serialised.
        const odd =
          '[2 , "odd-1","DataTransfer",{"vendorId":"x","data":"\\u00e9 e\u0301 \\ud83d\\ude00 \\/"}]';
        // The charger has the answer once it says so (the capture sees it before the charger does).
        const answered = new Promise<void>((resolve) =>
          cp.on('message', (e: { message: string | Buffer; outbound: boolean }) => {
            if (!e.outbound && String(e.message).includes('"odd-1"')) resolve();
          }),
        );
        cp.sendRaw(odd);
        await answered;

        const frames = sink.frames();
        assert.deepEqual(
          frames.map((f) => f.direction),
          ['toCsms', 'toStation', 'toCsms', 'toStation'],
        );
        assert.deepEqual(atCharger.outbound, [frames[0]!.raw, odd]);
        assert.deepEqual(atCsms.inbound, [frames[0]!.raw, odd]);
        assert.equal(frames[2]!.raw, odd);
        assert.deepEqual(atCsms.outbound, [frames[1]!.raw, frames[3]!.raw]);
        assert.deepEqual(atCharger.inbound, [frames[1]!.raw, frames[3]!.raw]);
        assert.ok(Buffer.byteLength(frames[0]!.raw, 'utf8') > 200 * 1024);
        assert.equal((parse(frames[0]!.raw)[3] as { data: string }).data, data);
        for (const frame of frames) {
          assert.equal(frame.binary, undefined);
          assert.equal(frame.flags, undefined);
        }
      }));
  }

  const csmsCalls = {
    'ocpp1.6': {
      action: 'RemoteStartTransaction',
      params: { connectorId: 1, idTag: 'TAG-ü-1' },
      answer: { status: 'Accepted' },
    },
    'ocpp2.0.1': {
      action: 'GetVariables',
      params: {
        getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }],
      },
      answer: {
        getVariableResult: [
          {
            attributeStatus: 'Accepted',
            attributeValue: '300',
            component: { name: 'OCPPCommCtrlr' },
            variable: { name: 'HeartbeatInterval' },
          },
        ],
      },
    },
  } as const;

  for (const version of VERSIONS) {
    const { action, params, answer } = csmsCalls[version];
    void test(`a CSMS-initiated ${action} reaches the charger and is captured toStation (${version})`, () =>
      scoped(async (scope) => {
        const csms = await startCsms(scope, { protocols: [version] });
        const { proxy, sink } = await startProxy(scope, csms.url);
        const cp = charger(scope, { endpoint: endpointOf(proxy), identity: 'CP-R', protocols: [version] });
        const received: unknown[] = [];
        cp.handle(action, ({ params: p }) => {
          received.push(p);
          return Promise.resolve(answer);
        });
        await cp.connect();
        const atCsms = await csms.nextClient();
        assert.deepEqual(await atCsms.call(action, params), answer);
        assert.deepEqual(received, [params]);
        const [call, result] = sink.frames();
        assert.equal(call?.direction, 'toStation');
        assert.deepEqual(parse(call.raw).slice(2), [action, params]);
        assert.equal(result?.direction, 'toCsms');
        assert.deepEqual(parse(result.raw), [3, parse(call.raw)[1], answer]);
      }));
  }
});

void describe('proxy frames: closing', () => {
  for (const version of VERSIONS) {
    void test(`a CSMS close with 4001 and a reason reaches the charger as it is (${version})`, () =>
      scoped(async (scope) => {
        const csms = await startCsms(scope, { protocols: [version] });
        const { proxy, sink } = await startProxy(scope, csms.url);
        const cp = charger(scope, { endpoint: endpointOf(proxy), identity: 'CP-C', protocols: [version] });
        await cp.connect();
        const atCsms = await csms.nextClient();
        const closed = once<{ code: number; reason: string }>(cp, 'close');
        await atCsms.close({ code: 4001, reason: 'identity revoked: ü' });
        assert.deepEqual(await closed, { code: 4001, reason: 'identity revoked: ü' });
        const entry = await sink.waitConnection('closed');
        assert.equal(entry.closedBy, 'csms');
        assert.equal(entry.code, 4001);
        assert.equal(entry.reason, 'identity revoked: ü');
        assert.deepEqual(proxy.connections(), []);
      }));
  }

  void test('a charger close is mirrored to the CSMS', () =>
    scoped(async (scope) => {
      const csms = await startCsms(scope, { protocols: ['ocpp1.6'] });
      const { proxy, sink } = await startProxy(scope, csms.url);
      const cp = charger(scope, { endpoint: endpointOf(proxy), identity: 'CP-C', protocols: ['ocpp1.6'] });
      await cp.connect();
      const atCsms = await csms.nextClient();
      const closed = once<{ code: number; reason: string }>(atCsms, 'close');
      await cp.close({ code: 4100, reason: 'rebooting' });
      assert.deepEqual(await closed, { code: 4100, reason: 'rebooting' });
      const entry = await sink.waitConnection('closed');
      assert.equal(entry.closedBy, 'station');
      assert.equal(entry.code, 4100);
    }));

  void test('a dropped charger closes the CSMS side with 1001 and says which side dropped', () =>
    scoped(async (scope) => {
      const csms = await startCsms(scope, { protocols: ['ocpp2.0.1'] });
      const { proxy, sink } = await startProxy(scope, csms.url);
      const cp = charger(scope, { endpoint: endpointOf(proxy), identity: 'CP-T', protocols: ['ocpp2.0.1'] });
      await cp.connect();
      const atCsms = await csms.nextClient();
      const closed = once<{ code: number; reason: string }>(atCsms, 'close');
      await cp.close({ force: true });
      const seen = await closed;
      assert.equal(seen.code, 1001);
      assert.match(seen.reason, /station connection dropped/);
      const entry = await sink.waitConnection('closed');
      assert.equal(entry.closedBy, 'station');
      assert.equal(entry.code, 1006);
    }));

  void test('a dropped CSMS closes the charger side with 1001 and says which side dropped', () =>
    scoped(async (scope) => {
      const csms = await startCsms(scope, { protocols: ['ocpp1.6'] });
      const { proxy, sink } = await startProxy(scope, csms.url);
      const cp = charger(scope, { endpoint: endpointOf(proxy), identity: 'CP-T', protocols: ['ocpp1.6'] });
      await cp.connect();
      const atCsms = await csms.nextClient();
      const closed = once<{ code: number; reason: string }>(cp, 'close');
      await atCsms.close({ force: true });
      const seen = await closed;
      assert.equal(seen.code, 1001);
      assert.match(seen.reason, /CSMS connection dropped/);
      assert.equal((await sink.waitConnection('closed')).closedBy, 'csms');
    }));

  void test('stop() closes every connection on both sides with 1001', () =>
    scoped(async (scope) => {
      const csms = await startCsms(scope, { protocols: ['ocpp1.6'] });
      const { proxy, sink } = await startProxy(scope, csms.url);
      const cp = charger(scope, { endpoint: endpointOf(proxy), identity: 'CP-S', protocols: ['ocpp1.6'] });
      await cp.connect();
      const atCsms = await csms.nextClient();
      const chargerClosed = once<{ code: number }>(cp, 'close');
      const csmsClosed = once<{ code: number }>(atCsms, 'close');
      await proxy.stop();
      assert.equal((await chargerClosed).code, 1001);
      assert.equal((await csmsClosed).code, 1001);
      assert.equal((await sink.waitConnection('closed')).closedBy, 'scope');
    }));
});

void describe('proxy frames: pings, concurrency, bad input', () => {
  void test('pings and pongs go end to end, with their payloads, and are counted', () =>
    scoped(async (scope) => {
      const csms = await startRawCsms(scope, { autoPong: false });
      const { proxy, sink } = await startProxy(scope, csms.url);
      const cp = await openRaw(scope, `${proxy.url}CP-P`, ['ocpp1.6'], { autoPong: false });
      const atCsms = await csms.nextSocket();

      const pingAtCsms = once<Buffer>(atCsms, 'ping');
      cp.ping('from the charger');
      assert.equal((await pingAtCsms).toString(), 'from the charger');
      const pongAtCharger = once<Buffer>(cp, 'pong');
      atCsms.pong('csms pong');
      assert.equal((await pongAtCharger).toString(), 'csms pong');

      const pingAtCharger = once<Buffer>(cp, 'ping');
      atCsms.ping(Buffer.from([0, 1, 2, 255]));
      assert.deepEqual(await pingAtCharger, Buffer.from([0, 1, 2, 255]));
      const pongAtCsms = once<Buffer>(atCsms, 'pong');
      cp.pong('');
      assert.equal((await pongAtCsms).length, 0);

      assert.deepEqual(
        proxy.connections().map((c) => [c.pings, c.pongs]),
        [[2, 2]],
      );
      const csmsClosed = closeOf(atCsms);
      cp.close(1000);
      assert.equal((await csmsClosed).code, 1000);
      const closed = await sink.waitConnection('closed');
      assert.equal(closed.pings, 2);
      assert.equal(closed.pongs, 2);
      assert.equal(sink.frames().length, 0, 'control frames are not captured as messages');
    }));

  void test('10 chargers interleaved, both directions, without cross-talk', () =>
    scoped(async (scope) => {
      const mismatches: string[] = [];
      const csmsLogs = new Map<string, { inbound: string[]; outbound: string[] }>();
      const csmsClients: ServerClient[] = [];
      const csms = await startCsms(scope, { protocols: [...VERSIONS], callConcurrency: 3 }, (client) => {
        csmsClients.push(client);
        csmsLogs.set(client.identity!, messageLog(client));
        client.handle('DataTransfer', ({ params }) => {
          if (params?.vendorId !== client.identity)
            mismatches.push(`CSMS ${client.identity} got ${params?.vendorId}`);
          return Promise.resolve({ status: 'Accepted', data: client.identity });
        });
      });
      const { proxy, sink } = await startProxy(scope, csms.url);
      const ids = Array.from({ length: 10 }, (_, k) => `CP-${String(k).padStart(2, '0')}`);
      const chargers = ids.map((identity, k) => {
        const cp = charger(scope, {
          endpoint: endpointOf(proxy),
          identity,
          protocols: [VERSIONS[k % 2]!],
          callConcurrency: 4,
        });
        cp.handle('DataTransfer', ({ params }) => {
          if (params?.vendorId !== identity) mismatches.push(`charger ${identity} got ${params?.vendorId}`);
          return Promise.resolve({ status: 'Accepted', data: identity });
        });
        return { identity, cp, log: messageLog(cp) };
      });
      await Promise.all(chargers.map((c) => c.cp.connect()));
      const results = await Promise.all([
        ...chargers.flatMap(({ identity, cp }) =>
          Array.from({ length: 8 }, (_, k) =>
            cp.call('DataTransfer', { vendorId: identity, messageId: `m${k}` }).then((r) => [identity, r]),
          ),
        ),
        ...csmsClients.flatMap((client) =>
          Array.from({ length: 4 }, () =>
            client.call('DataTransfer', { vendorId: client.identity }).then((r) => [client.identity, r]),
          ),
        ),
      ]);
      for (const [identity, result] of results) {
        assert.deepEqual(result, { status: 'Accepted', data: identity });
      }
      assert.deepEqual(mismatches, []);

      const opened = sink.connections('opened');
      assert.equal(opened.length, 10);
      assert.equal(new Set(opened.map((o) => o.connectionId)).size, 10);
      for (const { identity, cp, log } of chargers) {
        const connectionId = opened.find((o) => o.stationId === identity)!.connectionId;
        const frames = sink.frames().filter((f) => f.connectionId === connectionId);
        assert.ok(frames.every((f) => f.stationId === identity));
        const toCsms = frames.filter((f) => f.direction === 'toCsms').map((f) => f.raw);
        const toStation = frames.filter((f) => f.direction === 'toStation').map((f) => f.raw);
        const atCsms = csmsLogs.get(identity)!;
        assert.equal(toCsms.length, 12, identity);
        assert.deepEqual(log.outbound, toCsms, identity);
        assert.deepEqual(atCsms.inbound, toCsms, identity);
        assert.deepEqual(atCsms.outbound, toStation, identity);
        assert.deepEqual(log.inbound, toStation, identity);
        assert.equal(cp.protocol, VERSIONS[ids.indexOf(identity) % 2]);
      }
    }));

  void test('bad frames, a 10 MB frame and binary frames pass unchanged while another charger is served', () =>
    scoped(async (scope) => {
      const csms = await startRawCsms(scope, { protocol: 'ocpp1.6' });
      const { proxy, sink } = await startProxy(scope, csms.url);
      const bad = await openRaw(scope, `${proxy.url}CP-BAD`);
      const badAtCsms = await csms.nextSocket();
      const good = await openRaw(scope, `${proxy.url}CP-GOOD`);
      const goodAtCsms = await csms.nextSocket();
      goodAtCsms.on('message', (data: Buffer) => {
        const [, id] = parse(data.toString('utf8'));
        goodAtCsms.send(JSON.stringify([3, id, { currentTime: '2024-01-01T00:00:00.000Z' }]));
      });

      const big = `[2,"big","DataTransfer",{"vendorId":"x","data":"${'x'.repeat(10 * 1024 * 1024)}"}]`;
      const binary = Buffer.from([0, 1, 2, 0x7f, 0x80, 0xfe, 0xff]);
      const texts = [
        'not json [',
        '[2,"1"]',
        '[9,"x",{}]',
        '{"a":1}',
        '',
        '[2,"h","Heartbeat",{}] trailing',
        ' [3, "x" , {} ] ',
        big,
      ];
      const fromCharger = collect(badAtCsms);
      const fromCsms = collect(bad);
      for (const text of texts) bad.send(text);
      bad.send(binary);
      // While the big frame is on its way, the other charger still gets answers.
      const goodAnswers = collect(good);
      good.send('[2,"g1","Heartbeat",{}]');
      good.send('[2,"g2","Heartbeat",{}]');
      assert.equal((await goodAnswers.upTo(2)).length, 2);

      const atCsms = await fromCharger.upTo(texts.length + 1);
      texts.forEach((text, k) => {
        assert.equal(atCsms[k]!.isBinary, false);
        assert.ok(atCsms[k]!.data.equals(Buffer.from(text, 'utf8')), `frame ${k}`);
      });
      assert.equal(atCsms[texts.length]!.isBinary, true);
      assert.ok(atCsms[texts.length]!.data.equals(binary));

      badAtCsms.send('[4]');
      badAtCsms.send(Buffer.from([0xde, 0xad]));
      const atCharger = await fromCsms.upTo(2);
      assert.deepEqual(
        atCharger.map((r) => [r.data.toString('hex'), r.isBinary]),
        [
          [Buffer.from('[4]').toString('hex'), false],
          ['dead', true],
        ],
      );

      const captured = sink.frames('CP-BAD');
      assert.deepEqual(
        captured.map((f) => [f.direction, f.raw, f.binary]),
        [
          ...texts.map((t) => ['toCsms', t, undefined]),
          ['toCsms', binary.toString('base64'), true],
          ['toStation', '[4]', undefined],
          ['toStation', Buffer.from([0xde, 0xad]).toString('base64'), true],
        ],
      );
      assert.equal(sink.frames('CP-GOOD').length, 4);
      assert.deepEqual(sink.connections('error'), []);
      const closed = closeOf(badAtCsms);
      bad.close(1000);
      await closed;
    }));

  void test('a binary frame holding OCPP text stays binary and is captured as base64', () =>
    scoped(async (scope) => {
      const csms = await startRawCsms(scope, { protocol: 'ocpp2.0.1' });
      const { proxy, sink } = await startProxy(scope, csms.url);
      const cp = await openRaw(scope, `${proxy.url}CP-B`, ['ocpp2.0.1']);
      const atCsms = await csms.nextSocket();
      const got = collect(atCsms);
      const bytes = Buffer.from('[2,"b","Heartbeat",{}]', 'utf8');
      cp.send(bytes, { binary: true });
      const [first] = await got.upTo(1);
      assert.equal(first?.isBinary, true);
      assert.ok(first?.data.equals(bytes));
      const [frame] = sink.frames();
      assert.equal(frame?.binary, true);
      assert.equal(Buffer.from(frame.raw, 'base64').toString('utf8'), '[2,"b","Heartbeat",{}]');
    }));
});

void describe('proxy: text that is not UTF-8', () => {
  void test('is forwarded byte for byte as text, and captured as its bytes with a note', () =>
    scoped(async (scope) => {
      const csms = await startRawCsms(scope, { protocol: 'ocpp1.6', skipUTF8Validation: true });
      const { proxy, sink } = await startProxy(scope, csms.url);
      const cp = await openRaw(scope, `${proxy.url}CP-LATIN1`, ['ocpp1.6']);
      const atCsms = await csms.nextSocket();
      const got = collect(atCsms);
      // A charger that sends Latin-1: "Störung" with a bare 0xF6.
      const bytes = Buffer.concat([
        Buffer.from('[2,"1","DataTransfer",{"vendorId":"St'),
        Buffer.from([0xf6]),
        Buffer.from('rung"}]'),
      ]);
      cp.send(bytes, { binary: false });
      const [first] = await got.upTo(1);
      assert.equal(first?.isBinary, false);
      assert.ok(first?.data.equals(bytes));
      const [frame] = sink.frames();
      assert.equal(frame?.binary, true);
      assert.ok(Buffer.from(frame.raw, 'base64').equals(bytes));
      assert.deepEqual(frame.faults, [
        'a text frame whose bytes are not valid UTF-8: captured as bytes (base64)',
      ]);
    }));
});
