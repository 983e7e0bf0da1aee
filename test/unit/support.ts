import { RpcError } from '../../src/shared/rpc/errors';
import assert from 'node:assert/strict';
/** Helpers shared by the unit tests: fixture paths, temp dirs and a seeded PRNG. */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaptureHeader, Entry } from '../../src/shared/capture/entry';
import type { FileProblem } from '../../src/shared/capture/problems';
import { CaptureLineReader } from '../../src/shared/capture/reader';
import { createEngine, type Engine, type EngineOptions } from '../../src/main/engine';
import { createClient, type RpcClient } from '../../src/shared/rpc/client';
import { createMemoryChannel } from '../../src/shared/rpc/memory';

/** The repository root, whatever the working directory of the runner. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const FIXTURES = {
  ocpp16: join(ROOT, 'fixtures/sessions/ocpp16-charging-session.jsonl'),
  ocpp201: join(ROOT, 'fixtures/sessions/ocpp201-charging-session.jsonl'),
  codecProblems: join(ROOT, 'fixtures/sessions/codec-problems.jsonl'),
  codecProblemsExpected: join(ROOT, 'fixtures/sessions/codec-problems.expected.json'),
} as const;

export function fixtureText(path: string): string {
  return readFileSync(path, 'utf8');
}

export interface ExpectedProblem {
  seq: number;
  problem: string;
}

export function expectedCodecProblems(): ExpectedProblem[] {
  const value: unknown = JSON.parse(fixtureText(FIXTURES.codecProblemsExpected));
  if (!Array.isArray(value)) throw new Error('codec-problems.expected.json is not an array');
  return value.map((item: unknown) => {
    const { seq, problem } = item as Record<string, unknown>;
    if (typeof seq !== 'number' || typeof problem !== 'string') throw new Error('bad expected entry');
    return { seq, problem };
  });
}

export interface ReadCapture {
  header: CaptureHeader | undefined;
  entries: Entry[];
  problems: FileProblem[];
}

/** Feeds `chunks` to a CaptureLineReader and collects what it reports. */
export function readChunks(chunks: readonly string[]): ReadCapture {
  const out: ReadCapture = { header: undefined, entries: [], problems: [] };
  const reader = new CaptureLineReader({
    header: (h) => (out.header = h),
    entry: (e) => out.entries.push(e),
    problem: (p) => out.problems.push(p),
  });
  for (const chunk of chunks) reader.write(chunk);
  reader.end();
  return out;
}

export function readText(text: string): ReadCapture {
  return readChunks([text]);
}

export { prng } from '../support/prng';

export async function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `ocpp-scope-unit-${prefix}-`));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
}

/** One frame entry line of a capture file, as the store writes it. */
export function entryLine(seq: number, raw = `[2,"${seq}","Heartbeat",{}]`): string {
  return JSON.stringify({
    seq,
    ts: 1000 + seq,
    kind: 'frame',
    connectionId: 'c1',
    stationId: 'CP-1',
    source: 'proxy',
    direction: 'toCsms',
    raw,
  });
}

/** Awaits a promise that must reject with an RpcError of this code; returns the error. */
export async function rpcError(promise: Promise<unknown>, code: RpcError['code']): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RpcError, `expected an RpcError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected an RpcError ${code}`);
}

/** An engine in a temp data dir with a memory-transport client: how the RPC tests meet the app. */
export interface TestEngine {
  dataDir: string;
  engine: Engine;
  channel: ReturnType<typeof createMemoryChannel>;
  client: RpcClient;
  stop(): Promise<void>;
}

export async function startTestEngine(
  name: string,
  options: Partial<Omit<EngineOptions, 'dataDir'>> = {},
): Promise<TestEngine> {
  const dataDir = await makeTempDir(name);
  const engine = await createEngine({
    dataDir,
    mode: 'test',
    version: '0.0.0-test',
    log: () => {},
    ...options,
  });
  const channel = createMemoryChannel(engine.router);
  return {
    dataDir,
    engine,
    channel,
    client: createClient(channel),
    async stop() {
      channel.close();
      await engine.dispose();
      await removeDir(dataDir);
    },
  };
}
