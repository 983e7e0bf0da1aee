import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer } from '../../../../../src/shared/analysis/analyzer';
import { MAX_HELD_FRAMES } from '../../../../../src/main/services/serial/serial-bridge';
import { ocaSchemaRegistry } from '../../../../../src/main/services/validation/oca-schemas';
import { conversation, mockBinding, opened, timeline, withBridge } from './bridge-harness';

after(() => mockBinding.reset());

void describe('serial bridge over a mock port', { timeout: 30_000 }, () => {
  void test('frames go to the CSMS byte-exact; every other line is a console entry, in order', () =>
    withBridge({}, async ({ bridge, sink, feed, csms }) => {
      await sink.until(opened('c1'));
      const boot =
        '  [2, "100", "BootNotification", {"chargePointVendor":"Société Électrique","chargePointModel":"X1"}]';
      const bootBytes = Buffer.from(boot, 'utf8');
      const cutInsideE = bootBytes.indexOf(Buffer.from('É', 'utf8')) + 1;
      const broken = '[2,"101","Heartbeat",{';
      await feed(
        'I (1234) boot: ESP-IDF v5.1\r\n[INFO] boot complete\n',
        // The frame in three chunks, one cut inside a two-byte character.
        bootBytes.subarray(0, 20),
        bootBytes.subarray(20, cutInsideE),
        Buffer.concat([bootBytes.subarray(cutInsideE), Buffer.from('\r\n\n\r\n')]),
        Buffer.from([0x80, 0xfe, 0x41, 0x0a]),
        `${broken}\nW (1300) meter: no answer\n`,
        '[2,"102","Heartbeat",{}]\n',
      );
      assert.deepEqual(await csms.messages(3), [boot, broken, '[2,"102","Heartbeat",{}]']);
      assert.ok(csms.received[0]!.equals(bootBytes), 'the frame is forwarded byte for byte');
      assert.deepEqual(conversation(sink.entries), [
        'console port-1 I (1234) boot: ESP-IDF v5.1',
        'console port-1 [INFO] boot complete',
        `toCsms c1 ${boot}`,
        `console port-1 binary ${Buffer.from([0x80, 0xfe, 0x41]).toString('base64')}`,
        `toCsms c1 ${broken}`,
        'console port-1 W (1300) meter: no answer',
        'toCsms c1 [2,"102","Heartbeat",{}]',
      ]);
      assert.deepEqual(bridge.counters.frames, { toCsms: 3, toStation: 0 });
      assert.equal(bridge.counters.consoleLines, 4);

      // The broken frame went as it was; the analysis is where it is flagged, not the good one.
      const analyzer = new Analyzer({ registry: ocaSchemaRegistry() });
      for (const entry of sink.entries) analyzer.add(entry);
      const about = (raw: string) => {
        const seq = sink.frames.find((f) => f.raw === raw)!.seq;
        return analyzer.findings.filter((f) => f.seqs[0] === seq).map((f) => f.rule);
      };
      assert.deepEqual(about(broken), ['frame.invalid-json']);
      assert.deepEqual(about(boot), []);
    }));

  void test('a line of only whitespace (a stray \\r of \\n\\r line ends, padding) is blank too', () =>
    withBridge({}, async ({ sink, feed }) => {
      await sink.until(opened('c1'));
      await feed('   \n', '\t\r\n', 'line one\n\r', 'line two\n\r', '\n');
      assert.deepEqual(conversation(sink.entries), ['console port-1 line one', 'console port-1 \rline two']);
    }));

  void test("the CSMS's frames are written as one line each; a binary frame is not written", () =>
    withBridge({}, async ({ bridge, sink, port: current, csms }) => {
      const port = current();
      await sink.until(opened('c1'));
      const pretty = '[2,"r1","Reset",{\r\n  "type": "Hard"\n}]';
      csms.send(pretty);
      csms.send(Buffer.from([0x01, 0x02, 0x03]));
      csms.send('[3,"100",{"status":"Accepted","currentTime":"2026-01-02T03:04:05Z","interval":300}]');
      await port.wireHas('"interval":300}]\n');
      assert.equal(
        port.wire,
        '[2,"r1","Reset",{    "type": "Hard" }]\n' +
          '[3,"100",{"status":"Accepted","currentTime":"2026-01-02T03:04:05Z","interval":300}]\n',
      );
      const [reset, binary, answer] = sink.frames;
      assert.deepEqual(
        { raw: reset!.raw, flags: reset!.flags, original: reset!.original, direction: reset!.direction },
        {
          raw: '[2,"r1","Reset",{    "type": "Hard" }]',
          flags: ['modified'],
          original: pretty,
          direction: 'toStation',
        },
      );
      assert.match(reset!.faults![0]!, /replaced by spaces/);
      assert.deepEqual(
        { raw: binary!.raw, binary: binary!.binary, flags: binary!.flags },
        { raw: 'AQID', binary: true, flags: ['dropped'] },
      );
      assert.match(binary!.faults![0]!, /binary frame cannot be a line/);
      assert.equal(answer!.flags, undefined);
      assert.equal(answer!.original, undefined);
      assert.deepEqual(bridge.counters.frames, { toCsms: 0, toStation: 3 });
      assert.equal(bridge.counters.bytesOut, Buffer.byteLength(port.wire));
    }));

  void test('with a \\r\\n delimiter, lines are cut there and written with it', () =>
    withBridge({ settings: { delimiter: '\\r\\n' } }, async ({ sink, port: current, feed, csms }) => {
      const port = current();
      await sink.until(opened('c1'));
      await feed('log\rline\r', '\n[2,"1","Heartbeat",{}]\r', '\n');
      assert.deepEqual(await csms.messages(1), ['[2,"1","Heartbeat",{}]']);
      csms.send('[3,"1",{\n"currentTime":"2026-01-02T03:04:05Z"}]');
      await port.wireHas('\r\n');
      assert.equal(port.wire, '[3,"1",{ "currentTime":"2026-01-02T03:04:05Z"}]\r\n');
      assert.deepEqual(conversation(sink.entries), [
        'console port-1 log\rline',
        'toCsms c1 [2,"1","Heartbeat",{}]',
        'toStation c1 [3,"1",{ "currentTime":"2026-01-02T03:04:05Z"}] (modified)',
      ]);
    }));

  void test('frames before the CSMS connection opens are held, then sent in order and flagged delayed', () =>
    withBridge({ hold: true }, async ({ sink, feed, csms }) => {
      await csms.handshake();
      await feed('[2,"1","BootNotification",{"chargePointVendor":"A","chargePointModel":"B"}]\n');
      await feed('I waiting for the network\n[2,"2","StatusNotification",{}]\n[2,"3","Heartbeat",{}]\n');
      assert.equal(sink.frames.length, 0, 'nothing is recorded as sent before it is');
      assert.deepEqual(conversation(sink.entries), ['console port-1 I waiting for the network']);
      await csms.release();
      const sent = await csms.messages(3);
      assert.deepEqual(sent, [
        '[2,"1","BootNotification",{"chargePointVendor":"A","chargePointModel":"B"}]',
        '[2,"2","StatusNotification",{}]',
        '[2,"3","Heartbeat",{}]',
      ]);
      await sink.until((e) => e.kind === 'frame' && e.raw === sent[2]);
      const openedSeq = sink.entries.find(opened('c1'))!.seq;
      assert.deepEqual(
        sink.frames.map((f) => [f.raw, f.connectionId, f.flags, f.seq > openedSeq]),
        sent.map((raw) => [raw, 'c1', ['delayed'], true]),
      );
      for (const frame of sink.frames) assert.match(frame.faults![0]!, /^held \d+ ms on the serial side/);
      // Once open, frames go straight through.
      await feed('[2,"4","Heartbeat",{}]\n');
      assert.deepEqual((await csms.messages(4))[3], '[2,"4","Heartbeat",{}]');
      assert.equal(sink.frames.at(-1)!.flags, undefined);
    }));

  void test('frames held when the port is lost are not sent later: each is recorded dropped', () =>
    withBridge({ hold: true }, async ({ sink, port, feed, csms }) => {
      await csms.handshake();
      await feed('[2,"1","BootNotification",{"chargePointVendor":"A","chargePointModel":"B"}]\n');
      await feed('[2,"2","Heartbeat",{}]\n');
      port().close();
      await sink.until((e) => e.kind === 'frame' && e.raw === '[2,"2","Heartbeat",{}]');
      assert.deepEqual(
        sink.frames.map((f) => [f.raw, f.flags, f.faults]),
        [
          '[2,"1","BootNotification",{"chargePointVendor":"A","chargePointModel":"B"}]',
          '[2,"2","Heartbeat",{}]',
        ].map((raw) => [
          raw,
          ['dropped'],
          ['not sent: the serial port was lost before the CSMS connection opened'],
        ]),
      );
      // The port back, a new connection is tried, and nothing held from before goes on it.
      await sink.until(opened('port-2'));
      await csms.handshake(2);
      await csms.release();
      await sink.until(opened('c2'));
      await feed('[2,"3","Heartbeat",{}]\n');
      assert.deepEqual(await csms.messages(1), ['[2,"3","Heartbeat",{}]']);
    }));

  void test(`more than ${MAX_HELD_FRAMES} held frames: the oldest are dropped, each with an entry`, () =>
    withBridge({ hold: true }, async ({ bridge, sink, feed, csms }) => {
      await csms.handshake();
      const frames = Array.from({ length: MAX_HELD_FRAMES + 3 }, (_, i) => `[2,"${i}","Heartbeat",{}]`);
      await feed(frames.map((f) => `${f}\n`).join(''));
      assert.deepEqual(
        sink.frames.map((f) => [f.raw, f.flags, f.connectionId]),
        frames.slice(0, 3).map((raw) => [raw, ['dropped'], 'c1']),
      );
      assert.match(sink.frames[0]!.faults![0]!, new RegExp(`not sent: .*${MAX_HELD_FRAMES} newer frames`));
      await csms.release();
      assert.deepEqual(await csms.messages(MAX_HELD_FRAMES), frames.slice(3));
      await sink.until((e) => e.kind === 'frame' && e.raw === frames.at(-1));
      assert.deepEqual(
        sink.frames.slice(3).map((f) => [f.raw, f.flags]),
        frames.slice(3).map((raw) => [raw, ['delayed']]),
      );
      assert.equal(bridge.counters.frames.toCsms, frames.length);
    }));

  void test('an over-long line is dropped with an entry; the lines around it are intact', () =>
    withBridge({ settings: { maxLineBytes: 64 } }, async ({ bridge, sink, feed, csms }) => {
      await sink.until(opened('c1'));
      const noise = '\u00ff'.repeat(100); // 200 bytes of UTF-8
      await feed('before\n', noise.slice(0, 40), noise.slice(40), '\n[2,"9","Heartbeat",{}]\nafter\n');
      assert.deepEqual(await csms.messages(1), ['[2,"9","Heartbeat",{}]']);
      const error = await sink.until((e) => e.kind === 'connection' && e.event === 'error');
      assert.equal(error.connectionId, 'port-1');
      assert.match(
        error.kind === 'connection' ? error.message! : '',
        /^a line of 200 bytes from the serial port was dropped: longer than the 64-byte limit/,
      );
      await sink.until((e) => e.kind === 'console' && e.text === 'after');
      assert.deepEqual(conversation(sink.entries), [
        'console port-1 before',
        'toCsms c1 [2,"9","Heartbeat",{}]',
        'console port-1 after',
      ]);
      assert.equal(bridge.counters.droppedLines, 1);
    }));

  void test('the port lost: its unfinished line kept, the CSMS told, both back when the port is', () =>
    withBridge({}, async ({ bridge, sink, port, feed, csms }) => {
      await sink.until(opened('c1'));
      await feed('[2,"5","Heartbeat",{}]\n[2,"6","Heart');
      assert.deepEqual(await csms.messages(1), ['[2,"5","Heartbeat",{}]']);
      port().close();
      assert.deepEqual(await csms.closed(1), [1001]);
      await sink.until(opened('port-2'));
      await sink.until(opened('c2'));
      assert.equal(bridge.counters.portReopens, 1);
      await feed('[2,"7","Heartbeat",{}]\n');
      assert.deepEqual(await csms.messages(2), ['[2,"5","Heartbeat",{}]', '[2,"7","Heartbeat",{}]']);
      assert.deepEqual(
        timeline(sink.entries).map((e) => e.replace(/again in [\d.]+ s/, 'again in N s')),
        [
          'port-1 opened',
          'c1 opened',
          'toCsms c1 [2,"5","Heartbeat",{}]',
          // Never sent: a frame cut short by the port going is no frame.
          'console port-1 [2,"6","Heart',
          'port-1 closed station the serial port was lost (closed by the system); opening it again in N s and then every few seconds',
          'c1 closed scope the serial port of the station was lost',
          'port-2 opened',
          'c2 opened',
          'toCsms c2 [2,"7","Heartbeat",{}]',
        ],
      );
    }));

  void test('stopping closes the CSMS connection, then the port, keeping an unfinished line', () =>
    withBridge({}, async ({ bridge, sink, feed, csms }) => {
      await sink.until(opened('c1'));
      await feed('I shutting down');
      await bridge.stop();
      assert.deepEqual(await csms.closed(1), [1001]);
      assert.deepEqual(timeline(sink.entries), [
        'port-1 opened',
        'c1 opened',
        'c1 closed scope the OCPP Scope serial bridge stopped',
        'console port-1 I shutting down',
        'port-1 closed scope the OCPP Scope serial bridge stopped',
      ]);
      assert.equal(bridge.portState, 'closed');
      assert.equal(bridge.csms.state, 'closed');
    }));
});
