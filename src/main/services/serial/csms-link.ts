/**
 * The network side of a charger on a serial line: the WebSocket connection to the CSMS that the
 * charger would have opened itself, with its identity, its subprotocol, Basic auth and TLS as in
 * the proxy. Each connection is recorded (opened, closed, why it failed); when it drops while the
 * port is up, it is opened again with backoff, as a charger does.
 */
import WebSocket from 'ws';
import type { ConnectionEntry } from '../../../shared/capture/entry';
import type { UpstreamTls } from '../endpoint';
import type { CaptureSink } from '../proxy/bridge';
import {
  capturedHeaders,
  describeUpstreamError,
  upstreamHeaders,
  upstreamUrl,
  type AuthMode,
} from '../proxy/upstream';
import { Backoff, type BackoffSettings } from './backoff';

export interface CsmsLinkOptions {
  /** The CSMS base URL or `{id}` template. */
  upstream: string;
  stationId: string;
  /** The subprotocol offered, e.g. `ocpp1.6`. */
  protocol: string;
  /** Basic-auth credentials, or none (`passthrough` has nothing to pass here). */
  auth: AuthMode;
  tls: UpstreamTls;
  retry: BackoffSettings;
  sink: CaptureSink;
  /** Told when the link opens, closes or waits, so the faces can show it. */
  onChange(): void;
  /** A frame from the CSMS, on the open connection `connectionId`. */
  onMessage(connectionId: string, data: Buffer, isBinary: boolean): void;
  /** The connection opened: frames may go now. */
  onOpen(connectionId: string): void;
}

const MAX_PAYLOAD = 16 * 1024 * 1024;

export class CsmsLink {
  private socket: WebSocket | undefined;
  private connectionId = '';
  private nextConnection = 0;
  private readonly backoff: Backoff;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set while the bridge wants a connection (the port is open and the bridge runs). */
  private wanted = false;
  private opens = 0;
  state: 'connecting' | 'open' | 'waiting' | 'closed' = 'closed';
  retryAt: number | undefined;
  subprotocol: string | undefined;
  lastError: string | undefined;
  /** Connections opened again after the first. */
  reconnects = 0;
  readonly target: string;

  constructor(private readonly options: CsmsLinkOptions) {
    this.backoff = new Backoff(options.retry);
    this.target = upstreamUrl(options.upstream, `/${encodeURIComponent(options.stationId)}`);
  }

  /** The open connection's id, for the frames that travel on it; undefined when none is open. */
  get openConnection(): string | undefined {
    return this.state === 'open' ? this.connectionId : undefined;
  }

  /** The last connection tried (open or not), for frames that waited for it in vain. */
  get lastConnection(): string | undefined {
    return this.connectionId === '' ? undefined : this.connectionId;
  }

  /** Opens the connection (now), and keeps it open until `down`. */
  up(): void {
    if (this.wanted) return;
    this.wanted = true;
    this.backoff.reset();
    this.connect();
  }

  /** Closes the connection and stops reopening it (the port was lost, or the bridge stops). */
  down(reason: string): void {
    this.wanted = false;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.retryAt = undefined;
    const socket = this.socket;
    this.socket = undefined;
    if (socket !== undefined) {
      const wasOpen = socket.readyState === WebSocket.OPEN;
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      if (wasOpen) {
        socket.close(1001, reason);
        this.record({ kind: 'connection', event: 'closed', code: 1001, reason, closedBy: 'scope' });
      } else {
        socket.terminate();
      }
    }
    this.subprotocol = undefined;
    this.state = 'closed';
    this.options.onChange();
  }

  send(text: string): boolean {
    if (this.state !== 'open' || this.socket === undefined) return false;
    this.socket.send(text);
    return true;
  }

  private record(entry: Omit<ConnectionEntry, 'seq' | 'ts' | 'connectionId' | 'stationId' | 'source'>): void {
    this.options.sink.append({
      ...entry,
      connectionId: this.connectionId,
      stationId: this.options.stationId,
      source: 'serial',
    });
  }

  private connect(): void {
    const { options } = this;
    this.connectionId = `c${++this.nextConnection}`;
    this.state = 'connecting';
    this.retryAt = undefined;
    this.options.onChange();
    const headers = upstreamHeaders({}, options.auth);
    const socket = new WebSocket(this.target, [options.protocol], {
      headers,
      perMessageDeflate: false,
      maxPayload: MAX_PAYLOAD,
      followRedirects: false,
      handshakeTimeout: 15_000,
      ...(options.tls.ca !== undefined ? { ca: options.tls.ca } : {}),
      ...(options.tls.cert !== undefined ? { cert: options.tls.cert } : {}),
      ...(options.tls.key !== undefined ? { key: options.tls.key } : {}),
      rejectUnauthorized: options.tls.insecure !== true,
    });
    this.socket = socket;
    socket.once('open', () => {
      this.state = 'open';
      this.subprotocol = socket.protocol;
      this.lastError = undefined;
      this.backoff.reset();
      if (this.opens++ > 0) this.reconnects++;
      this.record({
        kind: 'connection',
        event: 'opened',
        url: `/${encodeURIComponent(options.stationId)}`,
        upstream: this.target,
        subprotocol: socket.protocol,
        offeredSubprotocols: [options.protocol],
        tls: this.target.startsWith('wss:'),
        headers: capturedHeaders(headers, options.stationId),
      });
      this.options.onChange();
      this.options.onOpen(this.connectionId);
    });
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (this.socket === socket) options.onMessage(this.connectionId, data, isBinary);
    });
    socket.once('unexpected-response', (request, response) => {
      request.destroy();
      const status = `HTTP ${response.statusCode ?? '?'} ${response.statusMessage ?? ''}`.trim();
      const hint =
        response.statusCode === 401
          ? ' (check the Basic-auth password)'
          : response.statusCode === 404
            ? ' (check the URL and the station identity)'
            : '';
      this.failed(socket, `the CSMS at ${this.target} refused the connection with ${status}${hint}`);
    });
    socket.on('error', (error: Error) => {
      if (/no subprotocol/i.test(error.message)) {
        return this.failed(
          socket,
          `the CSMS at ${this.target} chose none of the offered subprotocols (${options.protocol})`,
        );
      }
      const why = describeUpstreamError(
        error,
        this.target.startsWith('wss:'),
        options.tls.cert !== undefined,
      );
      this.failed(
        socket,
        socket.readyState === WebSocket.OPEN
          ? `CSMS connection: ${why}`
          : `could not reach the CSMS at ${this.target}: ${why}`,
      );
    });
    socket.on('close', (code: number, reason: Buffer) => {
      if (this.socket !== socket) return;
      this.record({
        kind: 'connection',
        event: 'closed',
        code,
        ...(reason.length > 0 ? { reason: reason.toString('utf8') } : {}),
        closedBy: 'csms',
      });
      this.lastError = `the CSMS closed the connection (${code}${reason.length > 0 ? ` ${reason.toString('utf8')}` : ''})`;
      this.retry();
    });
  }

  /** The connection failed before or after it opened: say why once, and try again later. */
  private failed(socket: WebSocket, why: string): void {
    if (this.socket !== socket) return;
    const wasOpen = this.state === 'open';
    this.record({ kind: 'connection', event: 'error', message: why });
    this.lastError = why;
    if (wasOpen) {
      // The close event records how it ended and retries.
      socket.terminate();
      return;
    }
    socket.removeAllListeners();
    socket.on('error', () => undefined);
    socket.terminate();
    this.retry();
  }

  private retry(): void {
    this.socket = undefined;
    this.subprotocol = undefined;
    if (!this.wanted) return;
    const delay = this.backoff.next();
    this.state = 'waiting';
    this.retryAt = Date.now() + delay;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.wanted) this.connect();
    }, delay);
    this.options.onChange();
  }
}
