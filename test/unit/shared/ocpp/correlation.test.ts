import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Direction } from '../../../../src/shared/capture/entry';
import { Correlator, opposite, type OutstandingCall } from '../../../../src/shared/ocpp/correlation';

let nextSeq = 0;

/** An outstanding CALL as the analyzer hands it in. */
function outgoing(
  id: string,
  direction: Direction,
  ts: number,
  action = 'Heartbeat',
  connectionId = 'c1',
): OutstandingCall {
  return { seq: ++nextSeq, ts, id, action, connectionId, stationId: 'CP-1', direction };
}

void describe('Correlator', () => {
  void test('opposite() flips the direction', () => {
    assert.equal(opposite('toCsms'), 'toStation');
    assert.equal(opposite('toStation'), 'toCsms');
  });

  void test('an answer from the other side pairs with its CALL, with the latency', () => {
    const c = new Correlator();
    const boot = {
      ...outgoing('1', 'toCsms', 1000, 'BootNotification'),
      payload: { chargePointVendor: 'X' },
    };
    assert.deepEqual(c.call(boot), {});
    assert.deepEqual(c.answer('c1', 'toStation', '1', 1042.5), { call: boot, latencyMs: 42.5 });
  });

  void test('a CALL is answered once: a second answer is an orphan "answered-before"', () => {
    const c = new Correlator();
    c.call(outgoing('1', 'toCsms', 0));
    assert.ok(c.answer('c1', 'toStation', '1', 5).call);
    assert.deepEqual(c.answer('c1', 'toStation', '1', 6), { orphan: 'answered-before' });
  });

  void test('an id the other side never sent is an orphan "never-sent"', () => {
    const c = new Correlator();
    c.call(outgoing('1', 'toCsms', 0));
    assert.deepEqual(c.answer('c1', 'toStation', '2', 1), { orphan: 'never-sent' });
    // The CALL "1" is untouched.
    assert.equal(c.answer('c1', 'toStation', '1', 2).call?.id, '1');
  });

  void test('an answer in the same direction as the CALL, or on another connection, does not pair', () => {
    const c = new Correlator();
    const call = outgoing('1', 'toCsms', 0);
    c.call(call);
    assert.deepEqual(c.answer('c1', 'toCsms', '1', 1), { orphan: 'never-sent' });
    assert.deepEqual(c.answer('c2', 'toStation', '1', 2), { orphan: 'never-sent' });
    assert.deepEqual(c.answer('c1', 'toStation', '1', 3).call, call);
  });

  void test('CALLs of the two sides with the same id are kept apart, and may cross', () => {
    const c = new Correlator();
    const fromStation = outgoing('1', 'toCsms', 0, 'Heartbeat');
    const fromCsms = outgoing('1', 'toStation', 1, 'GetConfiguration');
    assert.deepEqual(c.call(fromStation), {});
    assert.deepEqual(c.call(fromCsms), {}, 'CALLs of the two sides are not concurrent');
    assert.equal(c.answer('c1', 'toCsms', '1', 2).call?.action, 'GetConfiguration');
    assert.equal(c.answer('c1', 'toStation', '1', 3).call?.action, 'Heartbeat');
  });

  void test('reusedId: a CALL with the id of an unanswered CALL of the same side', () => {
    const c = new Correlator();
    const first = outgoing('7', 'toCsms', 0, 'StatusNotification');
    const second = outgoing('7', 'toCsms', 10, 'Heartbeat');
    c.call(first);
    assert.deepEqual(c.call(second), { reusedId: first }, 'reuse is reported instead of concurrency');
    // The answers pair with the most recent unanswered CALL first.
    assert.deepEqual(c.answer('c1', 'toStation', '7', 15), { call: second, latencyMs: 5 });
    assert.deepEqual(c.answer('c1', 'toStation', '7', 20), { call: first, latencyMs: 20 });
    assert.deepEqual(c.answer('c1', 'toStation', '7', 25), { orphan: 'answered-before' });
  });

  void test('an id reused after its CALL was answered is neither reuse nor concurrency', () => {
    const c = new Correlator();
    c.call(outgoing('7', 'toCsms', 0));
    c.answer('c1', 'toStation', '7', 1);
    assert.deepEqual(c.call(outgoing('7', 'toCsms', 2)), {});
    assert.equal(c.answer('c1', 'toStation', '7', 3).call?.ts, 2);
  });

  void test('concurrent: another CALL of the same side still unanswered (the latest one)', () => {
    const c = new Correlator();
    const a = outgoing('a', 'toStation', 0, 'GetVariables');
    const b = outgoing('b', 'toStation', 1, 'SetVariables');
    const d = outgoing('d', 'toStation', 2, 'Reset');
    c.call(a);
    assert.deepEqual(c.call(b), { concurrent: a });
    assert.deepEqual(c.call(d), { concurrent: b });
    c.answer('c1', 'toCsms', 'b', 3);
    c.answer('c1', 'toCsms', 'd', 4);
    assert.deepEqual(c.call(outgoing('e', 'toStation', 5)), { concurrent: a });
    c.answer('c1', 'toCsms', 'a', 6);
    c.answer('c1', 'toCsms', 'e', 7);
    assert.deepEqual(c.call(outgoing('f', 'toStation', 8)), {});
  });

  void test('CALLs on different connections are independent', () => {
    const c = new Correlator();
    c.call(outgoing('1', 'toCsms', 0, 'Heartbeat', 'c1'));
    assert.deepEqual(c.call(outgoing('1', 'toCsms', 1, 'Heartbeat', 'c2')), {});
    assert.deepEqual(c.call(outgoing('2', 'toCsms', 2, 'Heartbeat', 'c2')).concurrent?.connectionId, 'c2');
  });

  void test('expire() returns each CALL sent at or before the cutoff once, in arrival order', () => {
    const c = new Correlator();
    const a = outgoing('a', 'toCsms', 100);
    const b = outgoing('b', 'toStation', 200);
    const d = outgoing('d', 'toCsms', 300);
    c.call(a);
    c.call(b);
    c.call(d);
    c.answer('c1', 'toCsms', 'b', 250);
    assert.deepEqual(c.expire(99), []);
    assert.deepEqual(c.expire(200), [a]);
    assert.deepEqual(c.expire(200), [], 'never twice');
    assert.deepEqual(c.expire(1000), [d]);
    assert.deepEqual(c.outstanding(), []);
  });

  void test('an expired CALL still pairs with its late answer', () => {
    const c = new Correlator();
    const a = outgoing('a', 'toCsms', 0, 'StartTransaction');
    c.call(a);
    assert.deepEqual(c.expire(10), [a]);
    assert.deepEqual(c.answer('c1', 'toStation', 'a', 45_000), { call: a, latencyMs: 45_000 });
    assert.deepEqual(c.answer('c1', 'toStation', 'a', 45_001), { orphan: 'answered-before' });
  });

  void test('an expired CALL no longer counts as outstanding: no concurrency, no reuse', () => {
    const c = new Correlator();
    c.call(outgoing('a', 'toCsms', 0));
    c.expire(0);
    assert.deepEqual(c.call(outgoing('b', 'toCsms', 31_000)), {});
    assert.deepEqual(c.call(outgoing('a', 'toCsms', 31_001)).reusedId, undefined);
    // ... and its late answer does not make the count go negative.
    c.answer('c1', 'toStation', 'b', 31_002);
    c.answer('c1', 'toStation', 'a', 31_003);
    c.answer('c1', 'toStation', 'a', 31_004);
    const next = outgoing('x', 'toCsms', 31_005);
    assert.deepEqual(c.call(next), {});
    assert.deepEqual(c.call(outgoing('y', 'toCsms', 31_006)), { concurrent: next });
  });

  void test('closeConnection() returns the unanswered, unexpired CALLs of that connection in seq order', () => {
    const c = new Correlator();
    const a = outgoing('a', 'toStation', 0);
    const b = outgoing('b', 'toCsms', 1);
    const d = outgoing('d', 'toCsms', 50);
    const other = outgoing('o', 'toCsms', 2, 'Heartbeat', 'c2');
    c.call(a);
    c.call(b);
    c.call(other);
    c.call(d);
    assert.deepEqual(c.expire(0), [a]);
    assert.deepEqual(c.closeConnection('c1'), [b, d]);
    assert.deepEqual(c.closeConnection('c1'), []);
    assert.deepEqual(c.closeConnection('never-seen'), []);
    // The other connection is untouched; the closed one's CALLs are not outstanding any more.
    assert.deepEqual(c.expire(10), [other]);
    assert.deepEqual(c.outstanding(), []);
    assert.deepEqual(c.answer('c1', 'toCsms', 'a', 60), { orphan: 'answered-before' });
  });

  void test('a connection id reused after close starts with no outstanding CALLs', () => {
    const c = new Correlator();
    c.call(outgoing('a', 'toCsms', 0));
    c.closeConnection('c1');
    assert.deepEqual(c.call(outgoing('b', 'toCsms', 10)), {});
  });

  void test('outstanding() returns the CALLs still open at the end, once, in seq order', () => {
    const c = new Correlator();
    const a = outgoing('a', 'toCsms', 0);
    const b = outgoing('b', 'toStation', 1);
    const d = outgoing('d', 'toCsms', 2, 'Heartbeat', 'c2');
    c.call(a);
    c.call(b);
    c.call(d);
    c.answer('c1', 'toCsms', 'b', 3);
    assert.deepEqual(c.outstanding(), [a, d]);
    assert.deepEqual(c.outstanding(), []);
    assert.deepEqual(c.expire(Infinity), []);
  });

  void test('a CALL with an unreadable action is tracked like any other', () => {
    const c = new Correlator();
    const broken = outgoing('102', 'toCsms', 0, '');
    c.call(broken);
    assert.deepEqual(c.call(outgoing('103', 'toCsms', 1)), { concurrent: broken });
  });

  void test('many CALLs: the expiry queue is compacted and stays correct', () => {
    const c = new Correlator();
    for (let k = 0; k < 5000; k++) {
      c.call(outgoing(String(k), 'toCsms', k));
      if (k % 2 === 0) c.answer('c1', 'toStation', String(k), k + 0.5);
    }
    const expired = c.expire(3000);
    assert.equal(expired.length, 1500);
    assert.ok(expired.every((call) => Number(call.id) % 2 === 1 && call.ts <= 3000));
    assert.equal(c.outstanding().length, 1000);
  });
});
