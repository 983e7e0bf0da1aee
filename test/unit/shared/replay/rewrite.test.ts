import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { stationTransactionId, TransactionIdMap } from '../../../../src/shared/replay/rewrite';

void describe('TransactionIdMap', () => {
  void test('replaces every transactionId learned, wherever it is, in a copy', () => {
    const ids = new TransactionIdMap();
    ids.learn(48213, 7);
    ids.learn(1, 1);
    assert.equal(ids.size, 1, 'an id that stays the same is nothing to replace');
    const recorded = {
      connectorId: 1,
      transactionId: 48213,
      meterValue: [{ sampledValue: [{ value: '48213' }] }],
      other: { transactionId: 99 },
    };
    const { payload, replaced } = ids.apply(recorded);
    assert.deepEqual(payload, { ...recorded, transactionId: 7 });
    assert.deepEqual(replaced, [{ path: 'transactionId', from: 48213, to: 7 }]);
    assert.equal(recorded.transactionId, 48213, 'the recorded payload is left alone');
  });

  void test('a number and a string with the same digits are different ids', () => {
    const ids = new TransactionIdMap();
    ids.learn('abc', 'def');
    ids.learn(5, 6);
    assert.deepEqual(ids.apply({ transactionId: '5', x: { transactionId: 'abc' } }).payload, {
      transactionId: '5',
      x: { transactionId: 'def' },
    });
  });

  void test('nothing learned: the payload itself, untouched', () => {
    const payload = { transactionId: 1 };
    assert.equal(new TransactionIdMap().apply(payload).payload, payload);
  });

  void test("the station's transactionId of a 2.x TransactionEvent", () => {
    assert.equal(
      stationTransactionId('TransactionEvent', { transactionInfo: { transactionId: 't-1' } }),
      't-1',
    );
    assert.equal(
      stationTransactionId('MeterValues', { transactionInfo: { transactionId: 't-1' } }),
      undefined,
    );
    assert.equal(stationTransactionId('TransactionEvent', {}), undefined);
  });
});
