/**
 * A full charging session against the mock CSMS, with ocpp-rpc as the real charger (strict mode:
 * it checks our answers against its own copy of the schemas too), for 1.6 and 2.0.1. Every answer
 * is also checked against the OCA schema, and the state view follows the session.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { charger, scoped } from './proxy-support';
import { ask, assertAnswersValid, nowIso, startMock } from './csms-support';

const BOOT_16 = { chargePointVendor: 'Scope', chargePointModel: 'Bench 16', chargePointSerialNumber: 'SN-1' };
const BOOT_201 = {
  reason: 'PowerUp',
  chargingStation: { vendorName: 'Scope', model: 'Bench 201', firmwareVersion: '1.2.3' },
};

void test('1.6: boot, status, authorize, start, meter values, stop', () =>
  scoped(async (scope) => {
    const { csms, sink, endpoint } = await startMock(scope, {
      heartbeatInterval: 120,
      transactionIdStart: 500,
      authorization: { tokens: { TAG1: 'Accepted', BAD: 'Blocked' }, unknown: 'Invalid' },
    });
    const cp = charger(scope, { endpoint, identity: 'CP 16/ä', protocols: ['ocpp1.6'], strictMode: true });
    await cp.connect();
    assert.equal(cp.protocol, 'ocpp1.6');

    const boot = await ask(cp, 'BootNotification', BOOT_16);
    assert.equal(boot.status, 'Accepted');
    assert.equal(boot.interval, 120);
    await ask(cp, 'StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
    assert.deepEqual((await ask(cp, 'Authorize', { idTag: 'TAG1' })).idTagInfo, { status: 'Accepted' });
    assert.deepEqual((await ask(cp, 'Authorize', { idTag: 'BAD' })).idTagInfo, { status: 'Blocked' });
    assert.deepEqual((await ask(cp, 'Authorize', { idTag: 'WHO' })).idTagInfo, { status: 'Invalid' });
    await ask(cp, 'StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing' });
    const start = await ask(cp, 'StartTransaction', {
      connectorId: 1,
      idTag: 'TAG1',
      meterStart: 1000,
      timestamp: nowIso(),
    });
    assert.equal(start.transactionId, 500);
    await ask(cp, 'StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    await ask(cp, 'MeterValues', {
      connectorId: 1,
      transactionId: 500,
      meterValue: [
        {
          timestamp: nowIso(),
          sampledValue: [{ value: '1500', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
        },
      ],
    });
    const hb = await ask(cp, 'Heartbeat', {});
    assert.ok(typeof hb.currentTime === 'string');

    const during = csms.stations()[0];
    assert.ok(during);
    assert.equal(during.stationId, 'CP 16/ä');
    assert.equal(during.boot?.vendor, 'Scope');
    assert.equal(during.boot?.serialNumber, 'SN-1');
    assert.ok(during.lastHeartbeat);
    assert.deepEqual(
      during.connectors.map((c) => [c.connectorId, c.status]),
      [[1, 'Charging']],
    );
    assert.equal(during.transactions.length, 1);
    assert.equal(during.transactions[0]?.transactionId, '500');
    assert.equal(during.transactions[0]?.meter[0]?.value, 1500);

    const stop = await ask(cp, 'StopTransaction', {
      transactionId: 500,
      idTag: 'TAG1',
      meterStop: 2400,
      timestamp: nowIso(),
      reason: 'Local',
    });
    assert.deepEqual(stop.idTagInfo, { status: 'Accepted' });
    await ask(cp, 'StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
    const after = csms.stations()[0];
    assert.equal(after?.transactions.length, 0);
    assert.equal(after?.endedTransactions[0]?.meter[0]?.value, 2400);

    // Every answer was schema-valid, and the whole conversation is in the capture.
    assert.equal(assertAnswersValid(sink), 12);
    const opened = sink.connections('opened')[0];
    assert.equal(opened?.source, 'csms');
    assert.equal(opened?.subprotocol, 'ocpp1.6');
    assert.equal(opened?.stationId, 'CP 16/ä');
    await cp.close();
    const closed = await sink.waitConnection('closed', 'CP 16/ä');
    assert.equal(closed.closedBy, 'station');
    assert.equal(csms.stations()[0]?.connected, false);
  }));

void test('2.0.1: boot, status, authorize, TransactionEvent Started / Updated / Ended', () =>
  scoped(async (scope) => {
    const { csms, sink, endpoint } = await startMock(scope, {
      authorization: { tokens: { TOKEN1: 'Accepted' }, unknown: 'Invalid' },
    });
    const cp = charger(scope, { endpoint, identity: 'CP-201', protocols: ['ocpp2.0.1'], strictMode: true });
    await cp.connect();
    assert.equal(cp.protocol, 'ocpp2.0.1');
    const boot = await ask(cp, 'BootNotification', BOOT_201);
    assert.equal(boot.status, 'Accepted');
    assert.equal(boot.interval, 300);
    await ask(cp, 'StatusNotification', {
      timestamp: nowIso(),
      connectorStatus: 'Available',
      evseId: 1,
      connectorId: 1,
    });
    const idToken = { idToken: 'TOKEN1', type: 'ISO14443' };
    assert.deepEqual((await ask(cp, 'Authorize', { idToken })).idTokenInfo, { status: 'Accepted' });
    assert.deepEqual(
      (await ask(cp, 'Authorize', { idToken: { idToken: 'X', type: 'ISO14443' } })).idTokenInfo,
      {
        status: 'Invalid',
      },
    );
    const tx = { transactionId: 'f6d5c3a0-0b1e-4c1e-9a5b-000000000001' };
    const started = await ask(cp, 'TransactionEvent', {
      eventType: 'Started',
      timestamp: nowIso(),
      triggerReason: 'Authorized',
      seqNo: 0,
      transactionInfo: tx,
      idToken,
      evse: { id: 1, connectorId: 1 },
      meterValue: [
        { timestamp: nowIso(), sampledValue: [{ value: 100, measurand: 'Energy.Active.Import.Register' }] },
      ],
    });
    assert.deepEqual(started.idTokenInfo, { status: 'Accepted' });
    await ask(cp, 'StatusNotification', {
      timestamp: nowIso(),
      connectorStatus: 'Occupied',
      evseId: 1,
      connectorId: 1,
    });
    await ask(cp, 'TransactionEvent', {
      eventType: 'Updated',
      timestamp: nowIso(),
      triggerReason: 'MeterValuePeriodic',
      seqNo: 1,
      transactionInfo: { ...tx, chargingState: 'Charging' },
      meterValue: [
        {
          timestamp: nowIso(),
          sampledValue: [
            { value: 900, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } },
          ],
        },
      ],
    });
    await ask(cp, 'Heartbeat', {});
    const during = csms.stations()[0];
    assert.equal(during?.boot?.model, 'Bench 201');
    assert.equal(during?.boot?.reason, 'PowerUp');
    assert.deepEqual(
      during?.connectors.map((c) => [c.evseId, c.connectorId, c.status]),
      [[1, 1, 'Occupied']],
    );
    assert.equal(during?.transactions[0]?.transactionId, tx.transactionId);
    assert.equal(during?.transactions[0]?.evseId, 1);
    assert.equal(during?.transactions[0]?.meter[0]?.value, 900);
    assert.equal(during?.transactions[0]?.meter[0]?.unit, 'Wh');
    assert.equal(during?.transactions[0]?.messages, 2);

    await ask(cp, 'TransactionEvent', {
      eventType: 'Ended',
      timestamp: nowIso(),
      triggerReason: 'StopAuthorized',
      seqNo: 2,
      transactionInfo: { ...tx, stoppedReason: 'Local' },
      meterValue: [
        { timestamp: nowIso(), sampledValue: [{ value: 1200, measurand: 'Energy.Active.Import.Register' }] },
      ],
    });
    await ask(cp, 'MeterValues', {
      evseId: 0,
      meterValue: [{ timestamp: nowIso(), sampledValue: [{ value: 5 }] }],
    });
    await ask(cp, 'NotifyEvent', {
      generatedAt: nowIso(),
      seqNo: 0,
      eventData: [
        {
          eventId: 1,
          timestamp: nowIso(),
          trigger: 'Delta',
          actualValue: 'x',
          eventNotificationType: 'HardWiredNotification',
          component: { name: 'Connector' },
          variable: { name: 'Problem' },
        },
      ],
    });
    const after = csms.stations()[0];
    assert.equal(after?.transactions.length, 0);
    assert.equal(after?.endedTransactions[0]?.meter[0]?.value, 1200);
    assert.equal(assertAnswersValid(sink), 11);
  }));

void test('the CSMS chooses by its own preference among what the charger offers', () =>
  scoped(async (scope) => {
    const { endpoint } = await startMock(scope, { subprotocols: ['ocpp2.0.1', 'ocpp1.6'] });
    const cp = charger(scope, { endpoint, identity: 'CP-both', protocols: ['ocpp1.6', 'ocpp2.0.1'] });
    await cp.connect();
    assert.equal(cp.protocol, 'ocpp2.0.1');
  }));
