/**
 * Serve mode over real sockets: the HTTP routes and the WebSocket RPC, with the token checked on
 * everything but the static shell. The built renderer is stood in for by a temp folder so this
 * suite does not depend on a build.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { createEngine, type Engine } from '../../src/main/engine';
import { startServeHost, type ServeHost } from '../../src/main/host/serve';
import { createClient, type RpcClient } from '../../src/shared/rpc/client';
import { RpcError } from '../../src/shared/rpc/errors';
import { createWebSocketChannel, type WebSocketChannel } from '../../src/shared/rpc/websocket-client';

const FIXTURE = 'fixtures/sessions/ocpp16-charging-session.jsonl';

let dir: string;
let engine: Engine;
let host: ServeHost;
let base: string;

function connect(url: string): WebSocketChannel {
  return createWebSocketChannel(url, (u) => new WebSocket(u));
}

/** The status of a WebSocket upgrade: 101 when accepted, else the HTTP status of the refusal. */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ocpp-scope-serve-'));
  const rendererDir = join(dir, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>OCPP Scope</title>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'outside the renderer');
  engine = await createEngine({
    dataDir: join(dir, 'data'),
    mode: 'serve',
    version: '0.0.0-test',
    log: () => {},
  });
  host = await startServeHost({ router: engine.router, rendererDir, host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${host.port}`;
});

after(async () => {
  await host.close();
  await engine.dispose();
  await rm(dir, { recursive: true, force: true });
});

void describe('serve mode HTTP', () => {
  void test('prints a loopback URL with a long random token', () => {
    assert.match(host.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  });

  void test('the static shell needs no token and carries a strict CSP', async () => {
    const response = await fetch(`${base}/`);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /<title>OCPP Scope<\/title>/);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal((await fetch(`${base}/assets/app.js`)).status, 200);
  });

  void test('every other route is refused without the right token', async () => {
    assert.equal((await fetch(`${base}/api/anything`)).status, 401);
    assert.equal((await fetch(`${base}/favicon.ico?token=wrong`)).status, 401);
    const withToken = await fetch(`${base}/favicon.ico?token=${host.token}`);
    assert.equal(withToken.status, 404);
  });

  void test('paths cannot leave the renderer folder', async () => {
    for (const path of [
      '/assets/../../secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
    ]) {
      const response = await fetch(`${base}${path}`);
      assert.notEqual(response.status, 200, path);
      assert.doesNotMatch(await response.text(), /outside the renderer/, path);
    }
  });

  void test('only GET and HEAD', async () => {
    assert.equal((await fetch(`${base}/`, { method: 'POST', body: 'x' })).status, 405);
  });
});

void describe('serve mode WebSocket RPC', () => {
  void test('a missing or wrong token is refused with 401, an unknown path with 404', async () => {
    assert.equal(await upgradeStatus(`ws://127.0.0.1:${host.port}/rpc`), 401);
    // One character off (a random token may end in x already: then it is y).
    const wrong = host.token.slice(0, -1) + (host.token.endsWith('x') ? 'y' : 'x');
    assert.equal(await upgradeStatus(`ws://127.0.0.1:${host.port}/rpc?token=${wrong}`), 401);
    assert.equal(await upgradeStatus(`ws://127.0.0.1:${host.port}/other?token=${host.token}`), 404);
    assert.equal(await upgradeStatus(`ws://127.0.0.1:${host.port}/rpc?token=${host.token}`), 101);
  });

  void test('the token works and the typed client drives the engine', async () => {
    const channel = connect(`ws://127.0.0.1:${host.port}/rpc?token=${host.token}`);
    try {
      await channel.ready;
      const client: RpcClient = createClient(channel);
      const info = await client.call('app.info', {});
      assert.equal(info.mode, 'serve');

      const changed = new Promise((resolve) => client.on('sessions.changed', resolve));
      const opened = await client.call('sessions.import', {
        fileName: 'ocpp16.jsonl',
        content: await readFile(FIXTURE, 'utf8'),
      });
      assert.equal(opened.stats.frames, 58);
      await changed;

      const page = await client.call('timeline.rows', { sessionId: opened.info.id, offset: 0, limit: 10 });
      assert.equal(page.total, 60);
      assert.equal(page.rows.length, 10);
      const call = page.rows.find((r) => r.messageType === 2 && r.action === 'BootNotification');
      assert.ok(call?.partnerSeq, 'the BootNotification CALL is paired with its answer');
      const detail = await client.call('timeline.entry', { sessionId: opened.info.id, seq: call.seq });
      assert.equal(detail.partner?.row.messageType, 3);
      assert.equal(detail.partner?.row.action, 'BootNotification');

      await assert.rejects(
        client.call('timeline.rows', { sessionId: opened.info.id, offset: -1, limit: 10 }),
        (error: unknown) =>
          error instanceof RpcError && error.code === 'bad-params' && /offset/.test(error.message),
      );
      await assert.rejects(
        client.call('sessions.open', { sessionId: '../../etc/passwd' }),
        (error: unknown) => error instanceof RpcError && error.code === 'not-found',
      );
    } finally {
      channel.close();
    }
  });

  void test('malformed requests get an error, and the socket stays usable', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/rpc?token=${host.token}`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const replies: unknown[] = [];
    const twoReplies = new Promise<void>((resolve) =>
      ws.on('message', (data: Buffer) => {
        replies.push(JSON.parse(data.toString()));
        if (replies.length === 2) resolve();
      }),
    );
    ws.send('not json');
    ws.send(JSON.stringify({ t: 'req', id: 7, method: 'no.such', params: {} }));
    await twoReplies;
    ws.close();
    assert.deepEqual(replies[0], {
      t: 'res',
      id: -1,
      ok: false,
      error: { code: 'bad-request', message: 'not a well-formed RPC request' },
    });
    assert.equal((replies[1] as { id: number; error: { code: string } }).error.code, 'unknown-method');
  });

  void test('live rows arrive as batched deltas after the snapshot', async () => {
    const channel = connect(`ws://127.0.0.1:${host.port}/rpc?token=${host.token}`);
    try {
      await channel.ready;
      const client = createClient(channel);
      const session = await client.call('sessions.create', { name: 'live' });
      const snapshot = await client.call('sessions.open', { sessionId: session.id });
      assert.equal(snapshot.lastSeq, 0);
      const seen: number[] = [];
      const allSeen = new Promise<void>((resolve) =>
        client.on('timeline.appended', ({ sessionId, rows, total }) => {
          if (sessionId !== session.id) return;
          seen.push(...rows.map((r) => r.seq));
          if (total === 3 && seen.length === 3) resolve();
        }),
      );
      const base = { connectionId: 'c1', stationId: 'CP1', source: 'proxy' as const };
      engine.store.append(session.id, {
        ...base,
        kind: 'connection',
        event: 'opened',
        subprotocol: 'ocpp1.6',
      });
      engine.store.append(session.id, {
        ...base,
        kind: 'frame',
        direction: 'toCsms',
        raw: '[2,"1","Heartbeat",{}]',
      });
      engine.store.append(session.id, {
        ...base,
        kind: 'frame',
        direction: 'toStation',
        raw: '[3,"1",{"currentTime":"2026-11-21T00:00:00Z"}]',
      });
      await allSeen;
      assert.deepEqual(seen, [1, 2, 3]);
      await engine.store.finish(session.id);
    } finally {
      channel.close();
    }
  });
});
