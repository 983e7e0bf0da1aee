/**
 * The idempotency switch, through the engine (RPC, the real capture store and the live analysis):
 * a re-sent StartTransaction (1.6) and a repeated TransactionEvent seqNo (2.0.1), in `correct` and
 * `naive` mode. The demonstration engineers show: the analysis flags only `naive`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RpcClient } from '../../src/shared/rpc/client';
import type { Idempotency } from '../../src/shared/csms/config';
import { charger, scoped, type Scope } from './proxy-support';
import { ask, nowIso, startEngine } from './csms-support';

async function findingRules(client: RpcClient, sessionId: string): Promise<string[]> {
  const { findings } = await client.call('analysis.findings', { sessionId, offset: 0, limit: 1000 });
  return findings.map((f) => f.rule);
}

async function startWith(scope: Scope, idempotency: Idempotency) {
  const { client } = await startEngine(scope);
  const info = await client.call('csms.start', { listen: '127.0.0.1:0', config: { idempotency } });
  scope.defer(() => client.call('csms.stop', { csmsId: info.id }));
  return { client, info, endpoint: info.url.replace(/\/$/, '') };
}

for (const mode of ['correct', 'naive'] as const) {
  void test(`1.6 ${mode}: a re-sent StartTransaction`, () =>
    scoped(async (scope) => {
      const { client, info, endpoint } = await startWith(scope, mode);
      const cp = charger(scope, {
        endpoint,
        identity: `CP-${mode}`,
        protocols: ['ocpp1.6'],
        strictMode: true,
      });
      await cp.connect();
      await ask(cp, 'BootNotification', { chargePointVendor: 'Scope', chargePointModel: 'Retry' });
      const start = { connectorId: 1, idTag: 'TAG1', meterStart: 10, timestamp: nowIso() };
      // The charger did not get the first answer (a lost response) and sends the same request
      // again, with a new message id (1.6 edition 2 section 3.7).
      const first = await ask(cp, 'StartTransaction', start);
      const again = await ask(cp, 'StartTransaction', start);
      if (mode === 'correct') {
        assert.equal(again.transactionId, first.transactionId);
        assert.deepEqual(again.idTagInfo, first.idTagInfo);
      } else {
        assert.notEqual(again.transactionId, first.transactionId);
      }
      const state = await client.call('csms.state', { csmsId: info.id });
      assert.equal(state.stations[0]?.transactions.length, mode === 'correct' ? 1 : 2);

      const rules = await findingRules(client, info.sessionId);
      if (mode === 'correct') assert.ok(!rules.includes('tx16.duplicate-transaction'), rules.join(', '));
      else assert.ok(rules.includes('tx16.duplicate-transaction'), rules.join(', '));
    }));

  void test(`2.0.1 ${mode}: a repeated TransactionEvent (same transactionId and seqNo)`, () =>
    scoped(async (scope) => {
      const { client, info, endpoint } = await startWith(scope, mode);
      const cp = charger(scope, {
        endpoint,
        identity: `CP2-${mode}`,
        protocols: ['ocpp2.0.1'],
        strictMode: true,
      });
      await cp.connect();
      await ask(cp, 'BootNotification', {
        reason: 'PowerUp',
        chargingStation: { vendorName: 'Scope', model: 'Retry' },
      });
      const tx = { transactionId: `tx-${mode}` };
      await ask(cp, 'TransactionEvent', {
        eventType: 'Started',
        timestamp: nowIso(),
        triggerReason: 'CablePluggedIn',
        seqNo: 0,
        transactionInfo: tx,
        evse: { id: 1, connectorId: 1 },
      });
      const updated = {
        eventType: 'Updated',
        timestamp: nowIso(),
        triggerReason: 'MeterValuePeriodic',
        seqNo: 1,
        transactionInfo: tx,
        meterValue: [{ timestamp: nowIso(), sampledValue: [{ value: 500 }] }],
      };
      await ask(cp, 'TransactionEvent', updated);
      await ask(cp, 'TransactionEvent', updated);
      const state = await client.call('csms.state', { csmsId: info.id });
      // Started + Updated, and the repeat only when it is (wrongly) counted.
      assert.equal(state.stations[0]?.transactions[0]?.messages, mode === 'correct' ? 2 : 3);
      const rules = await findingRules(client, info.sessionId);
      assert.ok(!rules.includes('tx20.seqno-conflict'), rules.join(', '));
    }));
}

for (const mode of ['correct', 'naive'] as const) {
  void test(`2.0.1 ${mode}: a retried TransactionEvent Started with its idToken; the analysis flags only naive`, () =>
    scoped(async (scope) => {
      const { client, info, endpoint } = await startWith(scope, mode);
      const cp = charger(scope, { endpoint, identity: `CP2-token-${mode}`, protocols: ['ocpp2.0.1'] });
      await cp.connect();
      await ask(cp, 'BootNotification', {
        reason: 'PowerUp',
        chargingStation: { vendorName: 'Scope', model: 'Retry' },
      });
      const event = {
        eventType: 'Started',
        timestamp: nowIso(),
        triggerReason: 'Authorized',
        seqNo: 0,
        transactionInfo: { transactionId: `tx-token-${mode}` },
        idToken: { idToken: 'TAG1', type: 'ISO14443' },
        evse: { id: 1, connectorId: 1 },
      };
      // The answer to the first was lost: the station sends the same event again.
      const first = await ask(cp, 'TransactionEvent', event);
      const again = await ask(cp, 'TransactionEvent', event);
      assert.deepEqual(first, { idTokenInfo: { status: 'Accepted' } });
      assert.deepEqual(again, mode === 'correct' ? first : { idTokenInfo: { status: 'ConcurrentTx' } });
      const rules = await findingRules(client, info.sessionId);
      assert.ok(rules.includes('tx20.retry'), rules.join(', '));
      assert.equal(rules.includes('tx20.retry-answered-differently'), mode === 'naive', rules.join(', '));
    }));
}
