import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Entry, FrameEntry } from '../../../../../src/shared/capture/entry';
import { RpcError } from '../../../../../src/shared/rpc/errors';
import { mockBinding, opened, withBridge } from './bridge-harness';

after(() => mockBinding.reset());

const closedEntry = (connectionId: string) => (e: Entry) =>
  e.kind === 'connection' && e.event === 'closed' && e.connectionId === connectionId;

/** The fields of a recorded frame a test cares about. */
function shape(entry: Entry | undefined) {
  assert.ok(entry?.kind === 'frame', `not a frame: ${JSON.stringify(entry)}`);
  const f: FrameEntry = entry;
  return {
    direction: f.direction,
    connectionId: f.connectionId,
    raw: f.raw,
    source: f.source,
    flags: f.flags,
    ...(f.faults !== undefined ? { faults: f.faults } : {}),
  };
}

function refusedWith(message: RegExp) {
  return (error: unknown) =>
    error instanceof RpcError && error.code === 'invalid' && message.test(error.message);
}

void describe('serial bridge: frames the engineer sends through it', { timeout: 30_000 }, () => {
  void test('as the CSMS: one line on the port; the charger’s answer is recorded, handed back, never sent to the CSMS', () =>
    withBridge({}, async ({ bridge, sink, port: current, feed, csms }) => {
      const port = current();
      await sink.until(opened('c1'));
      const injected = bridge.inject('toStation', '[2,"ignored","RemoteStartTransaction",{"idTag":"TAG1"}]');
      const id = injected.messageId!;
      assert.match(id, /^scope-[0-9a-f]{8}-\d+$/);
      const call = `[2,"${id}","RemoteStartTransaction",{"idTag":"TAG1"}]`;
      await port.wireHas(`${call}\n`);
      assert.equal(port.wire, `${call}\n`, 'exactly one line, its delimiter included');
      assert.deepEqual(shape(sink.entries.find((e) => e.seq === injected.seq)), {
        direction: 'toStation',
        connectionId: 'c1',
        raw: call,
        source: 'serial',
        flags: ['injected'],
      });

      const answer = `[3,"${id}",{"status":"Accepted"}]`;
      // The heartbeat after it shows, in order, what the CSMS was sent.
      await feed(`${answer}\n[2,"h1","Heartbeat",{}]\n`);
      const answered = await injected.answer!;
      assert.equal(answered.outcome, 'result');
      assert.deepEqual(answered.outcome === 'result' && answered.payload, { status: 'Accepted' });
      assert.equal(answered.callSeq, injected.seq);
      assert.deepEqual(await csms.messages(1), ['[2,"h1","Heartbeat",{}]']);
      const recorded = sink.frames.find((f) => f.raw === answer);
      assert.equal(answered.answerSeq, recorded?.seq);
      assert.deepEqual(shape(recorded), {
        direction: 'toCsms',
        connectionId: 'c1',
        raw: answer,
        source: 'serial',
        flags: ['dropped'],
        faults: ['answer to a CALL injected by OCPP Scope: recorded, not forwarded'],
      });
      assert.deepEqual(bridge.counters.frames, { toCsms: 2, toStation: 1 });
    }));

  void test('as the charger: sent on the CSMS connection; the CSMS’s answer is not written to the port', () =>
    withBridge({}, async ({ bridge, sink, port: current, csms }) => {
      const port = current();
      await sink.until(opened('c1'));
      const injected = bridge.inject('toCsms', '[2,"x","DataTransfer",{"vendorId":"ACME"}]', {
        messageId: 'pinned-1',
      });
      assert.equal(injected.messageId, 'pinned-1');
      assert.deepEqual(await csms.messages(1), ['[2,"pinned-1","DataTransfer",{"vendorId":"ACME"}]']);
      assert.deepEqual(shape(sink.entries.find((e) => e.seq === injected.seq)), {
        direction: 'toCsms',
        connectionId: 'c1',
        raw: '[2,"pinned-1","DataTransfer",{"vendorId":"ACME"}]',
        source: 'serial',
        flags: ['injected'],
      });
      csms.send('[4,"pinned-1","NotImplemented","no vendor ACME",{}]');
      csms.send('[2,"r1","Heartbeat",{}]');
      const answered = await injected.answer!;
      assert.deepEqual(answered.outcome === 'error' && [answered.code, answered.description], [
        'NotImplemented',
        'no vendor ACME',
      ]);
      await port.wireHas('[2,"r1","Heartbeat",{}]\n');
      assert.equal(port.wire, '[2,"r1","Heartbeat",{}]\n', 'the answer never reached the charger');
      const recorded = sink.frames.find((f) => f.raw.startsWith('[4,'));
      assert.deepEqual(recorded?.flags, ['dropped']);
      assert.equal(recorded.direction, 'toStation');
    }));

  void test('a frame that is no CALL goes as it is (one line), with no answer to wait for', () =>
    withBridge({}, async ({ bridge, sink, port: current }) => {
      const port = current();
      await sink.until(opened('c1'));
      const injected = bridge.inject('toStation', '[3,"cp-9",\n{"status":"Accepted"}]');
      assert.deepEqual(injected, { seq: injected.seq });
      await port.wireHas('\n');
      assert.equal(port.wire, '[3,"cp-9", {"status":"Accepted"}]\n');
      assert.deepEqual(shape(sink.entries.find((e) => e.seq === injected.seq)).flags, [
        'injected',
        'modified',
      ]);
    }));

  void test('refused, not held, while the CSMS connection is not open; the port side still takes frames', () =>
    withBridge({ hold: true }, async ({ bridge, sink, port: current, feed, csms }) => {
      await csms.handshake();
      assert.throws(
        () => bridge.inject('toCsms', '[2,"x","Heartbeat",{}]'),
        refusedWith(/CSMS connection of the serial bridge on \/dev\/ttyMOCK\d+ is not open \(connecting\)/),
      );
      bridge.inject('toStation', '[2,"x","Reset",{"type":"Soft"}]', { messageId: 'r-1' });
      await current().wireHas('[2,"r-1","Reset",{"type":"Soft"}]\n');
      await csms.release();
      await sink.until(opened('c1'));
      await feed('[2,"h1","Heartbeat",{}]\n');
      assert.deepEqual(await csms.messages(1), ['[2,"h1","Heartbeat",{}]'], 'nothing was held for the CSMS');
    }));

  void test('refused while the port is being opened again, and after the bridge stopped', () =>
    withBridge({}, async ({ bridge, sink, port }) => {
      await sink.until(opened('c1'));
      port().close();
      await sink.until(closedEntry('port-1'));
      assert.throws(
        () => bridge.inject('toStation', '[2,"x","Reset",{"type":"Soft"}]'),
        refusedWith(/the serial port \/dev\/ttyMOCK\d+ is not open \(reopening\): send again/),
      );
      await sink.until(opened('c2'));
      await bridge.stop();
      assert.throws(() => bridge.inject('toCsms', '[2,"x","Heartbeat",{}]'), refusedWith(/has stopped/));
    }));

  void test('answers still awaited settle as closed: the CSMS’s when its connection drops, all on stop', () =>
    withBridge({}, async ({ bridge, sink, csms }) => {
      await sink.until(opened('c1'));
      const toCharger = bridge.inject('toStation', '[2,"x","Reset",{"type":"Soft"}]');
      const toCsms = bridge.inject('toCsms', '[2,"x","Heartbeat",{}]');
      let chargerSettled = false;
      void toCharger.answer!.then(() => (chargerSettled = true));
      await csms.messages(1);
      csms.drop();
      assert.equal((await toCsms.answer!).outcome, 'closed');
      assert.equal(chargerSettled, false, 'the charger may still answer: its port is open');
      await bridge.stop();
      const answered = await toCharger.answer!;
      assert.deepEqual([answered.outcome, answered.messageId], ['closed', toCharger.messageId]);
    }));

  void test('the charger’s answers settle as closed when the port is lost', () =>
    withBridge({}, async ({ bridge, sink, port }) => {
      await sink.until(opened('c1'));
      const injected = bridge.inject('toStation', '[2,"x","Reset",{"type":"Soft"}]');
      port().close();
      const answered = await injected.answer!;
      assert.equal(answered.outcome, 'closed');
    }));
});
