/**
 * Per-action overrides of the mock CSMS, each kind against ocpp-rpc (1.6 and 2.0.1): a fixed
 * payload, a CALLERROR with a chosen code, a delay (seen as answers overtaking the delayed one on
 * a raw socket, not measured), no answer at all (the charger's own timeout fires), and `times`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { charger, collect, openRaw, parse, scoped, VERSIONS } from './proxy-support';
import { ask, startMock } from './csms-support';

const HEARTBEAT = {};

for (const version of VERSIONS) {
  void test(`${version}: a fixed payload and a CALLERROR with a chosen code`, () =>
    scoped(async (scope) => {
      const { endpoint, sink } = await startMock(scope, {
        actions: {
          Heartbeat: { payload: { currentTime: '2001-02-03T04:05:06Z' } },
          StatusNotification: {
            callError: { code: 'InternalError', description: 'on purpose', details: { k: 1 } },
          },
        },
      });
      const cp = charger(scope, { endpoint, identity: `CP-${version}`, protocols: [version] });
      await cp.connect();
      assert.deepEqual(await ask(cp, 'Heartbeat', HEARTBEAT), { currentTime: '2001-02-03T04:05:06Z' });
      const status =
        version === 'ocpp1.6'
          ? { connectorId: 1, errorCode: 'NoError', status: 'Available' }
          : { timestamp: new Date().toISOString(), connectorStatus: 'Available', evseId: 1, connectorId: 1 };
      await assert.rejects(
        cp.call('StatusNotification', status),
        (error: Error & { rpcErrorCode?: string; details?: unknown }) => {
          assert.equal(error.rpcErrorCode, 'InternalError');
          assert.equal(error.message, 'on purpose');
          assert.deepEqual(error.details, { k: 1 });
          return true;
        },
      );
      const last = sink.frames().at(-1);
      assert.equal(last?.direction, 'toStation');
      assert.equal(parse(last?.raw ?? '[]')[0], 4);
    }));

  void test(`${version}: no answer, once (times: 1): the charger times out, its retry is answered`, () =>
    scoped(async (scope) => {
      const { endpoint, sink } = await startMock(scope, {
        actions: { Heartbeat: { noAnswer: true, times: 1 } },
      });
      const cp = charger(scope, {
        endpoint,
        identity: `CP-q-${version}`,
        protocols: [version],
        callTimeoutMs: 150,
      });
      await cp.connect();
      await assert.rejects(
        cp.call('Heartbeat', HEARTBEAT),
        (error: Error) => error.message === 'Call timeout',
      );
      const answer = await ask(cp, 'Heartbeat', HEARTBEAT);
      assert.ok(typeof answer.currentTime === 'string');
      const frames = sink.frames().map((f) => [f.direction, parse(f.raw)[0]]);
      assert.deepEqual(frames, [
        ['toCsms', 2],
        ['toCsms', 2],
        ['toStation', 3],
      ]);
    }));

  void test(`${version}: a delayed answer is overtaken by the next one and flagged delayed`, () =>
    scoped(async (scope) => {
      const { endpoint, sink } = await startMock(scope, {
        actions: { Heartbeat: { delayMs: 300, times: 1 } },
      });
      const ws = await openRaw(scope, `${endpoint}/CP-d-${version}`, [version]);
      const got = collect(ws);
      ws.send(JSON.stringify([2, 'slow', 'Heartbeat', {}]));
      ws.send(JSON.stringify([2, 'fast', 'Heartbeat', {}]));
      const [first, second] = await got.upTo(2);
      assert.equal(parse(first?.data.toString() ?? '')[1], 'fast');
      assert.equal(parse(second?.data.toString() ?? '')[1], 'slow');
      const delayed = sink.frames().filter((f) => f.flags?.includes('delayed'));
      assert.equal(delayed.length, 1);
      assert.match(delayed[0]?.faults?.[0] ?? '', /delayed 300 ms/);
    }));
}

void test('a delayed answer still pending when the CSMS stops is dropped with its timer', () =>
  scoped(async (scope) => {
    const { csms, endpoint, sink } = await startMock(scope, { actions: { Heartbeat: { delayMs: 60_000 } } });
    const ws = await openRaw(scope, `${endpoint}/CP-stop`, ['ocpp1.6']);
    ws.send(JSON.stringify([2, 'never', 'Heartbeat', {}]));
    await sink.waitFrame((f) => f.direction === 'toCsms');
    await csms.stop();
    assert.equal(sink.connections('closed')[0]?.closedBy, 'scope');
  }));
