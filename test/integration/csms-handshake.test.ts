/**
 * Who may connect to the mock CSMS: Basic auth per station (accepted, refused with 401), unknown
 * identities accepted or refused with 404, no common subprotocol (completed without one, then
 * closed, and recorded why), and wss with the local CA (--tls-auto).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalTls } from '../../src/main/services/proxy/certificates';
import { charger, closeOf, openRaw, scoped, upgradeResult, VERSIONS } from './proxy-support';
import { ask, startMock } from './csms-support';

const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

for (const version of VERSIONS) {
  void test(`${version}: Basic auth accepted with the right password, 401 otherwise`, () =>
    scoped(async (scope) => {
      const { endpoint, sink } = await startMock(scope, {
        stations: { 'CP:1': { password: 's3cret-pass' } },
      });
      const cp = charger(scope, {
        endpoint,
        identity: 'CP:1',
        password: 's3cret-pass',
        protocols: [version],
      });
      await cp.connect();
      assert.ok(typeof (await ask(cp, 'Heartbeat', {})).currentTime === 'string');
      const opened = sink.connections('opened')[0];
      assert.equal(opened?.headers?.authorization, 'Basic user "CP:1", password redacted');

      const wrong = await upgradeResult(`${endpoint}/CP%3A1`, [version], basic('CP:1', 'nope'));
      assert.equal(wrong.status, 401);
      const missing = await upgradeResult(`${endpoint}/CP%3A1`, [version]);
      assert.equal(missing.status, 401);
      const otherUser = await upgradeResult(`${endpoint}/CP%3A1`, [version], basic('CP:2', 's3cret-pass'));
      assert.equal(otherUser.status, 401);
      const refusals = sink.connections('error').map((e) => e.message ?? '');
      assert.equal(refusals.length, 3);
      assert.ok(
        refusals.every((m) => m.includes('HTTP 401')),
        refusals.join('\n'),
      );
    }));
}

void test('unknown identities: accepted by default, 404 with unknownStations "reject"', () =>
  scoped(async (scope) => {
    const open = await startMock(scope);
    assert.equal((await upgradeResult(`${open.endpoint}/ANY-1`, ['ocpp1.6'])).status, 101);
    const closed = await startMock(scope, { unknownStations: 'reject', stations: { KNOWN: {} } });
    assert.equal((await upgradeResult(`${closed.endpoint}/STRANGER`, ['ocpp1.6'])).status, 404);
    assert.equal((await upgradeResult(`${closed.endpoint}/KNOWN`, ['ocpp1.6'])).status, 101);
    assert.equal((await upgradeResult(`${closed.endpoint}/`, ['ocpp1.6'])).status, 404);
    assert.match(closed.sink.connections('error')[0]?.message ?? '', /STRANGER with HTTP 404/);
  }));

void test('no common subprotocol: the handshake completes without one, then the CSMS closes and says why', () =>
  scoped(async (scope) => {
    const { endpoint, sink } = await startMock(scope, { subprotocols: ['ocpp2.0.1'] });
    const ws = await openRaw(scope, `${endpoint}/CP-old`, ['ocpp1.6']).catch(() => undefined);
    if (ws !== undefined) {
      assert.equal(ws.protocol, '');
      const { code } = await closeOf(ws);
      assert.equal(code, 1002);
    }
    const error = await sink.waitConnection('error', 'CP-old');
    assert.match(
      error.message ?? '',
      /no common OCPP subprotocol: offered ocpp1\.6, this CSMS speaks ocpp2\.0\.1/,
    );
    const closed = await sink.waitConnection('closed', 'CP-old');
    assert.equal(closed.code, 1002);
  }));

void test('wss with the local CA: an ocpp-rpc charger trusting the CA connects', () =>
  scoped(async (scope) => {
    const dir = await mkdtemp(join(tmpdir(), 'ocpp-scope-csms-tls-'));
    scope.defer(() => rm(dir, { recursive: true, force: true }));
    const tls = await ensureLocalTls(dir, ['127.0.0.1', 'localhost']);
    const { endpoint, sink } = await startMock(scope, {}, { tls: { cert: tls.cert, key: tls.key } });
    assert.ok(endpoint.startsWith('wss://'));
    const cp = charger(scope, {
      endpoint,
      identity: 'CP-tls',
      protocols: ['ocpp2.0.1'],
      wsOpts: { ca: await readFile(tls.caCertPath) },
    });
    await cp.connect();
    await ask(cp, 'Heartbeat', {});
    assert.equal(sink.connections('opened')[0]?.tls, true);
  }));
