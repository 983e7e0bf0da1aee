/**
 * The serial tests' wire: a pseudo-terminal pair made by socat (the bridge opens one end, a
 * scripted charger the other), which can be killed under the bridge and brought back on the same
 * links, and the charger itself: serialport on its end, writing frames and log lines (whole, in
 * chunks with pauses, or as raw bytes) and reading the lines the bridge writes back.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { makeTempDir, removeDir } from '../unit/support';
import { scoped, type Scope } from './proxy-support';

/** How long any one wait may take before the test fails saying what it waited for. */
export const WAIT_MS = 5000;
/** A suite that hangs anyway (a cleanup that never ends) fails instead of holding up the run. */
export const SUITE_TIMEOUT_MS = 60_000;

/**
 * `promise`, or a failure naming `what` after `ms`: a hung bridge fails the test, it does not stall
 * it. `what` may be a function, to describe the state at the moment of failing.
 */
export async function within<T>(
  promise: Promise<T>,
  what: string | (() => string),
  ms = WAIT_MS,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`waited ${ms} ms for ${typeof what === 'string' ? what : what()}`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `probe` until it returns something other than undefined (for state no event announces). */
export async function poll<T>(probe: () => T | undefined, what: string, ms = WAIT_MS): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`waited ${ms} ms for ${what}`);
    await pause(10);
  }
}

/** The charger's own pacing (a UART trickling bytes), never a wait for a result. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * `scoped` from the proxy tests, which also fails when a test leaves a child process (socat, the
 * CLI) running.
 */
export async function serialScoped(body: (scope: Scope) => Promise<void>): Promise<void> {
  const count = () => process.getActiveResourcesInfo().filter((r) => r === 'ProcessWrap').length;
  const before = count();
  await scoped(body);
  // A child's handle is let go on a later turn of the loop than its exit: give it those turns.
  for (let turn = 0; turn < 1000 && count() > before; turn++)
    await new Promise((resolve) => setImmediate(resolve));
  assert.equal(count(), before, 'the test left a child process running');
}

/** A socat pty pair: `bridgePath` and `chargerPath` are links that stay put across restarts. */
export class PtyPair {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  /** The /dev/pts devices of every run so far (none may stay open after the test). */
  readonly devices: string[] = [];

  private constructor(
    readonly bridgePath: string,
    readonly chargerPath: string,
  ) {}

  /** A pair in a temp dir, started; killed (and the dir removed) with the scope. */
  static async create(scope: Scope): Promise<PtyPair> {
    const dir = await makeTempDir('serial');
    scope.defer(() => removeDir(dir));
    const pair = new PtyPair(join(dir, 'bridge'), join(dir, 'charger'));
    scope.defer(async () => {
      await pair.kill();
      await assertNoFdOn(pair.devices);
    });
    await pair.start();
    return pair;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** Starts socat and resolves once both links exist and it is moving bytes. */
  async start(): Promise<void> {
    assert.equal(this.child, undefined, 'socat is already running');
    const child = spawn(
      'socat',
      ['-d', '-d', `pty,raw,echo=0,link=${this.bridgePath}`, `pty,raw,echo=0,link=${this.chargerPath}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    this.child = child;
    this.exited = new Promise((resolve) => child.once('close', () => resolve()));
    let log = '';
    const ready = new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        log += chunk.toString('utf8');
        if (/starting data transfer loop/.test(log)) resolve();
      });
      child.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'ENOENT'
            ? new Error(
                'socat is not installed: the serial tests need it for their pty pairs (apt-get install socat)',
              )
            : error,
        ),
      );
      child.once('exit', (code) => reject(new Error(`socat exited with ${String(code)}: ${log}`)));
    });
    try {
      await within(ready, 'socat to open its pty pair');
    } catch (error) {
      await this.kill();
      throw error;
    }
    this.devices.push(...[...log.matchAll(/PTY is (\/dev\/\S+)/g)].map((m) => m[1]!));
    assert.ok(existsSync(this.bridgePath) && existsSync(this.chargerPath), `socat made no links: ${log}`);
  }

  /** Ends socat: both ptys go away (the bridge sees its port vanish) and the links are removed. */
  async kill(): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    this.child = undefined;
    child.kill('SIGTERM');
    await this.exited;
  }
}

/** Fails when this process still holds a descriptor on one of `devices` (a port never closed). */
async function assertNoFdOn(devices: readonly string[]): Promise<void> {
  if (devices.length === 0) return;
  const held: string[] = [];
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    if (devices.includes(target)) held.push(`fd ${fd} -> ${target}`);
  }
  assert.deepEqual(held, [], 'a serial port was left open');
}

/** A CALL the charger made and what came back, as written and as read. */
export interface Called {
  id: string;
  action: string;
  /** The frame exactly as written (without the delimiter). */
  sent: string;
  /** The answer line exactly as read. */
  line: string;
  answer: unknown[];
}

/**
 * The charger: serialport on its end of the pair. It keeps every line it reads (cut at its
 * delimiter), answers the CSMS's CALLs it has a handler for, and matches answers to its CALLs by id.
 */
export class SerialCharger {
  readonly lines: string[] = [];
  /** Every frame written, in order (without the delimiter). */
  readonly sent: string[] = [];
  private pending = Buffer.alloc(0);
  private waiters: { match: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  private readonly handlers = new Map<string, (payload: unknown) => Record<string, unknown>>();
  private nextId = 0;

  private constructor(
    private readonly port: SerialPort,
    readonly delimiter: Buffer,
    private readonly idPrefix: string,
  ) {
    // The pty vanishing under it (socat killed) is expected.
    port.on('error', () => undefined);
    port.on('data', (chunk: Buffer) => this.data(chunk));
  }

  /** Opens the charger's end; closed with the scope. */
  static async open(
    scope: Scope,
    path: string,
    options: { delimiter?: string | Buffer; baudRate?: number; idPrefix?: string } = {},
  ): Promise<SerialCharger> {
    const port = new SerialPort({ path, baudRate: options.baudRate ?? 115_200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    const charger = new SerialCharger(
      port,
      typeof options.delimiter === 'string' || options.delimiter === undefined
        ? Buffer.from(options.delimiter ?? '\n', 'latin1')
        : options.delimiter,
      options.idPrefix ?? 'cp',
    );
    scope.defer(() => charger.close());
    return charger;
  }

  private data(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    for (let at = this.pending.indexOf(this.delimiter); at >= 0; at = this.pending.indexOf(this.delimiter)) {
      const line = this.pending.subarray(0, at).toString('utf8');
      this.pending = this.pending.subarray(at + this.delimiter.length);
      this.lines.push(line);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(line)) return true;
        w.resolve(line);
        return false;
      });
      this.answerCall(line);
    }
  }

  private answerCall(line: string): void {
    const message = parseLine(line);
    if (message?.[0] !== 2 || typeof message[1] !== 'string' || typeof message[2] !== 'string') return;
    const handler = this.handlers.get(message[2]);
    if (handler === undefined) return;
    void this.writeFrame(JSON.stringify([3, message[1], handler(message[3])]));
  }

  /** Answers the CSMS's CALLs of `action` with `answer(payload)`. */
  handle(action: string, answer: (payload: unknown) => Record<string, unknown>): void {
    this.handlers.set(action, answer);
  }

  /** The first line read (already or still to come) that matches. */
  waitLine(match: (line: string) => boolean, what: string): Promise<string> {
    const found = this.lines.find(match);
    if (found !== undefined) return Promise.resolve(found);
    return within(new Promise((resolve) => this.waiters.push({ match, resolve })), what);
  }

  /** Writes bytes and waits until the system has taken them. */
  async write(data: string | Buffer): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.port.write(data, (error) => (error ? reject(error) : resolve())),
    );
    await new Promise<void>((resolve, reject) =>
      this.port.drain((error) => (error ? reject(error) : resolve())),
    );
  }

  /** Writes `data` in pieces cut at `cuts` (byte offsets), pausing between them as a slow UART does. */
  async writeChunks(data: Buffer, cuts: readonly number[], pauseMs: number): Promise<void> {
    const bounds = [0, ...cuts, data.length];
    for (let i = 0; i + 1 < bounds.length; i++) {
      await this.write(data.subarray(bounds[i], bounds[i + 1]));
      if (i + 2 < bounds.length) await pause(pauseMs);
    }
  }

  /** A frame and its delimiter, written whole; remembered in `sent`. */
  async writeFrame(text: string): Promise<void> {
    this.sent.push(text);
    await this.write(Buffer.concat([Buffer.from(text, 'utf8'), this.delimiter]));
  }

  /** A fresh message id. */
  id(): string {
    return `${this.idPrefix}-${++this.nextId}`;
  }

  /**
   * Sends a CALL and waits for its answer. `text` writes the frame exactly so (spacing, escapes)
   * instead of JSON.stringify's; its id must be `id`.
   */
  async call(action: string, payload: unknown, text?: (id: string) => string): Promise<Called> {
    const id = this.id();
    const sent = text?.(id) ?? JSON.stringify([2, id, action, payload]);
    const answered = this.answerTo(id, action);
    await this.writeFrame(sent);
    const line = await answered;
    return { id, action, sent, line, answer: parseLine(line)! };
  }

  /** The answer (CALLRESULT or CALLERROR) to the CALL `id`. */
  answerTo(id: string, action = id): Promise<string> {
    return this.waitLine((line) => {
      const message = parseLine(line);
      return (message?.[0] === 3 || message?.[0] === 4) && message[1] === id;
    }, `the answer to ${action}`);
  }

  async close(): Promise<void> {
    if (!this.port.isOpen) return;
    await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }
}

/** A line read as an OCPP-J array, or undefined when it is not one. */
export function parseLine(line: string): unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The CALLRESULT payload of an answer, which must be one. */
export function resultOf(called: Called): Record<string, unknown> {
  assert.equal(called.answer[0], 3, `${called.sent} was answered with ${called.line}`);
  return called.answer[2] as Record<string, unknown>;
}
