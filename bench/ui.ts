/**
 * `ui`: a 100,000-entry session in the browser, as a user meets it. The built app runs in serve
 * mode with the capture in its data dir; Chromium (driven by Playwright) opens it from the sessions
 * list, filters it in the filter bar, scrolls it and shows its sequence diagram. Timed: the first
 * rows after the click, each filter's round trip after Enter; counted: the rows in the DOM. The
 * baseline is the same work over the served app's WebSocket RPC from Node, with no browser, in the
 * same run: UI/RPC is what the renderer adds. Targets are printed, never enforced.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import type { RpcClient } from '../src/shared/rpc/client';
import type { Benchmark, BenchContext, Fact, Result, Table } from './lib/benchmark';
import { writeFieldCapture } from './lib/field-capture';
import { median, mib, percentile, sample } from './lib/measure';
import { writeOcpp16Capture } from './lib/ocpp16-capture';
import { checkBuild, connectRpc, startServe, type BuildInfo } from './lib/serve-process';
import { TIMELINE_ROWS, UiPage, type DomCount, type Trigger } from './ui-page';

const FRAMES = 100_000;
/** Ten OCPP 1.6 and ten 2.0.1 stations. */
const STATIONS = 20;
const SEED = 0x0c9c;
const SESSION_ID = 'bench-ui-100k';
/** A small session to open between runs, so that each run opens the big one from its file again. */
const OTHER_ID = 'bench-ui-other';
/** The renderer's page of rows (PAGE_SIZE in src/renderer/state/store.ts): what it asks for first. */
const PAGE_ROWS = 200;
/** Of different cost: a row field, two row fields, the frames' raw text, the findings. */
const FILTERS = [
  'action:StartTransaction',
  'station:CP-BENCH-0005 and type:call',
  '"Charging"',
  'severity:warning',
] as const;
const TARGET = { firstRowsMs: 2_000, filterMs: 300, domRows: 150 };
const TIMEOUT_MS = { open: 60_000, filter: 30_000, scroll: 30_000, filterBar: 5_000, sequence: 10_000 };
/** As playwright.config.ts launches it (Debian's Chromium; no network at start-up). */
const CHROMIUM = {
  executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
const VIEWPORT = { width: 1440, height: 900 };
const CLICK: Trigger = { event: 'click' };
const ENTER: Trigger = { event: 'keydown', key: 'Enter' };

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const fixed = (ms: number) => (ms >= 100 ? integer.format(ms) : ms.toFixed(1));

interface Timed {
  label: string;
  matches?: number;
  rpc: number[];
  /** Undefined: not measurable in the UI, for the reason given. */
  ui?: number[];
  uiMissing?: string;
  targetMs: number;
  /** Rows the UI's view counted when they differed from the RPC's (aria-rowcount). */
  mismatch?: string;
}

interface DomRow {
  view: string;
  count?: DomCount;
  readyMs?: number;
  missing?: string;
}

/**
 * Per filter ('' for clearing it), its measured runs. Each filter in turn, then none: main keeps
 * one filtered view per session, so every run filters the whole session again.
 */
async function byFilter(
  context: BenchContext,
  trial: (filter: string) => Promise<number>,
): Promise<Map<string, number[]>> {
  const samples = new Map<string, number[]>();
  for (let round = 0; round < context.warmup + context.runs; round++) {
    for (const filter of [...FILTERS, '']) {
      const ms = await trial(filter);
      if (round >= context.warmup) samples.set(filter, [...(samples.get(filter) ?? []), ms]);
    }
  }
  return samples;
}

async function rpcBaseline(rpc: RpcClient, context: BenchContext) {
  const options = { runs: context.runs, warmup: context.warmup };
  context.progress('RPC: sessions.open + first page of rows...');
  const firstRows = await sample(async () => {
    await rpc.call('sessions.close', { sessionId: SESSION_ID });
    const start = performance.now();
    await rpc.call('sessions.open', { sessionId: SESSION_ID });
    await rpc.call('timeline.rows', { sessionId: SESSION_ID, offset: 0, limit: PAGE_ROWS });
    return performance.now() - start;
  }, options);

  context.progress('RPC: timeline.filter...');
  // A large file answers open() after its first screens and reads the rest in the background:
  // filters are timed over the whole session, once it is all read.
  await rpc.call('sessions.open', { sessionId: SESSION_ID });
  while ((await rpc.call('sessions.open', { sessionId: SESSION_ID })).info.loading) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const matches = new Map<string, number>();
  const filters = await byFilter(context, async (filter) => {
    const start = performance.now();
    if (filter === '') {
      await rpc.call('timeline.rows', { sessionId: SESSION_ID, offset: 0, limit: PAGE_ROWS });
      return performance.now() - start;
    }
    const page = await rpc.call('timeline.filter', {
      sessionId: SESSION_ID,
      filter,
      offset: 0,
      limit: PAGE_ROWS,
    });
    const ms = performance.now() - start;
    if (!page.ok) throw new Error(`the filter ${filter} does not compile: ${page.error.message}`);
    matches.set(filter, page.total);
    return ms;
  });

  // What the capture holds, in the engine's own words.
  const summary = await rpc.call('analysis.summary', { sessionId: SESSION_ID });
  const count = async (filter: string) => {
    const page = await rpc.call('timeline.filter', { sessionId: SESSION_ID, filter, offset: 0, limit: 0 });
    return page.ok ? page.total : NaN;
  };
  const callErrors = await count('type:error');
  const connections = await count('kind:connection');
  // The UI's first run must read the file too.
  await rpc.call('sessions.close', { sessionId: SESSION_ID });
  return { firstRows, filters, matches, summary, callErrors, connections };
}

async function launch(): Promise<Browser> {
  try {
    return await chromium.launch(CHROMIUM);
  } catch (error) {
    throw new Error(
      `could not start Chromium at ${CHROMIUM.executablePath} (set CHROMIUM_PATH to another): ${String(error)}`,
      { cause: error },
    );
  }
}

/** The sessions list's button of a session. */
const sessionButton = (ui: UiPage, id: string) => ui.page.locator(`.session-open[title="${id}"]`);

async function uiFirstRows(ui: UiPage, context: BenchContext, entries: number, otherEntries: number) {
  context.progress('UI: click the session, first rows...');
  return sample(
    async () => {
      // Timed only to wait for it: opening the other session closes the big one in main.
      await ui.timed(
        CLICK,
        { rowCount: otherEntries, laidOut: TIMELINE_ROWS },
        () => sessionButton(ui, OTHER_ID).click(),
        TIMEOUT_MS.open,
      );
      return ui.timed(
        CLICK,
        { rowCount: entries, laidOut: TIMELINE_ROWS },
        () => sessionButton(ui, SESSION_ID).click(),
        TIMEOUT_MS.open,
      );
    },
    { runs: context.runs, warmup: context.warmup },
  );
}

async function uiDom(ui: UiPage, context: BenchContext, entries: number): Promise<DomRow[]> {
  context.progress('UI: rows in the DOM...');
  const rows: DomRow[] = [{ view: 'timeline after opening', count: await ui.domCount() }];
  const middleMs = await ui.scrollToMiddle(TIMEOUT_MS.scroll);
  rows.push({ view: 'timeline scrolled to the middle', count: await ui.domCount(), readyMs: middleMs });
  await ui.timeline.click();
  const endMs = await ui.timed(
    { event: 'keydown', key: 'End' },
    { laidOut: `[data-testid="timeline"] [data-seq="${entries}"]` },
    () => ui.timeline.press('End'),
    TIMEOUT_MS.scroll,
  );
  rows.push({ view: 'timeline at End', count: await ui.domCount(), readyMs: endMs });

  const sequenceButton = ui.page.getByTestId('view-sequence');
  if ((await sequenceButton.count()) === 0) {
    rows.push({ view: 'sequence view', missing: 'n/a: no view-sequence button' });
    return rows;
  }
  try {
    const readyMs = await ui.timed(
      CLICK,
      { laidOut: '[data-testid="seq-arrow"]' },
      () => sequenceButton.click(),
      TIMEOUT_MS.sequence,
    );
    const arrows = await ui.page.getByTestId('seq-arrow').count();
    const { elements } = await ui.domCount();
    rows.push({ view: 'sequence view (arrows)', count: { rows: arrows, elements }, readyMs });
  } catch {
    rows.push({ view: 'sequence view', missing: `n/a: no seq-arrow within ${TIMEOUT_MS.sequence / 1000} s` });
  }
  await ui.page.getByTestId('view-timeline').click();
  await ui.page.locator(TIMELINE_ROWS).first().waitFor({ timeout: TIMEOUT_MS.scroll });
  return rows;
}

interface UiFilters {
  /** Why the filters could not be timed in the UI. */
  missing?: string;
  samples: Map<string, number[]>;
  /** The rows the UI's view counted after each filter (aria-rowcount). */
  shown: Map<string, number>;
}

/** The filter bar's round trips, or why there are none. */
async function uiFilters(
  ui: UiPage,
  context: BenchContext,
  entries: number,
  matches: Map<string, number>,
): Promise<UiFilters> {
  const input = ui.page.getByTestId('filter-input');
  try {
    await input.waitFor({ timeout: TIMEOUT_MS.filterBar });
  } catch {
    return {
      missing: 'filter bar not found ([data-testid="filter-input"])',
      samples: new Map(),
      shown: new Map(),
    };
  }
  context.progress('UI: filters...');
  const shown = new Map<string, number>();
  const samples = await byFilter(context, async (filter) => {
    await input.fill(filter);
    const wanted =
      filter === ''
        ? { appliedFilter: '', rowCount: entries, laidOut: TIMELINE_ROWS }
        : { appliedFilter: filter, ...((matches.get(filter) ?? 0) > 0 ? { laidOut: TIMELINE_ROWS } : {}) };
    const ms = await ui.timed(ENTER, wanted, () => input.press('Enter'), TIMEOUT_MS.filter);
    shown.set(filter, Number(await ui.timeline.getAttribute('aria-rowcount')));
    return ms;
  });
  return { samples, shown };
}

function verdict(value: number, target: number): string {
  return value < target ? 'pass' : 'MISS';
}

function timesTable(cases: Timed[], context: BenchContext): Table {
  return {
    intro:
      `ms, median and p90 (nearest rank) of ${context.runs} run(s) after ${context.warmup} warm-up; ` +
      'RPC: the same requests from Node over the served WebSocket, no browser; UI/RPC: ratio of the medians; ' +
      'result: the UI median against the target',
    header: ['case', 'matches', 'RPC median', 'RPC p90', 'UI median', 'UI p90', 'UI/RPC', 'target', 'result'],
    rows: cases.map((c) => {
      const rpc = median(c.rpc);
      const ui = c.ui === undefined ? undefined : median(c.ui);
      return [
        c.label,
        c.matches === undefined ? '' : integer.format(c.matches),
        fixed(rpc),
        fixed(percentile(c.rpc, 90)),
        ui === undefined ? 'n/a' : fixed(ui),
        c.ui === undefined ? 'n/a' : fixed(percentile(c.ui, 90)),
        ui === undefined ? 'n/a' : `${(ui / rpc).toFixed(1)}x`,
        `< ${integer.format(c.targetMs)} ms`,
        ui === undefined
          ? (c.uiMissing ?? 'n/a')
          : `${verdict(ui, c.targetMs)}${c.mismatch ? `; ${c.mismatch}` : ''}`,
      ];
    }),
  };
}

function domTable(rows: DomRow[]): Table {
  return {
    intro:
      'rows in the DOM: [role=row] in the timeline scroller (arrows in the sequence view); ' +
      'ready: ms from the scroll, the End key or the click to those rows laid out (one run)',
    header: ['view', 'rows', 'elements in page', 'ready ms', 'target', 'result'],
    rows: rows.map((r) => [
      r.view,
      r.count === undefined ? 'n/a' : String(r.count.rows),
      r.count === undefined ? 'n/a' : integer.format(r.count.elements),
      r.readyMs === undefined ? '' : fixed(r.readyMs),
      `< ${TARGET.domRows}`,
      r.count === undefined ? (r.missing ?? 'n/a') : verdict(r.count.rows, TARGET.domRows),
    ]),
  };
}

function buildFact(build: BuildInfo): Fact {
  const minutes = Math.round((Date.now() - build.builtAt.getTime()) / 60_000);
  return {
    label: 'app',
    value:
      `out/ built ${minutes} min ago` +
      (build.newerSources > 0
        ? `; ${build.newerSources} file(s) in src/ changed since: \`npm run build\` to measure the tree's code`
        : ''),
  };
}

async function run(context: BenchContext): Promise<Result> {
  const build = checkBuild();
  const dataDir = join(context.dir, 'data');
  await mkdir(join(dataDir, 'sessions'), { recursive: true });
  context.progress(`generating ${integer.format(FRAMES)} frames from ${STATIONS} stations...`);
  const capture = await writeFieldCapture(join(dataDir, 'sessions', `${SESSION_ID}.jsonl`), {
    frames: FRAMES,
    stations: STATIONS,
    seed: SEED,
    id: SESSION_ID,
  });
  const other = await writeOcpp16Capture(join(dataDir, 'sessions', `${OTHER_ID}.jsonl`), {
    frames: 200,
    stations: 2,
    seed: SEED,
    id: OTHER_ID,
  });

  const serve = await startServe(dataDir);
  let browser: Browser | undefined;
  try {
    const connection = await connectRpc(serve.url);
    const rpc = await rpcBaseline(connection.rpc, context).finally(() => connection.close());

    browser = await launch();
    const ui = await UiPage.open(browser, VIEWPORT);
    await ui.page.goto(serve.url);
    await sessionButton(ui, SESSION_ID).waitFor({ timeout: TIMEOUT_MS.open });
    const firstRows = await uiFirstRows(ui, context, capture.entries, other.entries);
    const heap = await ui.heapUsed();
    const dom = await uiDom(ui, context, capture.entries);
    const filters = await uiFilters(ui, context, capture.entries, rpc.matches);

    const cases: Timed[] = [
      { label: 'first rows', rpc: rpc.firstRows, ui: firstRows, targetMs: TARGET.firstRowsMs },
      ...[...FILTERS, ''].map((filter): Timed => {
        const matches = filter === '' ? capture.entries : rpc.matches.get(filter);
        const shown = filters.shown.get(filter);
        return {
          label: filter === '' ? 'clear the filter' : `filter ${filter}`,
          ...(matches === undefined ? {} : { matches }),
          rpc: rpc.filters.get(filter) ?? [],
          ...(filters.missing === undefined
            ? { ui: filters.samples.get(filter) ?? [] }
            : { uiMissing: filters.missing }),
          targetMs: TARGET.filterMs,
          ...(shown !== undefined && shown !== matches
            ? { mismatch: `MISMATCH: the UI shows ${integer.format(shown)} rows` }
            : {}),
        };
      }),
    ];
    const { error = 0, warning = 0, info = 0 } = rpc.summary.bySeverity;
    const reconnects = (rpc.connections - capture.stations) / 2;
    const connections = Object.entries(capture.subprotocols)
      .map(([subprotocol, n]) => `${n} ${subprotocol}`)
      .join(', ');
    return {
      facts: [
        buildFact(build),
        {
          label: 'file',
          value: `${mib(capture.bytes)}, ${integer.format(capture.entries)} entries: ${integer.format(capture.frames)} frames, ${rpc.connections} connection events (${reconnects} reconnects)`,
        },
        {
          label: 'stations',
          value: `${capture.stations}, OCPP 1.6 and 2.0.1 in turn; connections: ${connections}`,
        },
        {
          label: 'faults',
          value: `${rpc.callErrors} CALLERRORs; findings: ${error} error, ${warning} warning, ${info} info`,
        },
        {
          label: 'browser',
          value: `Chromium ${browser.version()}, headless, ${VIEWPORT.width}x${VIEWPORT.height}`,
        },
      ],
      cases: [],
      tables: [timesTable(cases, context), domTable(dom)],
      after: [
        {
          label: 'first rows',
          value: `UI: click on the session in the sessions list (another one open before, so main reads the file again) to the first frame with its rows; RPC: sessions.open + timeline.rows(0, ${PAGE_ROWS}) after sessions.close`,
        },
        {
          label: 'filter',
          value: `UI: Enter in the filter bar to the first frame with data-applied-filter set and its rows; RPC: timeline.filter(0, ${PAGE_ROWS}); filters take turns, so each run filters all entries again`,
        },
        ...(heap === undefined ? [] : [{ label: 'page JS heap after opening', value: mib(heap) }]),
      ],
    };
  } finally {
    await browser?.close();
    await serve.stop();
  }
}

export const ui: Benchmark = {
  name: 'ui',
  description: `a ${FRAMES / 1000}k-entry session in Chromium (serve mode): first rows, filter round trips, DOM rows (needs npm run build)`,
  run,
};
