/**
 * The process the `serial` benchmark runs the far side of the line in, so that its CPU is measured
 * alone and its event loop is not the charger's: either OCPP Scope's engine with a serial bridge
 * started over RPC (`serial.start`, as the window starts one), or the baseline, a plain reader that
 * answers every line it reads on the port with the CALLRESULT a CSMS would send, with no bridge, no
 * WebSocket and no capture. Started by bench/serial.ts with an IPC channel and the engine's data
 * dir; answers one request at a time. Lives in bench/ because it imports src/main.
 */
import type { SerialPort } from 'serialport';
import { createEngine } from '../src/main/engine';
import { FLUSH_INTERVAL_MS } from '../src/main/services/capture/writer';
import { createClient } from '../src/shared/rpc/client';
import { createMemoryChannel } from '../src/shared/rpc/memory';

export type SerialHostRequest =
  /** A bridge on `port` to `upstream`, or to its own mock CSMS when there is none. */
  | { op: 'bridge'; port: string; baudRate: number; stationId: string; upstream?: string }
  /** The baseline: the plain line answerer on `port`. */
  | { op: 'echo'; port: string; baudRate: number }
  /** A full GC, then process.cpuUsage() at the start of a timed window. */
  | { op: 'begin' }
  /** process.cpuUsage() at the end of a timed window, once the capture's last batch is written. */
  | { op: 'end' }
  /** Stop the bridge (and its mock CSMS) or the answerer; drop its sessions; report. */
  | { op: 'stop' };

export interface SerialHostCounts {
  /** Frames (bridge) or lines (answerer) read from the port, and written to it. */
  framesIn: number;
  framesOut: number;
  bytesIn: number;
  bytesOut: number;
  /** Bridge only: the capture file of the bridge's session, and of its mock CSMS's, bytes. */
  captureBytes: number;
}

export type SerialHostReply =
  | { op: 'ready' }
  | { op: 'started' }
  | { op: 'cpu'; user: number; system: number }
  | { op: 'stopped'; counts: SerialHostCounts }
  | { op: 'failed'; message: string };

interface Running {
  /** It records into the engine's store, whose last batch is written up to FLUSH_INTERVAL_MS later. */
  records: boolean;
  stop(): Promise<SerialHostCounts>;
}

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('serial-host: give the engine data dir');
if (process.send === undefined) throw new Error('serial-host: start me with an IPC channel (fork)');

const engine = await createEngine({ dataDir, mode: 'test', version: 'bench', log() {} });
const channel = createMemoryChannel(engine.router);
const rpc = createClient(channel);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
let running: Running | undefined;

async function startBridge(request: Extract<SerialHostRequest, { op: 'bridge' }>): Promise<Running> {
  const info = await rpc.call('serial.start', {
    port: request.port,
    baudRate: request.baudRate,
    stationId: request.stationId,
    ...(request.upstream === undefined ? { mockCsms: true } : { upstream: request.upstream }),
    name: 'bench: serial',
  });
  const mockSession = (await rpc.call('csms.list', {})).find((c) => c.id === info.mockCsmsId)?.sessionId;
  return {
    records: true,
    async stop() {
      const { counters } = (await rpc.call('serial.list', {})).find((b) => b.id === info.id) ?? info;
      await rpc.call('serial.stop', { bridgeId: info.id });
      const sessions = [info.sessionId, ...(mockSession === undefined ? [] : [mockSession])];
      const listed = await rpc.call('sessions.list', {});
      const captureBytes = listed.filter((s) => sessions.includes(s.id)).reduce((sum, s) => sum + s.bytes, 0);
      // Each run records its own sessions: gone once counted, so the engine holds the same each run.
      for (const sessionId of sessions) await rpc.call('sessions.delete', { sessionId });
      return {
        framesIn: counters.frames.toCsms,
        framesOut: counters.frames.toStation,
        bytesIn: counters.bytesIn,
        bytesOut: counters.bytesOut,
        captureBytes,
      };
    },
  };
}

/** `[2,"id",`: the id's JSON text, copied into the answer as it came. */
const CALL_ID = /^\[\s*2\s*,\s*("(?:[^"\\]|\\.)*")/;

/**
 * The least a far end can do: cut the port's bytes into lines and answer each CALL with
 * `[3,"id",{}]`, the same bytes the CSMSs send for a MeterValues, so that the line carries the same
 * traffic both ways with and without the bridge.
 */
async function startEcho(request: Extract<SerialHostRequest, { op: 'echo' }>): Promise<Running> {
  const { SerialPort: Port } = await import('serialport');
  const port: SerialPort = new Port({ path: request.port, baudRate: request.baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  const counts: SerialHostCounts = { framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0, captureBytes: 0 };
  let rest: Buffer = Buffer.alloc(0);
  // Unhandled, a port error would end the host; a lost line shows as CALLs left unanswered.
  port.on('error', () => undefined);
  port.on('data', (chunk: Buffer) => {
    counts.bytesIn += chunk.length;
    let data = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    for (let at = data.indexOf(0x0a); at >= 0; at = data.indexOf(0x0a)) {
      const line = data.toString('utf8', 0, at);
      data = data.subarray(at + 1);
      counts.framesIn++;
      const id = CALL_ID.exec(line)?.[1];
      if (id === undefined) continue;
      const answer = Buffer.from(`[3,${id},{}]\n`);
      port.write(answer);
      counts.framesOut++;
      counts.bytesOut += answer.length;
    }
    rest = Buffer.from(data);
  });
  return {
    records: false,
    async stop() {
      port.removeAllListeners('data');
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
      return counts;
    },
  };
}

async function handle(request: SerialHostRequest): Promise<SerialHostReply> {
  switch (request.op) {
    case 'bridge':
    case 'echo':
      if (running !== undefined) throw new Error('serial-host: stop the running one first');
      running = request.op === 'bridge' ? await startBridge(request) : await startEcho(request);
      return { op: 'started' };
    case 'begin':
    case 'end': {
      if (request.op === 'begin') gc();
      // The store writes its batches every FLUSH_INTERVAL_MS: the last one belongs to the window.
      else if (running?.records === true)
        await new Promise((resolve) => setTimeout(resolve, FLUSH_INTERVAL_MS + 20));
      const { user, system } = process.cpuUsage();
      return { op: 'cpu', user, system };
    }
    case 'stop': {
      const current = running;
      running = undefined;
      const counts = (await current?.stop()) ?? {
        framesIn: 0,
        framesOut: 0,
        bytesIn: 0,
        bytesOut: 0,
        captureBytes: 0,
      };
      return { op: 'stopped', counts };
    }
  }
}

process.on('message', (request: SerialHostRequest) => {
  handle(request).then(
    (reply) => process.send!(reply),
    (error: unknown) =>
      process.send!({ op: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});
process.send({ op: 'ready' } satisfies SerialHostReply);
// The benchmark is done with this host (or gone): end, so that a --cpu-prof profile is written.
process.once('disconnect', () => {
  void (running?.stop() ?? Promise.resolve())
    .then(() => engine.dispose())
    .finally(() => {
      channel.close();
      process.exit(0);
    });
});
