/**
 * The proxy over TLS, with ocpp-rpc as the charger and as the CSMS (an https server, as in its
 * README "OCPP Security"): wss towards the charger with the `--tls-auto` certificate, wss towards
 * the CSMS with its own CA, an untrusted CSMS certificate (refused, or accepted when insecure),
 * mutual TLS upstream (security profile 3), and both legs at once for 1.6 and 2.0.1.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { RPCServer, type UnexpectedHttpResponse } from 'ocpp-rpc';
import {
  ensureLocalTls,
  exportCaCertificate,
  type KeyAndCert,
} from '../../src/main/services/proxy/certificates';
import { makeTestPki, type TestPki } from './tls-support';
import {
  charger,
  endpointOf,
  scoped,
  startProxy,
  VERSIONS,
  type Scope,
  type ServerClient,
  type Version,
} from './proxy-support';

const BOOT: Record<Version, { request: Record<string, unknown>; response: Record<string, unknown> }> = {
  'ocpp1.6': {
    request: { chargePointVendor: 'Acme', chargePointModel: 'Wallbox' },
    response: { status: 'Accepted', currentTime: '2026-11-21T08:00:00.000Z', interval: 300 },
  },
  'ocpp2.0.1': {
    request: { reason: 'PowerUp', chargingStation: { vendorName: 'Acme', model: 'Wallbox' } },
    response: { status: 'Accepted', currentTime: '2026-11-21T08:00:00.000Z', interval: 300 },
  },
};

interface TlsCsms {
  /** `wss://127.0.0.1:<port>` */
  url: string;
  clients: ServerClient[];
  /** What each accepted handshake carried: the client certificate's CN (if any) and the password. */
  handshakes: { identity: string; peerCN?: string; authorized: boolean; password?: string }[];
}

/**
 * An ocpp-rpc CSMS behind an https server with `server`'s certificate. With `clientCa`, it
 * requires a client certificate issued by that CA (mutual TLS) and refuses the TLS handshake
 * otherwise.
 */
async function startTlsCsms(scope: Scope, server: KeyAndCert, clientCa?: string): Promise<TlsCsms> {
  const rpc = new RPCServer({ protocols: [...VERSIONS], pingIntervalMs: 0 });
  const https = createHttpsServer({
    cert: server.cert,
    key: server.key,
    minVersion: 'TLSv1.2',
    ...(clientCa !== undefined ? { ca: clientCa, requestCert: true, rejectUnauthorized: true } : {}),
  });
  https.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    void rpc.handleUpgrade(request, socket, head);
  });
  const csms: TlsCsms = { url: '', clients: [], handshakes: [] };
  rpc.auth((accept, _reject, handshake) => {
    const socket = handshake.request.socket as TLSSocket;
    const peer = clientCa !== undefined ? socket.getPeerCertificate() : undefined;
    csms.handshakes.push({
      identity: handshake.identity,
      ...(peer?.subject?.CN !== undefined ? { peerCN: String(peer.subject.CN) } : {}),
      authorized: socket.authorized,
      ...(handshake.password !== undefined ? { password: handshake.password.toString('utf8') } : {}),
    });
    accept();
  });
  rpc.on('client', (client: ServerClient) => {
    csms.clients.push(client);
    client.handle('BootNotification', () => Promise.resolve(BOOT[client.protocol as Version].response));
  });
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  scope.defer(async () => {
    await rpc.close({ force: true });
    https.closeAllConnections();
    await new Promise((resolve) => https.close(resolve));
  });
  csms.url = `wss://127.0.0.1:${(https.address() as AddressInfo).port}`;
  return csms;
}

/** A plain-ws ocpp-rpc CSMS (the downstream-only case). */
async function startPlainCsms(scope: Scope): Promise<TlsCsms> {
  const rpc = new RPCServer({ protocols: [...VERSIONS], pingIntervalMs: 0 });
  const csms: TlsCsms = { url: '', clients: [], handshakes: [] };
  rpc.on('client', (client: ServerClient) => {
    csms.clients.push(client);
    client.handle('BootNotification', () => Promise.resolve(BOOT[client.protocol as Version].response));
  });
  const http = await rpc.listen(0, '127.0.0.1');
  scope.defer(async () => {
    await rpc.close({ force: true });
    if (http.listening) await new Promise((resolve) => http.close(resolve));
  });
  csms.url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return csms;
}

/** A data folder for `--tls-auto`, removed at the end of the test. */
async function dataDir(scope: Scope): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ocpp-scope-tls-'));
  scope.defer(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** What a charger's connect() rejected with. */
async function connectError(connect: Promise<unknown>): Promise<Error & Partial<UnexpectedHttpResponse>> {
  try {
    await connect;
  } catch (error) {
    return error as Error & Partial<UnexpectedHttpResponse>;
  }
  assert.fail('the charger connected');
}

let pkis: Promise<{ csms: TestPki; stranger: TestPki }> | undefined;
/** One CSMS PKI (server cert for 127.0.0.1, client cert CN "CP-MTLS") and an unrelated one. */
function testPkis(): Promise<{ csms: TestPki; stranger: TestPki }> {
  pkis ??= Promise.all([makeTestPki('csms', 'CP-MTLS'), makeTestPki('stranger', 'CP-MTLS')]).then(
    ([csms, stranger]) => ({ csms, stranger }),
  );
  return pkis;
}

void describe('proxy TLS: towards the charger (--tls-auto)', () => {
  void test('charger --wss--> proxy --ws--> CSMS, trusting the exported local CA', () =>
    scoped(async (scope) => {
      const dir = await dataDir(scope);
      const local = await ensureLocalTls(dir, ['127.0.0.1']);
      const exported = await exportCaCertificate(dir);
      assert.equal(exported.pem, local.caCert);
      const csms = await startPlainCsms(scope);
      const { proxy, sink } = await startProxy(scope, csms.url, {
        tls: { cert: local.cert, key: local.key },
      });
      assert.match(proxy.url, /^wss:\/\/127\.0\.0\.1:\d+\/$/);

      const cp = charger(scope, {
        endpoint: endpointOf(proxy),
        identity: 'CP-1',
        protocols: ['ocpp1.6'],
        wsOpts: { ca: exported.pem, minVersion: 'TLSv1.2' },
      });
      await cp.connect();
      assert.deepEqual(await cp.call('BootNotification', BOOT['ocpp1.6'].request), BOOT['ocpp1.6'].response);
      const opened = await sink.waitConnection('opened', 'CP-1');
      assert.equal(opened.tls, true);
      assert.equal(opened.subprotocol, 'ocpp1.6');
      assert.equal(opened.upstream, `${csms.url}/CP-1`);
      const answer = await sink.waitFrame((f) => f.direction === 'toStation');
      assert.match(answer.raw, /"Accepted"/);
    }));

  void test('a charger that does not trust the local CA cannot connect, and the CSMS never hears of it', () =>
    scoped(async (scope) => {
      const dir = await dataDir(scope);
      const local = await ensureLocalTls(dir, []);
      const csms = await startPlainCsms(scope);
      const { proxy, sink } = await startProxy(scope, csms.url, {
        tls: { cert: local.cert, key: local.key },
      });
      const cp = charger(scope, { endpoint: endpointOf(proxy), identity: 'CP-2', protocols: ['ocpp1.6'] });
      const error = await connectError(cp.connect());
      assert.match(error.message, /certificate/);
      assert.equal(csms.clients.length, 0);
      assert.deepEqual(sink.connections('opened'), []);
    }));
});

void describe('proxy TLS: towards the CSMS', () => {
  void test('charger --ws--> proxy --wss--> CSMS, the CSMS CA given as upstreamTls.ca', () =>
    scoped(async (scope) => {
      const { csms: pki } = await testPkis();
      const csms = await startTlsCsms(scope, pki.server);
      const { proxy, sink } = await startProxy(scope, csms.url, { upstreamTls: { ca: pki.ca.cert } });
      const cp = charger(scope, { endpoint: endpointOf(proxy), identity: 'CP-3', protocols: ['ocpp2.0.1'] });
      await cp.connect();
      assert.deepEqual(
        await cp.call('BootNotification', BOOT['ocpp2.0.1'].request),
        BOOT['ocpp2.0.1'].response,
      );
      const opened = await sink.waitConnection('opened', 'CP-3');
      assert.equal(opened.tls, false);
      assert.equal(opened.upstream, `${csms.url}/CP-3`);
      assert.equal(csms.handshakes[0]?.identity, 'CP-3');
    }));

  void test('a CSMS certificate from an untrusted CA: the charger gets 502 and the capture says why', () =>
    scoped(async (scope) => {
      const { csms: pki, stranger } = await testPkis();
      const csms = await startTlsCsms(scope, stranger.server);
      const { proxy, sink } = await startProxy(scope, csms.url, { upstreamTls: { ca: pki.ca.cert } });
      const cp = charger(scope, { endpoint: endpointOf(proxy), identity: 'CP-4', protocols: ['ocpp1.6'] });
      const error = await connectError(cp.connect());
      assert.equal(error.code, 502);
      const entry = await sink.waitConnection('error', 'CP-4');
      assert.match(
        entry.message ?? '',
        new RegExp(`could not reach the CSMS at ${csms.url}/CP-4: .*certificate`),
      );
      assert.deepEqual(sink.connections('opened'), []);
      assert.equal(csms.clients.length, 0);
    }));

  void test('the same CSMS is reached with upstreamTls.insecure', () =>
    scoped(async (scope) => {
      const { stranger } = await testPkis();
      const csms = await startTlsCsms(scope, stranger.server);
      const { proxy, sink } = await startProxy(scope, csms.url, { upstreamTls: { insecure: true } });
      const cp = charger(scope, { endpoint: endpointOf(proxy), identity: 'CP-5', protocols: ['ocpp1.6'] });
      await cp.connect();
      assert.deepEqual(await cp.call('BootNotification', BOOT['ocpp1.6'].request), BOOT['ocpp1.6'].response);
      assert.equal((await sink.waitConnection('opened', 'CP-5')).subprotocol, 'ocpp1.6');
    }));

  void test('mutual TLS (profile 3): the proxy presents upstreamTls.cert/key and the CSMS sees its CN', () =>
    scoped(async (scope) => {
      const { csms: pki } = await testPkis();
      const csms = await startTlsCsms(scope, pki.server, pki.ca.cert);
      const { proxy, sink } = await startProxy(scope, csms.url, {
        upstreamTls: { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key },
      });
      const cp = charger(scope, { endpoint: endpointOf(proxy), identity: 'CP-MTLS', protocols: ['ocpp1.6'] });
      await cp.connect();
      assert.deepEqual(await cp.call('BootNotification', BOOT['ocpp1.6'].request), BOOT['ocpp1.6'].response);
      assert.deepEqual(csms.handshakes, [{ identity: 'CP-MTLS', peerCN: 'CP-MTLS', authorized: true }]);
      await sink.waitConnection('opened', 'CP-MTLS');
    }));

  for (const [name, client] of [
    ['no client certificate', undefined],
    ['a client certificate from another CA', 'stranger'],
  ] as const) {
    void test(`mutual TLS with ${name}: the CSMS refuses, the charger gets 502`, () =>
      scoped(async (scope) => {
        const { csms: pki, stranger } = await testPkis();
        const csms = await startTlsCsms(scope, pki.server, pki.ca.cert);
        const { proxy, sink } = await startProxy(scope, csms.url, {
          upstreamTls: {
            ca: pki.ca.cert,
            ...(client === 'stranger' ? { cert: stranger.client.cert, key: stranger.client.key } : {}),
          },
        });
        const cp = charger(scope, { endpoint: endpointOf(proxy), identity: 'CP-6', protocols: ['ocpp1.6'] });
        const error = await connectError(cp.connect());
        assert.equal(error.code, 502);
        const entry = await sink.waitConnection('error', 'CP-6');
        assert.match(entry.message ?? '', new RegExp(`^could not reach the CSMS at ${csms.url}/CP-6: `));
        assert.deepEqual(csms.handshakes, []);
        assert.deepEqual(sink.connections('opened'), []);
      }));
  }
});

void describe('proxy TLS: both legs', () => {
  for (const version of VERSIONS) {
    void test(`charger --wss--> proxy --wss (Basic auth, profile 2)--> CSMS: BootNotification (${version})`, () =>
      scoped(async (scope) => {
        const { csms: pki } = await testPkis();
        const dir = await dataDir(scope);
        const local = await ensureLocalTls(dir, ['127.0.0.1']);
        const csms = await startTlsCsms(scope, pki.server);
        const { proxy, sink } = await startProxy(scope, csms.url, {
          tls: { cert: local.cert, key: local.key },
          upstreamTls: { ca: pki.ca.cert },
        });
        const cp = charger(scope, {
          endpoint: endpointOf(proxy),
          identity: 'CP-7',
          password: 'secret-7',
          protocols: [version],
          wsOpts: { ca: (await exportCaCertificate(dir)).pem, minVersion: 'TLSv1.2' },
        });
        await cp.connect();
        assert.equal(cp.protocol, version);
        assert.deepEqual(await cp.call('BootNotification', BOOT[version].request), BOOT[version].response);
        assert.deepEqual(csms.handshakes, [{ identity: 'CP-7', authorized: false, password: 'secret-7' }]);

        const opened = await sink.waitConnection('opened', 'CP-7');
        assert.equal(opened.tls, true);
        assert.equal(opened.subprotocol, version);
        assert.equal(opened.upstream, `${csms.url}/CP-7`);
        assert.doesNotMatch(JSON.stringify(opened.headers), /secret-7/);
        const answer = await sink.waitFrame((f) => f.direction === 'toStation');
        const frames = sink.frames('CP-7');
        assert.equal(frames.length, 2);
        const [call, result] = frames.map((f) => JSON.parse(f.raw) as unknown[]);
        assert.deepEqual([call?.[0], call?.[2], call?.[3]], [2, 'BootNotification', BOOT[version].request]);
        assert.deepEqual([result?.[0], result?.[1], result?.[2]], [3, call?.[1], BOOT[version].response]);
        assert.equal(answer, frames[1]);

        await cp.close();
        const closed = await sink.waitConnection('closed', 'CP-7');
        assert.equal(closed.closedBy, 'station');
      }));
  }
});
