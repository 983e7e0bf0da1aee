/**
 * The benchmark runner: `npm run bench` runs every benchmark, `npm run bench -- <name>...` the
 * named ones. Prints figures and ratios against a baseline measured in the same run (so the ratios
 * compare across machines); it never asserts on time and exits 0 unless a benchmark throws.
 * A new benchmark is one module in bench/ exporting a `Benchmark`, added to BENCHMARKS below.
 */
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { arch, cpus, loadavg, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Benchmark } from './lib/benchmark';
import { formatResult } from './lib/report';
import { analysis } from './analysis';
import { openCapture } from './open-capture';
import { proxy } from './proxy';
import { csms } from './csms';
import { serial } from './serial';
import { ui } from './ui';
import { report } from './report';
import { importBench } from './import';

const BENCHMARKS: readonly Benchmark[] = [
  openCapture,
  analysis,
  proxy,
  csms,
  serial,
  ui,
  report,
  importBench,
];

const USAGE = `usage: npm run bench -- [name...] [--runs N] [--warmup N] [--list]
benchmarks: ${BENCHMARKS.map((b) => b.name).join(', ')}`;

function positiveInt(value: string | undefined, fallback: number, name: string, allowZero = false): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < (allowZero ? 0 : 1))
    throw new Error(`--${name} must be an integer >= ${allowZero ? 0 : 1}`);
  return n;
}

async function main(): Promise<number> {
  let args;
  let runs: number;
  let warmup: number;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        runs: { type: 'string' },
        warmup: { type: 'string' },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    runs = positiveInt(args.values.runs, 5, 'runs');
    warmup = positiveInt(args.values.warmup, 1, 'warmup', true);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (args.values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (args.values.list) {
    for (const b of BENCHMARKS) process.stdout.write(`${b.name.padEnd(20)} ${b.description}\n`);
    return 0;
  }
  const unknown = args.positionals.filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`no benchmark named ${unknown.join(', ')}\n${USAGE}\n`);
    return 2;
  }
  const selected =
    args.positionals.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => args.positionals.includes(b.name));

  const cpu = cpus();
  process.stdout.write(
    `OCPP Scope benchmarks: node ${process.version}, ${platform()} ${arch()}, ` +
      `${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ` +
      // Other work on the machine moves the figures; the load says how much there was.
      `load average ${loadavg()[0]!.toFixed(2)}\n`,
  );

  const root = await mkdtemp(join(tmpdir(), 'ocpp-scope-bench-'));
  // Generated captures are large: an interrupted run must not leave them in the temp dir.
  const onInterrupt = () => {
    rmSync(root, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  let failed = 0;
  try {
    for (const benchmark of selected) {
      const dir = join(root, benchmark.name);
      await mkdir(dir);
      const started = performance.now();
      try {
        const result = await benchmark.run({
          dir,
          runs,
          warmup,
          progress: (message) => process.stderr.write(`  [${benchmark.name}] ${message}\n`),
        });
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        const lines = formatResult(benchmark, result, runs, warmup);
        process.stdout.write(`\n${lines.join('\n')}\n(${benchmark.name} took ${seconds} s)\n`);
      } catch (error) {
        failed++;
        process.stdout.write(`\n## ${benchmark.name}: FAILED\n`);
        process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      }
    }
  } finally {
    process.off('SIGINT', onInterrupt);
    await rm(root, { recursive: true, force: true });
  }
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
