import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ocaSchemaRegistry } from '../../../../src/main/services/validation/oca-schemas';
import type { OcppVersion } from '../../../../src/shared/ocpp/versions';
import {
  deviationOf,
  deviationsBeyondSchema,
  type DeviationKind,
} from '../../../../src/shared/validation/deviations';
import type { SchemaIssue } from '../../../../src/shared/validation/issues';
import type { SchemaKind } from '../../../../src/shared/validation/registry';

const registry = ocaSchemaRegistry();

/** The deviation kinds of the schema issues of a payload (undefined: a plain error). */
function kinds(
  version: OcppVersion,
  action: string,
  payload: Record<string, unknown>,
  kind: SchemaKind = 'request',
): (DeviationKind | undefined)[] {
  const issues = registry.validate(version, action, kind, payload);
  assert.ok(issues !== undefined && issues.length > 0, 'the payload breaks the schema');
  return issues.map((issue) => deviationOf(version, action, issue));
}

const status16 = (timestamp: string) => ({
  connectorId: 1,
  errorCode: 'NoError',
  status: 'Available',
  timestamp,
});
const meterValues16 = (sample: Record<string, unknown>, timestamp = '2025-11-21T07:55:00Z') => ({
  connectorId: 1,
  meterValue: [{ timestamp, sampledValue: [{ value: '1', ...sample }] }],
});

void describe('deviationOf: the known deviations are recognised', () => {
  void test('temperature-unit-spelling: Celcius/Celsius where an enum does not allow it', () => {
    // The 1.6 schemas of ocpp-rpc accept both spellings; the rule is for enums that do not.
    const issue = (value: string): SchemaIssue => ({
      path: ['meterValue', 0, 'sampledValue', 0, 'unit'],
      keyword: 'enum',
      message: '',
      value,
    });
    assert.equal(deviationOf('1.6', 'MeterValues', issue('Celcius')), 'temperature-unit-spelling');
    assert.equal(deviationOf('1.6', 'MeterValues', issue('Celsius')), 'temperature-unit-spelling');
    assert.equal(deviationOf('1.6', 'MeterValues', issue('Kelvin')), undefined);
    assert.deepEqual(
      registry.validate('1.6', 'MeterValues', 'request', meterValues16({ unit: 'Celcius' })),
      [],
    );
    assert.deepEqual(
      registry.validate('1.6', 'StopTransaction', 'request', {
        meterStop: 1,
        timestamp: '2025-11-21T08:05:00Z',
        transactionId: 1,
        transactionData: [
          { timestamp: '2025-11-21T08:05:00Z', sampledValue: [{ value: '21', unit: 'Celsius' }] },
        ],
      }),
      [],
    );
  });

  void test('unit-hz: 1.6 unit Hz', () => {
    assert.deepEqual(kinds('1.6', 'MeterValues', meterValues16({ measurand: 'Frequency', unit: 'Hz' })), [
      'unit-hz',
    ]);
    assert.deepEqual(
      kinds('1.6', 'StopTransaction', {
        meterStop: 1286427,
        timestamp: '2025-11-21T08:05:00Z',
        transactionId: 48213,
        transactionData: [{ timestamp: '2025-11-21T08:05:00Z', sampledValue: [{ value: '50', unit: 'Hz' }] }],
      }),
      ['unit-hz'],
    );
  });

  void test('date-time-zone: no zone, or an hours-only offset', () => {
    for (const timestamp of [
      '2025-11-21T07:42:18',
      '2025-11-21T07:42:18.250',
      '2025-11-21T08:42:18+01',
      '2025-11-21T08:42:18+0100',
      '2025-11-21T07:42',
    ]) {
      assert.deepEqual(
        kinds('1.6', 'StatusNotification', status16(timestamp)),
        ['date-time-zone'],
        timestamp,
      );
    }
    assert.deepEqual(kinds('2.0.1', 'Heartbeat', { currentTime: '2025-11-21T13:05:00.123' }, 'response'), [
      'date-time-zone',
    ]);
  });

  void test('data-transfer-object: an object as 1.6 DataTransfer data', () => {
    assert.deepEqual(kinds('1.6', 'DataTransfer', { vendorId: 'com.acme', data: { temperature: 41.5 } }), [
      'data-transfer-object',
    ]);
    assert.deepEqual(kinds('1.6', 'DataTransfer', { status: 'Accepted', data: { ok: true } }, 'response'), [
      'data-transfer-object',
    ]);
  });

  void test('date-time-precision and empty-meter-value are found beyond the schema', () => {
    const payload = {
      eventType: 'Updated',
      timestamp: '2025-11-21T13:20:41.5123456Z',
      triggerReason: 'MeterValuePeriodic',
      seqNo: 3,
      transactionInfo: { transactionId: 't1' },
    };
    const raw = JSON.stringify([2, '1', 'TransactionEvent', payload]);
    assert.deepEqual(registry.validate('2.0.1', 'TransactionEvent', 'request', payload), []);
    const found = deviationsBeyondSchema('2.0.1', 'TransactionEvent', 'request', payload, raw);
    assert.deepEqual(
      found.map((d) => [d.deviation, d.path, d.keyword]),
      [['date-time-precision', ['timestamp'], 'format']],
    );
    assert.match(
      found[0]!.message,
      /^timestamp is "2025-11-21T13:20:41\.5123456Z": OCPP 2\.0\.1 allows at most 3 fractional digits/,
    );

    const empty = { connectorId: 1, meterValue: [] };
    assert.deepEqual(registry.validate('1.6', 'MeterValues', 'request', empty), []);
    assert.deepEqual(
      deviationsBeyondSchema('1.6', 'MeterValues', 'request', empty, JSON.stringify(empty)).map((d) => [
        d.deviation,
        d.path,
      ]),
      [['empty-meter-value', ['meterValue']]],
    );
    const noSamples = {
      meterStop: 10,
      timestamp: '2025-11-21T08:05:00Z',
      transactionId: 1,
      transactionData: [{ timestamp: '2025-11-21T08:05:00Z', sampledValue: [] }],
    };
    assert.deepEqual(
      deviationsBeyondSchema('1.6', 'StopTransaction', 'request', noSamples, JSON.stringify(noSamples)).map(
        (d) => [d.deviation, d.path],
      ),
      [['empty-meter-value', ['transactionData', 0, 'sampledValue']]],
    );
  });
});

void describe('similar problems that are not deviations stay plain errors', () => {
  void test('another unit, a date that is no date-time, a bad offset', () => {
    assert.deepEqual(kinds('1.6', 'MeterValues', meterValues16({ unit: 'kelvin' })), [undefined]);
    for (const timestamp of ['21.11.2025 07:42', '2025-11-21', 'now', '2025-11-21T07:42:18+1']) {
      assert.deepEqual(kinds('1.6', 'StatusNotification', status16(timestamp)), [undefined], timestamp);
    }
  });

  void test('an enum problem on a field that is not a unit', () => {
    assert.deepEqual(
      kinds('1.6', 'StatusNotification', { ...status16('2025-11-21T07:42:18Z'), status: 'Celcius' }),
      [undefined],
    );
  });

  void test('DataTransfer data that is null, an array, or a number; object data outside 1.6 DataTransfer', () => {
    for (const data of [null, [1, 2], 42]) {
      assert.deepEqual(
        kinds('1.6', 'DataTransfer', { vendorId: 'com.acme', data }),
        [undefined],
        JSON.stringify(data),
      );
    }
    // An object where another 1.6 action expects a string.
    assert.deepEqual(kinds('1.6', 'Authorize', { idTag: { id: 'A' } }), [undefined]);
    // 2.x DataTransfer data may be anything: no issue at all.
    assert.deepEqual(
      registry.validate('2.0.1', 'DataTransfer', 'request', { vendorId: 'x', data: { a: 1 } }),
      [],
    );
  });

  void test('3 fractional digits in 2.x, long fractions in 1.6, filled meter values: nothing beyond the schema', () => {
    const ok = { currentTime: '2025-11-21T13:05:00.123Z' };
    assert.deepEqual(
      deviationsBeyondSchema('2.0.1', 'Heartbeat', 'response', ok, JSON.stringify([3, '1', ok])),
      [],
    );
    const long = { currentTime: '2025-11-21T13:05:00.123456Z' };
    assert.deepEqual(
      deviationsBeyondSchema('1.6', 'Heartbeat', 'response', long, JSON.stringify([3, '1', long])),
      [],
    );
    const filled = meterValues16({ unit: 'Wh' });
    assert.deepEqual(
      deviationsBeyondSchema('1.6', 'MeterValues', 'request', filled, JSON.stringify(filled)),
      [],
    );
    // An empty transactionData is allowed: StopTransaction may carry none.
    const stop = { meterStop: 1, timestamp: '2025-11-21T08:05:00Z', transactionId: 1, transactionData: [] };
    assert.deepEqual(
      deviationsBeyondSchema('1.6', 'StopTransaction', 'request', stop, JSON.stringify(stop)),
      [],
    );
  });
});
