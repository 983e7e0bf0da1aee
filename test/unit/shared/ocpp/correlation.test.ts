import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Correlator } from '../../../../src/shared/ocpp/correlation';
import type { Frame } from '../../../../src/shared/ocpp/frame';

const call = (id: string, action = 'Heartbeat'): Frame => ({ type: 2, id, action, payload: {} });
const result = (id: string): Frame => ({ type: 3, id, payload: {} });
const error = (id: string): Frame => ({
  type: 4,
  id,
  errorCode: 'GenericError',
  errorDescription: '',
  errorDetails: {},
});
const send = (id: string): Frame => ({ type: 6, id, action: 'NotifyPeriodicEventStream', payload: {} });

void describe('Correlator', () => {
  void test('a CALLRESULT answers the CALL of the other direction on the same connection, with latency', () => {
    const c = new Correlator();
    assert.deepEqual(c.add('c1', 'toCsms', 1, 1000, call('1', 'BootNotification')), {});
    assert.deepEqual(c.add('c1', 'toStation', 2, 1042.5, result('1')), {
      call: { seq: 1, ts: 1000, action: 'BootNotification' },
      latencyMs: 42.5,
    });
  });

  void test('a CALLERROR answers its CALL too', () => {
    const c = new Correlator();
    c.add('c1', 'toStation', 5, 10, call('abc', 'Reset'));
    assert.deepEqual(c.add('c1', 'toCsms', 6, 30, error('abc')), {
      call: { seq: 5, ts: 10, action: 'Reset' },
      latencyMs: 20,
    });
  });

  void test('a CALL is answered once: a second answer is an orphan', () => {
    const c = new Correlator();
    c.add('c1', 'toCsms', 1, 0, call('1'));
    assert.equal(c.add('c1', 'toStation', 2, 1, result('1')).call?.seq, 1);
    assert.deepEqual(c.add('c1', 'toStation', 3, 2, result('1')), {});
  });

  void test('an answer in the same direction as the CALL does not pair', () => {
    const c = new Correlator();
    c.add('c1', 'toCsms', 1, 0, call('1'));
    assert.deepEqual(c.add('c1', 'toCsms', 2, 1, result('1')), {});
    // ... and the CALL is still open for the real answer.
    assert.equal(c.add('c1', 'toStation', 3, 2, result('1')).call?.seq, 1);
  });

  void test('an answer on another connection does not pair', () => {
    const c = new Correlator();
    c.add('c1', 'toCsms', 1, 0, call('1'));
    assert.deepEqual(c.add('c2', 'toStation', 2, 1, result('1')), {});
    assert.equal(c.add('c1', 'toStation', 3, 2, result('1')).call?.seq, 1);
  });

  void test('an answer with another id does not pair', () => {
    const c = new Correlator();
    c.add('c1', 'toCsms', 1, 0, call('1'));
    assert.deepEqual(c.add('c1', 'toStation', 2, 1, result('2')), {});
  });

  void test('a reused id: the most recent unanswered CALL wins, then the older one', () => {
    const c = new Correlator();
    c.add('c1', 'toCsms', 1, 0, call('7', 'StartTransaction'));
    c.add('c1', 'toCsms', 2, 10, call('7', 'StartTransaction'));
    assert.deepEqual(c.add('c1', 'toStation', 3, 15, result('7')), {
      call: { seq: 2, ts: 10, action: 'StartTransaction' },
      latencyMs: 5,
    });
    assert.equal(c.add('c1', 'toStation', 4, 20, result('7')).call?.seq, 1);
    assert.deepEqual(c.add('c1', 'toStation', 5, 25, result('7')), {});
  });

  void test('CALLs of the two sides with the same id are kept apart', () => {
    const c = new Correlator();
    c.add('c1', 'toCsms', 1, 0, call('1', 'Heartbeat'));
    c.add('c1', 'toStation', 2, 1, call('1', 'GetConfiguration'));
    assert.equal(c.add('c1', 'toCsms', 3, 2, result('1')).call?.action, 'GetConfiguration');
    assert.equal(c.add('c1', 'toStation', 4, 3, result('1')).call?.action, 'Heartbeat');
  });

  void test('a SEND is never answered and never answers', () => {
    const c = new Correlator();
    assert.deepEqual(c.add('c1', 'toCsms', 1, 0, send('1')), {});
    assert.deepEqual(c.add('c1', 'toStation', 2, 1, result('1')), {});
    c.add('c1', 'toStation', 3, 2, call('2'));
    assert.deepEqual(c.add('c1', 'toCsms', 4, 3, send('2')), {});
    assert.equal(c.add('c1', 'toCsms', 5, 4, result('2')).call?.seq, 3);
  });

  void test('answer() by id closes the CALL like a parsed answer', () => {
    const c = new Correlator();
    c.add('c1', 'toCsms', 1, 100, call('x', 'Authorize'));
    assert.deepEqual(c.answer('c1', 'toStation', 'x', 150), {
      call: { seq: 1, ts: 100, action: 'Authorize' },
      latencyMs: 50,
    });
    assert.deepEqual(c.answer('c1', 'toStation', 'x', 160), {});
  });

  void test('a CALLRESULTERROR (2.1) does not answer a CALL of the other side', () => {
    // OCPP 2.1 Part 4: a CALLRESULTERROR is sent by the receiver of a CALLRESULT that it cannot
    // process; it travels in the direction of the original CALL and answers no CALL. Here the
    // station's CALL "1" was answered by the CSMS, the station rejects that CALLRESULT, and the
    // CSMS's own CALL "1" must stay open for the station's real answer.
    const c = new Correlator();
    c.add('c1', 'toCsms', 1, 0, call('1', 'Heartbeat'));
    c.add('c1', 'toStation', 2, 1, call('1', 'GetVariables'));
    assert.equal(c.add('c1', 'toStation', 3, 2, result('1')).call?.seq, 1);
    const callResultError: Frame = {
      type: 5,
      id: '1',
      errorCode: 'FormatViolation',
      errorDescription: 'bad CALLRESULT',
      errorDetails: {},
    };
    assert.deepEqual(c.add('c1', 'toCsms', 4, 3, callResultError), {});
    assert.equal(c.add('c1', 'toCsms', 5, 4, result('1')).call?.seq, 2);
  });
});
