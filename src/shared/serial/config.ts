/**
 * How a serial bridge is started (from the UI over RPC, or from `ocpp-scope serial`), and what the
 * faces see of a running one. The line settings are read here, once, for both faces.
 */
import { parseOcppVersion } from '../ocpp/versions';

export type Parity = 'none' | 'even' | 'odd' | 'mark' | 'space';
export const PARITIES: readonly Parity[] = ['none', 'even', 'odd', 'mark', 'space'];
export type DataBits = 5 | 6 | 7 | 8;
export const DATA_BITS: readonly DataBits[] = [5, 6, 7, 8];
export type StopBits = 1 | 1.5 | 2;
export const STOP_BITS: readonly StopBits[] = [1, 1.5, 2];
export const SERIAL_PROTOCOLS = ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] as const;
export type SerialProtocol = (typeof SERIAL_PROTOCOLS)[number];

export const DEFAULT_BAUD_RATE = 115_200;
/** A line longer than this is dropped (with an entry saying so) rather than held in memory. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
export const MAX_LINE_BYTES_LIMIT = 100 * 1024 * 1024;
/** `\n`, written as the escape the engineer types. */
export const DEFAULT_DELIMITER = '\\n';

export interface SerialConfig {
  /** The device: /dev/ttyUSB0, COM3, a pty path. */
  port: string;
  baudRate?: number;
  dataBits?: DataBits;
  parity?: Parity;
  stopBits?: StopBits;
  /** Hardware flow control. */
  rtscts?: boolean;
  /** What ends a frame or a log line on the wire, with escapes: `\n` (default), `\r\n`, `\x1e`, `\0`. */
  delimiter?: string;
  /** Longer lines are dropped (default 1 MiB). */
  maxLineBytes?: number;
  /**
   * The CSMS the charger's frames go to: a `ws://` or `wss://` base URL (the station identity is
   * appended) or a template with `{id}`. Exactly one of `upstream` and `mockCsms`.
   */
  upstream?: string;
  /** Bridge to a mock CSMS started for the bridge in this process (stopped with it). */
  mockCsms?: boolean;
  /** The station identity the bridge connects as (default: the port's name, e.g. ttyUSB0). */
  stationId?: string;
  /** The subprotocol offered to the CSMS (default ocpp1.6). */
  protocol?: SerialProtocol;
  /** `USER:PASS`: Basic auth toward the CSMS (security profiles 1 and 2; the user is normally the identity). */
  auth?: string;
  upstreamCaFile?: string;
  insecure?: boolean;
  clientCertFile?: string;
  clientKeyFile?: string;
  /** The session's name; by default "Serial <port>". */
  name?: string;
  /** Record into this file (never overwritten) instead of the data dir. */
  captureFile?: string;
}

/** The serial settings with the defaults filled in. */
export interface LineSettings {
  port: string;
  baudRate: number;
  dataBits: DataBits;
  parity: Parity;
  stopBits: StopBits;
  rtscts: boolean;
  /** The delimiter's bytes. */
  delimiter: Uint8Array;
  maxLineBytes: number;
}

/** A serial port the system reports (USB adapters carry their vendor and serial number). */
export interface SerialPortInfo {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
}

export interface SerialCounters {
  /** OCPP frames read from the port (`toCsms`) and written to it (`toStation`). */
  frames: { toCsms: number; toStation: number };
  /** Lines from the port that are not frames (firmware logs). */
  consoleLines: number;
  /** Over-long lines dropped. */
  droppedLines: number;
  bytesIn: number;
  bytesOut: number;
  /** Times the port was lost and opened again. */
  portReopens: number;
  /** Times the CSMS connection was opened again after it dropped. */
  reconnects: number;
}

export type PortState = 'open' | 'reopening' | 'closed';
export type LinkState = 'connecting' | 'open' | 'waiting' | 'closed';

export interface SerialInfo {
  id: string;
  port: string;
  /** e.g. `115200 8N1`, with `RTS/CTS` when flow control is on. */
  settings: string;
  stationId: string;
  protocol: SerialProtocol;
  /** The URL the bridge connects to (the mock CSMS's when `mockCsmsId` is set). */
  upstream: string;
  /** The mock CSMS started for this bridge (in `csms.list`; it stops with the bridge). */
  mockCsmsId?: string;
  /** The live session the bridge records into. */
  sessionId: string;
  startedAt: string;
  portState: PortState;
  /** The CSMS connection: being opened, open, waiting to retry (`retryAt`), or ended. */
  linkState: LinkState;
  /** When the next attempt is due (ms since the epoch) while waiting. */
  retryAt?: number;
  /** The subprotocol the CSMS chose, while the link is open. */
  subprotocol?: string;
  /** The last thing that went wrong with the port or the link, in words. */
  lastError?: string;
  counters: SerialCounters;
  /** Said once at start, e.g. that the CSMS's certificate is not verified. */
  warnings: string[];
}

/**
 * The delimiter's bytes from how the engineer writes it: `\n`, `\r\n`, `\t`, `\0`, `\xHH`, `\\`
 * escapes, other ASCII characters as themselves.
 */
export function parseDelimiter(text: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '\\') {
      const code = c.charCodeAt(0);
      if (code > 127)
        throw new Error(
          `the delimiter ${JSON.stringify(text)} has a non-ASCII character: write its bytes as \\xHH`,
        );
      bytes.push(code);
      continue;
    }
    const next = text[++i];
    if (next === 'n') bytes.push(10);
    else if (next === 'r') bytes.push(13);
    else if (next === 't') bytes.push(9);
    else if (next === '0') bytes.push(0);
    else if (next === '\\') bytes.push(92);
    else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (next === 'x') {
      throw new Error(
        `the delimiter ${JSON.stringify(text)} has \\x without two hex digits after it (e.g. \\x1e)`,
      );
    } else {
      throw new Error(
        `the delimiter ${JSON.stringify(text)} has an unknown escape \\${next ?? ''}: use \\n, \\r, \\t, \\0, \\xHH or \\\\`,
      );
    }
  }
  if (bytes.length === 0) throw new Error('the delimiter must not be empty (the default is \\n)');
  if (bytes.length > 16) throw new Error('the delimiter must be at most 16 bytes');
  return Uint8Array.from(bytes);
}

/** The line settings with defaults, or an error that names the bad setting. */
export function lineSettings(config: SerialConfig): LineSettings {
  const port = config.port.trim();
  if (port === '') throw new Error('give the serial port, e.g. /dev/ttyUSB0 or COM3');
  const baudRate = config.baudRate ?? DEFAULT_BAUD_RATE;
  if (!Number.isSafeInteger(baudRate) || baudRate < 50 || baudRate > 20_000_000)
    throw new Error(
      `the baud rate must be a whole number from 50 to 20000000, not ${String(config.baudRate)}`,
    );
  const dataBits = config.dataBits ?? 8;
  if (!DATA_BITS.includes(dataBits))
    throw new Error(`data bits must be 5, 6, 7 or 8, not ${String(dataBits)}`);
  const parity = config.parity ?? 'none';
  if (!PARITIES.includes(parity))
    throw new Error(`parity must be one of ${PARITIES.join(', ')}, not ${String(parity)}`);
  const stopBits = config.stopBits ?? 1;
  if (!STOP_BITS.includes(stopBits))
    throw new Error(`stop bits must be 1, 1.5 or 2, not ${String(stopBits)}`);
  const maxLineBytes = config.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 64 || maxLineBytes > MAX_LINE_BYTES_LIMIT)
    throw new Error(`the line limit must be from 64 bytes to 100 MiB, not ${String(config.maxLineBytes)}`);
  return {
    port,
    baudRate,
    dataBits,
    parity,
    stopBits,
    rtscts: config.rtscts === true,
    delimiter: parseDelimiter(config.delimiter ?? DEFAULT_DELIMITER),
    maxLineBytes,
  };
}

/** `115200 8N1`, `9600 7E2 RTS/CTS`. */
export function describeLine(
  line: Pick<LineSettings, 'baudRate' | 'dataBits' | 'parity' | 'stopBits' | 'rtscts'>,
): string {
  return `${line.baudRate} ${line.dataBits}${line.parity[0]!.toUpperCase()}${line.stopBits}${line.rtscts ? ' RTS/CTS' : ''}`;
}

/** `ocpp1.6`, `1.6`, `2.0.1J` ... as the subprotocol to offer. */
export function parseSerialProtocol(text: string): SerialProtocol {
  const version = parseOcppVersion(text);
  if (version === undefined)
    throw new Error(
      `the protocol must be one of ${SERIAL_PROTOCOLS.join(', ')}, not ${JSON.stringify(text)}`,
    );
  return `ocpp${version}`;
}

/** The identity a port gives when none is chosen: its last path segment (ttyUSB0, COM3). */
export function defaultStationId(port: string): string {
  const parts = port.split(/[\\/]/).filter((p) => p !== '');
  return parts[parts.length - 1] ?? port;
}
