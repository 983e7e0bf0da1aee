import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../../src/shared/analysis/finding';
import { CaptureBuilder } from './capture-builder';

const EXPIRY = '2026-01-31T23:59:59.000Z';

/** A capture of OCPP 1.6 transactions, one second between entries; `open` switches connection and station. */
class Capture extends CaptureBuilder {
  constructor(stationId = 'CP-1') {
    super({
      start: Date.UTC(2025, 10, 24, 16, 0, 0),
      step: 1000,
      stationId,
      subprotocol: 'ocpp1.6',
      closed: { code: 1006 },
      id: (n) => String(999 + n),
    });
  }

  /** A CALL from the station and its CALLRESULT. */
  rpc(action: string, payload: unknown, answer: unknown = {}): { seq: number; id: string; result: number } {
    const call = this.call('station', action, payload);
    return { ...call, result: this.result(call.id, answer) };
  }

  start(request: StartRequest, transactionId: number, status = 'Accepted', id?: string) {
    const call = this.call('station', 'StartTransaction', request, id);
    const result = this.result(call.id, { transactionId, idTagInfo: { status, expiryDate: EXPIRY } });
    return { ...call, result };
  }

  stop(transactionId: number, meterStop: number, timestamp = '2025-11-24T17:00:00Z', extra = {}) {
    return this.rpc(
      'StopTransaction',
      { transactionId, meterStop, timestamp, reason: 'Local', ...extra },
      { idTagInfo: { status: 'Accepted' } },
    );
  }

  meterValues(transactionId: number, timestamp: string, sampledValue: object[]) {
    return this.rpc('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [{ timestamp, sampledValue }],
    });
  }
}

interface StartRequest {
  connectorId: number;
  idTag: string;
  meterStart: number;
  timestamp: string;
}

const START: StartRequest = {
  connectorId: 1,
  idTag: '9A41C07E',
  meterStart: 3381542,
  timestamp: '2025-11-24T16:12:50Z',
};

/** The tx16 findings of a capture (other rule sets are tested elsewhere). */
function tx16(capture: Capture): Finding[] {
  return capture.analyse('tx16.').findings;
}

function only(findings: Finding[], rule: string): Finding {
  assert.deepEqual(
    findings.map((f) => f.rule),
    [rule],
    findings.map((f) => f.message).join('\n'),
  );
  return findings[0]!;
}

const energy = (value: string, extra: object = {}) => ({
  value,
  measurand: 'Energy.Active.Import.Register',
  ...extra,
});

void describe('tx16: re-sent StartTransaction', () => {
  void test('a retry with a new message id answered with a new transactionId is a duplicate transaction', () => {
    const c = new Capture().open();
    const first = c.start(START, 91024);
    c.close().open('c2');
    const second = c.start(START, 91025);
    const finding = only(tx16(c), 'tx16.duplicate-transaction');
    assert.deepEqual(finding.seqs, [second.result, first.result, second.seq, first.seq]);
    assert.deepEqual(finding.messageIds, [second.id, first.id, second.id, first.id]);
    assert.equal(finding.connectionId, 'c2');
    assert.match(finding.message, /transactionId 91025, where it answered 91024/);
    assert.match(finding.message, /billed twice/);
  });

  void test('a retry with the same message id answered with the same transactionId is fine', () => {
    const c = new Capture().open();
    const first = c.start(START, 91024);
    c.close().open('c2');
    c.start(START, 91024, 'Accepted', first.id);
    c.meterValues(91024, '2025-11-24T16:13:50Z', [energy('3381700')]);
    c.stop(91024, 3381800);
    assert.deepEqual(tx16(c), []);
  });

  void test('after a duplicate the station quotes the new id, which is neither unknown nor a busy connector', () => {
    const c = new Capture().open();
    c.start(START, 91024);
    c.start(START, 91025);
    c.meterValues(91025, '2025-11-24T16:13:50Z', [energy('3381700')]);
    c.stop(91025, 3381800);
    c.start({ ...START, idTag: 'OTHER', meterStart: 3381800, timestamp: '2025-11-24T17:10:00Z' }, 91026);
    assert.deepEqual(
      tx16(c).map((f) => f.rule),
      ['tx16.duplicate-transaction'],
    );
  });

  void test('a retry answered ConcurrentTx is reported; a first answer ConcurrentTx is not', () => {
    const c = new Capture().open();
    const first = c.start(START, 18804);
    const retry = c.start(START, 18804, 'ConcurrentTx');
    const finding = only(tx16(c), 'tx16.retry-concurrent-tx');
    assert.deepEqual(finding.seqs, [retry.result, first.result, retry.seq, first.seq]);
    assert.match(finding.message, /ConcurrentTx, where its first answer \(seq 3\) was Accepted/);

    const d = new Capture().open();
    d.start(START, 18804, 'ConcurrentTx');
    d.start(START, 18804, 'ConcurrentTx');
    assert.deepEqual(tx16(d), []);
  });

  void test('a StartTransaction answered with a CALLERROR and re-sent is a new start, not a retry', () => {
    const c = new Capture().open();
    const failed = c.call('station', 'StartTransaction', START);
    c.error(failed.id, 'InternalError', 'rejected');
    c.start(START, 500);
    c.stop(500, 3381600);
    assert.deepEqual(tx16(c), []);
  });
});

void describe('tx16: transaction ids', () => {
  void test('one id issued to two stations is reported on the second', () => {
    const c = new Capture('CP-A').open('a1');
    const first = c.start(START, 5532);
    c.open('b1', 'ocpp1.6', 'CP-B');
    const second = c.start({ ...START, idTag: 'B-TAG' }, 5532);
    const finding = only(tx16(c), 'tx16.id-issued-twice');
    assert.equal(finding.stationId, 'CP-B');
    assert.match(finding.message, /transactionId 5532, which it already issued .* of station CP-A/);
    assert.deepEqual(finding.messageIds, [second.id, first.id, second.id, first.id]);
  });

  void test('an unknown id is reported once per transaction, and says it may predate the capture', () => {
    const c = new Capture().open();
    const values = c.meterValues(70211, '2025-11-24T15:00:00Z', [energy('1204877')]);
    c.meterValues(70211, '2025-11-24T15:01:00Z', [energy('1204900')]);
    c.stop(70211, 1204981);
    const finding = only(tx16(c), 'tx16.unknown-transaction');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.seqs, [values.seq]);
    assert.match(finding.message, /transactionId 70211.*started before the capture began/);
  });

  void test('an id issued to another station is unknown to this one', () => {
    const c = new Capture('CP-A').open('a1');
    c.start(START, 77);
    c.open('b1', 'ocpp1.6', 'CP-B');
    c.stop(77, 3381600);
    assert.equal(only(tx16(c), 'tx16.unknown-transaction').stationId, 'CP-B');
  });

  void test('a transaction answered Invalid is still a transaction: its StopTransaction is not unknown', () => {
    const c = new Capture().open();
    c.start(START, 60012, 'Invalid');
    c.stop(60012, 3381544, '2025-11-24T16:13:00Z', { reason: 'DeAuthorized' });
    c.start({ ...START, idTag: 'NEXT', meterStart: 3381544, timestamp: '2025-11-24T16:20:00Z' }, 60013);
    assert.deepEqual(tx16(c), []);
  });
});

void describe('tx16: stopped transactions', () => {
  void test('a re-sent identical StopTransaction is a retry; a different one is a finished transaction', () => {
    const c = new Capture().open();
    c.start(START, 30160);
    const first = c.call('station', 'StopTransaction', {
      transactionId: 30160,
      meterStop: 3381700,
      timestamp: '2025-11-24T17:00:00Z',
    });
    c.error(first.id, 'InternalError', 'rejected');
    c.stop(30160, 3381700, '2025-11-24T17:00:00Z', { reason: undefined });
    assert.deepEqual(tx16(c), []);

    const again = c.stop(30160, 3381750, '2025-11-24T17:02:00Z');
    const finding = only(tx16(c), 'tx16.finished-transaction');
    assert.deepEqual(finding.seqs, [again.seq, first.seq]);
    assert.match(finding.message, /meterStop 3381750.*already stopped \(meterStop 3381700/);
  });

  void test('MeterValues after the stop are a finished transaction', () => {
    const c = new Capture().open();
    c.start(START, 30117);
    const stop = c.stop(30117, 3381700);
    const late = c.meterValues(30117, '2025-11-24T17:01:00Z', [energy('3381700')]);
    const finding = only(tx16(c), 'tx16.finished-transaction');
    assert.deepEqual(finding.seqs, [late.seq, stop.seq]);
  });

  void test('meterStop below meterStart', () => {
    const c = new Capture().open();
    const start = c.start({ ...START, meterStart: 2210450 }, 58230);
    const stop = c.stop(58230, 5120);
    const finding = only(tx16(c), 'tx16.meter-stop-below-start');
    assert.deepEqual(finding.seqs, [stop.seq, start.seq]);
    assert.match(finding.message, /meterStop 5120 Wh, below its meterStart 2210450 Wh/);
  });

  void test('a new StartTransaction on a busy connector; none after a stop or on another connector', () => {
    const c = new Capture().open();
    const first = c.start(START, 40001);
    c.start({ ...START, connectorId: 2, idTag: 'OTHER' }, 40002);
    const busy = c.start({ ...START, idTag: 'THIRD', timestamp: '2025-11-24T16:30:00Z' }, 40003);
    c.stop(40003, 3381600);
    c.start({ ...START, idTag: 'FOURTH', meterStart: 3381600, timestamp: '2025-11-24T16:40:00Z' }, 40004);
    const finding = only(tx16(c), 'tx16.connector-busy');
    assert.deepEqual(finding.seqs, [busy.seq, first.seq]);
    assert.match(finding.message, /connector 1 .* while transaction 40001/);
  });
});

void describe('tx16: energy register', () => {
  void test('kWh and Wh compare after conversion', () => {
    const c = new Capture().open();
    c.start(START, 1);
    c.meterValues(1, '2025-11-24T16:14:00Z', [energy('3381.6', { unit: 'kWh' })]);
    c.meterValues(1, '2025-11-24T16:15:00Z', [energy('3381600', { unit: 'Wh' })]);
    c.meterValues(1, '2025-11-24T16:16:00Z', [energy('3381.612', { unit: 'kWh' })]);
    assert.deepEqual(tx16(c), []);

    const drop = c.meterValues(1, '2025-11-24T16:17:00Z', [energy('3381611')]);
    const finding = only(tx16(c), 'tx16.energy-decrease');
    assert.deepEqual(finding.seqs, [drop.seq, drop.seq - 2]);
    assert.match(
      finding.message,
      /from 3381\.612 kWh at 2025-11-24T16:16:00Z .* to 3381611 Wh \(no unit given\) at/,
    );
  });

  void test('a kWh value sent without its unit reads as Wh and is a decrease', () => {
    const c = new Capture().open();
    c.start(START, 1);
    c.meterValues(1, '2025-11-24T16:14:00Z', [{ value: '3381600' }]);
    c.meterValues(1, '2025-11-24T16:15:00Z', [{ value: '3381.7' }]);
    assert.match(only(tx16(c), 'tx16.energy-decrease').message, /3381\.7 Wh \(no unit given\)/);
  });

  void test('phases, locations and other measurands are separate series', () => {
    const c = new Capture().open();
    c.start(START, 1);
    c.meterValues(1, '2025-11-24T16:14:00Z', [
      energy('3381600'),
      energy('1127200', { phase: 'L1' }),
      energy('900', { location: 'EV' }),
      { value: '11000', measurand: 'Power.Active.Import', unit: 'W' },
    ]);
    c.meterValues(1, '2025-11-24T16:15:00Z', [
      energy('3381790', { location: 'Outlet' }),
      energy('1127260', { phase: 'L1' }),
      energy('950', { location: 'EV' }),
      { value: '0', measurand: 'Power.Active.Import', unit: 'W' },
    ]);
    assert.deepEqual(tx16(c), []);
  });

  void test('StopTransaction transactionData is compared by timestamp, not by arrival', () => {
    const c = new Capture().open();
    c.start(START, 1);
    c.meterValues(1, '2025-11-24T16:14:00Z', [energy('3381700')]);
    c.stop(1, 3381800, '2025-11-24T16:20:00Z', {
      transactionData: [
        { timestamp: START.timestamp, sampledValue: [energy('3381542', { context: 'Transaction.Begin' })] },
        {
          timestamp: '2025-11-24T16:20:00Z',
          sampledValue: [energy('3381800', { context: 'Transaction.End' })],
        },
      ],
    });
    assert.deepEqual(tx16(c), []);
  });

  void test('a bad sample is reported once, not again by later readings', () => {
    const c = new Capture().open();
    c.start(START, 1);
    c.meterValues(1, '2025-11-24T16:14:00Z', [energy('3381700')]);
    c.meterValues(1, '2025-11-24T16:15:00Z', [energy('3381.75')]);
    c.meterValues(1, '2025-11-24T16:16:00Z', [energy('3381800')]);
    assert.equal(tx16(c).length, 1);
  });
});

void describe('tx16: transactionId -1', () => {
  void test('-1 accepted is not unknown', () => {
    const c = new Capture().open();
    c.meterValues(-1, '2025-11-24T16:14:00Z', [energy('3381700')]);
    c.stop(-1, 3381800);
    c.stop(-1, 3381900, '2025-11-24T18:00:00Z');
    assert.deepEqual(tx16(c), []);
  });

  void test('-1 answered with a CALLERROR is reported, for MeterValues and StopTransaction', () => {
    const c = new Capture().open();
    const values = c.call('station', 'MeterValues', {
      connectorId: 1,
      transactionId: -1,
      meterValue: [{ timestamp: '2025-11-24T16:14:00Z', sampledValue: [energy('3381700')] }],
    });
    const rejected = c.error(values.id, 'PropertyConstraintViolation', 'rejected');
    const stop = c.call('station', 'StopTransaction', {
      transactionId: -1,
      meterStop: 3381800,
      timestamp: '2025-11-24T17:00:00Z',
    });
    c.error(stop.id, 'GenericError', 'rejected');
    const findings = tx16(c);
    assert.deepEqual(
      findings.map((f) => [f.rule, f.seqs]),
      [
        ['tx16.minus-one-rejected', [rejected, values.seq]],
        ['tx16.minus-one-rejected', [stop.seq + 1, stop.seq]],
      ],
    );
    assert.match(findings[1]!.message, /StopTransaction with transactionId -1 with CALLERROR GenericError/);
  });

  void test('a CALLERROR to a StopTransaction with a real id is not about -1', () => {
    const c = new Capture().open();
    c.start(START, 9);
    const stop = c.call('station', 'StopTransaction', {
      transactionId: 9,
      meterStop: 3381800,
      timestamp: '2025-11-24T17:00:00Z',
    });
    c.error(stop.id, 'InternalError', 'rejected');
    assert.deepEqual(tx16(c), []);
  });
});

void describe('tx16: robustness', () => {
  void test('schema-invalid payloads are read defensively', () => {
    const c = new Capture().open();
    const call = c.call('station', 'StartTransaction', { connectorId: '1', idTag: 7 });
    c.result(call.id, { transactionId: 'x', idTagInfo: 'Accepted' });
    c.rpc('MeterValues', { connectorId: 1, transactionId: '5', meterValue: 'none' });
    c.rpc('StopTransaction', { transactionId: 5.5, transactionData: [null, { timestamp: 3 }] });
    c.start(START, 4);
    c.rpc('MeterValues', {
      connectorId: 1,
      transactionId: 4,
      meterValue: [null, { timestamp: 'soon', sampledValue: [] }],
    });
    c.rpc('StopTransaction', {
      transactionId: 4,
      meterStop: 'lots',
      transactionData: [{ timestamp: 'x', sampledValue: [1] }],
    });
    assert.deepEqual(tx16(c), []);
  });

  void test('other OCPP versions are left alone', () => {
    const c = new Capture().open('c1', 'ocpp2.0.1');
    c.rpc('StopTransaction', { transactionId: 123, meterStop: 1, timestamp: '2025-11-24T17:00:00Z' });
    assert.deepEqual(tx16(c), []);
  });
});
