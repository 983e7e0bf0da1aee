/**
 * How a replay meets its peer. As the station it connects to the CSMS with the recorded identity
 * and subprotocol; as the CSMS it listens (like the mock CSMS) until one station connects with the
 * recorded subprotocol. Either way the socket is handed over paused, so that nothing the peer sends
 * at once is read before the conversation is there to capture it.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import type { NewEntry } from '../../../shared/capture/entry';
import { RpcError } from '../../../shared/rpc/errors';
import {
  capturedHeaders,
  decodeIdentity,
  describeUpstreamError,
  identitySegment,
  upstreamUrl,
} from '../proxy/upstream';

/** The peer's frames are OCPP messages; this only keeps a broken one from exhausting memory. */
const MAX_PAYLOAD = 16 * 1024 * 1024;

export interface Link {
  socket: WebSocket;
  stationId: string;
  /** The `opened` entry, less what the session stamps. */
  opened: Omit<Extract<NewEntry, { kind: 'connection' }>, 'connectionId' | 'stationId' | 'source'>;
}

export async function connectAsStation(
  target: string,
  segment: string,
  subprotocol: string,
  options: { auth?: { user: string; password: string }; insecure?: boolean; timeoutMs: number },
): Promise<Link & { url: string }> {
  const url = upstreamUrl(target, `/${segment}`);
  const headers: Record<string, string> = {};
  if (options.auth !== undefined) {
    headers['authorization'] =
      `Basic ${Buffer.from(`${options.auth.user}:${options.auth.password}`, 'utf8').toString('base64')}`;
  }
  const socket = new WebSocket(url, [subprotocol], {
    headers,
    perMessageDeflate: false,
    maxPayload: MAX_PAYLOAD,
    followRedirects: false,
    handshakeTimeout: options.timeoutMs,
    rejectUnauthorized: options.insecure !== true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => {
      // Read once the conversation listens (see the file comment).
      socket.pause();
      resolve();
    });
    socket.once('unexpected-response', (request, response) => {
      request.destroy();
      socket.terminate();
      reject(
        new RpcError(
          'invalid',
          `the CSMS at ${url} refused the WebSocket upgrade with HTTP ${response.statusCode ?? '?'} ${response.statusMessage ?? ''}`.trim(),
        ),
      );
    });
    socket.once('error', (error: Error) => {
      const why = /no subprotocol|Invalid Sec-WebSocket-Protocol/i.test(error.message)
        ? `it did not accept the recorded subprotocol ${subprotocol}`
        : describeUpstreamError(error, url.startsWith('wss:'), false);
      reject(new RpcError('invalid', `could not connect to the CSMS at ${url}: ${why}`));
    });
  });
  const path = new URL(url).pathname + new URL(url).search;
  return {
    socket,
    url,
    stationId: decodeIdentity(segment),
    opened: {
      kind: 'connection',
      event: 'opened',
      url: path,
      upstream: url,
      subprotocol: socket.protocol,
      offeredSubprotocols: [subprotocol],
      tls: url.startsWith('wss:'),
    },
  };
}

/** As the CSMS: one station at a time; others are refused while it is connected. */
export class ReplayListener {
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private waiting: ((link: Link) => void) | undefined;
  private busy = false;

  private constructor(
    private readonly host: string,
    private readonly subprotocol: string,
    private readonly refused: (stationId: string, message: string) => void,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: MAX_PAYLOAD,
      handleProtocols: (offered) => (offered.has(subprotocol) ? subprotocol : false),
    });
    this.server = createServer((_request, response) => {
      response.writeHead(426, { 'content-type': 'text/plain; charset=utf-8', upgrade: 'websocket' });
      response.end(
        'OCPP Scope replay: connect the station with an OCPP WebSocket client to <url>/<identity>.\n',
      );
    });
    this.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(request, socket, head),
    );
  }

  static async start(
    host: string,
    port: number,
    subprotocol: string,
    refused: (stationId: string, message: string) => void,
  ): Promise<ReplayListener> {
    const listener = new ReplayListener(host, subprotocol, refused);
    await new Promise<void>((resolve, reject) => {
      listener.server.once('error', reject);
      listener.server.listen(port, host, () => {
        listener.server.off('error', reject);
        resolve();
      });
    });
    return listener;
  }

  get url(): string {
    const address = this.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    return `ws://${this.host.includes(':') ? `[${this.host}]` : this.host}:${port}/`;
  }

  /** Resolves when a station has connected with the recorded subprotocol. */
  next(): Promise<Link> {
    return new Promise((resolve) => (this.waiting = resolve));
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const path = request.url ?? '/';
    const stationId = decodeIdentity(identitySegment(path));
    const offered = (request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    const refuse = (status: string, why: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      this.refused(stationId, why);
    };
    if (this.busy || this.waiting === undefined)
      return refuse('409 Conflict', `refused ${stationId || path}: the replay has its station already`);
    if (stationId === '') return refuse('404 Not Found', `refused ${path}: no station identity in the URL`);
    if (!offered.includes(this.subprotocol)) {
      return refuse(
        '400 Bad Request',
        `refused ${stationId}: it offered ${offered.join(', ') || 'no subprotocol'}, the recording spoke ${this.subprotocol}`,
      );
    }
    this.busy = true;
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      ws.pause();
      const resolve = this.waiting!;
      this.waiting = undefined;
      resolve({
        socket: ws,
        stationId,
        opened: {
          kind: 'connection',
          event: 'opened',
          url: path,
          subprotocol: ws.protocol,
          offeredSubprotocols: offered,
          ...(request.socket.remoteAddress !== undefined
            ? { remoteAddress: `${request.socket.remoteAddress}:${request.socket.remotePort ?? ''}` }
            : {}),
          tls: false,
          headers: capturedHeaders(request.headers, stationId),
        },
      });
    });
  }

  async close(): Promise<void> {
    this.wss.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
