/**
 * The `serial` benchmark's side of the line: the socat pty pair that stands in for a UART, the
 * charger on its far end, the frames it sends, and the bare WebSocket CSMS a bridge can be pointed
 * at. Kept apart from bench/serial.ts, which runs the cases and reports them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SerialPort } from 'serialport';
import { WebSocketServer } from 'ws';
import { prng } from '../test/support/prng';
import { Ocpp16Station } from './lib/ocpp16-capture';

/** A frame that has not come back by then is lost: better a failure than a hang. */
const ANSWER_TIMEOUT_MS = 30_000;
const SOCAT_TIMEOUT_MS = 5_000;

/** `socat pty,raw,echo=0,link=DIR/bridge pty,raw,echo=0,link=DIR/charger`, ready when both links are. */
export class SocatPair {
  private constructor(
    private readonly child: ChildProcess,
    readonly bridge: string,
    readonly charger: string,
  ) {}

  static async start(dir: string): Promise<SocatPair> {
    const bridge = join(dir, 'bridge');
    const charger = join(dir, 'charger');
    // -d -d: socat says when it has both ptys (and their links) and starts moving bytes.
    const child = spawn(
      'socat',
      ['-d', '-d', `pty,raw,echo=0,link=${bridge}`, `pty,raw,echo=0,link=${charger}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const pair = new SocatPair(child, bridge, charger);
    try {
      await new Promise<void>((resolve, reject) => {
        let said = '';
        const timer = setTimeout(
          () => reject(new Error(`socat made no pty pair within ${SOCAT_TIMEOUT_MS} ms: ${said.trim()}`)),
          SOCAT_TIMEOUT_MS,
        );
        child.once('error', (error) => {
          clearTimeout(timer);
          reject(new Error(`socat could not start (is it installed?): ${error.message}`));
        });
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`socat exited (${code}): ${said.trim()}`));
        });
        child.stderr.on('data', (chunk: Buffer) => {
          said += chunk.toString();
          if (!said.includes('starting data transfer loop')) return;
          clearTimeout(timer);
          resolve();
        });
      });
    } catch (error) {
      await pair.stop();
      throw error;
    }
    // Read to the end: a full stderr pipe would stall socat.
    child.stderr.resume();
    return pair;
  }

  stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}

/** The charger's frames: its BootNotification, then `count` of its MeterValues, each a raw line. */
export function meterFrames(count: number, seed: number): { boot: string; meter: string[] } {
  let transactions = 0;
  const station = new Ocpp16Station(0, prng(seed), () => ++transactions);
  let boot: string | undefined;
  const meter: string[] = [];
  while (meter.length < count && station.queueNext()) {
    for (const { entry, action, meter: isMeter } of station.queue.splice(0)) {
      if (entry.kind !== 'frame' || entry.direction !== 'toCsms' || action === undefined) continue;
      if (action === 'BootNotification') boot ??= entry.raw;
      else if (isMeter === true && meter.length < count) meter.push(entry.raw);
    }
  }
  if (boot === undefined || meter.length < count) throw new Error('the station script ran out of frames');
  return { boot, meter };
}

/** The id of a CALL or of an answer: the second member. */
function messageId(raw: string): string | undefined {
  try {
    const message: unknown = JSON.parse(raw);
    return Array.isArray(message) && typeof message[1] === 'string' ? message[1] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A charger on the far end of the line: writes CALLs as lines and reads the answers back. Every
 * answer must be a CALLRESULT to the CALL it is waited for, in order; the CSMS's own CALLs (the
 * CSMSs here send none) would be left unanswered rather than taken for wrong answers.
 */
export class Charger {
  bytesWritten = 0;
  bytesRead = 0;
  private rest: Buffer = Buffer.alloc(0);
  private expected: string[] = [];
  private next = 0;
  private waiter: { resolve(): void; reject(error: Error): void; onAnswer(): void } | undefined;

  /** What went wrong with the port, told to the exchange waiting (if any). */
  private failure: Error | undefined;

  private constructor(private readonly port: SerialPort) {
    port.on('data', (chunk: Buffer) => this.data(chunk));
    // Unhandled, a port error would end the process and leave socat and the host behind.
    port.on('error', (error: Error) => {
      this.failure ??= error;
      this.waiter?.reject(new Error(`the charger's port failed: ${error.message}`));
    });
  }

  static async open(path: string, baudRate: number): Promise<Charger> {
    const { SerialPort: Port } = await import('serialport');
    const port: SerialPort = new Port({ path, baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    return new Charger(port);
  }

  resetBytes(): void {
    this.bytesWritten = 0;
    this.bytesRead = 0;
  }

  private data(chunk: Buffer): void {
    this.bytesRead += chunk.length;
    let data = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : chunk;
    for (let at = data.indexOf(0x0a); at >= 0; at = data.indexOf(0x0a)) {
      this.line(data.toString('utf8', 0, at));
      data = data.subarray(at + 1);
    }
    this.rest = Buffer.from(data);
  }

  private line(text: string): void {
    if (/^\s*\[\s*2\s*,/.test(text)) return;
    const waiter = this.waiter;
    const want = this.expected[this.next];
    if (waiter === undefined || want === undefined) return;
    if (!/^\s*\[\s*3\s*,/.test(text) || messageId(text) !== want) {
      waiter.reject(new Error(`the charger waited for the answer to ${want} and read ${text.slice(0, 120)}`));
      return;
    }
    this.next++;
    waiter.onAnswer();
    if (this.next === this.expected.length) waiter.resolve();
  }

  private write(frame: string): void {
    const bytes = Buffer.from(frame + '\n');
    this.bytesWritten += bytes.length;
    this.port.write(bytes);
  }

  /**
   * Runs `send` and waits until every frame of `frames` is answered, calling `onAnswer` at each;
   * rejects when the answers stop coming.
   */
  private exchange(frames: readonly string[], send: () => void, onAnswer: () => void): Promise<void> {
    this.expected = frames.map((raw) => messageId(raw) ?? '');
    this.next = 0;
    return new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout>;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `no answer in ${ANSWER_TIMEOUT_MS / 1000} s: ${this.next} of ${frames.length} answered`,
              ),
            ),
          ANSWER_TIMEOUT_MS,
        );
      };
      const done = (error?: Error) => {
        clearTimeout(timer);
        this.waiter = undefined;
        if (error) reject(error);
        else resolve();
      };
      this.waiter = {
        resolve: () => done(),
        reject: (error) => done(error),
        onAnswer: () => {
          arm();
          onAnswer();
        },
      };
      if (this.failure !== undefined) return done(this.failure);
      arm();
      send();
    });
  }

  /** Writes every frame at once, as fast as the port takes them; resolves when all are answered. */
  stream(frames: readonly string[]): Promise<void> {
    return this.exchange(
      frames,
      () => {
        for (const frame of frames) this.write(frame);
      },
      () => undefined,
    );
  }

  /** Writes each frame when the previous one's answer is in; each round trip's ms. */
  async oneByOne(frames: readonly string[]): Promise<number[]> {
    const latencies: number[] = [];
    let sentAt = 0;
    const send = () => {
      sentAt = performance.now();
      this.write(frames[latencies.length]!);
    };
    await this.exchange(frames, send, () => {
      latencies.push(performance.now() - sentAt);
      if (latencies.length < frames.length) send();
    });
    return latencies;
  }

  async close(): Promise<void> {
    this.port.removeAllListeners('data');
    // Closing with writes still queued (a run that failed) cancels them: an error of no interest.
    this.failure ??= new Error('the charger was closed');
    if (this.port.isOpen) await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }
}

export interface WsCsms {
  /** The base URL: the bridge appends the station identity. */
  url: string;
  close(): Promise<void>;
}

/** The least a CSMS can do: answer every CALL at once with a valid 1.6 CALLRESULT. */
export async function startWsCsms(): Promise<WsCsms> {
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    perMessageDeflate: false,
    handleProtocols: (offered) => (offered.has('ocpp1.6') ? 'ocpp1.6' : false),
  });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  wss.on('connection', (ws) => {
    ws.on('message', (data: Buffer) => {
      const [type, id, action] = JSON.parse(data.toString('utf8')) as [number, string, string];
      if (type !== 2) return;
      const result =
        action === 'BootNotification'
          ? { status: 'Accepted', currentTime: new Date().toISOString(), interval: 300 }
          : {};
      ws.send(JSON.stringify([3, id, result]));
    });
  });
  const address = wss.address();
  if (address === null || typeof address === 'string') throw new Error('the CSMS has no port');
  return {
    url: `ws://127.0.0.1:${address.port}/`,
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
