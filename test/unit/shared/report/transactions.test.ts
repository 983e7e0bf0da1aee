import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { payloadKey } from '../../../../src/shared/report/transactions';
import { CaptureBuilder } from '../analysis/capture-builder';
import { FIXTURES, fixtureText } from '../../support';
import { entriesReport, fixtureReport } from './report-support';

const START = Date.UTC(2025, 10, 24, 16, 0, 0);
const EXPIRY = '2026-01-31T23:59:59.000Z';

/** OCPP 1.6 transaction messages, one second apart. */
class Tx16 extends CaptureBuilder {
  constructor() {
    super({
      start: START,
      step: 1000,
      stationId: 'CP-1',
      subprotocol: 'ocpp1.6',
      id: (n) => String(500 + n),
    });
  }

  start(meterStart: number, transactionId: number, id?: string) {
    const request = { connectorId: 2, idTag: 'TAG-1', meterStart, timestamp: '2025-11-24T16:00:00Z' };
    const call = this.call('station', 'StartTransaction', request, id);
    const result = this.result(call.id, {
      transactionId,
      idTagInfo: { status: 'Accepted', expiryDate: EXPIRY },
    });
    return { ...call, result };
  }

  stop(transactionId: number, meterStop: number, reason?: string) {
    const payload = {
      transactionId,
      meterStop,
      timestamp: '2025-11-24T16:30:00Z',
      ...(reason ? { reason } : {}),
    };
    const call = this.call('station', 'StopTransaction', payload);
    return { ...call, result: this.result(call.id, { idTagInfo: { status: 'Accepted' } }) };
  }
}

void describe('report transactions: OCPP 1.6', () => {
  void test('the fixture session: id, connector, idTag, start, stop, energy, duration, reason', async () => {
    const report = await fixtureReport(FIXTURES.ocpp16);
    assert.equal(report.transactions.length, 1);
    const tx = report.transactions[0]!;
    assert.equal(tx.transactionId, '48213');
    assert.equal(tx.stationId, 'CP-ACME-0042');
    assert.equal(tx.connector, '1');
    assert.equal(tx.idTag, '04A2B3C4D5E6F7');
    assert.equal(tx.startTs, Date.parse('2025-11-21T07:54:48Z'));
    assert.equal(tx.stopTs, Date.parse('2025-11-21T08:05:21Z'));
    assert.equal(tx.durationMs, 633_000);
    assert.equal(tx.energyWh, 1286427 - 1284503);
    assert.equal(tx.stopReason, 'Local');
    assert.deepEqual(tx.problems, []);
    // The StartTransaction, its answer, the MeterValues and the StopTransaction, with their answers.
    assert.equal(tx.seqs[0], 20);
    assert.equal(tx.seqs[tx.seqs.length - 1], 53);
  });

  void test('a retry answered with the same id is one transaction; a new id makes two, with the problem', () => {
    const same = new Tx16().open();
    const first = same.start(1000, 77);
    same.start(1000, 77, first.id);
    same.stop(77, 1500, 'EVDisconnected');
    const one = entriesReport(same.entries).transactions;
    assert.equal(one.length, 1);
    assert.deepEqual(
      { id: one[0]!.transactionId, energy: one[0]!.energyWh, reason: one[0]!.stopReason, seqs: one[0]!.seqs },
      { id: '77', energy: 500, reason: 'EVDisconnected', seqs: [2, 3, 4, 5, 6, 7] },
    );

    const twice = new Tx16().open();
    twice.start(1000, 77);
    twice.start(1000, 78);
    twice.stop(78, 1200);
    const two = entriesReport(twice.entries).transactions;
    assert.deepEqual(
      two.map((t) => [t.transactionId, t.stopTs !== undefined, t.problems]),
      [
        ['77', false, ['tx16.duplicate-transaction']],
        ['78', true, ['tx16.duplicate-transaction']],
      ],
    );
    assert.equal(two[1]!.energyWh, 200);
  });

  void test('unfinished, unanswered and stopped-before-the-capture transactions are shown as such', () => {
    const c = new Tx16().open();
    c.call('station', 'StartTransaction', {
      connectorId: 1,
      idTag: 'X',
      meterStart: 5,
      timestamp: '2025-11-24T16:00:00Z',
    });
    c.stop(4242, 900);
    c.start(10, 90);
    const [unanswered, before, open] = entriesReport(c.entries).transactions;
    assert.equal(unanswered!.transactionId, undefined);
    assert.equal(unanswered!.stopTs, undefined);
    assert.equal(before!.transactionId, '4242');
    assert.equal(before!.startTs, undefined);
    assert.equal(before!.energyWh, undefined, 'no meterStart: no energy');
    assert.equal(
      before!.stopReason,
      'Local',
      'a StopTransaction without reason stopped locally (1.6 section 7.41)',
    );
    // The stop went out while the start was unanswered: both findings involve its entries.
    assert.deepEqual(before!.problems, ['rpc.concurrent-call', 'tx16.unknown-transaction']);
    assert.deepEqual(unanswered!.problems, ['rpc.concurrent-call', 'rpc.unanswered-call']);
    assert.equal(open!.transactionId, '90');
    assert.equal(open!.stopTs, undefined);
    assert.equal(open!.durationMs, undefined);
  });
});

void describe('report transactions: OCPP 2.0.1', () => {
  void test('the fixture session: Started to Ended, EVSE and connector, idToken, energy from the register', async () => {
    const report = await fixtureReport(FIXTURES.ocpp201);
    assert.equal(report.transactions.length, 1);
    const tx = report.transactions[0]!;
    assert.equal(tx.transactionId, '8c935604-7152-4e42-9566-32886d404f69');
    assert.equal(tx.connector, 'EVSE 1 / 1');
    assert.equal(tx.idTag, '04E91A2B7C5D80');
    assert.equal(tx.startTs, Date.parse('2025-11-21T13:16:37.506Z'));
    assert.equal(tx.stopTs, Date.parse('2025-11-21T13:25:27.472Z'));
    assert.equal(tx.durationMs, tx.stopTs - tx.startTs);
    assert.equal(tx.energyWh, 1564);
    assert.equal(tx.stopReason, 'Local');
    assert.deepEqual(tx.problems, []);
  });

  void test('kWh and multipliers are converted, phases left out; an open transaction has no stop', () => {
    const c = new CaptureBuilder({
      start: START,
      step: 1000,
      stationId: 'EVB-1',
      subprotocol: 'ocpp2.0.1',
    }).open();
    const event = (eventType: string, seqNo: number, meterValue: object[], extra: object = {}) => {
      const call = c.call('station', 'TransactionEvent', {
        eventType,
        timestamp: new Date(START + seqNo * 60_000).toISOString(),
        triggerReason: eventType === 'Started' ? 'Authorized' : 'MeterValuePeriodic',
        seqNo,
        transactionInfo: { transactionId: 'tx-a' },
        ...(meterValue.length > 0 ? { meterValue } : {}),
        ...extra,
      });
      c.result(call.id, {});
    };
    const sample = (value: number, unitOfMeasure: object, extra: object = {}) => ({
      timestamp: '2025-11-24T16:00:00Z',
      sampledValue: [{ value, unitOfMeasure, ...extra }],
    });
    event('Started', 0, [sample(12.5, { unit: 'kWh' })], {
      evse: { id: 2 },
      idToken: { idToken: 'AB12', type: 'ISO14443' },
    });
    event('Updated', 1, [sample(99, { unit: 'kWh' }, { phase: 'L1' })]);
    event('Updated', 2, [sample(13.75, { unit: 'Wh', multiplier: 3 })]);
    const [tx] = entriesReport(c.entries).transactions;
    assert.equal(tx!.connector, 'EVSE 2');
    assert.equal(tx!.idTag, 'AB12');
    assert.equal(tx!.energyWh, 1250);
    assert.equal(tx!.stopTs, undefined);
    assert.deepEqual(tx!.problems, ['tx20.open-at-end']);
  });
});

void describe('report transactions: a MeterValues transactionId read without parsing the samples', () => {
  void test('the payload top-level key only: not a deeper one, not the same text as a value or in a string', () => {
    assert.equal(
      payloadKey(
        '[2,"1","MeterValues",{"connectorId":1,"transactionId":42,"meterValue":[]}]',
        'transactionId',
      ),
      42,
    );
    assert.equal(
      payloadKey(
        '[2,"1","MeterValues",{"meterValue":[{"transactionId":7}],"note":"\\"transactionId\\":9","transactionId" : -1}]',
        'transactionId',
      ),
      -1,
    );
    assert.equal(
      payloadKey(
        '[2,"transactionId","MeterValues",{"x":"transactionId","transactionId":"15"}]',
        'transactionId',
      ),
      15,
    );
    assert.equal(
      payloadKey('[2,"1","MeterValues",{"connectorId":1,"meterValue":[]}]', 'transactionId'),
      undefined,
    );
    assert.equal(payloadKey('[2,"1","MeterValues",{"transactionId":null}]', 'transactionId'), undefined);
  });

  void test('agrees with JSON.parse on every MeterValues of the 1.6 fixture', () => {
    const frames = fixtureText(FIXTURES.ocpp16)
      .split('\n')
      .filter((line) => line.includes('\\"MeterValues\\"') && line.includes('"raw":"[2,'))
      .map((line) => (JSON.parse(line) as { raw: string }).raw);
    assert.ok(frames.length >= 10);
    for (const raw of frames) {
      const payload = (JSON.parse(raw) as [number, string, string, { transactionId?: number }])[3];
      assert.equal(payloadKey(raw, 'transactionId'), payload.transactionId, raw);
    }
  });
});
