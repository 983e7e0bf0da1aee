/**
 * The MITM proxy under load: simulated OCPP 1.6 chargers (1, 50, 500 at once) run charging
 * sessions against a minimal CSMS, each CALL waiting for its answer, on five paths: straight to
 * the CSMS, through a bare `ws` relay, through that relay doing only the floor of analysing
 * capture (parse, validate, write), through OCPP Scope's ProxyServer writing its capture with no
 * analysis, and through the ProxyServer capturing into a live store session analysed against the
 * OCA schemas. The chargers and the CSMS share this process;
 * the middlemen each run in a child process of their own (bench/proxy-host.ts), so
 * that the CPU they spend per call is theirs alone. Then a hold: 1,000 chargers connected through
 * the proxy at once, every frame counted on both ends.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';
import { prng } from '../test/support/prng';
import type { Benchmark, BenchContext, Fact, Result } from './lib/benchmark';
import { collectGarbage, median, mib } from './lib/measure';
import { Ocpp16Station, type SessionShape } from './lib/ocpp16-capture';
import type { HostMode, HostReply, HostRequest, HostStats } from './proxy-host';

/** Chargers at once, and how many CALLs each makes per run (about the same work per row). */
const FLEETS: readonly { chargers: number; callsEach: number }[] = [
  { chargers: 1, callsEach: 2_000 },
  { chargers: 50, callsEach: 60 },
  { chargers: 500, callsEach: 16 },
];
const HOLD = { chargers: 1_000, callsEach: 5 };
/**
 * Sessions short enough that every charger of the largest fleet reaches its MeterValues within a
 * run: a heartbeat or two, then 8 to 15 samples a session (real ones run to an hour of them).
 */
const SHAPE: SessionShape = { idleHeartbeats: [0, 2], meterSamples: [8, 16] };
const SEED = 0x0c9b;
/** Handshakes in flight at once: a burst of 1,000 would overflow the listen backlog (511). */
const CONNECT_CONCURRENCY = 50;
/** A run that takes this long has lost a frame: better a failure than a hang. */
const TIMEOUT_MS = { run: 120_000, hold: 60_000 };
/** Reported, never asserted: proxy CPU per call against the relay's, p50 added to the direct path. */
const TARGET = { cpuRatio: 1.5, addedP50Ms: 0.5 };
/** Per charger, each process holds its connection and the one to the CSMS behind it; plus a spare. */
const FDS = { perCharger: 2, spare: 100 };
/** Set to a folder to have the hosts write V8 CPU profiles in its relay/, floor/, capture/ and proxy/ (node --cpu-prof). */
const PROFILE_ENV = 'OCPP_SCOPE_BENCH_PROXY_PROF';

const HOST_PATH = fileURLToPath(new URL('./proxy-host.ts', import.meta.url));
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

type Path = 'direct' | 'relay' | 'floor' | 'capture' | 'proxy';
const PATHS: readonly Path[] = ['direct', 'relay', 'floor', 'capture', 'proxy'];

// ---- the chargers' scripts ------------------------------------------------------------------

/** The CSMS numbers a charger's transactions from its station number, so both sides agree. */
function transactionId(stationNumber: number, nth: number): number {
  return stationNumber * 1_000 + nth;
}

interface Fleet {
  ids: string[];
  /** Each charger's CALLs (raw text), in order. */
  scripts: string[][];
  calls: number;
  /** Every CALL's action and length, for the description of the traffic. */
  sent: { action: string; chars: number; meter: boolean }[];
}

/**
 * The first `callsEach` CALLs of each station of bench/lib/ocpp16-capture.ts: the same payloads
 * as the generated captures (their `after` delays are not waited for), without the CSMS's CALLs.
 */
function fleet(chargers: number, callsEach: number, seed: number): Fleet {
  const random = prng(seed);
  const result: Fleet = { ids: [], scripts: [], calls: 0, sent: [] };
  for (let index = 0; index < chargers; index++) {
    let started = 0;
    const station = new Ocpp16Station(index, random, () => transactionId(index + 1, ++started), SHAPE);
    const script: string[] = [];
    while (script.length < callsEach && station.queueNext()) {
      for (const { entry, action, meter } of station.queue.splice(0)) {
        if (entry.kind !== 'frame' || action === undefined || entry.direction !== 'toCsms') continue;
        if (script.length === callsEach) break;
        script.push(entry.raw);
        result.sent.push({ action, chars: entry.raw.length, meter: meter === true });
      }
    }
    result.ids.push(station.id);
    result.scripts.push(script);
    result.calls += script.length;
  }
  return result;
}

/** The CALLs of all the fleets: the share of each action, and their mean lengths. */
function traffic(fleets: readonly Fleet[]): { mix: string; size: string } {
  const sent = fleets.flatMap((f) => f.sent);
  const actions = new Map<string, number>();
  for (const { action } of sent) actions.set(action, (actions.get(action) ?? 0) + 1);
  const share = (n: number) => (n * 100 < sent.length ? '<1%' : `${Math.round((n / sent.length) * 100)}%`);
  const meanChars = (calls: readonly { chars: number }[]) =>
    Math.round(calls.reduce((sum, c) => sum + c.chars, 0) / Math.max(1, calls.length));
  return {
    mix: [...actions]
      .sort((a, b) => b[1] - a[1])
      .map(([action, n]) => `${action} ${share(n)}`)
      .join(', '),
    size: `mean ${meanChars(sent)} chars; MeterValues ${meanChars(sent.filter((c) => c.meter))} chars`,
  };
}

// ---- the CSMS -------------------------------------------------------------------------------

const ACCEPTED = { status: 'Accepted' };

/** Answers every CALL at once with a valid CALLRESULT; counts frames and connections. */
class Csms {
  received = 0;
  sent = 0;
  open = 0;
  peakOpen = 0;

  private constructor(
    private readonly wss: WebSocketServer,
    readonly url: string,
  ) {
    wss.on('connection', (ws, request) => {
      const stationNumber = Number(/CP-BENCH-(\d+)/.exec(request.url ?? '')?.[1] ?? 0);
      let transactions = 0;
      this.open++;
      this.peakOpen = Math.max(this.peakOpen, this.open);
      ws.on('message', (data: Buffer) => {
        this.received++;
        const [, id, action] = JSON.parse(data.toString('utf8')) as [number, string, string];
        let result: unknown;
        switch (action) {
          case 'BootNotification':
            result = { status: 'Accepted', currentTime: new Date().toISOString(), interval: 300 };
            break;
          case 'Heartbeat':
            result = { currentTime: new Date().toISOString() };
            break;
          case 'Authorize':
          case 'StopTransaction':
            result = { idTagInfo: ACCEPTED };
            break;
          case 'StartTransaction':
            result = { transactionId: transactionId(stationNumber, ++transactions), idTagInfo: ACCEPTED };
            break;
          default:
            // StatusNotification, MeterValues.
            result = {};
        }
        ws.send(JSON.stringify([3, id, result]));
        this.sent++;
      });
      ws.on('close', () => this.open--);
    });
  }

  static async start(): Promise<Csms> {
    const wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      clientTracking: false,
      perMessageDeflate: false,
      handleProtocols: (offered) => (offered.has('ocpp1.6') ? 'ocpp1.6' : false),
    });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    const address = wss.address();
    if (address === null || typeof address === 'string') throw new Error('the CSMS has no port');
    return new Csms(wss, `ws://127.0.0.1:${address.port}/`);
  }

  resetCounts(): void {
    this.received = 0;
    this.sent = 0;
    this.peakOpen = this.open;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}

// ---- the middlemen's process ----------------------------------------------------------------

/** A relay or proxy in its own process (bench/proxy-host.ts), spoken to over IPC, one request at a time. */
class Host {
  private constructor(private readonly child: ChildProcess) {}

  static async start(mode: HostMode, profileDir?: string): Promise<Host> {
    const profile = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
    const child = fork(HOST_PATH, [mode], {
      execArgv: ['--import', 'tsx', '--expose-gc', ...profile],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const host = new Host(child);
    await host.reply();
    return host;
  }

  private reply(): Promise<HostReply> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => {
        this.child.off('message', onMessage);
        reject(new Error(`the proxy host exited (${code}) before it answered`));
      };
      const onMessage = (reply: HostReply) => {
        this.child.off('exit', onExit);
        if (reply.op === 'failed') reject(new Error(`proxy host: ${reply.message}`));
        else resolve(reply);
      };
      this.child.once('message', onMessage);
      this.child.once('exit', onExit);
    });
  }

  private async request<Op extends HostReply['op']>(
    request: HostRequest,
    op: Op,
  ): Promise<Extract<HostReply, { op: Op }>> {
    const answer = this.reply();
    this.child.send(request);
    const reply = await answer;
    if (reply.op !== op) throw new Error(`proxy host answered ${reply.op} to ${request.op}`);
    return reply as Extract<HostReply, { op: Op }>;
  }

  async open(upstream: string, dir: string): Promise<string> {
    return (await this.request({ op: 'open', upstream, dir }, 'opened')).url;
  }

  cpu(op: 'begin' | 'end'): Promise<{ user: number; system: number; heap: number }> {
    return this.request({ op }, 'cpu');
  }

  async close(): Promise<HostStats> {
    return (await this.request({ op: 'close' }, 'closed')).stats;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.disconnect();
    await exited;
  }
}

// ---- the chargers ---------------------------------------------------------------------------

function connect(url: string, id: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url + id, ['ocpp1.6'], { perMessageDeflate: false });
    ws.once('error', reject);
    ws.once('open', () => {
      ws.off('error', reject);
      resolve(ws);
    });
  });
}

async function connectAll(url: string, ids: readonly string[]): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const index = next++;
      sockets[index] = await connect(url, ids[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, ids.length) }, worker));
  return sockets;
}

async function closeAll(sockets: readonly WebSocket[]): Promise<void> {
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === WebSocket.CLOSED) return resolve();
          ws.once('close', () => resolve());
          ws.close(1000);
        }),
    ),
  );
}

/** What the chargers saw: each answer's latency (ms), and frames each way. */
class Tally {
  readonly latencies: Float64Array;
  answers = 0;
  sent = 0;
  /** Answers that were not a CALLRESULT. */
  wrong = 0;

  constructor(calls: number) {
    this.latencies = new Float64Array(calls);
  }
}

/** One charger's script, each CALL sent when the previous one's answer is in. */
function play(ws: WebSocket, script: readonly string[], tally: Tally): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let sentAt = 0;
    const send = () => {
      tally.sent++;
      sentAt = performance.now();
      ws.send(script[next++]!);
    };
    const onMessage = (data: Buffer) => {
      tally.latencies[tally.answers++] = performance.now() - sentAt;
      // `[3,`: a CALLRESULT (the CSMS never sends CALLs).
      if (data[1] !== 0x33) tally.wrong++;
      if (next < script.length) return send();
      ws.off('message', onMessage).off('close', onClose);
      resolve();
    };
    const onClose = (code: number) => reject(new Error(`a charger's connection closed (${code}) mid-script`));
    ws.on('message', onMessage).once('close', onClose);
    if (script.length === 0) resolve();
    else send();
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---- one run --------------------------------------------------------------------------------

interface Run {
  callsPerSecond: number;
  p50: number;
  p99: number;
  /** Of the middleman's process (user + system, and system alone); none for the direct path. */
  cpuMicrosPerCall?: number;
  systemMicrosPerCall?: number;
  stats?: HostStats;
}

function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

let trials = 0;

async function run(path: Path, fleet: Fleet, csms: Csms, host: Host | undefined, dir: string): Promise<Run> {
  const url = host ? await host.open(csms.url, join(dir, `${path}-${++trials}`)) : csms.url;
  const sockets = await connectAll(url, fleet.ids);
  collectGarbage();
  const before = await host?.cpu('begin');
  const tally = new Tally(fleet.calls);
  const start = performance.now();
  const done = await withTimeout(
    Promise.all(sockets.map((ws, i) => play(ws, fleet.scripts[i]!, tally))),
    TIMEOUT_MS.run,
  );
  const ms = performance.now() - start;
  const after = await host?.cpu('end');
  await closeAll(sockets);
  const stats = await host?.close();
  if (done === 'timeout' || tally.answers !== fleet.calls || tally.wrong > 0) {
    throw new Error(
      `${path}, ${fleet.ids.length} charger(s): ${tally.answers}/${fleet.calls} answers ` +
        `(${tally.wrong} not a CALLRESULT)${done === 'timeout' ? ` after ${TIMEOUT_MS.run} ms` : ''}`,
    );
  }
  const sorted = tally.latencies.sort();
  return {
    callsPerSecond: (fleet.calls / ms) * 1000,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    ...(before && after
      ? {
          cpuMicrosPerCall: (after.user + after.system - before.user - before.system) / fleet.calls,
          systemMicrosPerCall: (after.system - before.system) / fleet.calls,
        }
      : {}),
    ...(stats ? { stats } : {}),
  };
}

// ---- the hold -------------------------------------------------------------------------------

interface Hold {
  chargers: number;
  peakAtCsms: number;
  connectMs: number;
  callsMs: number;
  timedOut: boolean;
  chargerSent: number;
  chargerReceived: number;
  csmsReceived: number;
  csmsSent: number;
  captured: HostStats;
  heapBefore: number;
  heapHeld: number;
}

async function hold(fleet: Fleet, csms: Csms, host: Host, dir: string): Promise<Hold> {
  const url = await host.open(csms.url, join(dir, 'hold'));
  csms.resetCounts();
  collectGarbage();
  const before = await host.cpu('begin');
  let start = performance.now();
  const sockets = await connectAll(url, fleet.ids);
  const connectMs = performance.now() - start;
  const peakAtCsms = csms.open;
  const tally = new Tally(fleet.calls);
  start = performance.now();
  const done = await withTimeout(
    Promise.all(sockets.map((ws, i) => play(ws, fleet.scripts[i]!, tally))),
    TIMEOUT_MS.hold,
  );
  const callsMs = performance.now() - start;
  const after = await host.cpu('end');
  await closeAll(sockets);
  const captured = await host.close();
  return {
    chargers: sockets.length,
    peakAtCsms,
    connectMs,
    callsMs,
    timedOut: done === 'timeout',
    chargerSent: tally.sent,
    chargerReceived: tally.answers,
    csmsReceived: csms.received,
    csmsSent: csms.sent,
    captured,
    heapBefore: before.heap,
    heapHeld: after.heap,
  };
}

// ---- the benchmark --------------------------------------------------------------------------

/** The soft limit on open files (Linux); Node raised it to the hard limit when it started. */
function openFileLimit(): number | undefined {
  try {
    const match = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (match === null) return undefined;
    return match[1] === 'unlimited' ? Infinity : Number(match[1]);
  } catch {
    return undefined;
  }
}

/** As many chargers as the limit allows. */
function fitted(chargers: number, limit: number | undefined): number {
  if (limit === undefined) return chargers;
  return Math.max(1, Math.min(chargers, Math.floor((limit - FDS.spare) / FDS.perCharger)));
}

function ratio(value: number | undefined, relay: number | undefined): string {
  if (value === undefined || relay === undefined) return '-';
  return `${(value / relay).toFixed(2)}x`;
}

function medianOf(runs: readonly Run[], pick: (r: Run) => number | undefined): number | undefined {
  const values = runs.map(pick).filter((v): v is number => v !== undefined);
  return values.length === 0 ? undefined : median(values);
}

function fixed(value: number | undefined, digits: number): string {
  return value === undefined ? '-' : value.toFixed(digits);
}

async function benchmark(context: BenchContext): Promise<Result> {
  const limit = openFileLimit();
  const notes: Fact[] = [];
  const fleets = FLEETS.map(({ chargers, callsEach }) => {
    const fit = fitted(chargers, limit);
    if (fit < chargers) {
      notes.push({
        label: 'note',
        value: `${chargers} chargers need ~${chargers * FDS.perCharger + FDS.spare} file descriptors, ulimit -n is ${limit}: ran ${fit} (raise the hard limit: ulimit -Hn)`,
      });
    }
    return fleet(fit, callsEach, SEED + chargers);
  });
  const holdChargers = fitted(HOLD.chargers, limit);
  if (holdChargers < HOLD.chargers) {
    notes.push({
      label: 'note',
      value: `the hold needs ~${HOLD.chargers * FDS.perCharger + FDS.spare} file descriptors, ulimit -n is ${limit}: held ${holdChargers} (raise the hard limit: ulimit -Hn)`,
    });
  }
  const holdFleet = fleet(holdChargers, HOLD.callsEach, SEED);

  const profileDir = process.env[PROFILE_ENV];
  const csms = await Csms.start();
  const hosts = {
    relay: await Host.start('relay', profileDir && join(profileDir, 'relay')),
    floor: await Host.start('floor', profileDir && join(profileDir, 'floor')),
    capture: await Host.start('capture', profileDir && join(profileDir, 'capture')),
    proxy: await Host.start('proxy', profileDir && join(profileDir, 'proxy')),
  };
  const results = new Map<string, Run[]>();
  let heldResult: Hold;
  try {
    for (const f of fleets) {
      const chargers = f.ids.length;
      // Paths take turns run after run, so that a slow spell of the machine hits all of them.
      for (let i = 0; i < context.warmup + context.runs; i++) {
        const what = i < context.warmup ? 'warm-up' : `run ${i - context.warmup + 1}/${context.runs}`;
        context.progress(
          `${integer.format(chargers)} charger(s), ${integer.format(f.calls)} CALLs: ${what}...`,
        );
        for (const path of PATHS) {
          const result = await run(path, f, csms, path === 'direct' ? undefined : hosts[path], context.dir);
          if (i < context.warmup) continue;
          const key = `${chargers} ${path}`;
          results.set(key, [...(results.get(key) ?? []), result]);
        }
      }
    }
    context.progress(`hold: ${integer.format(holdChargers)} chargers through the proxy at once...`);
    heldResult = await hold(holdFleet, csms, hosts.proxy, context.dir);
  } finally {
    await Promise.all(Object.values(hosts).map((host) => host.stop()));
    await csms.close();
  }

  const rows: string[][] = [];
  const cpuRatios: string[] = [];
  const splits: string[] = [];
  let addedP50: number | undefined;
  let relayAddedP50: number | undefined;
  for (const f of fleets) {
    const chargers = f.ids.length;
    const of = (path: Path) => results.get(`${chargers} ${path}`) ?? [];
    const relay = {
      rate: medianOf(of('relay'), (r) => r.callsPerSecond),
      p50: medianOf(of('relay'), (r) => r.p50),
      p99: medianOf(of('relay'), (r) => r.p99),
      cpu: medianOf(of('relay'), (r) => r.cpuMicrosPerCall),
    };
    for (const path of PATHS) {
      const runs = of(path);
      const rate = medianOf(runs, (r) => r.callsPerSecond);
      const p50 = medianOf(runs, (r) => r.p50);
      const p99 = medianOf(runs, (r) => r.p99);
      const cpu = medianOf(runs, (r) => r.cpuMicrosPerCall);
      const system = medianOf(runs, (r) => r.systemMicrosPerCall);
      if (path !== 'direct')
        splits.push(`${integer.format(chargers)} ${path} ${fixed(system, 1)} of ${fixed(cpu, 1)}`);
      const last = runs.at(-1)?.stats;
      const check =
        path === 'direct'
          ? `${integer.format(f.calls)} CALLs answered`
          : path === 'relay'
            ? `${integer.format(last?.frames ?? 0)} frames relayed`
            : path === 'floor'
              ? `${integer.format(last?.entries ?? 0)} entries parsed, validated, written`
              : path === 'capture'
                ? `${integer.format(last?.entries ?? 0)} entries written, not analysed`
                : `${integer.format(last?.entries ?? 0)} entries captured (${mib(last?.captureBytes ?? 0)}), ${integer.format(last?.findings ?? 0)} findings`;
      rows.push([
        `${integer.format(chargers)} ${path}`,
        rate === undefined ? '-' : integer.format(rate),
        ratio(rate, relay.rate),
        fixed(p50, 3),
        ratio(p50, relay.p50),
        fixed(p99, 3),
        ratio(p99, relay.p99),
        fixed(cpu, 1),
        ratio(cpu, relay.cpu),
        check,
      ]);
      if (path === 'proxy') {
        const r = cpu !== undefined && relay.cpu !== undefined ? cpu / relay.cpu : NaN;
        const floor = medianOf(of('floor'), (x) => x.cpuMicrosPerCall);
        const capture = medianOf(of('capture'), (x) => x.cpuMicrosPerCall);
        cpuRatios.push(
          `${integer.format(chargers)}: ${r.toFixed(2)}x ${r <= TARGET.cpuRatio ? 'within' : 'OVER'} (floor ${ratio(floor, relay.cpu)}, capture without analysis ${ratio(capture, relay.cpu)}, proxy / floor ${ratio(cpu, floor)})`,
        );
        if (chargers === 1) {
          const direct = medianOf(of('direct'), (x) => x.p50);
          if (p50 !== undefined && direct !== undefined) addedP50 = p50 - direct;
          if (relay.p50 !== undefined && direct !== undefined) relayAddedP50 = relay.p50 - direct;
        }
      }
    }
  }

  const { mix, size } = traffic(fleets);
  const h = heldResult;
  const lost = h.chargerSent - h.csmsReceived + (h.csmsSent - h.chargerReceived);
  const expectedFrames = h.chargerSent + h.csmsSent;
  return {
    facts: [
      {
        label: 'chargers',
        value: `OCPP 1.6 stations of bench/lib/ocpp16-capture.ts (BootNotification, then sessions of StatusNotification, Authorize, StartTransaction, MeterValues, StopTransaction, Heartbeat), one CALL in flight each, the next sent as soon as the answer is in`,
      },
      {
        label: 'findings',
        value:
          'expected: session.heartbeat-interval warnings only (the scripts do not wait the minutes between CALLs)',
      },
      {
        label: 'CALLs',
        value: `${fleets.map((f) => `${integer.format(f.ids.length)} x ${f.scripts[0]!.length}`).join(', ')} per run (chargers x CALLs each); ${mix}`,
      },
      {
        label: 'CALL size',
        value: size,
      },
      {
        label: 'CSMS',
        value: 'raw ws server in this process; answers every CALL at once with a canned CALLRESULT',
      },
      {
        label: 'paths',
        value:
          'direct: charger -> CSMS; relay: a bare ws relay (forwards both ways, nothing else); floor: the bare relay, which also JSON-parses each frame it forwarded, schema-validates it, encodes it and appends it to a file (the least an analysing capture does); capture: ProxyServer writing the capture file, no timeline or analysis; proxy: ProxyServer -> CaptureStore session with ocaSchemaRegistry()',
      },
      {
        label: 'processes',
        value:
          'chargers + CSMS in this one; relay, floor, capture and proxy each in a child (node --import tsx bench/proxy-host.ts)',
      },
      {
        label: 'file descriptors',
        value: `ulimit -n ${limit === undefined ? 'unknown' : limit === Infinity ? 'unlimited' : integer.format(limit)} per process (Node raises the soft limit to the hard one); ${integer.format(HOLD.chargers)} chargers need ~${integer.format(HOLD.chargers * FDS.perCharger + FDS.spare)} in each`,
      },
      ...(profileDir === undefined
        ? []
        : [
            {
              label: 'profile',
              value: `the hosts' CPU profiles in ${profileDir}/{relay,floor,capture,proxy}`,
            },
          ]),
      ...notes,
    ],
    cases: [],
    tables: [
      {
        intro:
          'x relay = median / median of the bare relay with as many chargers; latency = CALL sent -> answer received, at the charger; CPU = the middleman process only, user + system',
        header: [
          'chargers path',
          'calls/s',
          'x relay',
          'p50 ms',
          'x relay',
          'p99 ms',
          'x relay',
          'CPU us/call',
          'x relay',
          'last run',
        ],
        rows,
      },
    ],
    after: [
      {
        label: 'target',
        value: `proxy CPU per call <= ${TARGET.cpuRatio}x relay: ${cpuRatios.join('; ')}`,
      },
      {
        label: 'target',
        value: `added p50 at 1 charger (proxy - direct) < ${TARGET.addedP50Ms} ms: ${fixed(addedP50, 3)} ms, ${addedP50 !== undefined && addedP50 < TARGET.addedP50Ms ? 'within target' : 'OVER target'} (relay - direct: ${fixed(relayAddedP50, 3)} ms)`,
      },
      { label: 'system CPU', value: `us/call in the kernel, of the total: ${splits.join('; ')}` },
      {
        label: 'hold',
        value: `${integer.format(h.chargers)} chargers through the proxy, ${integer.format(h.peakAtCsms)} connected at the CSMS at once; connected in ${integer.format(h.connectMs)} ms, ${integer.format(h.chargerSent)} CALLs in ${integer.format(h.callsMs)} ms${h.timedOut ? ` (TIMED OUT after ${TIMEOUT_MS.hold} ms)` : ''}`,
      },
      {
        label: 'hold frames',
        value: `chargers sent ${integer.format(h.chargerSent)} / received ${integer.format(h.chargerReceived)}; CSMS received ${integer.format(h.csmsReceived)} / sent ${integer.format(h.csmsSent)}; proxy captured ${integer.format(h.captured.frames)} of ${integer.format(expectedFrames)}`,
      },
      { label: 'lost frames', value: integer.format(lost) },
      {
        label: 'hold memory',
        value: `proxy process heap after a full GC: ${mib(h.heapBefore)} before, ${mib(h.heapHeld)} with ${integer.format(h.chargers)} held (and the live capture's ${integer.format(h.captured.entries)} entries)`,
      },
    ],
  };
}

export const proxy: Benchmark = {
  name: 'proxy',
  description: `OCPP 1.6 chargers (${FLEETS.map((f) => f.chargers).join(', ')}) direct, through a bare ws relay and through the proxy (capture + analysis); ${integer.format(HOLD.chargers)} held`,
  run: benchmark,
};
