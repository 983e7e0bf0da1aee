/**
 * A serial bridge under test: serialport's mock port on one side (fed in chunks, its writes
 * recorded), a small `ws` CSMS on loopback on the other, and a sink that keeps every entry.
 */
import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SerialPortMock } from 'serialport';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Entry, FrameEntry, NewEntry } from '../../../../../src/shared/capture/entry';
import { lineSettings, type SerialConfig } from '../../../../../src/shared/serial/config';
import type { CaptureSink } from '../../../../../src/main/services/proxy/bridge';
import { SerialBridge } from '../../../../../src/main/services/serial/serial-bridge';

/**
 * What these tests use of serialport's mock binding. Its declarations cannot be reached through
 * the package's exports map (no `types` condition), so serialport's own types for it are unresolved.
 */
interface MockBinding {
  createPort(path: string, options: { record?: boolean }): void;
  reset(): void;
}
interface MockPortBinding {
  emitData(data: Buffer): void;
  /** Every byte written, with `record`. */
  recording: Buffer;
}
export const mockBinding = SerialPortMock.binding as unknown as MockBinding;

/** serialport's mock port, telling when a write has reached the (mock) wire. */
export class WatchedPort extends SerialPortMock {
  readonly written = new EventEmitter();

  override _write(data: Buffer, encoding: BufferEncoding, callback: (error: Error | null) => void): void {
    super._write(data, encoding, (error) => {
      callback(error);
      if (error === null) this.written.emit('write');
    });
  }

  get binding(): MockPortBinding {
    const binding: unknown = this.port;
    return binding as MockPortBinding;
  }

  /** What the bridge has written to the charger so far. */
  get wire(): string {
    return this.binding.recording.toString('utf8');
  }

  /** Resolves once the wire holds `text` (writes reach it a tick after the bridge makes them). */
  async wireHas(text: string): Promise<void> {
    while (!this.wire.includes(text)) await once(this.written, 'write');
  }
}

/** Entries as a live session would number them, and a way to wait for one. */
export class Recorder implements CaptureSink {
  readonly entries: Entry[] = [];
  private readonly appended = new EventEmitter();

  append(entry: NewEntry): Entry {
    const stamped: Entry = { ...entry, seq: this.entries.length + 1, ts: entry.ts ?? Date.now() };
    this.entries.push(stamped);
    this.appended.emit('entry');
    return stamped;
  }

  async until(match: (entry: Entry) => boolean): Promise<Entry> {
    for (;;) {
      const found = this.entries.find(match);
      if (found !== undefined) return found;
      await once(this.appended, 'entry');
    }
  }

  get frames(): FrameEntry[] {
    return this.entries.filter((e): e is FrameEntry => e.kind === 'frame');
  }
}

/** A CSMS that takes `ocpp1.6`; with `hold`, each connection waits in its handshake until released. */
export async function startCsms(hold = false) {
  const received: Buffer[] = [];
  /** The close codes of the connections that ended. */
  const closes: number[] = [];
  const events = new EventEmitter();
  const waiting: ((accept: boolean) => void)[] = [];
  let handshakes = 0;
  let connections = 0;
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (offered) => (offered.has('ocpp1.6') ? 'ocpp1.6' : false),
    verifyClient: (_info, accept) => {
      if (!hold) return accept(true);
      waiting.push(accept);
      handshakes++;
      events.emit('handshake');
    },
  });
  await once(wss, 'listening');
  let socket: WebSocket | undefined;
  wss.on('connection', (ws) => {
    socket = ws;
    connections++;
    ws.on('message', (data: Buffer) => {
      received.push(data);
      events.emit('message');
    });
    ws.on('close', (code) => {
      closes.push(code);
      events.emit('closed');
    });
    events.emit('connection');
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    received,
    async closed(count: number): Promise<number[]> {
      while (closes.length < count) await once(events, 'closed');
      return closes;
    },
    async messages(count: number): Promise<string[]> {
      while (received.length < count) await once(events, 'message');
      return received.map((b) => b.toString('utf8'));
    },
    /** Resolves when the `count`th connection attempt is waiting in its handshake. */
    async handshake(count = 1): Promise<void> {
      while (handshakes < count) await once(events, 'handshake');
    },
    /** Lets the waiting handshakes finish (those the bridge gave up on fail), and one connection open. */
    async release(): Promise<void> {
      const before = connections;
      for (const accept of waiting.splice(0)) accept(true);
      while (connections === before) await once(events, 'connection');
    },
    send(data: string | Buffer): void {
      socket!.send(data, { binary: typeof data !== 'string' });
    },
    /** Ends the open connections as a network drop would, and keeps taking new ones. */
    drop(): void {
      for (const client of wss.clients) client.terminate();
    },
    async close(): Promise<void> {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

export type Csms = Awaited<ReturnType<typeof startCsms>>;

let ports = 0;

/** A bridge on a mock port to `csms`; `feed` hands the port a chunk and waits until the bridge had it. */
export async function startBridge(csms: Csms, settings: Partial<SerialConfig> = {}) {
  const path = `/dev/ttyMOCK${++ports}`;
  mockBinding.createPort(path, { record: true });
  const sink = new Recorder();
  // A new port object each time the bridge opens the port (again).
  let latest: WatchedPort | undefined;
  const bridge = await SerialBridge.start({
    line: lineSettings({ port: path, ...settings }),
    stationId: 'CP-7',
    protocol: 'ocpp1.6',
    upstream: csms.url,
    auth: 'passthrough',
    upstreamTls: {},
    sink,
    portFactory: (line) =>
      (latest = new WatchedPort({ path: line.port, baudRate: line.baudRate, autoOpen: false })),
    retry: { port: { initialMs: 20, maxMs: 100 }, link: { initialMs: 20, maxMs: 100 } },
    onChange: () => undefined,
  });
  let watching: WatchedPort | undefined;
  let seen = 0;
  let fed = 0;
  const read = new EventEmitter();
  return {
    bridge,
    sink,
    /** The port the bridge has open now. */
    port: (): WatchedPort => latest!,
    /** Each chunk reaches the bridge on its own (the mock reads at most 1024 bytes at a time). */
    feed: async (...chunks: (string | Buffer)[]): Promise<void> => {
      const port = latest!;
      if (watching !== port) {
        // Added after the bridge's own listener: when it sees a chunk, the bridge has handled it.
        watching = port;
        seen = fed = 0;
        port.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          read.emit('read');
        });
      }
      for (const chunk of chunks) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        fed += bytes.length;
        port.binding.emitData(bytes);
        while (seen < fed) await once(read, 'read');
      }
    },
  };
}

/** Runs `body` against a fresh CSMS and bridge, and always stops both. */
export async function withBridge(
  options: { hold?: boolean; settings?: Partial<SerialConfig> },
  body: (rig: Awaited<ReturnType<typeof startBridge>> & { csms: Csms }) => Promise<void>,
): Promise<void> {
  const csms = await startCsms(options.hold);
  try {
    const rig = await startBridge(csms, options.settings);
    try {
      await body({ ...rig, csms });
    } finally {
      await rig.bridge.stop();
    }
  } finally {
    await csms.close();
  }
}

export const opened = (connectionId: string) => (e: Entry) =>
  e.kind === 'connection' && e.event === 'opened' && e.connectionId === connectionId;

/** The frames and console lines in order, as the timeline would show them. */
export function conversation(entries: readonly Entry[]): string[] {
  return entries.flatMap((e) =>
    e.kind === 'frame'
      ? [`${e.direction} ${e.connectionId} ${e.raw}${e.flags ? ` (${e.flags.join(', ')})` : ''}`]
      : e.kind === 'console'
        ? [`console ${e.connectionId} ${e.binary ? 'binary ' : ''}${e.text}`]
        : [],
  );
}

/** `conversation` with the port's and the CSMS connection's events among the lines. */
export function timeline(entries: readonly Entry[]): string[] {
  return entries.flatMap((e) =>
    e.kind === 'connection'
      ? [`${e.connectionId} ${e.event}${e.event === 'closed' ? ` ${e.closedBy} ${e.reason}` : ''}`]
      : conversation([e]),
  );
}
