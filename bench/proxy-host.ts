/**
 * The process the `proxy` benchmark runs its middlemen in, so that their CPU is measured alone:
 * `relay` (a bare `ws` relay: forwards every message both ways, nothing else) or `proxy` (OCPP
 * Scope's ProxyServer with a live CaptureStore session analysed against the OCA schemas).
 * `floor` is the bare relay plus only what any analysing capture must do per frame (JSON.parse,
 * the action's schema validation, the entry encoded and appended to a file): the least a proxy
 * with capture and analysis can cost, to show how much of the proxy's cost is that minimum and
 * how much is ours. `capture` is the ProxyServer writing its capture file, with no timeline and no
 * analysis: what forwarding and capturing cost without the analysis. Started
 * by bench/proxy.ts with an IPC channel; answers one request at a time (see HostRequest). Lives
 * in bench/ rather than bench/lib because it imports src/main, which the e2e project does not see.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import type { Direction, Entry, NewEntry } from '../src/shared/capture/entry';
import { CaptureStore } from '../src/main/services/capture/store';
import { CaptureWriter, FLUSH_INTERVAL_MS } from '../src/main/services/capture/writer';
import { encodeEntry } from '../src/shared/capture/format';
import { ProxyServer } from '../src/main/services/proxy/proxy-server';
import { ocaSchemaRegistry } from '../src/main/services/validation/oca-schemas';

export type HostMode = 'relay' | 'floor' | 'capture' | 'proxy';

export type HostRequest =
  /** Start a middleman in front of `upstream` (and, for the proxy, a capture session under `dir`). */
  | { op: 'open'; upstream: string; dir: string }
  /** A full GC, then process.cpuUsage() at the start of a timed window. */
  | { op: 'begin' }
  /** process.cpuUsage() at the end of a timed window, once the capture's last batch is written. */
  | { op: 'end' }
  /** Stop the middleman (closing what is still connected), end the session, report. */
  | { op: 'close' };

export type HostReply =
  | { op: 'ready' }
  | { op: 'opened'; url: string }
  | { op: 'cpu'; user: number; system: number; heap: number }
  | { op: 'closed'; stats: HostStats }
  | { op: 'failed'; message: string };

export interface HostStats {
  /** Messages the middleman received (and forwarded), both directions. */
  frames: number;
  /** Proxy only: capture entries (frames and connection events) and findings on their rows. */
  entries: number;
  findings: number;
  /** Proxy only: the session file's size before it was removed. */
  captureBytes: number;
}

interface Middleman {
  url: string;
  stats(): HostStats;
  close(): Promise<void>;
}

const MAX_PAYLOAD = 100 * 1024 * 1024;

/** What the floor does with a message the relay forwarded (after forwarding it). */
type Observe = (link: Link, direction: Direction, data: Buffer, binary: boolean) => void;

/** One charger's connection and its CSMS connection: what the floor pairs answers on. */
interface Link {
  station: string;
  /** Message id -> action of the CALLs waiting for their answer, per the direction they went. */
  calls: Record<Direction, Map<string, string>>;
}

/**
 * The least a relay can do: each charger's connection joined to its own CSMS connection. With
 * `observe`, each message is handed to it once forwarded (the floor).
 */
async function startRelay(upstream: string, observe?: Observe): Promise<Middleman> {
  let frames = 0;
  const sockets = new Set<WebSocket>();
  const chosen = new WeakMap<IncomingMessage, string>();
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: MAX_PAYLOAD,
    handleProtocols: (_offered, request) => chosen.get(request) || false,
  });
  const server: Server = createServer();
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const offered = (request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    // Like the proxy, the CSMS connection first, then the charger's handshake: same timing.
    const csms = new WebSocket(new URL((request.url ?? '/').slice(1), upstream), offered, {
      perMessageDeflate: false,
      maxPayload: MAX_PAYLOAD,
    });
    csms.once('error', () => socket.destroy());
    csms.once('open', () => {
      chosen.set(request, csms.protocol);
      wss.handleUpgrade(request, socket, head, (station) => {
        sockets.add(station).add(csms);
        const link: Link = {
          station: (request.url ?? '/').slice(1),
          calls: { toCsms: new Map(), toStation: new Map() },
        };
        const join = (from: WebSocket, to: WebSocket, direction: Direction) => {
          from.on('message', (data: Buffer, binary: boolean) => {
            frames++;
            to.send(data, { binary });
            observe?.(link, direction, data, binary);
          });
          from.on('error', () => from.terminate());
          from.on('close', () => {
            sockets.delete(from);
            to.close();
          });
        };
        join(station, csms, 'toCsms');
        join(csms, station, 'toStation');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the relay has no port');
  return {
    url: `ws://127.0.0.1:${address.port}/`,
    stats: () => ({ frames, entries: 0, findings: 0, captureBytes: 0 }),
    async close() {
      for (const socket of sockets) socket.terminate();
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

const registry = ocaSchemaRegistry();

/** OCPP Scope's proxy, capturing into a fresh store (its own folder under `dir`) with analysis on. */
async function startProxy(upstream: string, dir: string): Promise<Middleman> {
  let findings = 0;
  let frames = 0;
  let entries = 0;
  const store = new CaptureStore(
    dir,
    { onAppend: (_session, row) => (findings += row.findings?.count ?? 0) },
    { registry },
  );
  await store.init();
  const session = await store.create('bench: proxy', {
    ocppVersion: 'ocpp1.6',
    createdBy: 'ocpp-scope bench',
  });
  const sink = {
    append(entry: NewEntry) {
      entries++;
      if (entry.kind === 'frame') frames++;
      return store.append(session.id, entry);
    },
  };
  const proxy = await ProxyServer.start({ host: '127.0.0.1', port: 0, upstream, sink });
  let captureBytes = 0;
  return {
    url: proxy.url,
    stats: () => ({ frames, entries, findings, captureBytes }),
    async close() {
      await proxy.stop();
      await store.finish(session.id);
      captureBytes = (await store.list()).find((s) => s.id === session.id)?.bytes ?? 0;
      // Captures of the large cases run to hundreds of MB over a run: each goes once it is measured.
      await store.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A capture file in `dir` for the floor and the capture path; closing it removes `dir`. */
async function captureFile(dir: string): Promise<{ writer: CaptureWriter; close(): Promise<void> }> {
  await mkdir(dir, { recursive: true });
  let failure: Error | undefined;
  const writer = await CaptureWriter.create(join(dir, 'capture.jsonl'), '{}', (error) => (failure ??= error));
  return {
    writer,
    async close() {
      await writer.close();
      await rm(dir, { recursive: true, force: true });
      if (failure) throw failure;
    },
  };
}

/**
 * The floor: the bare relay, and per frame it forwarded: the entry stamped, JSON.parse, the schema
 * validation of a CALL's action (and of its answer, paired by message id on its connection), the
 * entry encoded and appended to a capture file. No timeline, correlation rules, transaction rules
 * or findings.
 */
async function startFloor(upstream: string, dir: string): Promise<Middleman> {
  const file = await captureFile(dir);
  let entries = 0;
  const observe: Observe = (link, direction, data, binary) => {
    const raw = data.toString(binary ? 'base64' : 'utf8');
    const entry: Entry = {
      kind: 'frame',
      seq: ++entries,
      ts: Date.now(),
      connectionId: link.station,
      stationId: link.station,
      source: 'proxy',
      direction,
      raw,
      ...(binary ? { binary: true } : {}),
    };
    file.writer.append(encodeEntry(entry));
    if (binary) return;
    const [type, id, action, payload] = JSON.parse(raw) as [number, string, unknown, unknown];
    if (type === 2 && typeof action === 'string') {
      link.calls[direction].set(id, action);
      registry.validate('1.6', action, 'request', payload);
    } else if (type === 3) {
      const calls = link.calls[direction === 'toCsms' ? 'toStation' : 'toCsms'];
      const call = calls.get(id);
      calls.delete(id);
      if (call !== undefined) registry.validate('1.6', call, 'response', action);
    }
  };
  const relay = await startRelay(upstream, observe);
  return {
    url: relay.url,
    stats: () => ({ ...relay.stats(), entries }),
    async close() {
      await relay.close();
      await file.close();
    },
  };
}

/**
 * The ProxyServer capturing without analysing: each entry stamped, encoded and appended to the
 * capture file as the store does, no SessionModel (timeline rows, correlation, schemas, rules).
 */
async function startCapture(upstream: string, dir: string): Promise<Middleman> {
  const file = await captureFile(dir);
  let frames = 0;
  let entries = 0;
  const sink = {
    append(entry: NewEntry): Entry {
      const stamped: Entry = { ...entry, seq: ++entries, ts: entry.ts ?? Date.now() };
      if (stamped.kind === 'frame') frames++;
      file.writer.append(encodeEntry(stamped));
      return stamped;
    },
  };
  const proxy = await ProxyServer.start({ host: '127.0.0.1', port: 0, upstream, sink });
  return {
    url: proxy.url,
    stats: () => ({ frames, entries, findings: 0, captureBytes: 0 }),
    async close() {
      await proxy.stop();
      await file.close();
    },
  };
}

/** The host is started with --expose-gc: what it holds is measured after a full collection. */
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/**
 * CPU (µs) so far, and the heap in use after a full GC: collected before the CPU is read at the
 * start of a window (`begin`), after it at the end, so that the window never pays for it.
 */
function cpu(op: 'begin' | 'end'): HostReply {
  if (op === 'begin') gc();
  const { user, system } = process.cpuUsage();
  if (op === 'end') gc();
  return { op: 'cpu', user, system, heap: process.memoryUsage().heapUsed };
}

const STARTS: Record<HostMode, (upstream: string, dir: string) => Promise<Middleman>> = {
  relay: (upstream) => startRelay(upstream),
  floor: startFloor,
  capture: startCapture,
  proxy: startProxy,
};
const mode = process.argv[2] as HostMode;
if (!Object.hasOwn(STARTS, mode)) throw new Error(`proxy-host: unknown mode ${process.argv[2]}`);
if (process.send === undefined) throw new Error('proxy-host: start me with an IPC channel (fork)');

let current: Middleman | undefined;

async function handle(request: HostRequest): Promise<HostReply> {
  switch (request.op) {
    case 'open': {
      if (current) await current.close();
      current = await STARTS[mode](request.upstream, request.dir);
      return { op: 'opened', url: current.url };
    }
    case 'begin':
      return cpu('begin');
    case 'end':
      // The store writes its batches every FLUSH_INTERVAL_MS: the last one belongs to the window.
      await new Promise((resolve) => setTimeout(resolve, FLUSH_INTERVAL_MS + 20));
      return cpu('end');
    case 'close': {
      const middleman = current;
      current = undefined;
      await middleman?.close();
      return {
        op: 'closed',
        stats: middleman?.stats() ?? { frames: 0, entries: 0, findings: 0, captureBytes: 0 },
      };
    }
  }
}

process.on('message', (request: HostRequest) => {
  handle(request).then(
    (reply) => process.send!(reply),
    (error: unknown) =>
      process.send!({ op: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});
process.send({ op: 'ready' } satisfies HostReply);
// The benchmark is done with this host (or gone): end, so that a --cpu-prof profile is written.
process.once('disconnect', () => {
  void (current?.close() ?? Promise.resolve()).finally(() => process.exit(0));
});
