/**
 * `serial`: the serial bridge against the line it serves. Per run, a fresh socat pty pair stands in
 * for the UART; on its far end a charger (serialport, in this process) sends a BootNotification
 * (untimed: it proves the CSMS connection is up), then realistic 1.6 MeterValues CALLs, first all
 * at once (how many frames a second the bridge takes), then one at a time as a 1.6 charger must
 * (round trips a second, latency). On the near end: OCPP Scope's engine with a bridge started over
 * RPC to a bare WebSocket CSMS in this process or to its own mock CSMS (capture and analysis on),
 * or the baseline, a plain reader answering each line on the same pty pair with no bridge. The near
 * end runs in a child process (bench/serial-host.ts) so that its CPU is its own. Rates are set
 * against the line's capacity at the baud rate (8N1: 10 bits a byte) and against the bare pty.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchContext, Result } from './lib/benchmark';
import { median, percentile } from './lib/measure';
import type { SerialHostCounts, SerialHostReply, SerialHostRequest } from './serial-host';
import { Charger, meterFrames, SocatPair, startWsCsms, type WsCsms } from './serial-line';

const BAUD_RATES = [115_200, 1_000_000] as const;
/** CALLs written all at once per run, and then sent one at a time. */
const FRAMES = { stream: 500, oneByOne: 200 };
const STATION_ID = 'CP-SERIAL-BENCH';
const SEED = 0x5e71;
/** Start and stop bits around each byte: 8N1 puts 10 bits on the wire per byte. */
const BITS_PER_BYTE = 10;
/** Set to a folder to have the host process write a V8 CPU profile there (node --cpu-prof). */
const PROFILE_ENV = 'OCPP_SCOPE_BENCH_SERIAL_PROF';

type Path = 'pty' | 'ws' | 'mock';
const PATHS: readonly Path[] = ['pty', 'ws', 'mock'];
const PATH_LABEL: Record<Path, string> = {
  pty: 'bare pty: a plain line answerer, no bridge (baseline)',
  ws: 'bridge, its capture analysed -> bare WebSocket CSMS',
  mock: 'bridge -> its mock CSMS: two captures analysed',
};

const HOST_PATH = fileURLToPath(new URL('./serial-host.ts', import.meta.url));
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** The near end of the line in its own process (bench/serial-host.ts), one request at a time. */
class SerialHost {
  private constructor(private readonly child: ChildProcess) {}

  static async start(dataDir: string, profileDir?: string): Promise<SerialHost> {
    const profile = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
    const child = fork(HOST_PATH, [dataDir], {
      execArgv: ['--import', 'tsx', '--expose-gc', ...profile],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const host = new SerialHost(child);
    await host.reply();
    return host;
  }

  private reply(): Promise<SerialHostReply> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => {
        this.child.off('message', onMessage);
        reject(new Error(`the serial host exited (${code}) before it answered`));
      };
      const onMessage = (reply: SerialHostReply) => {
        this.child.off('exit', onExit);
        if (reply.op === 'failed') reject(new Error(`serial host: ${reply.message}`));
        else resolve(reply);
      };
      this.child.once('message', onMessage);
      this.child.once('exit', onExit);
    });
  }

  private async request<Op extends SerialHostReply['op']>(
    request: SerialHostRequest,
    op: Op,
  ): Promise<Extract<SerialHostReply, { op: Op }>> {
    const answer = this.reply();
    this.child.send(request);
    const reply = await answer;
    if (reply.op !== op) throw new Error(`serial host answered ${reply.op} to ${request.op}`);
    return reply as Extract<SerialHostReply, { op: Op }>;
  }

  async bridge(port: string, baudRate: number, stationId: string, upstream?: string): Promise<void> {
    await this.request(
      { op: 'bridge', port, baudRate, stationId, ...(upstream === undefined ? {} : { upstream }) },
      'started',
    );
  }

  async echo(port: string, baudRate: number): Promise<void> {
    await this.request({ op: 'echo', port, baudRate }, 'started');
  }

  cpu(op: 'begin' | 'end'): Promise<{ user: number; system: number }> {
    return this.request({ op }, 'cpu');
  }

  async stop(): Promise<SerialHostCounts> {
    return (await this.request({ op: 'stop' }, 'stopped')).counts;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.disconnect();
    await exited;
  }
}

/** One run's figures for one baud rate and path. */
interface Trial {
  streamMs: number;
  streamCpuUs: number;
  /** Of which in the kernel: the pty's and the sockets' reads and writes. */
  streamSystemUs: number;
  oneByOneMs: number;
  oneByOneCpuUs: number;
  latencies: number[];
  /** Bytes the charger wrote and read back per CALL and per answer, delimiter included. */
  callBytes: number;
  answerBytes: number;
  captureBytes: number;
}

async function trial(
  host: SerialHost,
  csms: WsCsms,
  dir: string,
  baudRate: number,
  path: Path,
  frames: { boot: string; stream: string[]; oneByOne: string[] },
): Promise<Trial> {
  await mkdir(dir, { recursive: true });
  const pair = await SocatPair.start(dir);
  let started = false;
  try {
    if (path === 'pty') await host.echo(pair.bridge, baudRate);
    else await host.bridge(pair.bridge, baudRate, STATION_ID, path === 'ws' ? csms.url : undefined);
    started = true;
    const charger = await Charger.open(pair.charger, baudRate);
    let figures: Omit<Trial, 'captureBytes'>;
    try {
      // Frames written before the bridge's CSMS connection is up wait for it: none may be timed.
      await charger.oneByOne([frames.boot]);
      charger.resetBytes();
      const streamCpu = await host.cpu('begin');
      const streamStart = performance.now();
      await charger.stream(frames.stream);
      const streamMs = performance.now() - streamStart;
      const streamCpuEnd = await host.cpu('end');
      const callBytes = charger.bytesWritten / frames.stream.length;
      const answerBytes = charger.bytesRead / frames.stream.length;

      const oneCpu = await host.cpu('begin');
      const oneByOneStart = performance.now();
      const latencies = await charger.oneByOne(frames.oneByOne);
      const oneByOneMs = performance.now() - oneByOneStart;
      const oneCpuEnd = await host.cpu('end');
      figures = {
        streamMs,
        streamCpuUs: streamCpuEnd.user + streamCpuEnd.system - streamCpu.user - streamCpu.system,
        streamSystemUs: streamCpuEnd.system - streamCpu.system,
        oneByOneMs,
        oneByOneCpuUs: oneCpuEnd.user + oneCpuEnd.system - oneCpu.user - oneCpu.system,
        latencies,
        callBytes,
        answerBytes,
      };
    } finally {
      await charger.close();
    }
    started = false;
    const counts = await host.stop();
    // The near end's own count: every CALL the charger wrote arrived there as one frame (or line).
    const expected = 1 + frames.stream.length + frames.oneByOne.length;
    if (counts.framesIn !== expected)
      throw new Error(`the far end read ${counts.framesIn} frames of the ${expected} written`);
    return { ...figures, captureBytes: counts.captureBytes };
  } catch (error) {
    throw new Error(`${baudRate} baud, ${PATH_LABEL[path]}: ${(error as Error).message}`, { cause: error });
  } finally {
    if (started) await host.stop().catch(() => undefined);
    await pair.stop();
  }
}

/** The line's capacity in one direction, bytes a second. */
function lineBytesPerSecond(baudRate: number): number {
  return baudRate / BITS_PER_BYTE;
}

function ratio(value: number, to: number): string {
  return `${value / to >= 100 ? integer.format(value / to) : (value / to).toFixed(2)}x`;
}

async function benchmark(context: BenchContext): Promise<Result> {
  const frames = meterFrames(FRAMES.stream + FRAMES.oneByOne, SEED);
  const split = {
    boot: frames.boot,
    stream: frames.meter.slice(0, FRAMES.stream),
    oneByOne: frames.meter.slice(FRAMES.stream),
  };
  const profileDir = process.env[PROFILE_ENV];
  const host = await SerialHost.start(join(context.dir, 'engine'), profileDir);
  const csms = await startWsCsms();
  const trials = new Map<string, Trial[]>();
  const key = (baudRate: number, path: Path) => `${baudRate} ${path}`;
  try {
    // Each run passes over every baud rate and path in turn: a load that comes and goes on the
    // machine falls on all of them rather than on whichever ran at the time.
    for (let run = 0; run < context.warmup + context.runs; run++) {
      const measured = run >= context.warmup;
      context.progress(`${measured ? `run ${run - context.warmup + 1}/${context.runs}` : 'warm-up'}`);
      for (const baudRate of BAUD_RATES) {
        for (const path of PATHS) {
          const dir = join(context.dir, `run-${run}-${baudRate}-${path}`);
          const result = await trial(host, csms, dir, baudRate, path, split);
          if (measured) trials.set(key(baudRate, path), [...(trials.get(key(baudRate, path)) ?? []), result]);
        }
      }
    }
  } finally {
    await csms.close();
    await host.close();
  }

  const streamRows: string[][] = [];
  const oneRows: string[][] = [];
  const after: Result['after'] = [];
  for (const baudRate of BAUD_RATES) {
    const capacity = lineBytesPerSecond(baudRate);
    const stats = (path: Path) => {
      const list = trials.get(key(baudRate, path))!;
      const callBytes = median(list.map((t) => t.callBytes));
      const answerBytes = median(list.map((t) => t.answerBytes));
      return {
        framesPerS: median(list.map((t) => (FRAMES.stream / t.streamMs) * 1000)),
        streamCpu: median(list.map((t) => t.streamCpuUs / FRAMES.stream)),
        roundTripsPerS: median(list.map((t) => (FRAMES.oneByOne / t.oneByOneMs) * 1000)),
        oneCpu: median(list.map((t) => t.oneByOneCpuUs / FRAMES.oneByOne)),
        systemShare: median(list.map((t) => t.streamSystemUs / t.streamCpuUs)),
        latencies: list.flatMap((t) => t.latencies),
        callBytes,
        answerBytes,
      };
    };
    const pty = stats('pty');
    for (const path of PATHS) {
      const s = stats(path);
      // One way, the CALLs are the busier direction: the line carries at most this many a second.
      const capacityFrames = capacity / s.callBytes;
      streamRows.push([
        `${integer.format(baudRate)} ${path}`,
        integer.format(s.framesPerS),
        path === 'pty' ? '1.00x' : ratio(s.framesPerS, pty.framesPerS),
        integer.format(s.framesPerS * s.callBytes),
        integer.format(capacity),
        capacityFrames.toFixed(1),
        ratio(s.framesPerS, capacityFrames),
        s.streamCpu.toFixed(0),
        PATH_LABEL[path],
      ]);
      // One at a time, a round trip's bytes cross the line one after the other: CALL, then answer.
      const lineRoundTripMs = ((s.callBytes + s.answerBytes) / capacity) * 1000;
      oneRows.push([
        `${integer.format(baudRate)} ${path}`,
        integer.format(s.roundTripsPerS),
        path === 'pty' ? '1.00x' : ratio(s.roundTripsPerS, pty.roundTripsPerS),
        percentile(s.latencies, 50).toFixed(3),
        percentile(s.latencies, 95).toFixed(3),
        lineRoundTripMs.toFixed(1),
        ratio(s.roundTripsPerS, 1000 / lineRoundTripMs),
        s.oneCpu.toFixed(0),
        PATH_LABEL[path],
      ]);
    }
    const ptyBytes = pty.framesPerS * pty.callBytes;
    const mock = stats('mock');
    const mockLineMs = ((mock.callBytes + mock.answerBytes) / capacity) * 1000;
    const mockP95 = percentile(mock.latencies, 95);
    after.push({
      label: `${integer.format(baudRate)} baud`,
      value:
        `the bare pty moved ${integer.format(ptyBytes)} B/s, ${ratio(ptyBytes, capacity)} the line's ${integer.format(capacity)} B/s: ` +
        (ptyBytes > capacity * 1.5
          ? 'the pty does not throttle to the baud rate (a UART would)'
          : 'the pty held to about the baud rate') +
        `; the bridge with its mock CSMS took ${ratio(mock.framesPerS, capacity / mock.callBytes)} the CALLs the line can carry, ` +
        `and its p95 round trip (${mockP95.toFixed(2)} ms) is ${((mockP95 / mockLineMs) * 100).toFixed(1)}% of the ${mockLineMs.toFixed(1)} ms the line itself takes to carry a CALL and its answer`,
    });
    after.push({
      label: `${integer.format(baudRate)} kernel`,
      value: `share of the host's CPU spent in the kernel (pty and socket reads and writes), all at once: ${PATHS.map((path) => `${path} ${(stats(path).systemShare * 100).toFixed(0)}%`).join(', ')}`,
    });
  }
  const any = trials.get(key(BAUD_RATES[0], 'mock'))![0]!;
  const captured = (path: Path) => integer.format(trials.get(key(BAUD_RATES[0], path))![0]!.captureBytes);
  return {
    facts: [
      {
        label: 'frames',
        value: `OCPP 1.6 MeterValues CALLs of a station of bench/lib/ocpp16-capture.ts (nine sampled values), ${any.callBytes.toFixed(0)} bytes on the wire with the \\n; answers [3,"id",{}], ${any.answerBytes.toFixed(0)} bytes`,
      },
      {
        label: 'per run',
        value: `a BootNotification (untimed), ${integer.format(FRAMES.stream)} CALLs written at once, then ${integer.format(FRAMES.oneByOne)} one at a time (the next when the answer is read back)`,
      },
      {
        label: 'line',
        value: `a fresh socat pty pair per run (pty,raw,echo=0); both ends opened by serialport at the baud rate, 8N1; capacity = baud / ${BITS_PER_BYTE} bytes a second each way`,
      },
      {
        label: 'processes',
        value:
          'charger + bare WebSocket CSMS in this one (so a ws round trip crosses processes twice more than a mock one); the bridge (createEngine, serial.start over the memory RPC client, the mock CSMS with it) or the bare answerer in a child (bench/serial-host.ts); socat in its own',
      },
      {
        label: 'note',
        value:
          'a pty moves bytes as fast as the processes at its ends, whatever the baud rate: a rate above the line capacity says the bridge keeps up with that line with margin, not that a UART would go that fast',
      },
      {
        label: 'capture',
        value: `bytes recorded a run: ws ${captured('ws')} (the bridge's session), mock ${captured('mock')} (the bridge's and the mock CSMS's)`,
      },
      ...(profileDir === undefined
        ? []
        : [{ label: 'profile', value: `the host's CPU profile in ${profileDir}` }]),
    ],
    cases: [],
    tables: [
      {
        intro: `All at once: ${integer.format(FRAMES.stream)} CALLs written back to back, timed until the last answer is read; frames/s = CALLs a second charger -> far end (each answered back); line B/s = their bytes a second (the answers' go the other way); x pty = median / median of the bare pty at that baud; capacity = what the line carries one way at that baud; CPU = the host process (bridge or answerer), per CALL and its answer`,
        header: [
          'baud path',
          'frames/s',
          'x pty',
          'line B/s',
          'capacity B/s',
          'capacity frames/s',
          'x capacity',
          'CPU us/frame',
          'path',
        ],
        rows: streamRows,
      },
      {
        intro: `One at a time (one CALL in flight, as OCPP 1.6 has it): ${integer.format(FRAMES.oneByOne)} round trips, latency = CALL written -> answer read at the charger over all measured runs; line ms = the time a real line takes to carry one CALL and its answer`,
        header: [
          'baud path',
          'round trips/s',
          'x pty',
          'p50 ms',
          'p95 ms',
          'line ms',
          'x capacity',
          'CPU us/trip',
          'path',
        ],
        rows: oneRows,
      },
    ],
    after,
  };
}

export const serial: Benchmark = {
  name: 'serial',
  description: `serial bridge: 1.6 frames/s through a socat pty pair at ${BAUD_RATES.map((b) => integer.format(b)).join(' and ')} baud, against the line's capacity and the bare pty`,
  run: benchmark,
};
