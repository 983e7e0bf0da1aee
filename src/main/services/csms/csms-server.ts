/**
 * The mock CSMS's listening side: chargers connect over ws or wss to `<url>/<identity>`; the
 * identity, Basic-auth credentials and offered subprotocols are checked before the upgrade (a
 * refusal is an HTTP status, as a real CSMS gives it), and each accepted charger becomes a
 * StationConnection recorded in the capture.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import { WebSocketServer } from 'ws';
import type { CsmsConfig } from '../../../shared/csms/config';
import type { CommandAnswer, CsmsConnection, StationState } from '../../../shared/csms/info';
import type { Payload } from '../../../shared/ocpp/frame';
import { versionFromSubprotocol } from '../../../shared/ocpp/versions';
import { RpcError } from '../../../shared/rpc/errors';
import type { SchemaRegistry } from '../../../shared/validation/registry';
import type { CaptureSink } from '../proxy/bridge';
import { capturedHeaders, decodeIdentity, identitySegment } from '../proxy/upstream';
import type { AnswerContext } from './answers';
import { TransactionLedger } from './ledger';
import { StationConnection } from './station-connection';

export interface CsmsServerOptions {
  host: string;
  /** 0: any free port. */
  port: number;
  config: CsmsConfig;
  sink: CaptureSink;
  registry: SchemaRegistry;
  defaultAnswer: AnswerContext['defaultAnswer'];
  /** wss: the certificate chargers see (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** A station connected or left. */
  onConnectionsChange?: () => void;
  /** A station's state changed. */
  onStateChange?: () => void;
}

/** A charger's frames are small; this only keeps a broken one from exhausting memory. */
const MAX_PAYLOAD = 16 * 1024 * 1024;
/** Stations that left are kept in the state view, newest first, up to this many. */
const MAX_GONE = 200;

export class CsmsServer {
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly connections = new Map<string, StationConnection>();
  private readonly gone: StationState[] = [];
  private readonly chosen = new WeakMap<IncomingMessage, string | false>();
  private readonly ledger: TransactionLedger;
  private readonly overrideCounts = new Map<string, number>();
  private configValue: CsmsConfig;
  private nextConnection = 0;
  private stopped = false;
  /** Counts up on every state change, so faces know when to fetch the state again. */
  stateVersion = 0;

  private constructor(private readonly options: CsmsServerOptions) {
    this.configValue = options.config;
    this.ledger = new TransactionLedger(options.config.idempotency, options.config.transactionIdStart);
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: MAX_PAYLOAD,
      handleProtocols: (_offered, request) => this.chosen.get(request) ?? false,
    });
    this.server = options.tls
      ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key })
      : createHttpServer();
    this.server.on('request', (_request, response) => {
      response.writeHead(426, { 'content-type': 'text/plain; charset=utf-8', upgrade: 'websocket' });
      response.end(
        'OCPP Scope mock CSMS: connect with an OCPP WebSocket client to <url>/<station identity>.\n',
      );
    });
    this.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(request, socket, head),
    );
  }

  static async start(options: CsmsServerOptions): Promise<CsmsServer> {
    const csms = new CsmsServer(options);
    await new Promise<void>((resolve, reject) => {
      csms.server.once('error', reject);
      csms.server.listen(options.port, options.host, () => {
        csms.server.off('error', reject);
        resolve();
      });
    });
    return csms;
  }

  get url(): string {
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return `${this.options.tls ? 'wss' : 'ws'}://${host}:${this.port}/`;
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address !== null ? address.port : this.options.port;
  }

  get config(): CsmsConfig {
    return this.configValue;
  }

  /** The new behaviour applies from the next frame; override `times` start counting again. */
  setConfig(config: CsmsConfig): void {
    this.configValue = config;
    this.ledger.mode = config.idempotency;
    this.ledger.setStart(config.transactionIdStart);
    this.overrideCounts.clear();
  }

  list(): CsmsConnection[] {
    return [...this.connections.values()].map((c) => ({
      connectionId: c.connectionId,
      stationId: c.stationId,
      subprotocol: c.model.state.subprotocol,
      openedAt: Date.parse(c.model.state.connectedAt),
      frames: { ...c.counters.frames },
      pings: c.counters.pings,
      pongs: c.counters.pongs,
    }));
  }

  stations(): StationState[] {
    return [...[...this.connections.values()].map((c) => c.model.state), ...this.gone];
  }

  /** The open connection of a station (the newest, if it connected twice). */
  station(stationId: string): StationConnection {
    let found: StationConnection | undefined;
    for (const connection of this.connections.values())
      if (connection.stationId === stationId) found = connection;
    if (found === undefined)
      throw new RpcError('not-found', `station ${stationId} is not connected to this CSMS`);
    return found;
  }

  send(
    stationId: string,
    action: string,
    payload: Payload,
    timeoutMs?: number,
    messageId?: string,
  ): Promise<CommandAnswer> {
    return this.station(stationId).command(
      action,
      payload,
      timeoutMs ?? this.configValue.commandTimeoutMs,
      messageId,
    );
  }

  private refuse(
    socket: Duplex,
    base: { connectionId: string; stationId: string },
    status: number,
    text: string,
    why: string,
    headers: Record<string, string> = {},
  ): void {
    writeResponse(socket, status, text, headers);
    this.options.sink.append({ ...base, source: 'csms', kind: 'connection', event: 'error', message: why });
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const path = request.url ?? '/';
    const stationId = decodeIdentity(identitySegment(path));
    const base = { connectionId: `c${++this.nextConnection}`, stationId };
    const config = this.configValue;
    if (this.stopped)
      return this.refuse(socket, base, 503, 'Service Unavailable', 'refused: the mock CSMS is stopping');
    if (stationId === '') {
      return this.refuse(
        socket,
        base,
        404,
        'Not Found',
        `refused ${path} with HTTP 404: no station identity in the URL (connect to <url>/<identity>)`,
      );
    }
    const settings = config.stations[stationId];
    if (settings === undefined && config.unknownStations === 'reject') {
      // ocpp-notes, "Versions and transport": an unknown identity gets HTTP 404.
      return this.refuse(
        socket,
        base,
        404,
        'Not Found',
        `refused ${stationId} with HTTP 404: not a configured station (unknownStations is "reject")`,
      );
    }
    if (settings?.password !== undefined) {
      const problem = basicAuthProblem(request.headers.authorization, stationId, settings.password);
      if (problem !== undefined) {
        // Security profiles 1 and 2 (1.6 security whitepaper section 2; 2.0.1 Part 2 A00.FR.2xx):
        // wrong or missing credentials are refused before the upgrade, with 401.
        return this.refuse(
          socket,
          base,
          401,
          'Unauthorized',
          `refused ${stationId} with HTTP 401: ${problem}`,
          {
            'www-authenticate': 'Basic realm="OCPP Scope mock CSMS", charset="UTF-8"',
          },
        );
      }
    }
    const offered = (request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    // The server picks (RFC 6455 section 4.2.2): its own preference order, as ocpp-rpc does.
    const subprotocol = config.subprotocols.find((p) => offered.includes(p));
    this.chosen.set(request, subprotocol ?? false);
    this.wss.handleUpgrade(request, socket, head, (ws) =>
      this.accepted(ws, request, base, path, offered, subprotocol),
    );
  }

  private accepted(
    ws: WebSocket,
    request: IncomingMessage,
    base: { connectionId: string; stationId: string },
    path: string,
    offered: string[],
    subprotocol: string | undefined,
  ): void {
    const sink = this.options.sink;
    sink.append({
      ...base,
      source: 'csms',
      kind: 'connection',
      event: 'opened',
      url: path,
      ...(subprotocol !== undefined ? { subprotocol } : {}),
      offeredSubprotocols: offered,
      ...(request.socket.remoteAddress !== undefined
        ? { remoteAddress: `${request.socket.remoteAddress}:${request.socket.remotePort ?? ''}` }
        : {}),
      tls: this.options.tls !== undefined,
      headers: capturedHeaders(request.headers, base.stationId),
    });
    const version = versionFromSubprotocol(subprotocol);
    if (subprotocol === undefined || version === undefined || this.stopped) {
      // A CSMS completes the handshake without a subprotocol and then closes (ocpp-notes,
      // "Versions and transport"; ocpp-rpc's server does the same): 1002, protocol error.
      const reason = this.stopped
        ? 'the mock CSMS is stopping'
        : `no common OCPP subprotocol: offered ${offered.join(', ') || 'none'}, this CSMS speaks ${this.configValue.subprotocols.join(', ')}`;
      sink.append({ ...base, source: 'csms', kind: 'connection', event: 'error', message: reason });
      const code = this.stopped ? 1001 : 1002;
      ws.close(code, reason.slice(0, 123));
      sink.append({
        ...base,
        source: 'csms',
        kind: 'connection',
        event: 'closed',
        code,
        reason: reason.slice(0, 123),
        closedBy: 'csms',
      });
      return;
    }
    const connection = new StationConnection(base.connectionId, base.stationId, version, ws, {
      sink,
      registry: this.options.registry,
      ledger: this.ledger,
      config: () => this.configValue,
      overrideCounts: this.overrideCounts,
      defaultAnswer: this.options.defaultAnswer,
      onStateChange: () => this.stateChanged(),
      onClosed: (c) => {
        this.connections.delete(c.connectionId);
        this.gone.unshift(c.model.state);
        if (this.gone.length > MAX_GONE) this.gone.pop();
        this.options.onConnectionsChange?.();
        this.stateChanged();
      },
    });
    this.connections.set(base.connectionId, connection);
    this.options.onConnectionsChange?.();
    this.stateChanged();
  }

  private stateChanged(): void {
    this.stateVersion++;
    this.options.onStateChange?.();
  }

  /** Stops accepting chargers and closes every connection (1001). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const connection of [...this.connections.values()])
      connection.shutdown('the OCPP Scope mock CSMS stopped');
    this.wss.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/** Why the Authorization header does not carry `<identity>:<password>` (undefined: it does). */
export function basicAuthProblem(
  header: string | undefined,
  identity: string,
  password: string,
): string | undefined {
  if (header === undefined) return 'no Basic-auth credentials (the station has a password configured)';
  const match = /^\s*Basic\s+(\S+)\s*$/i.exec(header);
  if (match === null) return 'the Authorization header is not Basic auth';
  const expected = Buffer.from(`${identity}:${password}`, 'utf8');
  const given = Buffer.from(Buffer.from(match[1]!, 'base64').toString('utf8'), 'utf8');
  // Constant time: a bench CSMS is still reachable on a network.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return 'wrong Basic-auth user or password (the user must be the station identity)';
  }
  return undefined;
}

function writeResponse(
  socket: Duplex,
  status: number,
  message: string,
  headers: Record<string, string>,
): void {
  if (socket.destroyed) return;
  const body = Buffer.from(`OCPP Scope mock CSMS: ${status} ${message}\n`, 'utf8');
  const lines = [
    `HTTP/1.1 ${status} ${message}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${body.length}`,
  ];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  socket.end(Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), body]));
}
