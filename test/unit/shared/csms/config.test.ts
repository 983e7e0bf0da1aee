import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CsmsConfigError,
  DEFAULT_CSMS_CONFIG,
  parseCsmsConfig,
  parseCsmsConfigText,
} from '../../../../src/shared/csms/config';
import { ROOT } from '../../support';

void test('an empty config is the defaults', () => {
  assert.deepEqual(parseCsmsConfig({}), DEFAULT_CSMS_CONFIG);
});

void test('given fields replace the defaults, nested objects field by field', () => {
  const config = parseCsmsConfig({ boot: { status: 'Pending' }, authorization: { unknown: 'Blocked' } });
  assert.deepEqual(config.boot, { status: 'Pending', retryInterval: 30 });
  assert.deepEqual(config.authorization, { tokens: {}, unknown: 'Blocked' });
  assert.equal(config.heartbeatInterval, 300);
});

void test('the example config in fixtures reads without error', async () => {
  const path = join(ROOT, 'fixtures/csms/config.example.json');
  const config = parseCsmsConfigText(await readFile(path, 'utf8'), path);
  assert.equal(config.transactionIdStart, 1000);
  assert.deepEqual(config.actions.StartTransaction, { noAnswer: true, times: 1 });
  assert.equal(config.stations['CP-ACME-0042']?.password, 'correct-horse-battery');
});

const REFUSED: [unknown, RegExp][] = [
  [[], /must be a JSON object/],
  [{ heartbeatIntervall: 1 }, /heartbeatIntervall: unknown field/],
  [{ boot: { status: 'Maybe' } }, /: boot\.status: must be one of Accepted, Pending, Rejected, not "Maybe"/],
  [{ boot: { retryInterval: 1.5 } }, /: boot\.retryInterval: must be an integer from 0/],
  [{ boot: { colour: 1 } }, /: boot\.colour: unknown field/],
  [{ heartbeatInterval: -1 }, /: heartbeatInterval: must be an integer/],
  [{ subprotocols: [] }, /: subprotocols: must be a non-empty array/],
  [{ subprotocols: ['ocpp1.5'] }, /: subprotocols\[0\]: must be one of ocpp1\.6/],
  [{ subprotocols: ['ocpp1.6', 'ocpp1.6'] }, /: subprotocols: lists a subprotocol twice/],
  [{ unknownStations: 'maybe' }, /: unknownStations: must be one of accept, reject/],
  [{ stations: { CP1: { password: 5 } } }, /: stations\.CP1\.password: must be a string/],
  [{ stations: { CP1: { pasword: 'x' } } }, /: stations\.CP1\.pasword: unknown field/],
  [
    { authorization: { tokens: { TAG: 'Fine' } } },
    /: authorization\.tokens\.TAG: must be one of Accepted, Blocked/,
  ],
  [{ transactionIdStart: 0 }, /: transactionIdStart: must be an integer from 1 to 2147483647/],
  [{ idempotency: 'sloppy' }, /: idempotency: must be one of correct, naive/],
  [
    { actions: { Authorize: { delayMs: -1 } } },
    /: actions\.Authorize\.delayMs: must be a non-negative integer$/,
  ],
  [
    { actions: { Authorize: { delayMs: 'soon' } } },
    /: actions\.Authorize\.delayMs: must be a non-negative integer$/,
  ],
  [{ actions: { Authorize: { payload: [] } } }, /: actions\.Authorize\.payload: must be an object/],
  [
    { actions: { Authorize: { callError: { code: 'Oops' } } } },
    /: actions\.Authorize\.callError\.code: must be an OCPP error code/,
  ],
  [
    { actions: { Authorize: { payload: {}, callError: { code: 'GenericError' } } } },
    /: actions\.Authorize: has both payload and callError/,
  ],
  [
    { actions: { Authorize: { noAnswer: true, payload: {} } } },
    /: actions\.Authorize: has noAnswer with an answer/,
  ],
  [{ actions: { Authorize: { times: 0 } } }, /: actions\.Authorize\.times: must be an integer from 1/],
  [{ actions: { 'Not an action': {} } }, /: actions\.Not an action: is not an OCPP action name/],
  [{ commandTimeoutMs: 0 }, /: commandTimeoutMs: must be an integer from 1/],
];

void test('bad configs are refused with the field path', () => {
  for (const [input, message] of REFUSED) {
    assert.throws(() => parseCsmsConfig(input), message, JSON.stringify(input));
  }
});

void test('a refusal carries its field path as segments, whatever the keys contain', () => {
  const refusal = (input: unknown) => {
    try {
      parseCsmsConfig(input);
    } catch (error) {
      assert.ok(error instanceof CsmsConfigError);
      return { path: error.path, message: error.message };
    }
    assert.fail('refused nothing');
  };
  assert.deepEqual(refusal({ stations: { 'CP: 1.a': { password: 5 } } }), {
    path: ['stations', 'CP: 1.a', 'password'],
    message: 'stations.CP: 1.a.password: must be a string of at most 1024 characters',
  });
  assert.deepEqual(refusal({ authorization: { tokens: { 'A: B': 'Fine' } } }).path, [
    'authorization',
    'tokens',
    'A: B',
  ]);
  assert.deepEqual(refusal({ subprotocols: ['ocpp1.6', 'x'] }).path, ['subprotocols', 1]);
  assert.deepEqual(refusal([]).path, []);
});

void test('a config file that is not JSON names the file', () => {
  assert.throws(() => parseCsmsConfigText('{', 'csms.json'), /^Error: csms\.json is not valid JSON/);
  assert.throws(
    () => parseCsmsConfigText('{"idempotency": 1}', 'csms.json'),
    /^Error: csms\.json: idempotency:/,
  );
});
