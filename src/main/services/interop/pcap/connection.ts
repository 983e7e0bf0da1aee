/**
 * One TCP stream read as what it carries: a plain ws:// OCPP connection (the handshake, then the
 * frames as entries, shaped like the proxy's), a TLS stream (one error entry: it cannot be read
 * without its keys), a refused upgrade (one error entry with the status), or something else
 * (only counted). The charging station is the TCP client: its frames go `toCsms`.
 */
import { isUtf8 } from 'node:buffer';
import type { Direction } from '../../../../shared/capture/entry';
import type { ImportedEntry, ImportSink } from '../../../../shared/interop/importer';
import { capturedHeaders, decodeIdentity, identitySegment } from '../../proxy/upstream';
import {
  acceptedExtensions,
  headEnd,
  isRequestStart,
  isTlsClientHello,
  isWebSocketUpgrade,
  listHeader,
  MAX_HEAD,
  parseHead,
  type HttpHead,
} from './http';
import type { At, Side, StreamHandler, StreamInfo } from './tcp';
import { ByteQueue, WsDecoder } from './websocket';

export type StreamKind = 'websocket' | 'tls' | 'refused' | 'http' | 'other';

const SIDE_NAME: Record<Side, string> = { client: 'station', server: 'CSMS' };
const DIRECTION: Record<Side, Direction> = { client: 'toCsms', server: 'toStation' };

type Body<E> = E extends unknown ? Omit<E, 'connectionId' | 'stationId' | 'source'> : never;
type State = 'start' | 'request' | 'response' | 'ws' | 'done';

export class Connection implements StreamHandler {
  kind: StreamKind = 'other';
  subprotocol: string | undefined;
  deflate = false;
  private state: State = 'start';
  private readonly id: string;
  private stationId: string;
  private readonly queues: Record<Side, ByteQueue> = { client: new ByteQueue(), server: new ByteQueue() };
  private request: HttpHead | undefined;
  private decoder: WsDecoder | undefined;
  private pings = 0;
  private pongs = 0;
  private firstClose: { side: Side; code: number; reason: string } | undefined;
  private closedEntry = false;
  /** Why decoding stopped before the stream ended, for the closed entry. */
  private stopped: string | undefined;

  constructor(
    private readonly info: StreamInfo,
    private readonly sink: ImportSink,
  ) {
    this.id = `tcp-${info.index}`;
    this.stationId = hostOf(info.client);
  }

  data(side: Side, bytes: Uint8Array, at: At): void {
    if (this.state === 'done') return;
    if (this.state === 'ws') {
      const error = this.decoder!.data(side, bytes, at);
      if (error !== undefined) this.stop(at, `${error} from the ${SIDE_NAME[side]}`);
      return;
    }
    const queue = this.queues[side];
    queue.push(bytes);
    if (this.state === 'start') {
      if (side === 'server' || queue.length >= 6) this.classify(side, at);
      if (this.state === 'start') return;
    }
    this.handshake(at);
  }

  gap(side: Side, lost: number, offset: number, at: At): void {
    if (this.state === 'done') return;
    const gap = `a TCP gap: ${lost} bytes the ${SIDE_NAME[side]} sent (stream offset ${offset}) were never captured`;
    if (this.state !== 'ws' || !this.decoder!.gap(side)) return this.stop(at, gap);
    // The frames they carried are lost, and said so where they were: the timeline shows the hole.
    const read = `what they carried is lost; the ${SIDE_NAME[side]}'s frames are read again from its next one`;
    this.error(at, `${gap}: ${read}`);
    this.warn(at, `${gap}; ${read}`);
  }

  end(how: 'fin' | 'rst' | 'eof', first: Side | undefined, at: At): void {
    if (this.request !== undefined && this.kind === 'other' && this.stopped === undefined) {
      this.kind = 'refused';
      const ended = how === 'eof' ? 'the capture ends' : 'the TCP connection ended';
      this.error(at, `the WebSocket upgrade of ${this.request.start[1]} got no answer before ${ended}`);
    }
    if (this.kind !== 'websocket' || this.closedEntry) return;
    this.state = 'done';
    const close = this.firstClose;
    const by = first !== undefined ? `${how === 'rst' ? 'RST' : 'FIN'} from the ${SIDE_NAME[first]}` : '';
    if (this.stopped !== undefined) {
      const said = close !== undefined ? `; the ${SIDE_NAME[close.side]} had closed with ${close.code}` : '';
      const later = how === 'eof' ? 'the capture ends later' : `the TCP connection ended later (${by})`;
      return this.closed(at, close?.side, close?.code, `decoding stopped (${this.stopped})${said}; ${later}`);
    }
    if (close !== undefined) return this.closed(at, close.side, close.code, close.reason);
    const reason =
      how === 'eof'
        ? 'the capture ends while the connection is still open'
        : how === 'rst'
          ? `the TCP connection was reset (${by}) without a WebSocket close`
          : `the TCP connection ended (${by} first) without a WebSocket close`;
    this.closed(at, how === 'eof' ? undefined : first, how === 'eof' ? undefined : 1006, reason);
  }

  private classify(side: Side, at: At): void {
    const head = this.queues[side].peek(8);
    if (side === 'client' && isTlsClientHello(head)) {
      this.kind = 'tls';
      this.state = 'done';
      this.record({
        ts: at.ts,
        kind: 'connection',
        event: 'error',
        url: `wss://${this.info.server}`,
        remoteAddress: this.info.client,
        tls: true,
        message:
          `the connection from ${this.info.client} to ${this.info.server} is TLS-encrypted (security profile 2/3): ` +
          'it cannot be decoded without its keys; capture plain ws:// or put the OCPP Scope proxy in between',
      });
    } else if (side === 'client' && isRequestStart(head)) {
      this.state = 'request';
    } else {
      this.state = 'done';
    }
  }

  private handshake(at: At): void {
    if (this.state === 'request') {
      const head = this.head('client');
      if (head === null) return void (this.state = 'done');
      if (head === undefined) return;
      if (!isWebSocketUpgrade(head)) {
        this.kind = 'http';
        this.state = 'done';
        return;
      }
      this.request = head;
      this.stationId = decodeIdentity(identitySegment(head.start[1])) || this.stationId;
      this.state = 'response';
    }
    if (this.state !== 'response') return;
    const response = this.head('server');
    if (response === null) return void (this.state = 'done');
    if (response === undefined) return;
    const request = this.request!;
    const status = response.start[1];
    if (status !== '101') {
      this.kind = 'refused';
      this.state = 'done';
      const path = request.start[1];
      return this.error(
        at,
        `the CSMS refused the WebSocket upgrade of ${path} with HTTP ${status} ${response.start[2]}`.trim(),
      );
    }
    this.opened(request, response, at);
  }

  /** The next head from a side: undefined while it is incomplete, null when it is not HTTP. */
  private head(side: Side): HttpHead | undefined | null {
    const queue = this.queues[side];
    const bytes = queue.peek(MAX_HEAD);
    const end = headEnd(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1'));
    if (end < 0) return queue.length >= MAX_HEAD ? null : undefined;
    const head = parseHead(bytes, end);
    queue.take(end);
    return head ?? null;
  }

  private opened(request: HttpHead, response: HttpHead, at: At): void {
    this.kind = 'websocket';
    this.state = 'ws';
    const chosen = response.headers['sec-websocket-protocol'];
    const offered = listHeader(request.headers['sec-websocket-protocol']);
    if (chosen !== undefined && chosen !== '') this.subprotocol = chosen;
    const { deflate, others } = acceptedExtensions(response.headers['sec-websocket-extensions']);
    this.deflate = deflate !== undefined;
    const path = request.start[1];
    this.record({
      ts: at.ts,
      kind: 'connection',
      event: 'opened',
      url: `ws://${request.headers['host'] ?? this.info.server}${path}`,
      ...(this.subprotocol !== undefined ? { subprotocol: this.subprotocol } : {}),
      offeredSubprotocols: offered,
      remoteAddress: this.info.client,
      tls: false,
      headers: capturedHeaders(request.headers, this.stationId),
    });
    if (this.subprotocol === undefined && offered.length > 0) {
      this.error(
        at,
        `the CSMS chose none of the offered subprotocols (${offered.join(', ')}): the connection is not OCPP`,
      );
    }
    if (others.length > 0) {
      this.error(
        at,
        `the CSMS accepted WebSocket extensions OCPP Scope cannot decode (${others.join(', ')})`,
      );
    }
    this.decoder = new WsDecoder(
      {
        message: (side, payload, binary, when) => this.frame(side, payload, binary, when),
        control: (_side, kind) => (kind === 'ping' ? this.pings++ : this.pongs++),
        close: (side, code, reason, when) => this.close(side, code, reason, when),
        resumed: (side, skipped, when) => {
          if (skipped > 0) {
            this.warn(
              when,
              `after the gap, ${skipped} bytes of the ${SIDE_NAME[side]} were skipped (what was left of a cut frame)`,
            );
          }
        },
      },
      deflate,
    );
    // Frames already read behind the heads (the charger's first CALL may share the 101's segment).
    for (const side of ['server', 'client'] as const) {
      const queue = this.queues[side];
      if (queue.length > 0 && this.state === 'ws') this.data(side, queue.take(queue.length), at);
    }
  }

  private frame(side: Side, payload: Uint8Array, binary: boolean, at: At): void {
    const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.length);
    const base = { ts: at.ts, kind: 'frame' as const, direction: DIRECTION[side] };
    if (binary) return this.record({ ...base, raw: bytes.toString('base64'), binary: true });
    if (isUtf8(bytes)) return this.record({ ...base, raw: bytes.toString('utf8') });
    this.record({
      ...base,
      raw: bytes.toString('base64'),
      binary: true,
      faults: ['a text frame whose bytes are not valid UTF-8: captured as bytes (base64)'],
    });
  }

  private close(side: Side, code: number | undefined, reason: string, at: At): void {
    if (this.firstClose === undefined) {
      // No status code in the frame: what ws reports for it (RFC 6455 section 7.1.5).
      this.firstClose = { side, code: code ?? 1005, reason };
      return;
    }
    this.state = 'done';
    this.closed(at, this.firstClose.side, this.firstClose.code, this.firstClose.reason);
  }

  private closed(at: At, by: Side | undefined, code: number | undefined, reason: string): void {
    this.closedEntry = true;
    this.record({
      ts: at.ts,
      kind: 'connection',
      event: 'closed',
      ...(code !== undefined ? { code } : {}),
      ...(reason !== '' ? { reason } : {}),
      ...(by !== undefined ? { closedBy: by === 'client' ? ('station' as const) : ('csms' as const) } : {}),
      pings: this.pings,
      pongs: this.pongs,
    });
  }

  private stop(at: At, why: string): void {
    if (this.state === 'done') return;
    const decoding = this.state === 'ws';
    this.state = 'done';
    if (!decoding && this.request === undefined) return;
    this.stopped = `at packet ${at.packet}: ${why}`;
    this.warn(at, `${why}; the rest of this connection cannot be decoded (the other connections are)`);
  }

  private warn(at: At, message: string): void {
    this.sink.problem({
      kind: 'import-warning',
      unit: 'packet',
      line: at.packet,
      message: `${this.id} (${this.info.client} -> ${this.info.server}): ${message}`,
    });
  }

  private error(at: At, message: string): void {
    const request = this.request;
    this.record({
      ts: at.ts,
      kind: 'connection',
      event: 'error',
      remoteAddress: this.info.client,
      tls: false,
      ...(request !== undefined
        ? {
            url: `ws://${request.headers['host'] ?? this.info.server}${request.start[1]}`,
            offeredSubprotocols: listHeader(request.headers['sec-websocket-protocol']),
            headers: capturedHeaders(request.headers, this.stationId),
          }
        : {}),
      message,
    });
  }

  private record(entry: Body<ImportedEntry>): void {
    this.sink.entry({ ...entry, connectionId: this.id, stationId: this.stationId, source: 'import' });
  }
}

/** The address without its port (and IPv6 brackets): who the station is when no path names it. */
function hostOf(endpoint: string): string {
  const host = endpoint.slice(0, endpoint.lastIndexOf(':'));
  return host.startsWith('[') ? host.slice(1, -1) : host;
}
