/**
 * Helpers for the proxy integration tests: an in-memory capture sink that can be waited on, the
 * real peers (ocpp-rpc as the charger and as the CSMS, raw `ws` where a test needs control of
 * every frame), and a scope that closes every handle a test opened and then checks that none is
 * left. Everything listens on 127.0.0.1 with port 0.
 */
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RPCClient, RPCServer } from 'ocpp-rpc';
import type { RPC_ClientOptions } from 'ocpp-rpc/lib/client';
import type { IHandshakeInterface } from 'ocpp-rpc/lib/server-client';
import type RpcServerClient from 'ocpp-rpc/lib/server-client';
import WebSocket, { WebSocketServer } from 'ws';
import type { ConnectionEntry, Entry, FrameEntry, NewEntry } from '../../src/shared/capture/entry';
import type { CaptureSink } from '../../src/main/services/proxy/bridge';
import { ProxyServer, type ProxyOptions } from '../../src/main/services/proxy/proxy-server';

export type ServerClient = RpcServerClient;
export const VERSIONS = ['ocpp1.6', 'ocpp2.0.1'] as const;
export type Version = (typeof VERSIONS)[number];

/** Collects entries the way the store does (seq from 1, ts unless given) and lets tests wait. */
export class MemorySink implements CaptureSink {
  readonly entries: Entry[] = [];
  private waiters: { match: (e: Entry) => boolean; resolve: (e: Entry) => void }[] = [];

  append(entry: NewEntry): Entry {
    const stamped: Entry = { ...entry, seq: this.entries.length + 1, ts: entry.ts ?? Date.now() };
    this.entries.push(stamped);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(stamped)) return true;
      w.resolve(stamped);
      return false;
    });
    return stamped;
  }

  /** The first entry (already recorded or still to come) that matches. */
  waitFor(match: (e: Entry) => boolean): Promise<Entry> {
    const found = this.entries.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  waitConnection(event: ConnectionEntry['event'], stationId?: string): Promise<ConnectionEntry> {
    return this.waitFor(
      (e) =>
        e.kind === 'connection' &&
        e.event === event &&
        (stationId === undefined || e.stationId === stationId),
    ) as Promise<ConnectionEntry>;
  }

  waitFrame(match: (e: FrameEntry) => boolean): Promise<FrameEntry> {
    return this.waitFor((e) => e.kind === 'frame' && match(e)) as Promise<FrameEntry>;
  }

  frames(stationId?: string): FrameEntry[] {
    return this.entries.filter(
      (e): e is FrameEntry => e.kind === 'frame' && (stationId === undefined || e.stationId === stationId),
    );
  }

  connections(event?: ConnectionEntry['event']): ConnectionEntry[] {
    return this.entries.filter(
      (e): e is ConnectionEntry => e.kind === 'connection' && (event === undefined || e.event === event),
    );
  }
}

/** Resolves with the next emitted value of `event` (first argument). */
export function once<T = unknown>(emitter: NodeJS.EventEmitter, event: string): Promise<T> {
  return new Promise((resolve) => emitter.once(event, (value: T) => resolve(value)));
}

/** Counts down: resolves when `done()` was called `n` times. */
export function countdown(n: number): { done(): void; promise: Promise<void> } {
  let left = n;
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  if (left <= 0) resolve();
  return {
    promise,
    done() {
      if (--left === 0) resolve();
    },
  };
}

type Disposer = () => unknown;

/** What a test opened, closed in reverse order at the end. */
export class Scope {
  private readonly disposers: Disposer[] = [];
  defer(dispose: Disposer): void {
    this.disposers.push(dispose);
  }
  async dispose(): Promise<void> {
    const errors: unknown[] = [];
    for (const dispose of this.disposers.reverse()) {
      try {
        await dispose();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
  }
}

function handles(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of process.getActiveResourcesInfo()) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

const WATCHED = ['TCPSocketWrap', 'TCPServerWrap', 'Timeout', 'TLSWrap'];

function leaked(before: Map<string, number>): string[] {
  const now = handles();
  return WATCHED.filter((name) => (now.get(name) ?? 0) > (before.get(name) ?? 0)).map(
    (name) => `${name}: ${before.get(name) ?? 0} -> ${now.get(name) ?? 0}`,
  );
}

/**
 * Runs a test body, closes everything it deferred, then fails if a socket, server or timer it
 * opened is still there. Closing sockets completes on later turns of the event loop, so this
 * yields (setImmediate, no timers) until the handles are gone or clearly stuck.
 */
export async function scoped(body: (scope: Scope) => Promise<void>): Promise<void> {
  const before = handles();
  const scope = new Scope();
  try {
    await body(scope);
  } finally {
    await scope.dispose();
  }
  for (let turn = 0; turn < 5000 && leaked(before).length > 0; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.deepEqual(leaked(before), [], 'the test left handles open');
}

export interface Csms {
  server: RPCServer;
  http: Server;
  /** `ws://127.0.0.1:<port>` */
  url: string;
  clients: ServerClient[];
  nextClient(): Promise<ServerClient>;
}

/** An ocpp-rpc CSMS on a free port. `configure` runs before listening (auth, handlers). */
export async function startCsms(
  scope: Scope,
  options: ConstructorParameters<typeof RPCServer>[0],
  onClient?: (client: ServerClient) => void,
): Promise<Csms> {
  const server = new RPCServer({ pingIntervalMs: 0, ...options });
  const clients: ServerClient[] = [];
  const waiting: ((c: ServerClient) => void)[] = [];
  server.on('client', (client: ServerClient) => {
    clients.push(client);
    onClient?.(client);
    waiting.shift()?.(client);
  });
  const http = await server.listen(0, '127.0.0.1');
  scope.defer(async () => {
    await server.close({ force: true });
    if (http.listening) await new Promise((resolve) => http.close(resolve));
  });
  const port = (http.address() as AddressInfo).port;
  let taken = 0;
  return {
    server,
    http,
    url: `ws://127.0.0.1:${port}`,
    clients,
    nextClient() {
      const index = taken++;
      const existing = clients[index];
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}

export async function startProxy(
  scope: Scope,
  upstream: string,
  options: Partial<ProxyOptions> = {},
): Promise<{ proxy: ProxyServer; sink: MemorySink }> {
  const sink = new MemorySink();
  const proxy = await ProxyServer.start({ host: '127.0.0.1', port: 0, upstream, sink, ...options });
  scope.defer(() => proxy.stop());
  return { proxy, sink };
}

export type ChargerOptions = Partial<RPC_ClientOptions> & { identity: string; endpoint: string };

/** An ocpp-rpc charger (no reconnects, no keep-alive pings), not yet connected. */
export function charger(scope: Scope, options: ChargerOptions): RPCClient {
  const client = new RPCClient({
    reconnect: false,
    pingIntervalMs: 0,
    ...options,
  } as RPC_ClientOptions);
  scope.defer(() => client.close({ force: true }));
  return client;
}

/** The proxy URL without the trailing slash: ocpp-rpc appends `/<identity>`. */
export function endpointOf(proxy: ProxyServer, path = ''): string {
  return proxy.url.replace(/\/$/, '') + path;
}

/** Every text message an ocpp-rpc peer received (inbound) or sent (outbound), in order. */
export function messageLog(client: RPCClient): { inbound: string[]; outbound: string[] } {
  const log = { inbound: [] as string[], outbound: [] as string[] };
  client.on('message', (event: { message: Buffer | string; outbound: boolean }) => {
    const text = typeof event.message === 'string' ? event.message : event.message.toString('utf8');
    (event.outbound ? log.outbound : log.inbound).push(text);
  });
  return log;
}

/** Accepts every charger and keeps the handshake each one arrived with (identity, path, password). */
export function recordHandshakes(csms: Csms): IHandshakeInterface[] {
  const seen: IHandshakeInterface[] = [];
  csms.server.auth((accept, _reject, handshake) => {
    seen.push(handshake);
    accept();
  });
  return seen;
}

/** A raw `ws` server standing in for a CSMS (full control of frames, pings and pongs). */
export async function startRawCsms(
  scope: Scope,
  options: { protocol?: string; autoPong?: boolean; skipUTF8Validation?: boolean } = {},
): Promise<{ wss: WebSocketServer; url: string; nextSocket(): Promise<WebSocket> }> {
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    maxPayload: 100 * 1024 * 1024,
    autoPong: options.autoPong ?? true,
    skipUTF8Validation: options.skipUTF8Validation ?? false,
    handleProtocols: (offered) => options.protocol ?? [...offered][0] ?? false,
  });
  await once(wss, 'listening');
  const sockets: WebSocket[] = [];
  const waiting: ((ws: WebSocket) => void)[] = [];
  let taken = 0;
  wss.on('connection', (ws) => {
    sockets.push(ws);
    waiting.shift()?.(ws);
  });
  scope.defer(async () => {
    for (const ws of sockets) ws.terminate();
    await new Promise((resolve) => wss.close(resolve));
  });
  return {
    wss,
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    nextSocket() {
      const existing = sockets[taken++];
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}

/** A raw `ws` client, open. */
export async function openRaw(
  scope: Scope,
  url: string,
  protocols: string[] = ['ocpp1.6'],
  options: WebSocket.ClientOptions = {},
): Promise<WebSocket> {
  const ws = new WebSocket(url, protocols, { maxPayload: 100 * 1024 * 1024, ...options });
  scope.defer(() => {
    if (ws.readyState === WebSocket.CLOSED) return;
    const closed = once(ws, 'close');
    ws.terminate();
    return closed;
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

export interface Received {
  data: Buffer;
  isBinary: boolean;
}

/** Collects the messages of a raw socket; `next(n)` waits until n have arrived. */
export function collect(ws: WebSocket): { items: Received[]; upTo(n: number): Promise<Received[]> } {
  const items: Received[] = [];
  const waiting: { n: number; resolve: (r: Received[]) => void }[] = [];
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    items.push({ data, isBinary });
    for (const w of waiting.filter((w) => items.length >= w.n)) w.resolve(items.slice(0, w.n));
  });
  return {
    items,
    upTo(n) {
      if (items.length >= n) return Promise.resolve(items.slice(0, n));
      return new Promise((resolve) => waiting.push({ n, resolve }));
    },
  };
}

export function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    ws.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString('utf8') })),
  );
}

/** A port nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The HTTP status a WebSocket upgrade gets (101 when accepted) and, if refused, the body. */
export function upgradeResult(
  url: string,
  protocols: string[],
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; protocol?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.on('upgrade', (response) => {
      const protocol = response.headers['sec-websocket-protocol'];
      ws.terminate();
      resolve(protocol === undefined ? { status: 101, body: '' } : { status: 101, body: '', protocol });
    });
    ws.on('unexpected-response', (_request, response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => {
        ws.terminate();
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    ws.on('error', (error) => {
      if (
        !/Unexpected server response|WebSocket was closed before|Server sent no subprotocol/.test(
          error.message,
        )
      )
        reject(error);
    });
  });
}

export function parse(raw: string): unknown[] {
  const value: unknown = JSON.parse(raw);
  assert.ok(Array.isArray(value), `not a JSON array: ${raw.slice(0, 80)}`);
  return value;
}
