/**
 * The HTML report of a 100k-frame session, as `ocpp-scope report --html` and the app's Export make
 * it: read the capture -> protect it (redact; anonymize on request) -> analyse the protected
 * entries in a fresh model -> build the report -> render HTML. Timed whole, through the report
 * service's own functions, and phase by phase; against the baseline of what `ocpp-scope check`
 * does with the same file (read + analyse), in the same run. The capture is a field one (a mixed
 * 1.6 / 2.0.1 fleet with reconnects, CALLERRORs and known deviations), so the report has findings,
 * failed rules and transactions to render, not only a clean timeline.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzerOptions, readCaptureFile } from '../src/main/services/capture/read';
import {
  makeReport,
  readCaptureSource,
  renderReport,
  type MakeReportOptions,
} from '../src/main/services/report/make-report';
import { ocaSchemaRegistry } from '../src/main/services/validation/oca-schemas';
import { protectCapture } from '../src/shared/capture/privacy';
import { buildReport } from '../src/shared/report/build';
import { renderHtml } from '../src/shared/report/html/index';
import type { ReportData } from '../src/shared/report/report-data';
import { SessionModel } from '../src/shared/timeline/session-model';
import type { Benchmark, BenchContext, Result } from './lib/benchmark';
import { writeFieldCapture } from './lib/field-capture';
import { median, mib, min, peakRss, sample } from './lib/measure';

const FRAMES = 100_000;
const STATIONS = 20;
const SEED = 0x0c9c;
/** The issue's target for the whole HTML report of this session. */
const TARGET_MS = 5000;
const PROFILE = 'strict';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function options(privacy: MakeReportOptions['privacy'], timeline: boolean): MakeReportOptions {
  return {
    profile: PROFILE,
    failOn: 'error',
    privacy,
    generator: 'ocpp-scope bench',
    // Fixed, so every run renders the same text (the date is in the report).
    now: new Date(Date.UTC(2025, 10, 22, 12)),
    timeline,
  };
}

/** What `ocpp-scope check` does: the file streamed into an analysed model, nothing rendered. */
async function check(path: string): Promise<number> {
  const start = performance.now();
  const read = await readCaptureFile(path, { registry: ocaSchemaRegistry(), profile: PROFILE });
  const ms = performance.now() - start;
  if (read.model.size === 0) throw new Error('check read no entries');
  return ms;
}

/** What a run leaves: figures only, so no run's report is still held (and collected) during the next. */
interface Rendered {
  ms: number;
  bytes: number;
  description: string;
  redactions: number;
  pseudonyms: number;
}

/** The report service end to end, as the CLI calls it: path in, file text out. */
async function wholeReport(
  path: string,
  opts: MakeReportOptions,
  format: 'html' | 'junit',
): Promise<Rendered> {
  const start = performance.now();
  const source = await readCaptureSource(path);
  const made = makeReport(source, opts);
  const { content } = renderReport(made.report, format);
  const ms = performance.now() - start;
  const { privacy } = made.report;
  return {
    ms,
    bytes: Buffer.byteLength(content),
    description: describe(made.report),
    redactions: privacy.redactions,
    pseudonyms: privacy.pseudonyms,
  };
}

const PHASES = ['read', 'protect', 'analyse', 'build', 'render HTML'] as const;
type Phase = (typeof PHASES)[number];

/**
 * The same pipeline as makeReport, step by step with a clock between the steps (makeReport does
 * these calls in this order; a change there should be mirrored here).
 */
async function phases(path: string, opts: MakeReportOptions): Promise<Record<Phase, number>> {
  const t0 = performance.now();
  const source = await readCaptureSource(path);
  const t1 = performance.now();
  const { header, entries, privacy } = protectCapture(source.header, source.entries, opts.privacy);
  const t2 = performance.now();
  const model = new SessionModel(
    analyzerOptions(header, { registry: ocaSchemaRegistry(), profile: opts.profile }),
  );
  for (const entry of entries) model.add(entry);
  model.finish();
  const t3 = performance.now();
  const report = buildReport({
    header,
    model,
    fileProblems: source.fileProblems,
    profile: opts.profile,
    failOn: opts.failOn,
    privacy,
    generator: opts.generator,
    now: opts.now ?? new Date(),
    timeline: opts.timeline,
  });
  const t4 = performance.now();
  const html = renderHtml(report);
  const t5 = performance.now();
  if (html.length === 0) throw new Error('empty HTML');
  return { read: t1 - t0, protect: t2 - t1, analyse: t3 - t2, build: t4 - t3, 'render HTML': t5 - t4 };
}

function ms(value: number): string {
  return value >= 100 ? integer.format(value) : value.toFixed(1);
}

function describe(report: ReportData): string {
  const count = (v: string) => report.verdicts.filter((r) => r.verdict === v).length;
  const f = report.summary.findings.bySeverity;
  return (
    `${count('failed')} rule(s) failed, ${count('passed')} passed, ${count('not-applicable')} not applicable; ` +
    `findings ${integer.format(f.error)} error, ${integer.format(f.warning)} warning, ${integer.format(f.info)} info; ` +
    `${integer.format(report.transactions.length)} transactions; ${integer.format(report.timeline?.length ?? 0)} timeline lines`
  );
}

async function run(context: BenchContext): Promise<Result> {
  const path = join(context.dir, 'field-100k.jsonl');
  context.progress(`generating ${integer.format(FRAMES)} frames from ${STATIONS} stations (field faults)...`);
  const capture = await writeFieldCapture(path, {
    frames: FRAMES,
    stations: STATIONS,
    seed: SEED,
    id: 'bench-report',
  });
  const runs = { runs: context.runs, warmup: context.warmup };
  const redacted = options({ redact: true, anonymize: false }, true);
  const anonymized = options({ redact: true, anonymize: true }, true);

  context.progress('baseline: check (read + analyse)...');
  const baseline = await sample(() => check(path), runs);

  let html: Rendered | undefined;
  context.progress('HTML report, redacted (the default)...');
  const whole = await sample(async () => {
    html = await wholeReport(path, redacted, 'html');
    return html.ms;
  }, runs);
  let anonHtml: Rendered | undefined;
  context.progress('HTML report, redacted and anonymized...');
  const anon = await sample(async () => {
    anonHtml = await wholeReport(path, anonymized, 'html');
    return anonHtml.ms;
  }, runs);
  let junit: Rendered | undefined;
  context.progress('JUnit report (no timeline)...');
  const junitSamples = await sample(async () => {
    junit = await wholeReport(path, options({ redact: true, anonymize: false }, false), 'junit');
    return junit.ms;
  }, runs);

  context.progress('the HTML report phase by phase...');
  const byPhase: Record<Phase, number[]> = {
    read: [],
    protect: [],
    analyse: [],
    build: [],
    'render HTML': [],
  };
  await sample(async () => {
    const times = await phases(path, redacted);
    for (const phase of PHASES) byPhase[phase].push(times[phase]);
    return PHASES.reduce((sum, phase) => sum + times[phase], 0);
  }, runs);
  // The warm-up runs' phases are in the lists too: keep the measured ones only.
  for (const phase of PHASES) byPhase[phase] = byPhase[phase].slice(context.warmup);
  const phaseTotal = PHASES.reduce((sum, phase) => sum + median(byPhase[phase]), 0);

  const { size } = await stat(path);
  return {
    facts: [
      { label: 'capture', value: `${mib(size)} (${integer.format(size)} bytes)` },
      {
        label: 'entries',
        value: `${integer.format(capture.entries)}: ${integer.format(capture.frames)} frames + ${integer.format(capture.entries - capture.frames)} connection events, ${capture.stations} stations; connections ${Object.entries(
          capture.subprotocols,
        )
          .map(([subprotocol, n]) => `${n} ${subprotocol}`)
          .join(', ')}`,
      },
      { label: 'report', value: html!.description },
      {
        label: 'privacy',
        value: `${integer.format(html!.redactions)} value(s) redacted (a proxy's own capture keeps no password); anonymized: ${integer.format(anonHtml!.pseudonyms)} pseudonym(s)`,
      },
    ],
    itemsName: 'frames',
    cases: [
      {
        label: 'check',
        what: 'baseline, as `ocpp-scope check`: readCaptureFile (stream + analyse with the OCA schemas)',
        samples: baseline,
        items: capture.frames,
      },
      {
        label: 'HTML report',
        what: 'readCaptureSource + makeReport (protect: redact, analyse, build with timeline) + renderReport html',
        samples: whole,
        items: capture.frames,
        targetMs: TARGET_MS,
      },
      {
        label: 'HTML, anonymized',
        what: 'the same, with station ids and idTags / idTokens pseudonymised as well',
        samples: anon,
        items: capture.frames,
      },
      {
        label: 'JUnit report',
        what: 'readCaptureSource + makeReport (redact, no timeline) + renderReport junit',
        samples: junitSamples,
        items: capture.frames,
      },
    ],
    tables: [
      {
        intro: `The HTML report phase by phase (median of ${context.runs} run(s); share of their sum, ${ms(phaseTotal)} ms):`,
        header: ['phase', 'median ms', 'min ms', 'share', 'what'],
        rows: PHASES.map((phase) => [
          phase,
          ms(median(byPhase[phase])),
          ms(min(byPhase[phase])),
          `${((median(byPhase[phase]) / phaseTotal) * 100).toFixed(0)}%`,
          {
            read: 'readCaptureSource: stream the file, decode every line',
            protect: 'protectCapture: learn the secrets, rewrite what holds them',
            analyse: 'a fresh SessionModel fed every protected entry, finish()',
            build: 'buildReport: summary, verdicts, findings, transactions, charts, timeline lines',
            'render HTML': 'renderHtml: one self-contained file',
          }[phase],
        ]),
      },
    ],
    after: [
      {
        label: 'HTML file',
        value: `${mib(html!.bytes)} (${integer.format(html!.bytes)} bytes), ${(html!.bytes / size).toFixed(2)}x the capture`,
      },
      { label: 'HTML file, anonymized', value: `${mib(anonHtml!.bytes)}` },
      { label: 'JUnit file', value: `${integer.format(junit!.bytes)} bytes` },
      { label: 'peak rss (process so far)', value: mib(peakRss()) },
    ],
  };
}

export const report: Benchmark = {
  name: 'report',
  description: `the HTML report of a ${FRAMES / 1000}k-frame field capture (${STATIONS} stations, mixed 1.6 / 2.0.1), against check`,
  run,
};
