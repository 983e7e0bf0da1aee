/**
 * Bad frames from a charger, sent on a raw `ws` socket: each gets the CALLERROR its version
 * prescribes (or silence where the spec says so), and the CSMS keeps serving the same connection
 * and other chargers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { charger, collect, openRaw, parse, scoped } from './proxy-support';
import { ask, startMock } from './csms-support';

interface Case {
  name: string;
  /** One text for both versions, or [1.6, 2.0.1]. */
  raw: string | [string, string];
  /** [id, code] of the expected CALLERROR per version. */
  v16: [string, string] | null;
  v201: [string, string] | null;
}

const CASES: Case[] = [
  {
    name: 'not JSON',
    raw: '[2, "a1", "Heartbeat", {',
    v16: ['-1', 'FormationViolation'],
    v201: ['-1', 'FormatViolation'],
  },
  {
    name: 'not an array',
    raw: '{"id": "a2"}',
    v16: ['-1', 'FormationViolation'],
    v201: ['-1', 'FormatViolation'],
  },
  {
    name: 'a CALL with 3 elements',
    raw: '[2, "a3", "Heartbeat"]',
    v16: ['a3', 'FormationViolation'],
    v201: ['a3', 'FormatViolation'],
  },
  {
    name: 'a numeric message id',
    raw: '[2, 17, "Heartbeat", {}]',
    v16: ['-1', 'FormationViolation'],
    v201: ['-1', 'FormatViolation'],
  },
  {
    name: 'a payload that is not an object',
    raw: '[2, "a5", "Heartbeat", []]',
    v16: ['a5', 'FormationViolation'],
    v201: ['a5', 'FormatViolation'],
  },
  {
    name: 'an unknown action',
    raw: '[2, "a6", "MakeCoffee", {}]',
    v16: ['a6', 'NotImplemented'],
    v201: ['a6', 'NotImplemented'],
  },
  {
    name: 'a CSMS-only action',
    raw: '[2, "a7", "Reset", {"type": "Hard"}]',
    v16: ['a7', 'NotSupported'],
    v201: ['a7', 'NotSupported'],
  },
  {
    name: 'a required field missing',
    raw: '[2, "a8", "Authorize", {}]',
    v16: ['a8', 'OccurenceConstraintViolation'],
    v201: ['a8', 'OccurrenceConstraintViolation'],
  },
  {
    name: 'a field of the wrong type',
    raw: [
      '[2, "a9", "StatusNotification", {"connectorId": "1", "errorCode": "NoError", "status": "Available"}]',
      '[2, "a9", "StatusNotification", {"timestamp": "2025-01-01T00:00:00Z", "connectorStatus": "Available", "evseId": "1", "connectorId": 1}]',
    ],
    v16: ['a9', 'TypeConstraintViolation'],
    v201: ['a9', 'TypeConstraintViolation'],
  },
  {
    name: 'a value outside its enum',
    raw: '[2, "a10", "BootNotification", {"reason": "Bored", "chargingStation": {"model": "m", "vendorName": "v"}, "chargePointVendor": "v", "chargePointModel": "0123456789012345678901234"}]',
    v16: ['a10', 'PropertyConstraintViolation'],
    v201: ['a10', 'PropertyConstraintViolation'],
  },
  {
    name: 'an unknown message type',
    raw: '[9, "a11", "Heartbeat", {}]',
    v16: null,
    v201: ['a11', 'MessageTypeNotSupported'],
  },
  {
    name: 'a SEND before 2.1',
    raw: '[6, "a12", "NotifyPeriodicEventStream", {}]',
    v16: null,
    v201: ['a12', 'MessageTypeNotSupported'],
  },
  { name: 'a broken CALLRESULT', raw: '[3, "a13"]', v16: null, v201: null },
];

for (const version of ['ocpp1.6', 'ocpp2.0.1'] as const) {
  void test(`${version}: bad frames get the CALLERROR the version prescribes; the CSMS keeps running`, () =>
    scoped(async (scope) => {
      const { endpoint } = await startMock(scope);
      const ws = await openRaw(scope, `${endpoint}/RAW-${version}`, [version]);
      const got = collect(ws);
      let expected = 0;
      for (const item of CASES) {
        // v16's enum case breaks maxLength (25 characters) instead: a property constraint too.
        const want = version === 'ocpp1.6' ? item.v16 : item.v201;
        ws.send(typeof item.raw === 'string' ? item.raw : item.raw[version === 'ocpp1.6' ? 0 : 1]);
        // A heartbeat after each: its answer proves the bad frame was handled (answered or not).
        ws.send(JSON.stringify([2, `hb-${expected}`, 'Heartbeat', {}]));
        const answers = await got.upTo(expected + (want === null ? 1 : 2));
        const texts = answers.slice(expected).map((a) => parse(a.data.toString('utf8')));
        if (want !== null) {
          const [error] = texts;
          assert.deepEqual(
            [error?.[0], error?.[1], error?.[2]],
            [4, ...want],
            `${item.name}: ${JSON.stringify(error)}`,
          );
          assert.equal(error?.length, 5);
        }
        assert.equal(texts.at(-1)?.[0], 3, `${item.name}: the heartbeat after it is answered`);
        expected += want === null ? 1 : 2;
      }
      // Another charger is served as usual.
      const cp = charger(scope, { endpoint, identity: `OK-${version}`, protocols: [version] });
      await cp.connect();
      await ask(cp, 'Heartbeat', {});
    }));
}

void test('2.1: a SEND is never answered', () =>
  scoped(async (scope) => {
    const { endpoint, sink } = await startMock(scope);
    const ws = await openRaw(scope, `${endpoint}/RAW-21`, ['ocpp2.1']);
    const got = collect(ws);
    ws.send(
      JSON.stringify([
        6,
        's1',
        'NotifyPeriodicEventStream',
        { id: 1, pending: 0, basetime: new Date().toISOString(), data: [] },
      ]),
    );
    ws.send(JSON.stringify([2, 'hb', 'Heartbeat', {}]));
    const [only] = await got.upTo(1);
    assert.deepEqual(parse(only?.data.toString() ?? '').slice(0, 2), [3, 'hb']);
    assert.equal(sink.frames().filter((f) => f.direction === 'toStation').length, 1);
  }));
