/**
 * The serial port under a bridge: opened with the engineer's line settings, its bytes handed on as
 * they come, and, when it vanishes (a USB adapter unplugged, a charger rebooting its UART, a pty
 * closed), opened again with backoff until it is back or the bridge stops.
 */
import { read } from 'node:fs';
import { promisify } from 'node:util';
import type * as SerialPortModule from 'serialport';
import type { SerialPort } from 'serialport';
import type { LineSettings, SerialPortInfo } from '../../../shared/serial/config';
import { Backoff, type BackoffSettings } from './backoff';

const readAsync = promisify(read);

/** What the bridge needs of a port: serialport's stream, with the system or the mock binding. */
export type PortHandle = Pick<
  SerialPort,
  'open' | 'write' | 'close' | 'on' | 'isOpen' | 'removeAllListeners'
>;
export type PortFactory = (line: LineSettings) => PortHandle | Promise<PortHandle>;

/**
 * serialport's native binding is loaded when a port is first used, not with the engine: a machine
 * where it cannot load still runs everything else, and says why serial does not work.
 */
async function serialport(): Promise<typeof SerialPortModule> {
  try {
    return await import('serialport');
  } catch (error) {
    throw new Error(
      `the serial port support could not be loaded on this system: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

export const systemPort: PortFactory = async (line) => {
  const port = new (await serialport()).SerialPort({
    path: line.port,
    baudRate: line.baudRate,
    dataBits: line.dataBits,
    parity: line.parity,
    stopBits: line.stopBits,
    rtscts: line.rtscts,
    autoOpen: false,
  });
  // 'open' is emitted once the binding's port is there, before anything is read from it.
  // (The binding's port types come from a package some resolvers find no types in: read structurally.)
  port.once('open', () => {
    const opened = (port as { port?: object }).port;
    if (opened !== undefined) endReadsAtHangup(opened);
  });
  return port;
};

/** What reading needs of the Linux and macOS ports of @serialport/bindings-cpp (Windows' has none of it). */
interface UnixPort {
  fd: number | null;
  readonly isOpen: boolean;
  readonly poller: { once(event: 'readable', callback: (error: Error | null) => void): unknown };
  read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }>;
}

function isUnixPort(port: object): port is UnixPort {
  return 'fd' in port && 'poller' in port && typeof port.poller === 'object' && port.poller !== null;
}

/**
 * bindings-cpp 13 reads a hung-up port forever. After a hangup (the other end of a pty closed;
 * Linux hangs up a USB adapter's tty the same way when it is pulled out) read() returns 0 bytes.
 * A read parked on the poller hears of it as a poll error, but one that reaches read() first gets
 * those 0 bytes and retries at once, at full CPU, never reporting the port gone, so the bridge
 * never opens it again. The port is non-blocking with VMIN 1, where "no data" is EAGAIN: 0 bytes
 * can only mean the end. Its read is replaced by the same loop, ended there with a disconnect,
 * which serialport turns into its close event.
 */
function endReadsAtHangup(port: object): void {
  if (!isUnixPort(port)) return;
  const canceled = () => Object.assign(new Error('Port is not open'), { canceled: true });
  port.read = async (buffer, offset, length) => {
    for (;;) {
      const fd = port.fd;
      if (!port.isOpen || fd === null) throw canceled();
      let bytesRead: number;
      try {
        ({ bytesRead } = await readAsync(fd, buffer, offset, length, null));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') throw error;
        if (!port.isOpen) throw canceled();
        await new Promise<void>((resolve, reject) =>
          port.poller.once('readable', (pollError) => (pollError ? reject(pollError) : resolve())),
        );
        continue;
      }
      if (bytesRead === 0)
        throw Object.assign(new Error(`hung up: ${HUNG_UP}`), {
          disconnect: true,
        });
      return { buffer, bytesRead };
    }
  };
}

interface ListedPort {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
}

/** The ports the system reports; USB adapters come with their vendor and serial number. */
export async function listSystemPorts(): Promise<SerialPortInfo[]> {
  // serialport's PortInfo comes from a package whose exports map has no types for every resolver.
  const ports = (await (await serialport()).SerialPort.list()) as ListedPort[];
  return ports.map((p) => ({
    path: p.path,
    ...(p.manufacturer !== undefined ? { manufacturer: p.manufacturer } : {}),
    ...(p.serialNumber !== undefined ? { serialNumber: p.serialNumber } : {}),
    ...(p.vendorId !== undefined ? { vendorId: p.vendorId } : {}),
    ...(p.productId !== undefined ? { productId: p.productId } : {}),
  }));
}

const HUNG_UP = 'the device or the other end of the line went away';

/**
 * Why an open port was lost. A hangup reaches a read parked on the binding's poller as the
 * poller's error, which says only "bad file descriptor" (or EIO, ENXIO from the driver).
 */
function describeLoss(message: string): string {
  const text = message.replace(/^(Error:\s*)+/, '');
  if (/bad file descriptor|EBADF|ENXIO|EIO\b|input\/output error/i.test(text))
    return `hung up (${text}): ${HUNG_UP}`;
  return text;
}

/** Why a port would not open, in words that say what to do. */
export function describePortError(path: string, error: Error): string {
  // The native binding's messages may carry their own "Error: " prefix.
  const text = error.message.replace(/^(Error:\s*)+/, '');
  if (/ENOENT|No such file|cannot find the file/i.test(text))
    return `there is no serial port ${path} (is the adapter plugged in? is the path right?)`;
  if (/EACCES|Permission denied|Access denied/i.test(text))
    return `no permission to open ${path} (on Linux, add your user to the dialout group and log in again)`;
  if (/EBUSY|Cannot lock port|Resource temporarily unavailable|in use/i.test(text))
    return `${path} is in use by another program (a terminal, a flasher, another bridge)`;
  // Before the baud-rate check: a file or a non-serial device fails at the first ioctl, which is
  // the custom baud rate on Linux, and the settings are not what is wrong.
  if (/ENOTTY|Inappropriate ioctl/i.test(text))
    return `${path} is not a serial port (a plain file or another kind of device): give the serial device, e.g. /dev/ttyUSB0`;
  if (/baud/i.test(text)) return `${path} does not accept these settings: ${text}`;
  return `${path}: ${text}`;
}

export interface PortLinkEvents {
  /** The port is open (the first time, or again after it was lost). */
  opened(reopened: boolean): void;
  data(chunk: Buffer): void;
  /** The port was lost (`why`); it is tried again at `retryAt`. */
  lost(why: string, retryAt: number): void;
  /** An attempt to open it again failed; the next one is at `retryAt`. */
  retryFailed(why: string, retryAt: number): void;
}

export class PortLink {
  private port: PortHandle | undefined;
  private readonly backoff: Backoff;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  state: 'open' | 'reopening' | 'closed' = 'closed';

  constructor(
    private readonly line: LineSettings,
    private readonly factory: PortFactory,
    retry: BackoffSettings,
    private readonly events: PortLinkEvents,
  ) {
    this.backoff = new Backoff(retry);
  }

  /** Opens the port the first time; rejects with a clear reason (nothing is retried then). */
  async start(): Promise<void> {
    await this.open(false);
  }

  private async open(reopened: boolean): Promise<void> {
    const port = await this.factory(this.line);
    await new Promise<void>((resolve, reject) =>
      port.open((error) => (error ? reject(new Error(describePortError(this.line.port, error))) : resolve())),
    );
    if (this.stopped) {
      port.close(() => undefined);
      return;
    }
    this.port = port;
    this.state = 'open';
    this.backoff.reset();
    port.on('data', (chunk: Buffer) => {
      if (this.port === port) this.events.data(chunk);
    });
    port.on('error', (error: Error) => this.gone(port, describeLoss(error.message)));
    port.on('close', (error: (Error & { disconnected?: boolean }) | null) =>
      this.gone(port, error === null ? 'closed by the system' : describeLoss(error.message)),
    );
    this.events.opened(reopened);
  }

  private gone(port: PortHandle, why: string): void {
    if (this.port !== port || this.stopped) return;
    this.port = undefined;
    quiet(port);
    // The system may still hold the descriptor (an error without a close): let it go.
    if (port.isOpen) port.close(() => undefined);
    this.state = 'reopening';
    this.events.lost(why, this.schedule());
  }

  private schedule(): number {
    const delay = this.backoff.next();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.open(true).catch((error: Error) => {
        if (!this.stopped) this.events.retryFailed(error.message, this.schedule());
      });
    }, delay);
    return Date.now() + delay;
  }

  /** Writes to the port; false when it is not open (the bytes are not sent). */
  write(bytes: Buffer): boolean {
    if (this.port === undefined) return false;
    this.port.write(bytes);
    return true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.state = 'closed';
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    const port = this.port;
    this.port = undefined;
    if (port === undefined) return;
    quiet(port);
    if (!port.isOpen) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}

/** No more events from a port left behind; a late error must not become an uncaught exception. */
function quiet(port: PortHandle): void {
  port.removeAllListeners();
  port.on('error', () => undefined);
}
