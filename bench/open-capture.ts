/**
 * Opening a 100k-frame capture: how long the store takes to read a session file into a model, and
 * how long the user waits for the first screen of timeline rows, against the floor of reading and
 * JSON-parsing the same file with nothing else done.
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEngine } from '../src/main/engine';
import { readCaptureFile } from '../src/main/services/capture/read';
import { createClient } from '../src/shared/rpc/client';
import { createMemoryChannel } from '../src/shared/rpc/memory';
import type { Benchmark, BenchContext, Result } from './lib/benchmark';
import { collectGarbage, mib, peakRss, sample, time } from './lib/measure';
import type { GeneratedCapture } from './lib/capture';
import { writeOcpp16Capture } from './lib/ocpp16-capture';

const FRAMES = 100_000;
const STATIONS = 20;
const SEED = 0x0c99;
const SESSION_ID = 'bench-100k';
/** The rows of a first screen (and then some) of the virtualized timeline. */
const FIRST_ROWS = 200;
/** What "opens fast" means for a session of this size. */
const FIRST_ROWS_TARGET_MS = 2000;

/**
 * The floor: the same bytes read and every JSON text parsed, with nothing validated or derived.
 * The parsed values are kept, as the store keeps its model, so both pay for the memory they hold.
 */
async function parseOnly(path: string): Promise<{ lines: unknown[]; frames: unknown[] }> {
  const text = await readFile(path, 'utf8');
  const lines: unknown[] = [];
  const frames: unknown[] = [];
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    const value = JSON.parse(line) as { raw?: unknown };
    lines.push(value);
    if (typeof value.raw === 'string') frames.push(JSON.parse(value.raw));
  }
  return { lines, frames };
}

async function readWithStore(path: string, capture: GeneratedCapture): Promise<number> {
  const start = performance.now();
  const read = await readCaptureFile(path);
  const ms = performance.now() - start;
  // Not a timing check: a benchmark of a read that lost or misread frames would measure nothing.
  const { size } = read.model;
  const { problems } = read.model.stats();
  if (size !== capture.entries || read.fileProblems.length > 0 || problems > 0) {
    throw new Error(
      `the store read ${size}/${capture.entries} entries with ` +
        `${read.fileProblems.length} file problem(s) and ${problems} frame problem(s)`,
    );
  }
  return ms;
}

/** A fresh engine, then sessions.open + the first page of rows over the memory transport. */
async function firstRows(
  dataDir: string,
  capture: GeneratedCapture,
  whileOpen?: () => void,
): Promise<number> {
  const engine = await createEngine({ dataDir, mode: 'test', version: 'bench', log() {} });
  const channel = createMemoryChannel(engine.router);
  const client = createClient(channel);
  try {
    const start = performance.now();
    await client.call('sessions.open', { sessionId: SESSION_ID });
    const page = await client.call('timeline.rows', { sessionId: SESSION_ID, offset: 0, limit: FIRST_ROWS });
    const ms = performance.now() - start;
    // A large file answers after its first screens and reads the rest in the background: the
    // timing is the engineer's wait; the whole file must still arrive, checked once it has.
    let info = await client.call('sessions.open', { sessionId: SESSION_ID });
    while (info.info.loading) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      info = await client.call('sessions.open', { sessionId: SESSION_ID });
    }
    if (page.rows.length !== FIRST_ROWS || info.stats.entries !== capture.entries) {
      throw new Error(
        `timeline.rows gave ${page.rows.length} rows and the session ${info.stats.entries} entries, not ${FIRST_ROWS} and ${capture.entries}`,
      );
    }
    whileOpen?.();
    return ms;
  } finally {
    channel.close();
    await engine.dispose();
  }
}

async function run(context: BenchContext): Promise<Result> {
  const path = join(context.dir, `${SESSION_ID}.jsonl`);
  context.progress(`generating ${FRAMES.toLocaleString('en-US')} frames from ${STATIONS} stations...`);
  const capture = await writeOcpp16Capture(path, {
    frames: FRAMES,
    stations: STATIONS,
    seed: SEED,
    id: SESSION_ID,
  });
  const dataDir = join(context.dir, 'data');
  await mkdir(join(dataDir, 'sessions'), { recursive: true });
  await copyFile(path, join(dataDir, 'sessions', `${SESSION_ID}.jsonl`));
  const options = { runs: context.runs, warmup: context.warmup };

  context.progress('baseline: readFile + split + JSON.parse...');
  const baseline = await sample(() => time(() => parseOnly(path)), options);
  context.progress('store: readCaptureFile...');
  const store = await sample(() => readWithStore(path, capture), options);
  context.progress('first rows: engine sessions.open + timeline.rows...');
  const first = await sample(() => firstRows(dataDir, capture), options);

  // Memory of one opened session, measured on its own engine after the timed runs.
  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  let opened: NodeJS.MemoryUsage | undefined;
  await firstRows(dataDir, capture, () => {
    collectGarbage();
    opened = process.memoryUsage();
  });

  const allCalls = Object.values(capture.calls).reduce((a, b) => a + b, 0);
  const mix = Object.entries(capture.calls)
    .sort((a, b) => b[1] - a[1])
    .map(([action, n]) => `${action} ${n.toLocaleString('en-US')}`)
    .join(', ');
  return {
    facts: [
      { label: 'file', value: `${mib(capture.bytes)} (${capture.bytes.toLocaleString('en-US')} bytes)` },
      {
        label: 'entries',
        value: `${capture.entries.toLocaleString('en-US')}: ${capture.frames.toLocaleString('en-US')} frames + ${capture.entries - capture.frames} connection, ${capture.stations} stations`,
      },
      { label: 'CALLs', value: mix },
      {
        label: 'raw text',
        value: `mean ${Math.round(capture.meanRawChars)} chars per frame; MeterValues CALLs ${Math.round(capture.meanMeterChars)} chars, ${((capture.meterCalls / allCalls) * 100).toFixed(0)}% of CALLs`,
      },
    ],
    itemsName: 'frames',
    cases: [
      {
        label: 'baseline',
        what: 'readFile utf8, split lines, JSON.parse each line and each frame raw',
        samples: baseline,
        items: capture.frames,
      },
      {
        label: 'store',
        what: 'readCaptureFile: stream, line reader, entry decode, SessionModel',
        samples: store,
        items: capture.frames,
      },
      {
        label: 'first rows',
        // No rate: the session answers after its first screens, the rest loads behind them.
        what: `fresh engine: sessions.open + timeline.rows(0, ${FIRST_ROWS}) over the memory transport`,
        samples: first,
        targetMs: FIRST_ROWS_TARGET_MS,
      },
    ],
    after: [
      {
        label: 'heap used after opening',
        value: `${mib(opened!.heapUsed)}; the open session holds ${mib(opened!.heapUsed - heapBefore)} (after a full GC)`,
      },
      { label: 'rss after opening', value: mib(opened!.rss) },
      { label: 'peak rss (process so far)', value: mib(peakRss()) },
    ],
  };
}

export const openCapture: Benchmark = {
  name: 'open-capture',
  description: `open a ${FRAMES / 1000}k-frame OCPP 1.6 capture (${STATIONS} stations)`,
  run,
};
