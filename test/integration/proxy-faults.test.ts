/**
 * The proxy changing a live conversation: injected frames (whose answers never reach the side
 * that did not send the CALL) and fault rules (delay, drop, duplicate, close), chosen by station,
 * action and direction, with `times`. ocpp-rpc on both ends.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import rpc from 'ocpp-rpc';
import type { FaultRule } from '../../src/shared/proxy/faults';
import { RpcError } from '../../src/shared/rpc/errors';
import {
  charger,
  endpointOf,
  messageLog,
  once,
  parse,
  scoped,
  startCsms,
  startProxy,
  VERSIONS,
  type Scope,
  type ServerClient,
} from './proxy-support';

const now = () => ({ currentTime: new Date().toISOString() });

/** A CSMS answering Heartbeat, BootNotification and StatusNotification, with a log per client. */
async function setup(scope: Scope, version: string, faults: FaultRule[] = [], identities = ['CP-F']) {
  const logs = new Map<string, { inbound: string[]; outbound: string[] }>();
  const badAtCsms: unknown[] = [];
  const csms = await startCsms(scope, { protocols: [version], callTimeoutMs: 300 }, (client) => {
    logs.set(client.identity!, messageLog(client));
    client.on('badMessage', (e: unknown) => badAtCsms.push(e));
    client.handle('Heartbeat', () => Promise.resolve(now()));
    client.handle('BootNotification', () => Promise.resolve({ ...now(), interval: 300, status: 'Accepted' }));
    client.handle('StatusNotification', () => Promise.resolve({}));
  });
  const { proxy, sink } = await startProxy(scope, csms.url, { faults });
  const chargers = [];
  for (const identity of identities) {
    const cp = charger(scope, {
      endpoint: endpointOf(proxy),
      identity,
      protocols: [version],
      callTimeoutMs: 300,
      callConcurrency: 2,
    });
    const log = messageLog(cp);
    await cp.connect();
    const atCsms = await csms.nextClient();
    chargers.push({ cp, log, atCsms, csmsLog: logs.get(identity)! });
  }
  return { csms, proxy, sink, chargers, badAtCsms, first: chargers[0]! };
}

async function timesOut(call: Promise<unknown>): Promise<void> {
  await assert.rejects(call, (error: unknown) => error instanceof rpc.TimeoutError);
}

void describe('proxy injection', () => {
  const chargerCalls = {
    'ocpp1.6': { action: 'GetConfiguration', answer: { configurationKey: [], unknownKey: ['X'] } },
    'ocpp2.0.1': { action: 'GetVariables', answer: { getVariableResult: [] } },
  } as const;

  for (const version of VERSIONS) {
    const { action, answer } = chargerCalls[version];
    void test(`a CALL injected toStation is answered by the charger; the answer never reaches the CSMS (${version})`, () =>
      scoped(async (scope) => {
        const { proxy, sink, first, badAtCsms } = await setup(scope, version);
        const handled: string[] = [];
        first.cp.handle(action, ({ messageId }) => {
          handled.push(messageId!);
          return Promise.resolve(answer);
        });
        const connectionId = proxy.connections()[0]!.connectionId;
        const injected = proxy.inject(connectionId, 'toStation', `[2,"mine","${action}",{}]`);
        assert.ok(injected.messageId !== undefined && injected.messageId !== 'mine');

        const dropped = await sink.waitFrame((f) => f.flags?.includes('dropped') === true);
        assert.deepEqual(handled, [injected.messageId]);
        assert.equal(dropped.direction, 'toCsms');
        assert.deepEqual(dropped.flags, ['dropped']);
        assert.deepEqual(parse(dropped.raw), [3, injected.messageId, answer]);
        const entry = sink.entries.find((e) => e.seq === injected.seq);
        assert.ok(entry?.kind === 'frame');
        assert.deepEqual(entry.flags, ['injected']);
        assert.equal(entry.direction, 'toStation');
        assert.deepEqual(parse(entry.raw), [2, injected.messageId, action, {}]);

        // Frames on one connection keep their order: had the answer been forwarded, the CSMS
        // would have it before this Heartbeat.
        await first.cp.call('Heartbeat', {});
        assert.equal(first.csmsLog.inbound.length, 1);
        assert.deepEqual(parse(first.csmsLog.inbound[0]!)[2], 'Heartbeat');
        assert.deepEqual(badAtCsms, []);
        assert.deepEqual(
          first.log.outbound.map((m) => parse(m)[0]),
          [3, 2],
        );
      }));

    void test(`a CALL injected toCsms is answered by the CSMS; the answer never reaches the charger (${version})`, () =>
      scoped(async (scope) => {
        const { proxy, sink, first } = await setup(scope, version);
        const badAtCharger: unknown[] = [];
        first.cp.on('badMessage', (e: unknown) => badAtCharger.push(e));
        first.cp.handle('Reset', () => Promise.resolve({ status: 'Accepted' }));
        const injected = proxy.inject(
          proxy.connections()[0]!.connectionId,
          'toCsms',
          '[2,"x","Heartbeat",{}]',
        );
        const dropped = await sink.waitFrame((f) => f.flags?.includes('dropped') === true);
        assert.equal(dropped.direction, 'toStation');
        assert.equal(parse(dropped.raw)[1], injected.messageId);
        assert.deepEqual(first.csmsLog.inbound, [(sink.entries[injected.seq - 1] as { raw: string }).raw]);

        const type = version === 'ocpp1.6' ? 'Hard' : 'Immediate';
        await first.atCsms.call('Reset', { type });
        assert.equal(first.log.inbound.length, 1);
        assert.equal(parse(first.log.inbound[0]!)[2], 'Reset');
        assert.deepEqual(badAtCharger, []);
      }));
  }

  void test('text that is not a CALL is injected as it is; an unknown connection is refused', () =>
    scoped(async (scope) => {
      const { proxy, sink, first } = await setup(scope, 'ocpp1.6');
      const badAtCharger = once<{ buffer: Buffer }>(first.cp, 'badMessage');
      const injected = proxy.inject(proxy.connections()[0]!.connectionId, 'toStation', '[3,"nobody",{}] ');
      assert.equal(injected.messageId, undefined);
      assert.equal((await badAtCharger).buffer.toString('utf8'), '[3,"nobody",{}] ');
      assert.equal(sink.entries.find((e) => e.seq === injected.seq)?.kind, 'frame');
      assert.throws(
        () => proxy.inject('c999', 'toCsms', '[2,"x","Heartbeat",{}]'),
        (error: unknown) => error instanceof RpcError && error.code === 'not-found',
      );
    }));
});

void describe('proxy fault rules', () => {
  for (const version of VERSIONS) {
    void test(`delay keeps the order: a later frame waits for the delayed one (${version})`, () =>
      scoped(async (scope) => {
        const rule: FaultRule = {
          name: 'slow boot',
          action: 'BootNotification',
          direction: 'toCsms',
          effect: { kind: 'delay', ms: 100 },
        };
        const { sink, first } = await setup(scope, version, [rule]);
        await Promise.all([first.cp.call('BootNotification', {}), first.cp.call('Heartbeat', {})]);
        assert.deepEqual(
          first.csmsLog.inbound.map((m) => parse(m)[2]),
          ['BootNotification', 'Heartbeat'],
        );
        const [boot, heartbeat] = sink.frames().filter((f) => f.direction === 'toCsms');
        assert.deepEqual(boot?.flags, ['delayed']);
        assert.deepEqual(boot?.faults, ['delay 100 ms (rule "slow boot")']);
        assert.equal(heartbeat?.flags, undefined);
      }));

    void test(`drop with times: the first Heartbeat times out, the next one passes (${version})`, () =>
      scoped(async (scope) => {
        const rule: FaultRule = { name: 'lose one', action: 'Heartbeat', effect: { kind: 'drop' }, times: 1 };
        const { sink, first } = await setup(scope, version, [rule]);
        await timesOut(first.cp.call('Heartbeat', {}));
        await first.cp.call('Heartbeat', {});
        assert.equal(first.csmsLog.inbound.length, 1);
        const calls = sink.frames().filter((f) => f.direction === 'toCsms');
        assert.deepEqual(
          calls.map((f) => f.flags),
          [['dropped'], undefined],
        );
        assert.deepEqual(calls[0]?.faults, ['drop (rule "lose one")']);
      }));

    void test(`duplicate: the CSMS gets the frame twice, the copy is flagged (${version})`, () =>
      scoped(async (scope) => {
        const rule: FaultRule = {
          name: 'twice',
          action: 'StatusNotification',
          direction: 'toCsms',
          effect: { kind: 'duplicate' },
        };
        const { sink, first } = await setup(scope, version, [rule]);
        // ocpp-rpc, a real CSMS, sees the same message id twice while the first is in progress:
        // one answer is a CALLRESULT, the other a CALLERROR, in either order. The charger takes the
        // first as its answer and reports the second as a bad message.
        const secondAnswer = once(first.cp, 'badMessage');
        await first.cp.call('StatusNotification', {}).catch(() => undefined);
        await secondAnswer;
        assert.deepEqual(first.log.inbound.map((m) => parse(m)[0]).sort(), [3, 4]);
        assert.equal(first.csmsLog.inbound.length, 2);
        assert.equal(first.csmsLog.inbound[0], first.csmsLog.inbound[1]);
        const [original, copy] = sink.frames().filter((f) => f.direction === 'toCsms');
        assert.equal(original?.raw, first.csmsLog.inbound[0]);
        assert.deepEqual(original?.faults, ['duplicate (rule "twice")']);
        assert.equal(copy?.raw, original?.raw);
        assert.deepEqual(copy?.flags, ['injected']);
        assert.deepEqual(copy?.faults, [`duplicate of seq ${original?.seq}`]);
        assert.equal(sink.frames().filter((f) => f.direction === 'toStation').length, 2);
      }));
  }

  void test('close: both sides see the connection drop; the proxy is who closed it', () =>
    scoped(async (scope) => {
      const rule: FaultRule = {
        name: 'pull the plug',
        action: 'StatusNotification',
        effect: { kind: 'close' },
      };
      const { sink, first, proxy } = await setup(scope, 'ocpp2.0.1', [rule]);
      const chargerClosed = once<{ code: number }>(first.cp, 'close');
      const csmsClosed = once<{ code: number }>(first.atCsms, 'close');
      await assert.rejects(first.cp.call('StatusNotification', {}));
      assert.equal((await chargerClosed).code, 1006);
      assert.equal((await csmsClosed).code, 1006);
      const closed = await sink.waitConnection('closed');
      assert.equal(closed.closedBy, 'scope');
      assert.match(closed.reason ?? '', /pull the plug/);
      assert.deepEqual(sink.frames()[0]?.flags, ['dropped']);
      assert.equal(first.csmsLog.inbound.length, 0);
      assert.deepEqual(proxy.connections(), []);
      assert.equal(sink.connections('closed').length, 1);
    }));

  void test('a rule for one station leaves the others alone', () =>
    scoped(async (scope) => {
      const rule: FaultRule = { name: 'only A', stationId: 'CP-A', effect: { kind: 'drop' } };
      const { chargers } = await setup(scope, 'ocpp1.6', [rule], ['CP-A', 'CP-B']);
      const [a, b] = chargers;
      await Promise.all([timesOut(a!.cp.call('Heartbeat', {})), b!.cp.call('Heartbeat', {})]);
      assert.equal(a!.csmsLog.inbound.length, 0);
      assert.equal(b!.csmsLog.inbound.length, 1);
    }));

  void test('an answer is matched by the action of its CALL, and by direction', () =>
    scoped(async (scope) => {
      const rules: FaultRule[] = [
        { name: 'lose the answer', action: 'Heartbeat', direction: 'toStation', effect: { kind: 'drop' } },
      ];
      const { sink, first } = await setup(scope, 'ocpp2.0.1', rules);
      await timesOut(first.cp.call('Heartbeat', {}));
      assert.equal(first.csmsLog.inbound.length, 1, 'the CALL went through');
      assert.equal(first.csmsLog.outbound.length, 1, 'the CSMS answered');
      assert.equal(first.log.inbound.length, 0, 'the answer was dropped');
      const answer = sink.frames().find((f) => f.direction === 'toStation');
      assert.deepEqual(answer?.flags, ['dropped']);
      await first.cp.call('StatusNotification', {});
    }));

  void test('CSMS-initiated calls: direction and times; setFaults replaces the rules live', () =>
    scoped(async (scope) => {
      const { proxy, first, sink } = await setup(scope, 'ocpp1.6');
      let started = 0;
      first.cp.handle('RemoteStartTransaction', () => {
        started++;
        return Promise.resolve({ status: 'Accepted' });
      });
      const remoteStart = (atCsms: ServerClient) =>
        atCsms.call('RemoteStartTransaction', { idTag: 'T1' }, { callTimeoutMs: 300 });
      proxy.setFaults([
        {
          name: 'not to CSMS',
          direction: 'toCsms',
          action: 'RemoteStartTransaction',
          effect: { kind: 'drop' },
        },
        {
          name: 'once',
          direction: 'toStation',
          action: 'RemoteStartTransaction',
          effect: { kind: 'drop' },
          times: 1,
        },
      ]);
      await timesOut(remoteStart(first.atCsms));
      assert.equal(started, 0);
      // Second call: the `times: 1` rule is used up, but the answer (toCsms) is dropped.
      await timesOut(remoteStart(first.atCsms));
      assert.equal(started, 1);
      proxy.setFaults([]);
      assert.deepEqual(await remoteStart(first.atCsms), { status: 'Accepted' });
      assert.equal(started, 2);
      assert.deepEqual(
        sink.frames().map((f) => [f.direction, f.flags?.join() ?? '']),
        [
          ['toStation', 'dropped'],
          ['toStation', ''],
          ['toCsms', 'dropped'],
          ['toStation', ''],
          ['toCsms', ''],
        ],
      );
    }));
});
