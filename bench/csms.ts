/**
 * `csms`: the mock CSMS under load. 1,000 simulated chargers (raw `ws`, ocpp1.6) connect and each
 * sends a Heartbeat and then a MeterValues every second for 30 s (OCPP_SCOPE_BENCH_CSMS_SECONDS
 * and OCPP_SCOPE_BENCH_CSMS_CHARGERS shorten it for a quick run). The CSMS runs in its own process
 * (bench/csms-host.ts) with capture and analysis on, so its CPU is measured alone. Frames are
 * counted on both ends: every CALL sent must be received and answered.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { Benchmark } from './lib/benchmark';
import type { CsmsHostReply, CsmsHostRequest } from './csms-host';

const HOST_PATH = new URL('./csms-host.ts', import.meta.url).pathname;

function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

class Host {
  private constructor(private readonly child: ChildProcess) {}
  static async start(): Promise<Host> {
    const child = fork(HOST_PATH, [], {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const host = new Host(child);
    await host.reply();
    return host;
  }
  private reply(): Promise<CsmsHostReply> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`the CSMS host exited (${code}) before it answered`));
      this.child.once('exit', onExit);
      this.child.once('message', (reply: CsmsHostReply) => {
        this.child.off('exit', onExit);
        if (reply.op === 'failed') reject(new Error(`CSMS host: ${reply.message}`));
        else resolve(reply);
      });
    });
  }
  async request<Op extends CsmsHostReply['op']>(
    request: CsmsHostRequest,
    op: Op,
  ): Promise<Extract<CsmsHostReply, { op: Op }>> {
    const answer = this.reply();
    this.child.send(request);
    const reply = await answer;
    if (reply.op !== op) throw new Error(`CSMS host answered ${reply.op} to ${request.op}`);
    return reply as Extract<CsmsHostReply, { op: Op }>;
  }
  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.disconnect();
    });
  }
}

/** One simulated charger: Heartbeat, then (on its answer) MeterValues, every second. */
class Charger {
  sent = 0;
  answered = 0;
  readonly latencies: number[] = [];
  private readonly pending = new Map<string, number>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private n = 0;
  private meter = 0;

  private constructor(
    readonly ws: WebSocket,
    private readonly id: string,
  ) {
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as [number, string];
      const sentAt = this.pending.get(message[1]);
      if (sentAt === undefined) return;
      this.pending.delete(message[1]);
      this.answered++;
      this.latencies.push(performance.now() - sentAt);
      if (message[1].startsWith('h'))
        this.call('m', 'MeterValues', {
          connectorId: 1,
          meterValue: [
            {
              timestamp: new Date().toISOString(),
              sampledValue: [
                { value: String((this.meter += 3)), measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
              ],
            },
          ],
        });
    });
  }

  static connect(url: string, id: string): Promise<Charger> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${url}${id}`, ['ocpp1.6'], { perMessageDeflate: false });
      ws.once('open', () => resolve(new Charger(ws, id)));
      ws.once('error', reject);
    });
  }

  private call(prefix: string, action: string, payload: unknown): void {
    const messageId = `${prefix}${this.id}-${++this.n}`;
    this.pending.set(messageId, performance.now());
    this.sent++;
    this.ws.send(JSON.stringify([2, messageId, action, payload]));
  }

  start(offsetMs: number): void {
    const tick = () => this.call('h', 'Heartbeat', {});
    this.timer = setTimeout(() => {
      tick();
      this.timer = setInterval(tick, 1000);
    }, offsetMs);
  }

  stop(): void {
    clearTimeout(this.timer);
    clearInterval(this.timer);
  }

  get unanswered(): number {
    return this.pending.size;
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export const csms: Benchmark = {
  name: 'csms',
  description:
    'mock CSMS: 1,000 chargers, a Heartbeat and a MeterValues per second each, capture and analysis on',
  async run(context) {
    const chargers = envInt('OCPP_SCOPE_BENCH_CSMS_CHARGERS', 1000);
    const seconds = envInt('OCPP_SCOPE_BENCH_CSMS_SECONDS', 30);
    const host = await Host.start();
    try {
      const url = (await host.request({ op: 'open', dir: join(context.dir, 'csms') }, 'opened')).url;
      context.progress(`csms: connecting ${chargers} chargers`);
      const fleet: Charger[] = [];
      for (let k = 0; k < chargers; k += 100) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(100, chargers - k) }, (_, j) =>
            Charger.connect(url, `CP${String(k + j).padStart(5, '0')}`),
          ),
        );
        fleet.push(...batch);
      }
      context.progress(`csms: ${seconds} s of traffic`);
      const before = await host.request({ op: 'begin' }, 'cpu');
      const startedAt = performance.now();
      fleet.forEach((c, k) => c.start((k * 1000) / chargers));
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      for (const c of fleet) c.stop();
      // The last answers are still on their way: wait until every CALL is answered (or 10 s).
      const deadline = performance.now() + 10_000;
      while (fleet.some((c) => c.unanswered > 0) && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const wallMs = performance.now() - startedAt;
      const after = await host.request({ op: 'end' }, 'cpu');
      for (const c of fleet) c.ws.close(1000);
      const { stats } = await host.request({ op: 'close' }, 'closed');
      const sent = fleet.reduce((n, c) => n + c.sent, 0);
      const answered = fleet.reduce((n, c) => n + c.answered, 0);
      const latencies = fleet.flatMap((c) => c.latencies).sort((a, b) => a - b);
      const cpuMs = (after.user - before.user + after.system - before.system) / 1000;
      return {
        facts: [
          { label: 'chargers', value: String(chargers) },
          { label: 'duration', value: `${seconds} s (wall ${(wallMs / 1000).toFixed(1)} s with the drain)` },
          { label: 'CALLs sent by the chargers', value: String(sent) },
          { label: 'CALLs received by the CSMS', value: String(stats.callsIn) },
          { label: 'answers sent by the CSMS', value: String(stats.answersOut) },
          { label: 'answers received by the chargers', value: String(answered) },
          {
            label: 'lost or unanswered',
            value: String(sent - answered + (stats.callsIn - stats.answersOut)),
          },
          { label: 'capture entries / findings', value: `${stats.entries} / ${stats.findings}` },
        ],
        cases: [],
        tables: [
          {
            header: ['measure', 'value', 'unit'],
            rows: [
              ['CSMS CPU share', ((cpuMs / wallMs) * 100).toFixed(1), '% of one core'],
              ['CSMS CPU per CALL', ((cpuMs * 1000) / Math.max(1, stats.callsIn)).toFixed(1), 'µs'],
              ['answer latency p50', percentile(latencies, 50).toFixed(2), 'ms'],
              ['answer latency p99', percentile(latencies, 99).toFixed(2), 'ms'],
              ['answer latency max', (latencies.at(-1) ?? NaN).toFixed(2), 'ms'],
            ],
          },
        ],
      };
    } finally {
      await host.stop();
    }
  },
};
