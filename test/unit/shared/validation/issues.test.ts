import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ocaSchemaRegistry } from '../../../../src/main/services/validation/oca-schemas';
import { formatPath, showValue, toSchemaIssues } from '../../../../src/shared/validation/issues';

const registry = ocaSchemaRegistry();

function only(
  version: '1.6' | '2.0.1' | '2.1',
  action: string,
  payload: Record<string, unknown>,
  kind: 'request' | 'response' = 'request',
) {
  const issues = registry.validate(version, action, kind, payload);
  assert.ok(issues !== undefined);
  assert.equal(issues.length, 1, issues.map((i) => i.message).join('\n'));
  return issues[0]!;
}

void describe('formatPath', () => {
  void test('dots for fields, brackets for indexes, quotes for keys that are not identifiers', () => {
    assert.equal(formatPath([]), 'the payload');
    assert.equal(formatPath(['idTag']), 'idTag');
    assert.equal(
      formatPath(['meterValue', 0, 'sampledValue', 2, 'unit']),
      'meterValue[0].sampledValue[2].unit',
    );
    assert.equal(formatPath([0, 'value']), '[0].value');
    assert.equal(formatPath(['data', 'vendor-key', 'x']), 'data["vendor-key"].x');
    assert.equal(formatPath(['$ref', '_x1']), '$ref._x1');
  });
});

void describe('showValue', () => {
  void test('short, quoted renderings', () => {
    assert.equal(showValue(undefined), 'missing');
    assert.equal(showValue(null), 'null');
    assert.equal(showValue([]), 'an empty array');
    assert.equal(showValue([1, 2]), 'an array of 2');
    assert.equal(showValue({ a: 1 }), 'an object');
    assert.equal(showValue('Celcius'), '"Celcius"');
    assert.equal(showValue(32.15), '32.15');
    assert.equal(showValue(true), 'true');
    const long = showValue('x'.repeat(100));
    assert.equal(long.length, 59);
    assert.ok(long.startsWith('"xxx') && long.endsWith('…"'));
  });
});

void describe('schema issue messages name the path and the value', () => {
  void test('required: the missing field is the path', () => {
    const issue = only('1.6', 'StartTransaction', {
      connectorId: 1,
      idTag: 'A',
      timestamp: '2025-11-21T07:42:18Z',
    });
    assert.deepEqual(issue.path, ['meterStart']);
    assert.equal(issue.value, undefined);
    assert.ok(!('value' in issue), 'no value for a missing field');
    assert.equal(issue.message, 'meterStart is missing: the schema requires it.');
  });

  void test('type', () => {
    const issue = only('1.6', 'MeterValues', { connectorId: '1', meterValue: [] });
    assert.equal(issue.value, '1');
    assert.equal(issue.message, 'connectorId must be an integer, but it is a string ("1").');
    const object = only('1.6', 'DataTransfer', { vendorId: 'X', data: { a: 1 } });
    assert.equal(object.message, 'data must be a string, but it is an object.');
    const nothing = only('1.6', 'DataTransfer', { vendorId: 'X', data: null });
    assert.equal(nothing.message, 'data must be a string, but it is null.');
  });

  void test('enum lists the allowed values (at most 12 of them)', () => {
    const issue = only('1.6', 'StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Avaliable',
      timestamp: '2025-11-21T07:42:18Z',
    });
    assert.equal(
      issue.message,
      'status is "Avaliable", which is not one of the allowed values: Available, Preparing, Charging, SuspendedEVSE, SuspendedEV, Finishing, Reserved, Unavailable, Faulted.',
    );
    const unit = only('1.6', 'MeterValues', {
      connectorId: 1,
      meterValue: [{ timestamp: '2025-11-21T07:42:18Z', sampledValue: [{ value: '50', unit: 'Hz' }] }],
    });
    assert.deepEqual(unit.path, ['meterValue', 0, 'sampledValue', 0, 'unit']);
    assert.match(
      unit.message,
      /^meterValue\[0\]\.sampledValue\[0\]\.unit is "Hz", which is not one of the allowed values: Wh, .*… \(17 in all\)\.$/,
    );
  });

  void test('additionalProperties: the extra field is the path', () => {
    const issue = only('1.6', 'Heartbeat', { ts: 1 });
    assert.deepEqual(issue.path, ['ts']);
    assert.equal(issue.message, 'ts is not a field the schema allows here.');
  });

  void test('format, maxLength, minimum, multipleOf', () => {
    assert.equal(
      only('1.6', 'StatusNotification', {
        connectorId: 1,
        errorCode: 'NoError',
        status: 'Available',
        timestamp: 'yesterday',
      }).message,
      'timestamp is "yesterday", which is not an RFC 3339 date-time with a time zone (e.g. 2026-11-21T09:30:00.000Z).',
    );
    assert.equal(
      only('1.6', 'Authorize', { idTag: '04A2B3C4D5E6F7A8B9C0D' }).message,
      'idTag is 21 characters long; at most 20 are allowed.',
    );
    assert.equal(
      only('1.6', 'BootNotification', { currentTime: '2025-11-21T07:42:18Z', interval: 300 }, 'response')
        .message,
      'status is missing: the schema requires it.',
    );
    assert.equal(
      only('1.6', 'SetChargingProfile', {
        connectorId: 1,
        csChargingProfiles: {
          chargingProfileId: 1,
          stackLevel: 0,
          chargingProfilePurpose: 'TxDefaultProfile',
          chargingProfileKind: 'Relative',
          chargingSchedule: {
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 6.05 }],
          },
        },
      }).message,
      'csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0].limit is 6.05, which is not a multiple of 0.1.',
    );
    const seqNo = registry
      .validate('2.1', 'TransactionEvent', 'request', {
        eventType: 'Updated',
        timestamp: '2025-11-21T13:20:41.512Z',
        triggerReason: 'MeterValuePeriodic',
        seqNo: -1,
        transactionInfo: { transactionId: 't1' },
      })
      ?.find((i) => i.keyword === 'minimum');
    assert.equal(seqNo?.message, 'seqNo is -1, but it must be >= 0.');
  });

  void test('the same problem reported twice by Ajv becomes one issue', () => {
    const error = {
      instancePath: '/idTag',
      schemaPath: '#/properties/idTag/maxLength',
      keyword: 'maxLength',
      params: { limit: 20 },
      message: 'must NOT have more than 20 characters',
    };
    const issues = toSchemaIssues([error, { ...error, schemaPath: '#/other' }], { idTag: 'x'.repeat(21) });
    assert.equal(issues.length, 1);
    assert.deepEqual(issues[0]!.path, ['idTag']);
  });

  void test('pointer escapes and an unknown keyword', () => {
    const issues = toSchemaIssues(
      [
        {
          instancePath: '/a~1b/0',
          schemaPath: '#/x',
          keyword: 'uniqueItems',
          params: {},
          message: 'must NOT have duplicate items',
        },
      ],
      { 'a/b': ['x'] },
    );
    assert.deepEqual(issues[0]!.path, ['a/b', 0]);
    assert.equal(issues[0]!.value, 'x');
    assert.equal(issues[0]!.message, '["a/b"][0] ("x") must NOT have duplicate items.');
  });
});
