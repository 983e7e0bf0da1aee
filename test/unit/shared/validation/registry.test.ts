import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ocaSchemaRegistry } from '../../../../src/main/services/validation/oca-schemas';
import { OCPP_VERSIONS, type OcppVersion } from '../../../../src/shared/ocpp/versions';
import { SchemaRegistry, type SchemaKind } from '../../../../src/shared/validation/registry';

const registry = ocaSchemaRegistry();

void describe('SchemaRegistry: the OCA schemas', () => {
  // 1.6: 28 core actions + 11 of the security whitepaper; 2.0.1: 64; 2.1: 90 CALL actions and
  // the SEND NotifyPeriodicEventStream (request schema only).
  const COUNTS: Record<OcppVersion, number> = { '1.6': 39, '2.0.1': 64, '2.1': 91 };

  for (const version of OCPP_VERSIONS) {
    void test(`${version}: ${COUNTS[version]} actions, every Request and Response schema compiles`, () => {
      const actions = registry.actions(version);
      assert.equal(actions.length, COUNTS[version]);
      assert.deepEqual(actions, [...actions].sort());
      for (const action of actions) {
        assert.ok(registry.hasAction(version, action));
        for (const kind of ['request', 'response'] as const) {
          if (version === '2.1' && action === 'NotifyPeriodicEventStream' && kind === 'response') {
            assert.equal(registry.validator(version, action, kind), undefined, 'a SEND is never answered');
            continue;
          }
          const validate = registry.validator(version, action, kind);
          assert.equal(typeof validate, 'function', `${version} ${action} ${kind}`);
          assert.equal(registry.validator(version, action, kind), validate, 'compiled once');
        }
      }
    });
  }

  void test('1.6 includes the security extension; 2.x actions are not 1.6 actions', () => {
    for (const action of [
      'SignCertificate',
      'SecurityEventNotification',
      'ExtendedTriggerMessage',
      'GetLog',
    ]) {
      assert.ok(registry.hasAction('1.6', action), action);
    }
    assert.equal(registry.hasAction('1.6', 'TransactionEvent'), false);
    assert.equal(registry.hasAction('2.0.1', 'StartTransaction'), false);
    assert.equal(registry.hasAction('2.0.1', 'NotifyPeriodicEventStream'), false);
    assert.ok(registry.hasAction('2.1', 'NotifyPeriodicEventStream'));
    assert.ok(registry.hasAction('2.1', 'AFRRSignal'));
  });

  void test('an action a version does not define validates to undefined', () => {
    assert.equal(registry.validate('1.6', 'TransactionEvent', 'request', {}), undefined);
    assert.equal(registry.validate('2.0.1', 'heartbeat', 'request', {}), undefined);
    assert.equal(registry.validator('1.6', 'NoSuchAction', 'response'), undefined);
  });

  void test('schema() gives the document of an action and kind, undefined for what the version lacks', () => {
    const request = registry.schema('1.6', 'Heartbeat', 'request');
    assert.equal(request?.$id, 'urn:ocpp:1.6:HeartbeatRequest');
    const response = registry.schema('2.0.1', 'BootNotification', 'response');
    assert.equal(response?.$id, 'urn:ocpp:2.0.1:BootNotificationResponse');
    assert.deepEqual(response?.required, ['currentTime', 'interval', 'status']);
    assert.equal(registry.schema('2.1', 'NotifyPeriodicEventStream', 'response'), undefined);
    assert.equal(registry.schema('1.6', 'TransactionEvent', 'request'), undefined);
    // The validator is compiled from the same document.
    assert.equal(registry.validator('1.6', 'Heartbeat', 'request')?.schema, request);
  });

  void test('ids that collide across versions stay apart (one Ajv per version)', () => {
    // BootNotification exists in all three with different payloads.
    const boot16 = { chargePointVendor: 'ACME', chargePointModel: 'Wallbox-22' };
    const boot2x = { reason: 'PowerUp', chargingStation: { model: 'P2231', vendorName: 'EVBox' } };
    assert.deepEqual(registry.validate('1.6', 'BootNotification', 'request', boot16), []);
    assert.notDeepEqual(registry.validate('2.0.1', 'BootNotification', 'request', boot16), []);
    assert.deepEqual(registry.validate('2.0.1', 'BootNotification', 'request', boot2x), []);
    assert.deepEqual(registry.validate('2.1', 'BootNotification', 'request', boot2x), []);
    assert.notDeepEqual(registry.validate('1.6', 'BootNotification', 'request', boot2x), []);
  });

  void test('a source with malformed documents: those without a usable $id are skipped', () => {
    const source = (): unknown[] => [
      null,
      'text',
      { $id: 42 },
      { $id: 'http://example.com/x' },
      { $id: 'urn:Ping.req', type: 'object', required: ['n'], properties: { n: { type: 'integer' } } },
      { $id: 'urn:Ping.conf', type: 'object' },
    ];
    const own = new SchemaRegistry(source);
    assert.deepEqual(own.actions('1.6'), ['Ping']);
    assert.deepEqual(own.validate('1.6', 'Ping', 'request', { n: 1 }), []);
    assert.equal(own.validate('1.6', 'Ping', 'request', {})?.[0]?.keyword, 'required');
  });
});

interface Case {
  name: string;
  version: OcppVersion;
  action: string;
  kind?: SchemaKind;
  payload: Record<string, unknown>;
  /** The issues expected, as [path, keyword]; none for a valid payload. */
  issues?: [(string | number)[], string][];
}

const TS = '2025-11-21T07:43:18.000Z';

const sampled16 = {
  timestamp: '2025-11-21T07:55:00Z',
  sampledValue: [
    { value: '1284503', context: 'Sample.Periodic', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
    { value: '11040', measurand: 'Power.Active.Import', unit: 'W' },
    { value: '16.0', measurand: 'Current.Import', phase: 'L1', unit: 'A' },
  ],
};

const chargingProfile16 = (limit: number) => ({
  connectorId: 1,
  csChargingProfiles: {
    chargingProfileId: 12,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    chargingSchedule: {
      chargingRateUnit: 'A',
      startSchedule: TS,
      chargingSchedulePeriod: [
        { startPeriod: 0, limit, numberPhases: 3 },
        { startPeriod: 3600, limit: 16.0 },
      ],
    },
  },
});

const transactionEvent201 = {
  eventType: 'Started',
  timestamp: '2025-11-21T13:20:41.512Z',
  triggerReason: 'Authorized',
  seqNo: 0,
  transactionInfo: { transactionId: '8c935604-7152-4e42-9566-32886d404f69', chargingState: 'EVConnected' },
  evse: { id: 1, connectorId: 1 },
  idToken: { idToken: '04E91A2B7C5D80', type: 'ISO14443' },
  meterValue: [
    {
      timestamp: '2025-11-21T13:20:41.512Z',
      sampledValue: [
        {
          value: 3921877,
          context: 'Transaction.Begin',
          measurand: 'Energy.Active.Import.Register',
          unitOfMeasure: { unit: 'Wh' },
        },
      ],
    },
  ],
};

const CASES: Case[] = [
  {
    name: '1.6 BootNotification of a real wallbox',
    version: '1.6',
    action: 'BootNotification',
    payload: {
      chargePointVendor: 'ACME',
      chargePointModel: 'Wallbox-22',
      chargePointSerialNumber: 'ACM22-0042-7731',
      firmwareVersion: '4.2.7-r1184',
      meterType: 'ACME EM340',
    },
  },
  {
    name: '1.6 MeterValues with three samples',
    version: '1.6',
    action: 'MeterValues',
    payload: { connectorId: 1, transactionId: 48213, meterValue: [sampled16] },
  },
  {
    name: '1.6 MeterValues with connectorId as a string',
    version: '1.6',
    action: 'MeterValues',
    payload: { connectorId: '1', transactionId: 48213, meterValue: [sampled16] },
    issues: [[['connectorId'], 'type']],
  },
  {
    name: '1.6 StartTransaction without meterStart',
    version: '1.6',
    action: 'StartTransaction',
    payload: { connectorId: 1, idTag: '04A2B3C4D5E6F7', timestamp: TS },
    issues: [[['meterStart'], 'required']],
  },
  {
    name: '1.6 StartTransaction.conf',
    version: '1.6',
    action: 'StartTransaction',
    kind: 'response',
    payload: { idTagInfo: { status: 'Accepted', expiryDate: '2025-12-21T00:00:00Z' }, transactionId: 48213 },
  },
  {
    name: '1.6 StartTransaction.conf with an unknown idTagInfo status and no transactionId',
    version: '1.6',
    action: 'StartTransaction',
    kind: 'response',
    payload: { idTagInfo: { status: 'Accept' } },
    issues: [
      [['transactionId'], 'required'],
      [['idTagInfo', 'status'], 'enum'],
    ],
  },
  {
    name: '1.6 SetChargingProfile with limit 32.1 (multipleOf 0.1 needs multipleOfPrecision)',
    version: '1.6',
    action: 'SetChargingProfile',
    payload: chargingProfile16(32.1),
  },
  {
    name: '1.6 SetChargingProfile with limit 32.15',
    version: '1.6',
    action: 'SetChargingProfile',
    payload: chargingProfile16(32.15),
    issues: [
      [['csChargingProfiles', 'chargingSchedule', 'chargingSchedulePeriod', 0, 'limit'], 'multipleOf'],
    ],
  },
  {
    name: '1.6 StatusNotification with a misspelt status and an extra field',
    version: '1.6',
    action: 'StatusNotification',
    payload: { connectorId: 1, errorCode: 'NoError', status: 'Avaliable', timestamp: TS, evseId: 1 },
    issues: [
      [['evseId'], 'additionalProperties'],
      [['status'], 'enum'],
    ],
  },
  {
    name: '1.6 Authorize with a 21-character idTag',
    version: '1.6',
    action: 'Authorize',
    payload: { idTag: '04A2B3C4D5E6F7A8B9C0D' },
    issues: [[['idTag'], 'maxLength']],
  },
  {
    name: '1.6 StatusNotification timestamp with an hours-only offset (+01)',
    version: '1.6',
    action: 'StatusNotification',
    payload: {
      connectorId: 0,
      errorCode: 'NoError',
      status: 'Available',
      timestamp: '2025-11-21T08:42:18+01',
    },
    issues: [[['timestamp'], 'format']],
  },
  {
    name: '1.6 StatusNotification timestamp with a +01:00 offset',
    version: '1.6',
    action: 'StatusNotification',
    payload: {
      connectorId: 0,
      errorCode: 'NoError',
      status: 'Available',
      timestamp: '2025-11-21T08:42:18+01:00',
    },
  },
  {
    name: '2.0.1 BootNotification of a real station',
    version: '2.0.1',
    action: 'BootNotification',
    payload: {
      reason: 'PowerUp',
      chargingStation: {
        model: 'P2231',
        vendorName: 'EVBox',
        serialNumber: 'EVB-P2231-0007',
        firmwareVersion: '1.9.3',
      },
    },
  },
  {
    name: '2.0.1 BootNotification without chargingStation',
    version: '2.0.1',
    action: 'BootNotification',
    payload: { reason: 'PowerUp' },
    issues: [[['chargingStation'], 'required']],
  },
  {
    name: '2.0.1 TransactionEvent Started',
    version: '2.0.1',
    action: 'TransactionEvent',
    payload: transactionEvent201,
  },
  {
    name: '2.0.1 TransactionEvent with eventType "Start"',
    version: '2.0.1',
    action: 'TransactionEvent',
    payload: { ...transactionEvent201, eventType: 'Start' },
    issues: [[['eventType'], 'enum']],
  },
  {
    name: '2.0.1 TransactionEvent with a 37-character idToken',
    version: '2.0.1',
    action: 'TransactionEvent',
    payload: { ...transactionEvent201, idToken: { idToken: 'A'.repeat(37), type: 'Central' } },
    issues: [[['idToken', 'idToken'], 'maxLength']],
  },
  {
    name: '2.0.1 TransactionEventResponse',
    version: '2.0.1',
    action: 'TransactionEvent',
    kind: 'response',
    payload: { idTokenInfo: { status: 'Accepted' } },
  },
  {
    name: '2.0.1 GetVariablesResponse with attributeStatus missing',
    version: '2.0.1',
    action: 'GetVariables',
    kind: 'response',
    payload: {
      getVariableResult: [
        {
          attributeValue: '300',
          component: { name: 'OCPPCommCtrlr' },
          variable: { name: 'HeartbeatInterval' },
        },
      ],
    },
    issues: [[['getVariableResult', 0, 'attributeStatus'], 'required']],
  },
  {
    name: '2.1 BootNotification',
    version: '2.1',
    action: 'BootNotification',
    payload: { reason: 'PowerUp', chargingStation: { model: 'Terra 184', vendorName: 'ABB' } },
  },
  {
    name: '2.1 NotifyPeriodicEventStream (a SEND)',
    version: '2.1',
    action: 'NotifyPeriodicEventStream',
    payload: {
      id: 3,
      pending: 0,
      basetime: '2025-11-21T13:20:41.512Z',
      data: [
        { t: 0, v: '11040' },
        { t: 1.5, v: '11052' },
      ],
    },
  },
  {
    name: '2.1 NotifyPeriodicEventStream with a sample missing its value',
    version: '2.1',
    action: 'NotifyPeriodicEventStream',
    payload: { id: 3, pending: 0, basetime: '2025-11-21T13:20:41.512Z', data: [{ t: 0 }] },
    issues: [[['data', 0, 'v'], 'required']],
  },
  {
    name: '2.1 TransactionEvent with seqNo -1 and a bad triggerReason',
    version: '2.1',
    action: 'TransactionEvent',
    payload: { ...transactionEvent201, seqNo: -1, triggerReason: 'Plugged' },
    issues: [
      [['triggerReason'], 'enum'],
      [['seqNo'], 'minimum'],
    ],
  },
];

void describe('SchemaRegistry: real-world payloads', () => {
  for (const c of CASES) {
    void test(c.name, () => {
      const issues = registry.validate(c.version, c.action, c.kind ?? 'request', c.payload);
      assert.ok(issues !== undefined, 'the schema exists');
      const got = issues.map((issue) => [issue.path, issue.keyword]);
      assert.deepEqual(
        [...got].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        [...(c.issues ?? [])].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        issues.map((i) => i.message).join('\n'),
      );
      for (const issue of issues) assert.ok(issue.message.length > 0);
    });
  }
});
