import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerCall,
  type Answer,
  schemaErrorAnswer,
  unanswerable,
  type AnswerContext,
} from '../../../../../src/main/services/csms/answers';
import { answerBadFrame, readFrame } from '../../../../../src/main/services/csms/bad-frames';
import { defaultAnswerFor } from '../../../../../src/main/services/csms/default-answer';
import { TransactionLedger } from '../../../../../src/main/services/csms/ledger';
import { ocaSchemaRegistry } from '../../../../../src/main/services/validation/oca-schemas';
import { parseCsmsConfig, type CsmsConfigInput } from '../../../../../src/shared/csms/config';
import { isSendAction, stationActions } from '../../../../../src/shared/ocpp/actions';
import { parseFrame } from '../../../../../src/shared/ocpp/frame';
import { OCPP_VERSIONS, type OcppVersion } from '../../../../../src/shared/ocpp/versions';

const registry = ocaSchemaRegistry();
const NOW = new Date('2026-01-02T03:04:05.000Z');

function context(
  version: OcppVersion,
  input: CsmsConfigInput = {},
  ledger?: TransactionLedger,
): AnswerContext {
  const config = parseCsmsConfig(input);
  return {
    version,
    stationId: 'CP',
    config,
    ledger: ledger ?? new TransactionLedger(config.idempotency, config.transactionIdStart),
    now: NOW,
    defaultAnswer: defaultAnswerFor(registry),
  };
}

void test('every station-initiated action of every version gets a schema-valid answer', () => {
  for (const version of OCPP_VERSIONS) {
    // A SEND (2.1 NotifyPeriodicEventStream) is never answered.
    for (const action of stationActions(version).filter((a) => !isSendAction(version, a))) {
      const { answer } = answerCall(context(version), action, {});
      assert.equal(answer.kind, 'result', `${version} ${action}`);
      if (answer.kind !== 'result') continue;
      assert.deepEqual(
        registry.validate(version, action, 'response', answer.payload),
        [],
        `${version} ${action}`,
      );
    }
  }
});

void test('BootNotification: status and the interval that goes with it', () => {
  const accepted = answerCall(context('1.6', { heartbeatInterval: 60 }), 'BootNotification', {}).answer;
  assert.deepEqual(accepted, {
    kind: 'result',
    payload: { currentTime: NOW.toISOString(), interval: 60, status: 'Accepted' },
  });
  const pending = answerCall(
    context('2.0.1', { boot: { status: 'Pending', retryInterval: 7 } }),
    'BootNotification',
    {},
  );
  assert.deepEqual(pending.answer.kind === 'result' && pending.answer.payload, {
    currentTime: NOW.toISOString(),
    interval: 7,
    status: 'Pending',
  });
  assert.equal(pending.effect.bootStatus, 'Pending');
});

void test('the authorization list and the policy for unknown tokens', () => {
  const input: CsmsConfigInput = {
    authorization: { tokens: { A: 'Accepted', B: 'Blocked', E: 'Expired' }, unknown: 'Invalid' },
  };
  for (const [tag, status] of [
    ['A', 'Accepted'],
    ['B', 'Blocked'],
    ['E', 'Expired'],
    ['X', 'Invalid'],
  ] as const) {
    assert.deepEqual(answerCall(context('1.6', input), 'Authorize', { idTag: tag }).answer, {
      kind: 'result',
      payload: { idTagInfo: { status } },
    });
    assert.deepEqual(
      answerCall(context('2.0.1', input), 'Authorize', { idToken: { idToken: tag, type: 'ISO14443' } })
        .answer,
      {
        kind: 'result',
        payload: { idTokenInfo: { status } },
      },
    );
  }
});

void test('1.6 StartTransaction: ids count up from the start; correct repeats, naive does not', () => {
  const request = { connectorId: 1, idTag: 'A', meterStart: 0, timestamp: '2026-01-01T00:00:00Z' };
  for (const mode of ['correct', 'naive'] as const) {
    const ctx = context('1.6', { transactionIdStart: 41, idempotency: mode });
    const first = answerCall(ctx, 'StartTransaction', request);
    const again = answerCall(ctx, 'StartTransaction', request);
    const other = answerCall(ctx, 'StartTransaction', { ...request, connectorId: 2 });
    assert.equal(first.effect.transactionId, 41);
    assert.equal(again.effect.transactionId, mode === 'correct' ? 41 : 42);
    assert.equal(again.effect.repeat, mode === 'correct');
    assert.equal(other.effect.transactionId, mode === 'correct' ? 42 : 43);
  }
});

void test('2.x TransactionEvent: a repeated (transactionId, seqNo) is a repeat only in correct mode', () => {
  const event = { eventType: 'Updated', seqNo: 3, transactionInfo: { transactionId: 't' } };
  for (const mode of ['correct', 'naive'] as const) {
    const ctx = context('2.0.1', { idempotency: mode });
    assert.equal(answerCall(ctx, 'TransactionEvent', event).effect.repeat, false);
    assert.equal(answerCall(ctx, 'TransactionEvent', event).effect.repeat, mode === 'correct');
    assert.equal(answerCall(ctx, 'TransactionEvent', { ...event, seqNo: 4 }).effect.repeat, false);
  }
});

void test('unknown and CSMS-only actions, schema errors by keyword, per version', () => {
  const code = (answer: Answer | undefined) => (answer?.kind === 'error' ? answer.code : undefined);
  assert.equal(code(unanswerable('1.6', 'MakeCoffee')), 'NotImplemented');
  assert.equal(code(unanswerable('2.0.1', 'RequestStartTransaction')), 'NotSupported');
  assert.equal(unanswerable('1.6', 'DataTransfer'), undefined);
  const missing = registry.validate('1.6', 'Authorize', 'request', {}) ?? [];
  assert.equal(code(schemaErrorAnswer('1.6', 'Authorize', missing)), 'OccurenceConstraintViolation');
  const missing2 = registry.validate('2.0.1', 'Authorize', 'request', {}) ?? [];
  const answer2 = schemaErrorAnswer('2.0.1', 'Authorize', missing2);
  assert.equal(answer2.kind === 'error' && answer2.code, 'OccurrenceConstraintViolation');
  const typed = registry.validate('1.6', 'Authorize', 'request', { idTag: 5 }) ?? [];
  const answer3 = schemaErrorAnswer('1.6', 'Authorize', typed);
  assert.equal(answer3.kind === 'error' && answer3.code, 'TypeConstraintViolation');
});

void test('bad frames: the version decides the code, and what is never answered', () => {
  const problem = (raw: string) => {
    const result = parseFrame(raw);
    assert.ok(!result.ok);
    return result.problem;
  };
  assert.deepEqual(answerBadFrame('1.6', problem('nope'))?.id, '-1');
  const format16 = answerBadFrame('1.6', problem('[2, "x", "Heartbeat", 5]'));
  assert.equal(format16?.id, 'x');
  assert.equal(format16?.answer.kind === 'error' && format16.answer.code, 'FormationViolation');
  const format201 = answerBadFrame('2.0.1', problem('[2, "x", "Heartbeat", 5]'));
  assert.equal(format201?.answer.kind === 'error' && format201.answer.code, 'FormatViolation');
  const unknownType = answerBadFrame('2.0.1', problem('[7, "y", "Heartbeat", {}]'));
  assert.equal(unknownType?.answer.kind === 'error' && unknownType.answer.code, 'MessageTypeNotSupported');
  assert.equal(answerBadFrame('1.6', problem('[7, "y", "Heartbeat", {}]')), undefined);
  assert.equal(answerBadFrame('2.1', problem('[7, "y", "Heartbeat", {}]')), undefined);
  assert.equal(answerBadFrame('2.0.1', problem('[3, "z"]')), undefined);
});

void test('a duplicate key is answered as JSON.parse reads it (the analysis reports it)', () => {
  const result = readFrame('[2, "d", "Heartbeat", {"a": 1, "a": 2}]');
  assert.ok(result.ok);
  assert.deepEqual(result.frame, { type: 2, id: 'd', action: 'Heartbeat', payload: { a: 2 } });
});
