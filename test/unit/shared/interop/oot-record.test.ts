import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import {
  decodeRecord,
  formatTimestamp,
  looksLikeOotRecord,
  parseTimestamp,
} from '../../../../src/shared/interop/oot/record';

const SCHEMA = fileURLToPath(new URL('../../../../fixtures/oot/trace-v1.1.schema.json', import.meta.url));
const ajv = new Ajv2020({ allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')) as object);

const CALL = {
  schemaVersion: '1.1',
  timestamp: '2025-03-10T06:00:00.118Z',
  ocppVersion: '1.6',
  transport: 'json',
  chargePointId: 'CP-1',
  connectorId: 1,
  direction: 'cp-to-csms',
  messageType: 'CALL',
  messageId: '1',
  action: 'StatusNotification',
  payload: { connectorId: 1, errorCode: 'NoError', status: 'Available' },
  raw: '[2,"1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available"}]',
  meta: { anything: [1, 2] },
};
const ERROR = {
  schemaVersion: '1.1',
  timestamp: '2025-03-10T06:00:00.200Z',
  transport: 'json',
  direction: 'csms-to-cp',
  messageType: 'CALLERROR',
  messageId: '1',
  error: { code: 'InternalError', description: 'boom', details: {}, extra: true },
};

/** Each a change to CALL or ERROR, with whether the schema still allows the record. */
const CASES: [string, Record<string, unknown>, boolean][] = [
  ['a full CALL', CALL, true],
  ['a CALLERROR', ERROR, true],
  [
    'the required fields only (a CALLRESULT)',
    {
      schemaVersion: '1',
      timestamp: CALL.timestamp,
      transport: 'soap',
      direction: 'csms-to-cp',
      messageType: 'CALLRESULT',
    },
    true,
  ],
  ['an unknown top-level field', { ...CALL, 'x-vendor': { a: 1 } }, true],
  ['an action on a CALLRESULT', { ...CALL, messageType: 'CALLRESULT' }, true],
  ['a payload of any JSON type', { ...CALL, payload: [1, 'x', null] }, true],
  ['null payload', { ...CALL, payload: null }, true],
  ['connectorId 0', { ...CALL, connectorId: 0 }, true],
  ['an error without code', { ...ERROR, error: {} }, true],
  ['an error whose details are a string', { ...ERROR, error: { details: 'x' } }, true],
  ['no schemaVersion', { ...CALL, schemaVersion: undefined }, false],
  ['a numeric schemaVersion', { ...CALL, schemaVersion: 1.1 }, false],
  ['no timestamp', { ...CALL, timestamp: undefined }, false],
  ['a numeric timestamp', { ...CALL, timestamp: 1741586400000 }, false],
  ['no transport', { ...CALL, transport: undefined }, false],
  ['transport "xml"', { ...CALL, transport: 'xml' }, false],
  ['no direction', { ...CALL, direction: undefined }, false],
  ['direction "up"', { ...CALL, direction: 'up' }, false],
  ['messageType "SEND"', { ...CALL, messageType: 'SEND' }, false],
  ['messageType 2', { ...CALL, messageType: 2 }, false],
  ['a CALL without action', { ...CALL, action: undefined }, false],
  ['a numeric action', { ...CALL, action: 7 }, false],
  ['a numeric messageId', { ...CALL, messageId: 1 }, false],
  ['a numeric chargePointId', { ...CALL, chargePointId: 42 }, false],
  ['a numeric ocppVersion', { ...CALL, ocppVersion: 1.6 }, false],
  ['connectorId -1', { ...CALL, connectorId: -1 }, false],
  ['connectorId 1.5', { ...CALL, connectorId: 1.5 }, false],
  ['connectorId "1"', { ...CALL, connectorId: '1' }, false],
  ['raw as an array', { ...CALL, raw: [2, '1', 'Heartbeat', {}] }, false],
  ['meta as a string', { ...CALL, meta: 'x' }, false],
  ['meta as an array', { ...CALL, meta: [] }, false],
  ['a CALLERROR without error', { ...ERROR, error: undefined }, false],
  ['a CALLERROR whose error is a string', { ...ERROR, error: 'boom' }, false],
  ['a numeric error code', { ...ERROR, error: { code: 500 } }, false],
  ['a numeric error description', { ...ERROR, error: { description: 1 } }, false],
  ['an error on a CALLRESULT', { ...ERROR, messageType: 'CALLRESULT' }, false],
  ['an error on a CALL', { ...CALL, error: {} }, false],
];

void describe('decodeRecord follows the schema’s rules', () => {
  for (const [name, value, allowed] of CASES) {
    void test(`${name}: ${allowed ? 'accepted' : 'refused'}, as by Ajv with our schema`, () => {
      // undefined marks a field left out.
      const record = JSON.parse(JSON.stringify(value)) as unknown;
      assert.equal(validate(record), allowed, ajv.errorsText(validate.errors));
      const decoded = decodeRecord(record);
      assert.equal(decoded.ok, allowed, decoded.ok ? 'accepted' : decoded.error);
    });
  }

  void test('the decoded record drops unknown fields, at the top level and in error', () => {
    const decoded = decodeRecord({ ...ERROR, 'x-vendor': 1 });
    assert.ok(decoded.ok);
    assert.deepEqual(decoded.record, {
      ...ERROR,
      error: { code: 'InternalError', description: 'boom', details: {} },
    });
  });

  void test('a refusal says what is wrong and what was expected', () => {
    const messages = [
      { ...CALL, action: undefined },
      { ...CALL, transport: 'xml' },
      { ...ERROR, messageType: 'CALLRESULT' },
      { ...ERROR, error: undefined },
    ].map((value) => {
      const decoded = decodeRecord(JSON.parse(JSON.stringify(value)));
      assert.ok(!decoded.ok);
      return decoded.error;
    });
    assert.match(messages[0]!, /`action` is missing: a CALL record must name its action/);
    assert.match(messages[1]!, /`transport` is "xml", but it must be one of "json", "soap"/);
    assert.match(messages[2]!, /`error` is set on a CALLRESULT record, but only a CALLERROR may carry one/);
    assert.match(messages[3]!, /`error` is missing: a CALLERROR record needs an `error` object/);
    const notObject = decodeRecord([2, '1', 'Heartbeat', {}]);
    assert.ok(!notObject.ok);
    assert.match(notObject.error, /the line is an array, but a trace record is a JSON object/);
  });

  void test('looksLikeOotRecord: an object with schemaVersion, messageType and direction', () => {
    assert.equal(looksLikeOotRecord(CALL), true);
    assert.equal(looksLikeOotRecord({ schemaVersion: '1.1', messageType: 'CALL' }), false);
    assert.equal(looksLikeOotRecord([CALL]), false);
    assert.equal(looksLikeOotRecord(null), false);
    assert.equal(looksLikeOotRecord('{"schemaVersion":"1.1"}'), false);
  });
});

void describe('Open OCPP Trace timestamps', () => {
  const base = Date.UTC(2025, 5, 2, 8, 15, 30);

  void test('the fraction is kept below the millisecond', () => {
    assert.equal(parseTimestamp('2025-06-02T08:15:30Z'), base);
    assert.equal(parseTimestamp('2025-06-02T08:15:30.5Z'), base + 500);
    assert.equal(parseTimestamp('2025-06-02T08:15:30.000123Z'), base + 0.123);
    assert.equal(parseTimestamp('2025-06-02T08:15:30.123456Z'), base + 123.456);
    assert.equal(parseTimestamp('2025-06-02T08:15:30.1234567Z'), (base * 1000 + 123456.7) / 1000);
    assert.equal(Math.round(parseTimestamp('2025-06-02T08:15:30.999999Z')! * 1000), base * 1000 + 999999);
  });

  void test('offsets, a lowercase t or a space, and a leap second', () => {
    assert.equal(parseTimestamp('2025-06-02T10:15:30+02:00'), base);
    assert.equal(parseTimestamp('2025-06-02T06:15:30-0200'), base);
    assert.equal(parseTimestamp('2025-06-02t09:15:30.25+01'), base + 250);
    assert.equal(parseTimestamp('2025-06-02 08:15:30z'), base);
    assert.equal(parseTimestamp('2016-12-31T23:59:60Z'), Date.UTC(2017, 0, 1));
    assert.equal(parseTimestamp('0050-01-01T00:00:00Z'), new Date('0050-01-01T00:00:00Z').getTime());
  });

  void test('what is not an RFC 3339 date-time gives undefined', () => {
    for (const text of [
      '',
      '2025-06-02',
      '2025-06-02T08:15:30',
      '2025-06-02T08:15Z',
      '2025-13-02T08:15:30Z',
      '2025-02-29T08:15:30Z',
      '2025-06-31T08:15:30Z',
      '2025-06-02T24:00:00Z',
      '2025-06-02T08:60:00Z',
      '2025-06-02T08:15:30.Z',
      '2025-06-02T08:15:30+24:00',
      'yesterday',
    ]) {
      assert.equal(parseTimestamp(text), undefined, text);
    }
    assert.equal(parseTimestamp('2024-02-29T08:15:30Z'), Date.UTC(2024, 1, 29, 8, 15, 30));
  });

  void test('formatTimestamp writes milliseconds, or microseconds when there are any, and reads back', () => {
    assert.equal(formatTimestamp(base + 500), '2025-06-02T08:15:30.500Z');
    assert.equal(formatTimestamp(base + 0.123), '2025-06-02T08:15:30.000123Z');
    assert.equal(formatTimestamp(1763710937318.84), '2025-11-21T07:42:17.318840Z');
    assert.equal(formatTimestamp(base + 999.9996), '2025-06-02T08:15:31.000Z');
    assert.equal(formatTimestamp(Number.NaN), undefined);
    assert.equal(formatTimestamp(Date.UTC(10000, 0, 1)), undefined);
    for (const ts of [1763710937318.84, 1763710937844.367, 1772619300000.4, base + 0.001, 0.5]) {
      assert.equal(parseTimestamp(formatTimestamp(ts)!), ts);
    }
  });
});
