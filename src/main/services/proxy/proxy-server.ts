/**
 * The MITM proxy: chargers connect to it as if it were their CSMS; for each one it first opens the
 * real CSMS connection with the charger's offered subprotocols and end-to-end headers, then
 * completes the charger's handshake with whatever the CSMS chose (or relays the CSMS's refusal),
 * and joins the two in a Bridge. Many chargers at once, each its own connection in the capture.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import type { NewEntry } from '../../../shared/capture/entry';
import type { FaultRule } from '../../../shared/proxy/faults';
import {
  DEFAULT_INTERCEPT_TIMEOUT_MS,
  hasActiveBreakpoints,
  type BreakpointRule,
  type InterceptSettings,
  type PausedFrame,
  type ReleaseDecision,
} from '../../../shared/proxy/intercept';
import { RpcError } from '../../../shared/rpc/errors';
import { checkUpstream, type ProxiedConnection } from '../../../shared/proxy/config';
import { Bridge, type CaptureSink } from './bridge';
import type { InjectOptions, Injected } from '../injections';
import {
  capturedHeaders,
  describeUpstreamError,
  decodeIdentity,
  identitySegment,
  upstreamHeaders,
  upstreamUrl,
  type AuthMode,
} from './upstream';

export interface ProxyOptions {
  host: string;
  /** 0: any free port. */
  port: number;
  /** The CSMS base URL (`ws://` or `wss://`), or a template with `{id}`. */
  upstream: string;
  sink: CaptureSink;
  /** Downstream wss: the certificate chargers see (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Upstream wss: extra trusted CAs, no verification (lab CSMSs), a client certificate (profile 3). */
  upstreamTls?: { ca?: string | Buffer; insecure?: boolean; cert?: string | Buffer; key?: string | Buffer };
  auth?: AuthMode;
  faults?: FaultRule[];
  breakpoints?: BreakpointRule[];
  /** How long a frame stays paused at a breakpoint before it is forwarded unchanged. */
  interceptTimeoutMs?: number;
  /** A frame was paused or released somewhere (fetch `paused()`). */
  onPausedChange?: () => void;
  /** How long the CSMS may take to accept a connection. */
  handshakeTimeoutMs?: number;
}

const MAX_PAYLOAD = 100 * 1024 * 1024;

export class ProxyServer {
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly bridges = new Map<string, Bridge>();
  /** Handshakes waiting for the CSMS, so that stop() can end them too. */
  private readonly pending = new Set<WebSocket>();
  private readonly chosen = new WeakMap<IncomingMessage, string>();
  private readonly faults: { rules: FaultRule[]; counts: number[] };
  private readonly intercept: InterceptSettings;
  private nextConnection = 0;
  private nextPause = 0;
  private stopped = false;

  private constructor(private readonly options: ProxyOptions) {
    this.faults = { rules: options.faults ?? [], counts: [] };
    this.intercept = {
      rules: options.breakpoints ?? [],
      timeoutMs: options.interceptTimeoutMs ?? DEFAULT_INTERCEPT_TIMEOUT_MS,
    };
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      autoPong: false,
      perMessageDeflate: false,
      maxPayload: MAX_PAYLOAD,
      // Bad UTF-8 from a charger is forwarded for the CSMS to judge, and captured (see Bridge).
      skipUTF8Validation: true,
      // The charger gets the subprotocol the CSMS chose, or none when the CSMS chose none.
      handleProtocols: (_offered, request) => this.chosen.get(request) || false,
    });
    this.server = options.tls
      ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key })
      : createHttpServer();
    this.server.on('request', (_request, response) => {
      response.writeHead(426, { 'content-type': 'text/plain; charset=utf-8', upgrade: 'websocket' });
      response.end('OCPP Scope proxy: connect with an OCPP WebSocket client (ws:// or wss://).\n');
    });
    this.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(request, socket, head),
    );
  }

  static async start(options: ProxyOptions): Promise<ProxyServer> {
    try {
      checkUpstream(options.upstream);
    } catch (error) {
      throw new RpcError('bad-params', (error as Error).message);
    }
    const proxy = new ProxyServer(options);
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(options.port, options.host, () => {
        proxy.server.off('error', reject);
        resolve();
      });
    });
    return proxy;
  }

  /** The URL chargers connect to, e.g. `ws://127.0.0.1:8080/` (their identity is appended). */
  get url(): string {
    const address = this.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : this.options.port;
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return `${this.options.tls ? 'wss' : 'ws'}://${host}:${port}/`;
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address !== null ? address.port : this.options.port;
  }

  connections(): ProxiedConnection[] {
    return [...this.bridges.values()].map((b) => b.info);
  }

  setFaults(rules: FaultRule[]): void {
    this.faults.rules = rules;
    this.faults.counts = [];
  }

  get faultRules(): readonly FaultRule[] {
    return this.faults.rules;
  }

  /** Breakpoints apply to the next frame; turned all off, every paused frame goes on unchanged. */
  setBreakpoints(rules: BreakpointRule[], timeoutMs?: number): void {
    this.intercept.rules = rules;
    if (timeoutMs !== undefined) this.intercept.timeoutMs = timeoutMs;
    if (!hasActiveBreakpoints(rules)) {
      for (const bridge of this.bridges.values()) bridge.releaseAll('breakpoints off');
    }
  }

  get interceptSettings(): InterceptSettings {
    return { rules: [...this.intercept.rules], timeoutMs: this.intercept.timeoutMs };
  }

  /** Every frame paused at a breakpoint, oldest first. */
  paused(): PausedFrame[] {
    return [...this.bridges.values()].flatMap((b) => b.paused()).sort((a, b) => a.pausedAt - b.pausedAt);
  }

  /** Forwards (as it is, or as edited) or drops a paused frame; returns the seq of its entry. */
  release(pauseId: string, decision: ReleaseDecision): { seq: number } {
    for (const bridge of this.bridges.values()) {
      const seq = bridge.release(pauseId, decision);
      if (seq !== undefined) return { seq };
    }
    throw new RpcError(
      'not-found',
      `no frame ${pauseId} is paused: it was forwarded (auto-forward timeout), or its connection closed`,
    );
  }

  /** The open connection, e.g. for its negotiated subprotocol. */
  connection(connectionId: string): Bridge {
    const bridge = this.bridges.get(connectionId);
    if (bridge === undefined) throw new RpcError('not-found', `no open proxied connection ${connectionId}`);
    return bridge;
  }

  inject(
    connectionId: string,
    direction: 'toCsms' | 'toStation',
    raw: string,
    options: InjectOptions = {},
  ): Injected {
    return this.connection(connectionId).inject(direction, raw, options);
  }

  private record(entry: NewEntry): void {
    this.options.sink.append(entry);
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const path = request.url ?? '/';
    const segment = identitySegment(path);
    if (this.stopped) return refuse(socket, 503, 'Service Unavailable', 'the OCPP Scope proxy is stopping');
    if (segment === '') {
      return refuse(
        socket,
        404,
        'Not Found',
        'no station identity: connect to <proxy URL>/<station identity>',
      );
    }
    const connectionId = `c${++this.nextConnection}`;
    const stationId = decodeIdentity(segment);
    const base = { connectionId, stationId, source: 'proxy' as const };
    const target = upstreamUrl(this.options.upstream, path);
    const offered = (request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    const upstreamTls = this.options.upstreamTls ?? {};
    const upstream = new WebSocket(target, offered, {
      headers: upstreamHeaders(request.headers, this.options.auth ?? 'passthrough'),
      autoPong: false,
      perMessageDeflate: false,
      maxPayload: MAX_PAYLOAD,
      skipUTF8Validation: true,
      followRedirects: false,
      handshakeTimeout: this.options.handshakeTimeoutMs ?? 15_000,
      ...(upstreamTls.ca !== undefined ? { ca: upstreamTls.ca } : {}),
      ...(upstreamTls.cert !== undefined ? { cert: upstreamTls.cert } : {}),
      ...(upstreamTls.key !== undefined ? { key: upstreamTls.key } : {}),
      rejectUnauthorized: upstreamTls.insecure !== true,
    });
    this.pending.add(upstream);
    // ws's client aborts when a server completes the handshake with none of the offered
    // subprotocols, but a CSMS may do exactly that (ocpp-notes: "the server may complete the
    // handshake without one and then close"; ocpp-rpc's RPCServer does). The charger must meet
    // the same answer, not a 502: the header ws checks is filled in here (the 'upgrade' event
    // comes before the check) and the charger's handshake is then completed without one.
    let noneChosen = false;
    upstream.once('upgrade', (response: IncomingMessage) => {
      if (response.headers['sec-websocket-protocol'] === undefined && offered.length > 0) {
        noneChosen = true;
        response.headers['sec-websocket-protocol'] = offered[0];
      }
    });
    let settled = false;
    const settle = () => {
      settled = true;
      this.pending.delete(upstream);
      socket.off('close', stationLeft);
    };
    const stationLeft = () => {
      if (settled) return;
      settle();
      upstream.terminate();
      this.record({
        ...base,
        kind: 'connection',
        event: 'error',
        message: `the station closed its connection before the CSMS at ${target} accepted it`,
      });
    };
    socket.once('close', stationLeft);

    upstream.once('open', () => {
      settle();
      if (socket.destroyed || this.stopped) {
        upstream.close(1001, 'the station is gone');
        return;
      }
      const subprotocol = noneChosen ? '' : upstream.protocol;
      this.chosen.set(request, subprotocol);
      this.wss.handleUpgrade(request, socket, head, (station) => {
        this.record({
          ...base,
          kind: 'connection',
          event: 'opened',
          url: path,
          upstream: target,
          ...(subprotocol !== '' ? { subprotocol } : {}),
          offeredSubprotocols: offered,
          ...(request.socket.remoteAddress !== undefined
            ? { remoteAddress: `${request.socket.remoteAddress}:${request.socket.remotePort ?? ''}` }
            : {}),
          tls: this.options.tls !== undefined,
          headers: capturedHeaders(request.headers, stationId),
        });
        if (noneChosen) {
          this.record({
            ...base,
            kind: 'connection',
            event: 'error',
            message:
              `the CSMS at ${target} chose none of the offered subprotocols (${offered.join(', ')}): ` +
              'the connection was completed without one, as the CSMS did, and is not OCPP',
          });
        }
        const bridge = new Bridge(connectionId, stationId, station, upstream, {
          sink: this.options.sink,
          faults: this.faults,
          intercept: this.intercept,
          nextPauseId: () => `p${++this.nextPause}`,
          onPausedChange: () => this.options.onPausedChange?.(),
          onClosed: (b) => this.bridges.delete(b.connectionId),
        });
        this.bridges.set(connectionId, bridge);
      });
    });

    upstream.once('unexpected-response', (upstreamRequest, response) => {
      settle();
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < 64 * 1024) chunks.push(chunk);
        size += chunk.length;
      });
      response.once('end', () => {
        upstreamRequest.destroy();
        const status = response.statusCode ?? 502;
        const body = Buffer.concat(chunks);
        const headers: Record<string, string> = {};
        for (const name of ['www-authenticate', 'content-type', 'retry-after']) {
          const value = response.headers[name];
          if (typeof value === 'string') headers[name] = value;
        }
        // The charger sees the CSMS's own refusal: same status, same reason to re-authenticate.
        writeResponse(socket, status, response.statusMessage ?? '', headers, body);
        this.record({
          ...base,
          kind: 'connection',
          event: 'error',
          message:
            `the CSMS at ${target} refused the WebSocket upgrade with HTTP ${status} ${response.statusMessage ?? ''}`.trim(),
        });
      });
      response.once('error', () => upstreamRequest.destroy());
    });

    upstream.once('error', (error: Error) => {
      if (settled) return;
      settle();
      const why = describeUpstreamError(error, target.startsWith('wss:'), upstreamTls.cert !== undefined);
      refuse(socket, 502, 'Bad Gateway', `OCPP Scope could not reach the CSMS: ${why}`);
      this.record({
        ...base,
        kind: 'connection',
        event: 'error',
        message: `could not reach the CSMS at ${target}: ${why}`,
      });
    });
  }

  /** Stops accepting chargers and closes every connection (1001, both sides). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const upstream of this.pending) upstream.terminate();
    this.pending.clear();
    for (const bridge of [...this.bridges.values()]) bridge.shutdown('the OCPP Scope proxy stopped');
    this.wss.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

function writeResponse(
  socket: Duplex,
  status: number,
  message: string,
  headers: Record<string, string>,
  body: Buffer,
): void {
  if (socket.destroyed) return;
  const lines = [`HTTP/1.1 ${status} ${message}`, 'Connection: close', `Content-Length: ${body.length}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  socket.end(Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), body]));
}

function refuse(socket: Duplex, status: number, message: string, text: string): void {
  writeResponse(
    socket,
    status,
    message,
    { 'content-type': 'text/plain; charset=utf-8' },
    Buffer.from(text + '\n', 'utf8'),
  );
}
