/**
 * The analysis pipeline's throughput: parse -> correlate -> validate -> rules, entry by entry, on
 * a 100k-frame capture of a mixed fleet (half the stations OCPP 1.6, half 2.0.1, each version
 * negotiated by subprotocol), against the floor of JSON-parsing every frame's raw text. The entries
 * are read from the generated file once and held in memory: the figures are the pipeline's, not
 * the disk's.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ocaSchemaRegistry } from '../src/main/services/validation/oca-schemas';
import { Analyzer, type AnalyzerOptions } from '../src/shared/analysis/analyzer';
import type { Finding } from '../src/shared/analysis/finding';
import type { Entry } from '../src/shared/capture/entry';
import { decodeEntry } from '../src/shared/capture/format';
import type { Benchmark, BenchContext, Result } from './lib/benchmark';
import { mib, sample } from './lib/measure';
import { writeMixedCapture } from './lib/ocpp201-capture';

const FRAMES = 100_000;
/** Ten 1.6 and ten 2.0.1 stations. */
const STATIONS = 20;
const SEED = 0x0c9a;
/** What "keeps up" means: a day of a large fleet re-checked in seconds, on one core. */
const TARGET_FRAMES_PER_SECOND = 50_000;
/** Rules listed when the clean capture is not clean after all. */
const TOP_RULES = 8;

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** The capture's entries in memory, as the store would hand them over (header dropped). */
async function readEntries(path: string): Promise<Entry[]> {
  const lines = (await readFile(path, 'utf8')).split('\n');
  const entries: Entry[] = [];
  for (const line of lines.slice(1)) {
    if (line.length === 0) continue;
    const decoded = decodeEntry(line);
    if (!decoded.ok) throw new Error(`the generated capture has a bad line: ${decoded.error}`);
    entries.push(decoded.value);
  }
  return entries;
}

/** The floor: every frame's raw text parsed, nothing checked. The count keeps the work observable. */
function parseOnly(entries: readonly Entry[]): number {
  const start = performance.now();
  let arrays = 0;
  for (const entry of entries) {
    if (entry.kind === 'frame' && Array.isArray(JSON.parse(entry.raw))) arrays++;
  }
  const ms = performance.now() - start;
  if (arrays === 0) throw new Error('no frame parsed to an array');
  return ms;
}

/**
 * Timed analyses of the whole capture: each run a fresh Analyzer fed every entry, then finished.
 * Also what the last run found, to tell whether the capture is as clean as it should be.
 */
async function analyses(
  entries: readonly Entry[],
  analyzerOptions: AnalyzerOptions,
  options: { runs: number; warmup: number },
): Promise<{ samples: number[]; findings: readonly Finding[] }> {
  let findings: readonly Finding[] = [];
  const samples = await sample(() => {
    const start = performance.now();
    const analyzer = new Analyzer(analyzerOptions);
    for (const entry of entries) analyzer.add(entry);
    analyzer.finish();
    const ms = performance.now() - start;
    findings = analyzer.findings;
    return Promise.resolve(ms);
  }, options);
  return { samples, findings };
}

function byRule(findings: readonly Finding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings)
    counts.set(`${f.rule} (${f.severity})`, (counts.get(`${f.rule} (${f.severity})`) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  const shown = sorted.slice(0, TOP_RULES).map(([rule, n]) => `${rule} ${integer.format(n)}`);
  if (sorted.length > TOP_RULES) shown.push(`${sorted.length - TOP_RULES} more rule(s)`);
  return shown.join(', ');
}

async function run(context: BenchContext): Promise<Result> {
  const path = join(context.dir, 'mixed-100k.jsonl');
  context.progress(
    `generating ${integer.format(FRAMES)} frames from ${STATIONS} stations (1.6 and 2.0.1)...`,
  );
  const capture = await writeMixedCapture(path, {
    frames: FRAMES,
    stations: STATIONS,
    seed: SEED,
    id: 'bench-mixed',
  });
  const entries = await readEntries(path);
  if (entries.length !== capture.entries) {
    throw new Error(`read ${entries.length} entries back, ${capture.entries} were written`);
  }
  const options = { runs: context.runs, warmup: context.warmup };
  const registry = ocaSchemaRegistry();

  context.progress('baseline: JSON.parse of every frame...');
  const baseline = await sample(() => Promise.resolve(parseOnly(entries)), options);
  context.progress('analyzer without schemas...');
  const plain = await analyses(entries, { profile: 'strict' }, options);
  context.progress('analyzer with the OCA schemas...');
  const full = await analyses(entries, { registry, profile: 'strict' }, options);

  const allCalls = Object.values(capture.calls).reduce((a, b) => a + b, 0);
  const mix = Object.entries(capture.calls)
    .sort((a, b) => b[1] - a[1])
    .map(([action, n]) => `${action} ${integer.format(n)}`)
    .join(', ');
  const stations = Object.entries(capture.subprotocols)
    .map(([subprotocol, n]) => `${n} ${subprotocol}`)
    .join(', ');
  const findingsText = (findings: readonly Finding[]) =>
    findings.length === 0 ? '0' : `${integer.format(findings.length)}: ${byRule(findings)}`;
  return {
    facts: [
      {
        label: 'file',
        value: `${mib(capture.bytes)} (${integer.format(capture.bytes)} bytes), read once, held in memory`,
      },
      {
        label: 'entries',
        value: `${integer.format(capture.entries)}: ${integer.format(capture.frames)} frames + ${capture.entries - capture.frames} connection`,
      },
      { label: 'stations', value: `${capture.stations}: ${stations}` },
      { label: 'CALLs', value: mix },
      {
        label: 'raw text',
        value: `mean ${Math.round(capture.meanRawChars)} chars per frame; periodic meter-value CALLs (MeterValues, TransactionEvent Updated) ${Math.round(capture.meanMeterChars)} chars, ${((capture.meterCalls / allCalls) * 100).toFixed(0)}% of CALLs`,
      },
    ],
    itemsName: 'frames',
    cases: [
      {
        label: 'baseline',
        what: "JSON.parse of every frame's raw text, nothing else",
        samples: baseline,
        items: capture.frames,
      },
      {
        label: 'no schemas',
        what: 'Analyzer (strict) without registry: parse + correlate + rules, finish()',
        samples: plain.samples,
        items: capture.frames,
      },
      {
        label: 'full',
        what: 'Analyzer (strict) with ocaSchemaRegistry(): parse + correlate + validate + rules, finish()',
        samples: full.samples,
        items: capture.frames,
        targetMs: (capture.frames / TARGET_FRAMES_PER_SECOND) * 1000,
      },
    ],
    after: [
      { label: 'target', value: `full >= ${integer.format(TARGET_FRAMES_PER_SECOND)} frames/s on one core` },
      { label: 'findings (full)', value: findingsText(full.findings) },
      { label: 'findings (no schemas)', value: findingsText(plain.findings) },
    ],
  };
}

export const analysis: Benchmark = {
  name: 'analysis',
  description: `analyse a ${FRAMES / 1000}k-frame mixed OCPP 1.6 / 2.0.1 capture (${STATIONS} stations)`,
  run,
};
