import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  comparedFields,
  diffExchange,
  diffReplay,
  type Exchange,
  type RecordedAnswer,
  type ReplayedAnswer,
} from '../../../../src/shared/replay/diff';

const exchange = (recorded: RecordedAnswer, replayed: ReplayedAnswer): Exchange => ({
  recordedSeq: 20,
  action: 'StartTransaction',
  recordedId: '19223208',
  replayedSeq: 5,
  replayedId: 'new-id',
  recorded,
  replayed,
});
const result = (payload: Record<string, unknown>) => ({ outcome: 'result' as const, payload });
const error = (code: string) => ({ outcome: 'error' as const, code, description: '' });
const kinds = (recorded: RecordedAnswer, replayed: ReplayedAnswer) =>
  diffExchange(exchange(recorded, replayed)).map((d) => d.kind);

void describe('comparedFields', () => {
  void test('every transactionId and status, wherever they are; nothing else', () => {
    const fields = comparedFields({
      transactionId: 7,
      currentTime: '2025-11-21T07:42:17.962Z',
      idTagInfo: { status: 'Accepted', expiryDate: '2025-12-21T00:00:00.000Z' },
      getVariableResult: [{ attributeStatus: 'Rejected', attributeValue: '300' }],
      nested: { transactionInfo: { transactionId: 'abc' } },
      statusInfo: { reasonCode: 'x' },
    });
    assert.deepEqual([...fields.entries()].map(([path, f]) => [path, f.kind, f.value]).sort(), [
      ['getVariableResult[0].attributeStatus', 'status', 'Rejected'],
      ['idTagInfo.status', 'status', 'Accepted'],
      ['nested.transactionInfo.transactionId', 'transactionId', 'abc'],
      ['transactionId', 'transactionId', 7],
    ]);
  });

  void test('a deeply nested payload does not overflow the stack', () => {
    let deep: Record<string, unknown> = { status: 'Deep' };
    for (let k = 0; k < 20_000; k++) deep = { child: deep };
    assert.equal(comparedFields(deep).size, 1);
  });
});

void describe('diffExchange', () => {
  void test('the same transactionId and statuses, other fields changed: no difference', () => {
    assert.deepEqual(
      kinds(
        result({ transactionId: 1, idTagInfo: { status: 'Accepted', expiryDate: 'a' }, currentTime: 'x' }),
        result({ transactionId: 1, idTagInfo: { status: 'Accepted' }, currentTime: 'y' }),
      ),
      [],
    );
  });

  void test('a changed transactionId and status, each named with both values', () => {
    const differences = diffExchange(
      exchange(
        result({ transactionId: 48213, idTagInfo: { status: 'Accepted' } }),
        result({ transactionId: 48214, idTagInfo: { status: 'ConcurrentTx' } }),
      ),
    );
    assert.deepEqual(differences, [
      {
        kind: 'status',
        path: 'idTagInfo.status',
        recorded: 'Accepted',
        replayed: 'ConcurrentTx',
        message: 'idTagInfo.status: "Accepted" recorded, "ConcurrentTx" now',
      },
      {
        kind: 'transactionId',
        path: 'transactionId',
        recorded: 48213,
        replayed: 48214,
        message: 'transactionId: 48213 recorded, 48214 now',
      },
    ]);
  });

  void test('a field present on one side only is a difference', () => {
    const [only] = diffExchange(exchange(result({}), result({ idTagInfo: { status: 'Invalid' } })));
    assert.equal(only?.message, 'idTagInfo.status: absent recorded, "Invalid" now');
  });

  void test('outcomes, error codes, missing and extra answers, CALLs never sent', () => {
    assert.deepEqual(kinds(result({}), error('InternalError')), ['outcome']);
    assert.deepEqual(kinds(error('NotSupported'), result({})), ['outcome']);
    assert.deepEqual(kinds(error('NotSupported'), error('NotSupported')), []);
    assert.deepEqual(kinds(error('NotSupported'), error('NotImplemented')), ['error-code']);
    assert.deepEqual(kinds(result({}), { outcome: 'timeout' }), ['missing-answer']);
    assert.deepEqual(kinds(error('X'), { outcome: 'closed' }), ['missing-answer']);
    assert.deepEqual(kinds({ outcome: 'none' }, result({})), ['extra-answer']);
    assert.deepEqual(kinds({ outcome: 'none' }, { outcome: 'timeout' }), []);
    assert.deepEqual(kinds(result({}), { outcome: 'not-sent' }), ['not-replayed']);
    assert.deepEqual(kinds({ outcome: 'none' }, { outcome: 'sent' }), []);
  });
});

void describe('diffReplay', () => {
  void test('counts the differences of every CALL and keeps both ids and seqs', () => {
    const same = exchange(result({ transactionId: 1 }), result({ transactionId: 1 }));
    const changed = { ...exchange(result({ transactionId: 1 }), result({ transactionId: 2 })), answerSeq: 6 };
    const diff = diffReplay([same, changed, exchange(error('A'), { outcome: 'not-sent' })]);
    assert.equal(diff.identical, false);
    assert.equal(diff.differences, 2);
    assert.deepEqual(diff.items[1], {
      recordedSeq: 20,
      replayedSeq: 5,
      answerSeq: 6,
      action: 'StartTransaction',
      recordedId: '19223208',
      replayedId: 'new-id',
      recorded: { outcome: 'result' },
      replayed: { outcome: 'result' },
      differences: diffExchange(changed),
    });
    assert.deepEqual(diff.items[2]?.recorded, { outcome: 'error', code: 'A' });
    assert.deepEqual(diffReplay([same]), {
      items: [diffReplay([same]).items[0]],
      differences: 0,
      identical: true,
    });
  });
});
