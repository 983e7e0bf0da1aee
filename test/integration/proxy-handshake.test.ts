/**
 * The proxy's handshake over real sockets, with ocpp-rpc as the charger and as the CSMS: who
 * picks the subprotocol, what reaches the CSMS (identity, path, query, Basic auth), what the
 * capture keeps of it, and how refusals and an unreachable CSMS reach the charger.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { UnexpectedHttpResponse } from 'ocpp-rpc';
import {
  charger,
  closedPort,
  endpointOf,
  recordHandshakes,
  scoped,
  startCsms,
  startProxy,
  upgradeResult,
  VERSIONS,
} from './proxy-support';

/** What a charger's connect() rejected with. */
async function connectError(connect: Promise<unknown>): Promise<Error & Partial<UnexpectedHttpResponse>> {
  try {
    await connect;
  } catch (error) {
    return error as Error & Partial<UnexpectedHttpResponse>;
  }
  assert.fail('the charger connected');
}

void describe('proxy handshake: subprotocol', () => {
  void test('the CSMS chooses: a charger offering 2.0.1 and 1.6 gets 1.6 from a 1.6-only CSMS', () =>
    scoped(async (scope) => {
      const csms = await startCsms(scope, { protocols: ['ocpp1.6'] });
      const { proxy, sink } = await startProxy(scope, csms.url);
      const cp = charger(scope, {
        endpoint: endpointOf(proxy),
        identity: 'CP-1',
        protocols: ['ocpp2.0.1', 'ocpp1.6'],
      });
      await cp.connect();
      const atCsms = await csms.nextClient();
      assert.equal(cp.protocol, 'ocpp1.6');
      assert.equal(atCsms.protocol, 'ocpp1.6');
      assert.deepEqual([...atCsms.handshake.protocols], ['ocpp2.0.1', 'ocpp1.6']);
      const opened = await sink.waitConnection('opened');
      assert.equal(opened.subprotocol, 'ocpp1.6');
      assert.deepEqual(opened.offeredSubprotocols, ['ocpp2.0.1', 'ocpp1.6']);
      assert.equal(opened.stationId, 'CP-1');
      assert.equal(opened.upstream, `${csms.url}/CP-1`);
      assert.deepEqual(
        proxy.connections().map((c) => [c.stationId, c.subprotocol]),
        [['CP-1', 'ocpp1.6']],
      );
    }));

  for (const version of VERSIONS) {
    void test(`the CSMS's preference wins over the charger's order (${version})`, () =>
      scoped(async (scope) => {
        const other = version === 'ocpp1.6' ? 'ocpp2.0.1' : 'ocpp1.6';
        const csms = await startCsms(scope, { protocols: [version, other] });
        const { proxy, sink } = await startProxy(scope, csms.url);
        const cp = charger(scope, {
          endpoint: endpointOf(proxy),
          identity: 'CP-2',
          protocols: [other, version],
        });
        await cp.connect();
        assert.equal(cp.protocol, version);
        assert.equal((await csms.nextClient()).protocol, version);
        assert.equal((await sink.waitConnection('opened')).subprotocol, version);
      }));
  }

  void test('no common subprotocol: the charger meets what it would meet without the proxy', () =>
    scoped(async (scope) => {
      // ocpp-rpc's RPCServer does not refuse: it completes the handshake without a subprotocol,
      // and the charger's ws client then gives up ("Server sent no subprotocol").
      const csms = await startCsms(scope, { protocols: ['ocpp1.6'] });
      const direct = await connectError(
        charger(scope, { endpoint: csms.url, identity: 'CP-D', protocols: ['ocpp9'] }).connect(),
      );
      const { proxy, sink } = await startProxy(scope, csms.url);
      const proxied = await connectError(
        charger(scope, { endpoint: endpointOf(proxy), identity: 'CP-P', protocols: ['ocpp9'] }).connect(),
      );
      assert.equal(proxied.message, direct.message);
      assert.match(proxied.message, /no subprotocol/);
      assert.deepEqual(await upgradeResult(`${csms.url}/CP-X`, ['ocpp9']), { status: 101, body: '' });
      assert.deepEqual(await upgradeResult(`${proxy.url}CP-Y`, ['ocpp9']), { status: 101, body: '' });
      const error = await sink.waitConnection('error', 'CP-P');
      assert.match(error.message ?? '', /none of the offered subprotocols \(ocpp9\)/);
      const opened = await sink.waitConnection('opened', 'CP-P');
      assert.equal(opened.subprotocol, undefined);
      assert.deepEqual(opened.offeredSubprotocols, ['ocpp9']);
      await sink.waitConnection('closed', 'CP-P');
    }));

  void test('a CSMS that refuses an unknown subprotocol: the charger gets the same HTTP status', () =>
    scoped(async (scope) => {
      const csms = await startCsms(scope, { protocols: ['ocpp1.6', 'ocpp2.0.1'] });
      csms.server.auth((accept, reject, handshake) => {
        if ([...handshake.protocols].some((p) => p === 'ocpp1.6' || p === 'ocpp2.0.1')) accept();
        else reject(400, 'no supported OCPP subprotocol offered');
      });
      const direct = await connectError(
        charger(scope, { endpoint: csms.url, identity: 'CP-D', protocols: ['ocpp9'] }).connect(),
      );
      const { proxy, sink } = await startProxy(scope, csms.url);
      const proxied = await connectError(
        charger(scope, { endpoint: endpointOf(proxy), identity: 'CP-P', protocols: ['ocpp9'] }).connect(),
      );
      assert.equal(direct.code, 400);
      assert.equal(proxied.code, 400);
      assert.equal(proxied.message, direct.message);
      const viaProxy = await upgradeResult(`${proxy.url}CP-R`, ['ocpp9']);
      assert.deepEqual(viaProxy, await upgradeResult(`${csms.url}/CP-R`, ['ocpp9']));
      assert.deepEqual(viaProxy, { status: 400, body: 'no supported OCPP subprotocol offered' });
      const error = await sink.waitConnection('error', 'CP-P');
      assert.match(error.message ?? '', /refused the WebSocket upgrade with HTTP 400/);
      assert.equal(sink.connections('opened').length, 0);
      assert.equal(csms.clients.length, 0);
    }));
});

void describe('proxy handshake: identity, path, auth', () => {
  const identity = 'CP ü/1#?%:é*';
  const password = 'pa:ss wörd 🔑 ';

  void test('identity with reserved characters, endpoint path, query and password reach the CSMS unchanged', () =>
    scoped(async (scope) => {
      const csms = await startCsms(scope, { protocols: ['ocpp1.6'] });
      const seen = recordHandshakes(csms);
      const { proxy, sink } = await startProxy(scope, `${csms.url}/steve/websocket/CentralSystemService/`);
      const cp = charger(scope, {
        endpoint: endpointOf(proxy, '/any/prefix'),
        identity,
        password,
        protocols: ['ocpp1.6'],
        query: { model: 'X 1', vendor: 'ü&=' },
      });
      await cp.connect();
      await csms.nextClient();
      const handshake = seen[0]!;
      assert.equal(handshake.identity, identity);
      assert.equal(handshake.endpoint, '/steve/websocket/CentralSystemService');
      assert.equal(handshake.password?.toString('utf8'), password);
      assert.equal(handshake.query.get('model'), 'X 1');
      assert.equal(handshake.query.get('vendor'), 'ü&=');
      assert.equal(
        handshake.request.url,
        `/steve/websocket/CentralSystemService/${encodeURIComponent(identity)}?model=X+1&vendor=%C3%BC%26%3D`,
      );

      const opened = await sink.waitConnection('opened');
      assert.equal(opened.stationId, identity);
      assert.equal(opened.url, `/any/prefix/${encodeURIComponent(identity)}?model=X+1&vendor=%C3%BC%26%3D`);
      const authorization = opened.headers?.authorization ?? '';
      assert.equal(authorization, `Basic user ${JSON.stringify(identity)}, password redacted`);
      const everything = JSON.stringify(sink.entries);
      const basic = Buffer.from(`${identity}:${password}`, 'utf8').toString('base64');
      assert.ok(!everything.includes(basic), 'the Basic credentials are not in the capture');
      assert.ok(!everything.includes('wörd'), 'the password is not in the capture');
    }));

  void test('the upstream URL can be a template with {id}', () =>
    scoped(async (scope) => {
      const csms = await startCsms(scope, { protocols: ['ocpp2.0.1'] });
      const seen = recordHandshakes(csms);
      const { proxy } = await startProxy(scope, `${csms.url}/tenant/{id}?tenant=7`);
      const cp = charger(scope, {
        endpoint: endpointOf(proxy),
        identity,
        protocols: ['ocpp2.0.1'],
        query: 'a=1',
      });
      await cp.connect();
      assert.equal(seen[0]?.identity, identity);
      assert.equal(seen[0]?.endpoint, '/tenant');
      assert.equal(seen[0]?.query.get('tenant'), '7');
      assert.equal(seen[0]?.query.get('a'), '1');
    }));

  void test("auth {user, password} replaces the charger's Authorization header", () =>
    scoped(async (scope) => {
      const csms = await startCsms(scope, { protocols: ['ocpp1.6'] });
      const seen = recordHandshakes(csms);
      const { proxy, sink } = await startProxy(scope, csms.url, {
        auth: { user: 'CP-A', password: 'lab key: ✓' },
      });
      const withPassword = charger(scope, {
        endpoint: endpointOf(proxy),
        identity: 'CP-A',
        password: 'the charger key',
        protocols: ['ocpp1.6'],
      });
      await withPassword.connect();
      const without = charger(scope, {
        endpoint: endpointOf(proxy),
        identity: 'CP-A',
        protocols: ['ocpp1.6'],
      });
      await without.connect();
      assert.equal(seen.length, 2);
      const expected = `Basic ${Buffer.from('CP-A:lab key: ✓', 'utf8').toString('base64')}`;
      for (const handshake of seen) {
        assert.equal(handshake.headers.authorization, expected);
        assert.equal(handshake.password?.toString('utf8'), 'lab key: ✓');
      }
      // The capture keeps what the charger sent (redacted), not what the proxy sent.
      const opened = sink.connections('opened');
      assert.equal(opened[0]?.headers?.authorization, 'Basic user "CP-A", password redacted');
      assert.equal(opened[1]?.headers?.authorization, undefined);
    }));

  void test('a CSMS that rejects the password: the charger gets 401 and the reason', () =>
    scoped(async (scope) => {
      const csms = await startCsms(scope, { protocols: ['ocpp1.6'] });
      csms.server.auth((accept, reject, handshake) => {
        if (handshake.password?.toString('utf8') === 'right') accept();
        else reject(401, 'wrong AuthorizationKey');
      });
      const { proxy, sink } = await startProxy(scope, csms.url);
      const cp = charger(scope, {
        endpoint: endpointOf(proxy),
        identity: 'CP-401',
        password: 'wrong',
        protocols: ['ocpp1.6'],
      });
      const error = await connectError(cp.connect());
      assert.equal(error.code, 401);
      assert.deepEqual(await upgradeResult(`${proxy.url}CP-401`, ['ocpp1.6']), {
        status: 401,
        body: 'wrong AuthorizationKey',
      });
      const entry = await sink.waitConnection('error', 'CP-401');
      assert.match(entry.message ?? '', /refused the WebSocket upgrade with HTTP 401 Unauthorized/);
      assert.ok(entry.message?.includes(`${csms.url}/CP-401`));
      assert.equal(csms.clients.length, 0);
      // A right password still gets through the same proxy.
      const ok = charger(scope, {
        endpoint: endpointOf(proxy),
        identity: 'CP-401',
        password: 'right',
        protocols: ['ocpp1.6'],
      });
      await ok.connect();
      assert.equal(ok.protocol, 'ocpp1.6');
    }));

  void test('an unreachable CSMS: the charger gets a clean 502 and the capture names the URL', () =>
    scoped(async (scope) => {
      const port = await closedPort();
      const upstream = `ws://127.0.0.1:${port}/ocpp`;
      const { proxy, sink } = await startProxy(scope, upstream);
      const cp = charger(scope, { endpoint: endpointOf(proxy), identity: 'CP-X', protocols: ['ocpp1.6'] });
      const error = await connectError(cp.connect());
      assert.equal(error.code, 502);
      const result = await upgradeResult(`${proxy.url}CP-Y`, ['ocpp1.6']);
      assert.equal(result.status, 502);
      assert.match(result.body, /could not reach the CSMS/);
      const entry = await sink.waitConnection('error', 'CP-X');
      assert.ok(entry.message?.includes(`${upstream}/CP-X`), entry.message);
      assert.match(entry.message ?? '', /ECONNREFUSED/);
      assert.deepEqual(proxy.connections(), []);
    }));

  void test('no identity in the path is refused with 404', () =>
    scoped(async (scope) => {
      const csms = await startCsms(scope, { protocols: ['ocpp1.6'] });
      const { proxy } = await startProxy(scope, csms.url);
      const result = await upgradeResult(proxy.url, ['ocpp1.6']);
      assert.equal(result.status, 404);
      assert.equal(csms.clients.length, 0);
    }));
});
