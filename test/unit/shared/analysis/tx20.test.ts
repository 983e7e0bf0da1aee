import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureBuilder, type Sent as Call } from './capture-builder';

const A = 'a1f0c7d2-3b4e-4f5a-8c6d-7e8f9a0b1c2d';
const B = 'b2e1d8c3-4c5f-4a6b-9d7e-8f9a0b1c2d3e';

interface Sent extends Call {
  answer?: number;
}

type Answer = Record<string, unknown> | 'error' | false;

/** A capture of TransactionEvents analysed as it grows: one station per instance unless told. */
class Capture extends CaptureBuilder {
  constructor(connectionId = 'c1', stationId = 'EVB-P2231-0007', subprotocol = 'ocpp2.0.1') {
    super({
      start: 1_763_900_000_000,
      step: 1000,
      stationId,
      subprotocol: 'ocpp2.0.1',
      closed: { code: 1006, reason: 'Abnormal closure', closedBy: 'scope' },
      id: (n) => `msg-${n}`,
    });
    this.open(connectionId, subprotocol);
  }

  /** A TransactionEvent CALL; a string payload is sent as raw JSON text. */
  send(payload: Record<string, unknown> | string, id = this.nextId()): Sent {
    if (typeof payload !== 'string') return this.call('station', 'TransactionEvent', payload, id);
    return { seq: this.frame('station', `[2,"${id}","TransactionEvent",${payload}]`).seq, id };
  }

  answer(sent: Sent, answer: Answer = {}): Sent {
    if (answer === false) return sent;
    const seq =
      answer === 'error'
        ? this.error(sent.id, 'InternalError', 'Database timeout')
        : this.result(sent.id, answer);
    return { ...sent, answer: seq };
  }

  /** A TransactionEvent, answered `{}` unless told. */
  tx(payload: Record<string, unknown> | string, answer: Answer = {}, id?: string): Sent {
    return this.answer(this.send(payload, id), answer);
  }

  /** The tx20 findings so far, as rule and seqs. */
  tx20(): [string, number[]][] {
    return this.findings('tx20.').map((f) => [f.rule, f.seqs]);
  }

  messages(rule: string): string[] {
    return this.findings(rule).map((f) => f.message);
  }
}

let clock = Date.UTC(2025, 10, 21, 13, 0, 0);

function event(
  eventType: 'Started' | 'Updated' | 'Ended',
  seqNo: number,
  transactionId = A,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  clock += 1000;
  const triggerReason = { Started: 'Authorized', Updated: 'MeterValuePeriodic', Ended: 'StopAuthorized' }[
    eventType
  ];
  return {
    eventType,
    timestamp: new Date(clock).toISOString(),
    triggerReason,
    seqNo,
    transactionInfo: { transactionId },
    ...(eventType === 'Started' ? { evse: { id: 1, connectorId: 1 } } : {}),
    ...extra,
  };
}

const offline = { offline: true };
const evse = (id: number) => ({ evse: { id, connectorId: 1 } });

void describe('tx20 rules', () => {
  void test('a complete transaction with answers is clean', () => {
    const c = new Capture();
    c.tx(event('Started', 0), { idTokenInfo: { status: 'Accepted' } });
    c.tx(event('Updated', 1));
    c.tx(event('Updated', 2));
    c.tx(event('Ended', 3));
    c.close();
    assert.deepEqual(c.finish(), []);
  });

  void test('a transaction first seen with Updated may have started before the capture', () => {
    const c = new Capture();
    const first = c.tx(event('Updated', 14, A, evse(1)));
    c.tx(event('Updated', 15));
    c.tx(event('Ended', 16));
    assert.deepEqual(c.tx20(), [['tx20.not-started', [first.seq]]]);
    const [message] = c.messages('tx20.not-started');
    assert.match(message!, new RegExp(`${A} is Updated \\(seqNo 14\\)`));
    assert.match(message!, /before the capture began/);
    assert.equal(c.analyzer.findings[0]?.severity, 'warning');
  });

  void test('seqNo restarting at 0 for each transaction is not a gap', () => {
    const c = new Capture();
    c.tx(event('Started', 0, A));
    c.tx(event('Ended', 1, A));
    c.tx(event('Started', 0, B));
    c.tx(event('Updated', 1, B));
    c.tx(event('Ended', 2, B));
    assert.deepEqual(c.finish(), []);
  });

  void test('a station-wide seqNo is followed across interleaved transactions', () => {
    const c = new Capture();
    c.tx(event('Started', 20, A));
    c.tx(event('Started', 21, B, evse(2)));
    c.tx(event('Updated', 22, A));
    c.tx(event('Updated', 23, B));
    const previous = c.tx(event('Ended', 24, A));
    const gap = c.tx(event('Ended', 26, B));
    assert.deepEqual(c.tx20(), [['tx20.seqno-gap', [gap.seq, previous.seq]]]);
    assert.match(
      c.messages('tx20.seqno-gap')[0]!,
      new RegExp(`seqNo 26 of transaction ${B} skips seqNo 25 after seqNo 24 \\(transaction ${A}\\)`),
    );
  });

  void test('a transaction of unknown counting mode accepts either counter', () => {
    const c = new Capture();
    const first = c.tx(event('Updated', 7, A, evse(1)));
    c.tx(event('Started', 0, B, evse(2)));
    c.tx(event('Updated', 8, A));
    c.tx(event('Updated', 1, B));
    c.tx(event('Ended', 9, A));
    c.tx(event('Ended', 2, B));
    assert.deepEqual(c.tx20(), [['tx20.not-started', [first.seq]]]);
  });

  void test('an offline flush may arrive out of order and with gaps', () => {
    const c = new Capture();
    c.tx(event('Started', 0));
    c.tx(event('Updated', 1));
    c.close();
    c.open('c2');
    c.tx(event('Updated', 4, A, offline));
    c.tx(event('Updated', 2, A, offline));
    c.tx(event('Updated', 3, A, offline));
    // The online event after the flush follows an offline one: the gap (6 missing) is explained.
    c.tx(event('Updated', 7));
    c.tx(event('Ended', 8));
    assert.deepEqual(c.finish(), []);
  });

  void test('online gaps and regressions are reported with the values', () => {
    const c = new Capture();
    c.tx(event('Started', 0));
    const one = c.tx(event('Updated', 1));
    const three = c.tx(event('Updated', 3));
    const two = c.tx(event('Updated', 2));
    c.tx(event('Ended', 4));
    assert.deepEqual(c.tx20(), [
      ['tx20.seqno-gap', [three.seq, one.seq]],
      ['tx20.seqno-gap', [two.seq, three.seq]],
    ]);
    const [gap, back] = c.messages('tx20.seqno-gap');
    assert.match(gap!, /seqNo 3 of transaction .* skips seqNo 2 after seqNo 1/);
    assert.match(back!, /seqNo 2 of transaction .* goes back after seqNo 3/);
  });

  void test('a repeat with keys in another order is a retry, counted once', () => {
    const c = new Capture();
    c.tx(event('Started', 0));
    const payload = event('Updated', 1, A, {
      meterValue: [
        {
          timestamp: '2025-11-21T13:30:00.000Z',
          sampledValue: [{ value: 1200, measurand: 'Energy.Active.Import.Register' }],
        },
      ],
    });
    const original = c.tx(payload, 'error');
    const reordered = Object.fromEntries(Object.entries(payload).reverse());
    const retry = c.tx(JSON.stringify(reordered, null, 1));
    c.tx(event('Updated', 2));
    c.tx(event('Ended', 3));
    assert.deepEqual(c.tx20(), [['tx20.retry', [retry.seq, original.seq]]]);
    assert.equal(c.analyzer.findings[0]?.severity, 'info');
    assert.match(
      c.messages('tx20.retry')[0]!,
      new RegExp(
        `re-sent TransactionEvent Updated seqNo 1 .* unchanged \\(first sent at seq ${original.seq}\\)`,
      ),
    );
  });

  void test('the same seqNo with different content is a conflict', () => {
    const c = new Capture();
    c.tx(event('Started', 0));
    const first = c.tx(event('Updated', 1));
    const second = c.tx(event('Updated', 1));
    c.tx(event('Updated', 2));
    c.tx(event('Ended', 3));
    assert.deepEqual(c.tx20(), [['tx20.seqno-conflict', [second.seq, first.seq]]]);
    assert.match(
      c.messages('tx20.seqno-conflict')[0]!,
      new RegExp(
        `Updated seqNo 1 of transaction ${A} differs from the event with the same seqNo at seq ${first.seq}`,
      ),
    );
  });

  void test('an identical Ended is a retry; anything after Ended is a fault', () => {
    const c = new Capture();
    c.tx(event('Started', 0));
    const ended = event('Ended', 1);
    const end = c.tx(ended, 'error');
    const retry = c.tx(ended);
    const late = c.tx(event('Updated', 2));
    const otherEnd = c.tx(event('Ended', 3));
    assert.deepEqual(c.tx20(), [
      ['tx20.retry', [retry.seq, end.seq]],
      ['tx20.event-after-ended', [late.seq, end.seq]],
      ['tx20.event-after-ended', [otherEnd.seq, end.seq]],
    ]);
    assert.deepEqual(
      c.finish().filter((f) => f.rule === 'tx20.open-at-end'),
      [],
    );
  });

  void test('a Started event with the id of an ended transaction reuses it', () => {
    const c = new Capture();
    c.tx(event('Started', 0));
    const end = c.tx(event('Ended', 1));
    const again = c.tx(event('Started', 0));
    c.tx(event('Ended', 1));
    assert.deepEqual(c.tx20(), [['tx20.id-reused', [again.seq, end.seq]]]);
    assert.match(
      c.messages('tx20.id-reused')[0]!,
      new RegExp(`reuses the id of transaction ${A}, which ended at seq ${end.seq}`),
    );
  });

  void test('a transaction started on an EVSE with an open one', () => {
    const c = new Capture();
    c.tx(event('Started', 0, A));
    const last = c.tx(event('Updated', 1, A));
    const started = c.tx(event('Started', 0, B));
    c.tx(event('Ended', 2, A));
    // EVSE 1 is free again only when its current transaction ends.
    c.tx(event('Ended', 1, B));
    c.tx(event('Started', 0, 'c3d2e9f4-5d6a-4b7c-8e9f-0a1b2c3d4e5f'));
    c.tx(event('Ended', 1, 'c3d2e9f4-5d6a-4b7c-8e9f-0a1b2c3d4e5f'));
    assert.deepEqual(c.tx20(), [['tx20.evse-busy', [started.seq, last.seq]]]);
    assert.match(
      c.messages('tx20.evse-busy')[0]!,
      new RegExp(`${B} started on EVSE 1, where transaction ${A} is still open`),
    );
  });

  void test('a retry answered differently, in the usual order', () => {
    const c = new Capture();
    const started = event('Started', 0);
    const first = c.tx(started, { idTokenInfo: { status: 'Accepted' } }, 'same-id');
    const retry = c.tx(started, { idTokenInfo: { status: 'Invalid' } }, 'same-id');
    c.tx(event('Ended', 1));
    assert.deepEqual(c.tx20(), [
      ['tx20.retry', [retry.seq, first.seq]],
      ['tx20.retry-answered-differently', [retry.answer!, first.answer!]],
    ]);
    assert.match(
      c.messages('tx20.retry-answered-differently')[0]!,
      /answered seqNo 0 of transaction .* with \{"idTokenInfo":\{"status":"Invalid"\}\} here but with \{"idTokenInfo":\{"status":"Accepted"\}\}/,
    );
  });

  void test('answers are compared in arrival order, key order aside; CALLERRORs are not compared', () => {
    const c = new Capture();
    const started = event('Started', 0);
    const original = c.send(started);
    const retry = c.send(started); // sent while the original is outstanding (an RPC fault of its own)
    const retryAnswer = c.answer(retry, {
      idTokenInfo: { status: 'Accepted', cacheExpiryDateTime: '2025-11-22T13:00:00.000Z' },
    });
    const originalAnswer = c.answer(original, { idTokenInfo: { status: 'Blocked' } });
    const updated = event('Updated', 1);
    c.tx(updated, 'error');
    c.tx(updated, { totalCost: 1.5 });
    c.tx(updated, { totalCost: 1.5 });
    c.tx(event('Ended', 2));
    assert.deepEqual(
      c.tx20().filter(([rule]) => rule === 'tx20.retry-answered-differently'),
      [['tx20.retry-answered-differently', [originalAnswer.answer!, retryAnswer.answer!]]],
    );
  });

  void test('transactions still open at the end, one finding each', () => {
    const c = new Capture();
    const a = c.tx(event('Started', 0, A));
    const aLast = c.tx(event('Updated', 1, A));
    const b = c.tx(event('Started', 0, B, evse(2)));
    const findings = c.finish().filter((f) => f.rule === 'tx20.open-at-end');
    assert.deepEqual(
      findings.map((f) => [f.seqs, f.severity]),
      [
        [[aLast.seq, a.seq], 'info'],
        [[b.seq], 'info'],
      ],
    );
    assert.match(
      findings[0]!.message,
      new RegExp(`${A} on EVSE 1 has no Ended event .* \\(last event Updated seqNo 1 at seq ${aLast.seq}\\)`),
    );
  });

  void test('state is per station and survives reconnections', () => {
    const c = new Capture();
    const started = event('Started', 0);
    const first = c.tx(started, false);
    c.close();
    c.open('c2');
    const retry = c.tx(started);
    c.open('c3', 'ocpp2.0.1', 'EVB-P2231-0099');
    // Another station may use the same transactionId.
    c.tx(event('Started', 0));
    c.tx(event('Ended', 1));
    assert.deepEqual(c.tx20(), [['tx20.retry', [retry.seq, first.seq]]]);
  });

  void test('OCPP 2.1 connections are checked; 1.6 connections are not', () => {
    const c21 = new Capture('c1', 'EVB-Q3100-0005', 'ocpp2.1');
    const updated = c21.tx(event('Updated', 3, A, evse(1)));
    c21.tx(event('Ended', 4));
    assert.deepEqual(c21.tx20(), [['tx20.not-started', [updated.seq]]]);

    const c16 = new Capture('c1', 'CP-16', 'ocpp1.6');
    c16.tx(event('Updated', 3));
    assert.deepEqual(c16.tx20(), []);
  });

  void test('schema-invalid payloads are read defensively', () => {
    const c = new Capture();
    const bad = c.tx({ ...event('Updated', 0), seqNo: 'one' });
    c.tx({ eventType: 'Updated', seqNo: 1, transactionInfo: 'nope' });
    c.tx({ eventType: 'Ended' });
    c.tx('{"eventType":"Ended","seqNo":2,"transactionInfo":{"transactionId":42}}');
    assert.deepEqual(c.tx20(), [['tx20.not-started', [bad.seq]]]);
    assert.match(c.messages('tx20.not-started')[0]!, /is Updated \(seqNo missing\)/);
    assert.ok(c.analyzer.findings.some((f) => f.rule === 'schema.invalid-payload'));
  });
});
