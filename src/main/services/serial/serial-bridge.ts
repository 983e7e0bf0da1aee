/**
 * A charger on a serial line, joined to a CSMS: the lines it writes are cut at the delimiter; OCPP
 * frames go to the CSMS over WebSocket and everything else (firmware logs, noise) is kept as
 * console entries in order with them; the CSMS's frames are written back as lines. The port and
 * the CSMS connection each come back by themselves when they drop, and every such event, every
 * frame held or dropped on the way, is an entry in the capture. The engineer's frames go in either
 * way too (`inject`), as through a proxied connection.
 */
import { isUtf8 } from 'node:buffer';
import type { Direction, Entry, FrameEntry, FrameFlag, NewEntry } from '../../../shared/capture/entry';
import { RpcError } from '../../../shared/rpc/errors';
import {
  describeLine,
  type LineSettings,
  type SerialCounters,
  type SerialProtocol,
} from '../../../shared/serial/config';
import type { CaptureSink } from '../proxy/bridge';
import type { UpstreamTls } from '../endpoint';
import {
  injectedAnswerNote,
  injectedCall,
  InjectedCalls,
  type InjectOptions,
  type Injected,
} from '../injections';
import { readHead } from '../proxy/call-actions';
import type { AuthMode } from '../proxy/upstream';
import { LINK_RETRY, PORT_RETRY, type BackoffSettings } from './backoff';
import { CsmsLink } from './csms-link';
import { LineFramer, type FramedLine } from './line-framer';
import { PortLink, systemPort, type PortFactory } from './port-link';
import { refusal } from './send-path';

export interface SerialBridgeOptions {
  line: LineSettings;
  stationId: string;
  protocol: SerialProtocol;
  /** The CSMS base URL or `{id}` template. */
  upstream: string;
  auth: AuthMode;
  upstreamTls: UpstreamTls;
  sink: CaptureSink;
  /** The port's binding: the system's by default, serialport's mock in unit tests. */
  portFactory?: PortFactory;
  retry?: { port?: BackoffSettings; link?: BackoffSettings };
  /** The port or the CSMS connection changed state, or the counters moved. */
  onChange(): void;
}

/** Frames from the charger wait this many at most while the CSMS connection is not open. */
export const MAX_HELD_FRAMES = 100;

/** `[2,` `[3,` ... at the start of a line: an OCPP-J message, even a broken one (the analysis says how). */
const FRAME_START = /^\s*\[\s*[2-6]\s*,/;

interface Held {
  raw: string;
  at: number;
}

export class SerialBridge {
  private readonly port: PortLink;
  private readonly link: CsmsLink;
  private readonly framer: LineFramer;
  private readonly delimiter: Buffer;
  private portConnection = '';
  private portOpens = 0;
  private held: Held[] = [];
  private stopped = false;
  private readonly injected = new InjectedCalls();
  private injections = 0;
  readonly counters: SerialCounters = {
    frames: { toCsms: 0, toStation: 0 },
    consoleLines: 0,
    droppedLines: 0,
    bytesIn: 0,
    bytesOut: 0,
    portReopens: 0,
    reconnects: 0,
  };
  lastPortError: string | undefined;

  private constructor(private readonly options: SerialBridgeOptions) {
    this.delimiter = Buffer.from(options.line.delimiter);
    this.framer = new LineFramer(options.line.delimiter, options.line.maxLineBytes);
    this.port = new PortLink(
      options.line,
      options.portFactory ?? systemPort,
      options.retry?.port ?? PORT_RETRY,
      {
        opened: (reopened) => this.portOpened(reopened),
        data: (chunk) => this.portData(chunk),
        lost: (why, retryAt) => this.portLost(why, retryAt),
        retryFailed: (why) => {
          this.lastPortError = why;
          options.onChange();
        },
      },
    );
    this.link = new CsmsLink({
      upstream: options.upstream,
      stationId: options.stationId,
      protocol: options.protocol,
      auth: options.auth,
      tls: options.upstreamTls,
      retry: options.retry?.link ?? LINK_RETRY,
      sink: options.sink,
      onChange: () => {
        // The CSMS will not answer on a connection that is gone (a new one starts afresh).
        if (this.link.state !== 'open') this.injected.closed('toStation');
        options.onChange();
      },
      onOpen: (connectionId) => this.linkOpened(connectionId),
      onMessage: (connectionId, data, isBinary) => this.fromCsms(connectionId, data, isBinary),
    });
  }

  /** Opens the port (a port that cannot be opened is an error here) and then the CSMS connection. */
  static async start(options: SerialBridgeOptions): Promise<SerialBridge> {
    const bridge = new SerialBridge(options);
    await bridge.port.start();
    return bridge;
  }

  get portState(): PortLink['state'] {
    return this.port.state;
  }

  get csms(): Pick<CsmsLink, 'state' | 'retryAt' | 'subprotocol' | 'lastError' | 'target' | 'reconnects'> {
    return this.link;
  }

  private append(entry: NewEntry): Entry {
    return this.options.sink.append(entry);
  }

  private portEntry(
    entry: Omit<Extract<NewEntry, { kind: 'connection' }>, 'connectionId' | 'stationId' | 'source'>,
  ): void {
    this.append({
      ...entry,
      connectionId: this.portConnection,
      stationId: this.options.stationId,
      source: 'serial',
    });
  }

  private portOpened(reopened: boolean): void {
    this.portConnection = `port-${++this.portOpens}`;
    if (reopened) this.counters.portReopens++;
    this.lastPortError = undefined;
    this.portEntry({
      kind: 'connection',
      event: 'opened',
      url: `serial:${this.options.line.port} ${describeLine(this.options.line)}`,
    });
    this.link.up();
    this.options.onChange();
  }

  private portLost(why: string, retryAt: number): void {
    this.lastPortError = why;
    this.endLine();
    const seconds = Math.max(0, (retryAt - Date.now()) / 1000).toFixed(1);
    this.portEntry({
      kind: 'connection',
      event: 'closed',
      reason: `the serial port was lost (${why}); opening it again in ${seconds} s and then every few seconds`,
      closedBy: 'station',
    });
    // The charger is unreachable: the CSMS must see it go, as it would see a charger lose its network.
    this.link.down('the serial port of the station was lost');
    this.injected.closed('toCsms');
    this.discardHeld('the serial port was lost before the CSMS connection opened');
    this.options.onChange();
  }

  private portData(chunk: Buffer): void {
    this.counters.bytesIn += chunk.length;
    for (const line of this.framer.push(chunk)) this.line(line);
  }

  /** What was left of an unfinished line when the port went away: kept, never sent. */
  private endLine(): void {
    const rest = this.framer.flush();
    if (rest !== undefined) this.line(rest, true);
  }

  private line(line: FramedLine, unfinished = false): void {
    if (line.kind === 'overlong') {
      this.counters.droppedLines++;
      this.portEntry({
        kind: 'connection',
        event: 'error',
        message:
          `a line of ${line.bytes.toLocaleString('en')} bytes from the serial port was dropped: longer than the ` +
          `${this.options.line.maxLineBytes.toLocaleString('en')}-byte limit (a wrong baud rate, or a missing delimiter?); ` +
          `it began ${JSON.stringify(readableHead(line.head))}`,
      });
      this.options.onChange();
      return;
    }
    const bytes = line.bytes;
    if (bytes.length === 0) return;
    const text = isUtf8(bytes) ? bytes.toString('utf8') : undefined;
    // Padding, or the stray \r of lines ended \n\r: nothing to read.
    if (text !== undefined && text.trim() === '') return;
    if (text !== undefined && !unfinished && FRAME_START.test(text)) {
      if (!this.injectedAnswer('toCsms', text)) this.toCsms(text);
      return;
    }
    this.counters.consoleLines++;
    this.append({
      kind: 'console',
      connectionId: this.portConnection,
      stationId: this.options.stationId,
      source: 'serial',
      ...(text !== undefined ? { text } : { text: bytes.toString('base64'), binary: true as const }),
    });
    this.options.onChange();
  }

  private frame(
    connectionId: string,
    direction: FrameEntry['direction'],
    raw: string,
    extra: Pick<FrameEntry, 'flags' | 'faults' | 'original' | 'binary'> = {},
  ): Entry {
    this.counters.frames[direction]++;
    const entry = this.append({
      kind: 'frame',
      connectionId,
      stationId: this.options.stationId,
      source: 'serial',
      direction,
      raw,
      ...extra,
    });
    this.options.onChange();
    return entry;
  }

  private toCsms(raw: string): void {
    const connectionId = this.link.openConnection;
    if (connectionId !== undefined && this.held.length === 0) {
      // Sent first: the capture must not add its time to the conversation.
      this.link.send(raw);
      this.frame(connectionId, 'toCsms', raw);
      return;
    }
    this.held.push({ raw, at: Date.now() });
    if (this.held.length > MAX_HELD_FRAMES) {
      const oldest = this.held.shift()!;
      this.frame(this.link.lastConnection ?? this.portConnection, 'toCsms', oldest.raw, {
        flags: ['dropped'],
        faults: [
          `not sent: the CSMS connection was not open and ${MAX_HELD_FRAMES} newer frames were waiting`,
        ],
      });
    }
    if (connectionId !== undefined) this.sendHeld(connectionId);
  }

  private linkOpened(connectionId: string): void {
    this.counters.reconnects = this.link.reconnects;
    this.sendHeld(connectionId);
  }

  /** Frames that waited for the connection go now, in order, each saying how long it waited. */
  private sendHeld(connectionId: string): void {
    const held = this.held;
    this.held = [];
    for (const { raw, at } of held) {
      this.link.send(raw);
      this.frame(connectionId, 'toCsms', raw, {
        flags: ['delayed'],
        faults: [`held ${Date.now() - at} ms on the serial side until the CSMS connection opened`],
      });
    }
  }

  private discardHeld(why: string): void {
    const held = this.held;
    this.held = [];
    for (const { raw } of held)
      this.frame(this.link.lastConnection ?? this.portConnection, 'toCsms', raw, {
        flags: ['dropped'],
        faults: [`not sent: ${why}`],
      });
  }

  private fromCsms(connectionId: string, data: Buffer, isBinary: boolean): void {
    if (isBinary || !isUtf8(data)) {
      this.frame(connectionId, 'toStation', data.toString('base64'), {
        binary: true,
        flags: ['dropped'],
        faults: [
          `not written to the serial port: a ${isBinary ? 'binary' : 'non-UTF-8 text'} frame cannot be a line`,
        ],
      });
      return;
    }
    const raw = data.toString('utf8');
    if (!this.injectedAnswer('toStation', raw, connectionId)) this.writeLine(connectionId, raw, []);
  }

  /** Writes a frame to the charger as one line, and records it. */
  private writeLine(connectionId: string, raw: string, flags: FrameFlag[]): Entry {
    const line = this.oneLine(raw);
    const bytes = Buffer.concat([Buffer.from(line, 'utf8'), this.delimiter]);
    const written = this.port.write(bytes);
    if (written) this.counters.bytesOut += bytes.length;
    const faults: string[] = [];
    if (line !== raw) {
      flags.push('modified');
      faults.push(
        'the delimiter inside the frame was replaced by spaces, so that it stays one line on the serial port',
      );
    }
    if (!written) {
      flags.push('dropped');
      faults.push('not written: the serial port is not open');
    }
    return this.frame(connectionId, 'toStation', line, {
      ...(flags.length > 0 ? { flags } : {}),
      ...(faults.length > 0 ? { faults } : {}),
      ...(line !== raw ? { original: raw } : {}),
    });
  }

  /**
   * The answer to a CALL the engineer injected (from the charger's lines, or from the CSMS) is
   * recorded and handed back, never passed on: the side that did not send the CALL must not see it.
   */
  private injectedAnswer(direction: Direction, raw: string, connectionId?: string): boolean {
    if (!this.injected.awaiting(direction)) return false;
    const head = readHead(raw);
    if (head === undefined || !this.injected.answers(direction, head)) return false;
    const entry = this.frame(
      connectionId ?? this.link.lastConnection ?? this.portConnection,
      direction,
      raw,
      injectedAnswerNote(),
    );
    if (entry.kind === 'frame') this.injected.answered(direction, head.id, entry);
    return true;
  }

  /**
   * Sends a frame as if from the CSMS (`toStation`: written to the port as one line) or from the
   * charger (`toCsms`: on the CSMS connection), at once. A CALL gets a fresh message id unless one
   * is pinned, and its answer is recorded but not passed on. Refused, not held, when that side is
   * not open: the engineer sends it again when it is.
   */
  inject(direction: Direction, raw: string, options: InjectOptions = {}): Injected {
    const open = this.link.openConnection;
    const refused = refusal(this.options.line.port, direction, {
      stopped: this.stopped,
      port: this.port.state,
      link: open === undefined ? this.link.state : 'open',
    });
    if (refused !== undefined) throw new RpcError('invalid', refused);
    const { text, messageId } = injectedCall(raw, options.messageId, ++this.injections);
    if (direction === 'toCsms') this.link.send(text);
    const entry =
      direction === 'toCsms'
        ? this.frame(open!, 'toCsms', text, { flags: ['injected'] })
        : this.writeLine(this.link.lastConnection ?? this.portConnection, text, ['injected']);
    return this.injected.sent(direction, entry, messageId, options.timeoutMs);
  }

  /**
   * The frame as one line: a delimiter inside it (a pretty-printed frame's newlines) would cut it
   * in two for the charger. A control-character delimiter can only be whitespace in JSON, so spaces
   * keep the frame's meaning; a printable one (the engineer's choice) may sit in a value, which the
   * `modified` flag and the kept original show.
   */
  private oneLine(raw: string): string {
    const delimiter = this.delimiter.toString('latin1');
    let line = delimiter.length > 0 ? raw.split(delimiter).join(' '.repeat(delimiter.length)) : raw;
    if (this.delimiter.includes(0x0a)) line = line.replace(/[\r\n]/g, ' ');
    return line;
  }

  /** Closes the CSMS connection and the port, recording both. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.link.down('the OCPP Scope serial bridge stopped');
    this.injected.closed();
    this.discardHeld('the bridge stopped before the CSMS connection opened');
    const wasOpen = this.port.state === 'open';
    await this.port.stop();
    this.endLine();
    if (wasOpen)
      this.portEntry({
        kind: 'connection',
        event: 'closed',
        reason: 'the OCPP Scope serial bridge stopped',
        closedBy: 'scope',
      });
    this.options.onChange();
  }
}

/** The first bytes of a dropped line as text: UTF-8 when they are (but for a character cut at the end). */
function readableHead(head: Buffer): string {
  for (let cut = 0; cut < 4 && cut < head.length; cut++) {
    const part = head.subarray(0, head.length - cut);
    if (isUtf8(part)) return part.toString('utf8');
  }
  return head.toString('latin1');
}
