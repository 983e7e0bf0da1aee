/**
 * Property tests of the analysis pipeline: whatever text arrives, it never throws, and the same
 * capture always gives the same findings, however it is fed. Fixed seeds keep CI reproducible.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readCaptureText } from '../../../../src/main/services/capture/read';
import { ocaSchemaRegistry } from '../../../../src/main/services/validation/oca-schemas';
import { Analyzer } from '../../../../src/shared/analysis/analyzer';
import type { Profile } from '../../../../src/shared/analysis/finding';
import type { Direction, Entry } from '../../../../src/shared/capture/entry';
import { SessionModel } from '../../../../src/shared/timeline/session-model';
import { FIXTURES, fixtureText, readText } from '../../support';

const registry = ocaSchemaRegistry();

/** The frames of the fixture sessions: real, valid OCPP 1.6 and 2.0.1 text. */
const REAL_FRAMES: string[] = [FIXTURES.ocpp16, FIXTURES.ocpp201, FIXTURES.codecProblems].flatMap((path) =>
  readText(fixtureText(path)).entries.flatMap((entry) => (entry.kind === 'frame' ? [entry.raw] : [])),
);

const anyJson = fc.jsonValue({ maxDepth: 4 });

/** A JSON value with one structural change: what broken implementations send. */
function mutateValue(value: unknown, rng: fc.Arbitrary<number>): fc.Arbitrary<unknown> {
  if (!Array.isArray(value)) return fc.constant(value);
  const items = value as unknown[];
  const index = fc.nat({ max: Math.max(0, items.length) });
  return fc.oneof(
    // Drop an element.
    index.map((k) => items.filter((_, j) => j !== k)),
    // Duplicate an element.
    index.map((k) => [...items.slice(0, k + 1), ...items.slice(k)]),
    // Replace an element with a value of another type.
    fc.tuple(index, anyJson).map(([k, v]) => items.map((item, j) => (j === k ? v : item))),
    // Another message type id.
    rng.map((t) => [t, ...items.slice(1)]),
    // Swap id and action, or payload and action.
    fc.constant([items[0], items[2], items[1], ...items.slice(3)]),
    // A field of the payload gets another type.
    fc.tuple(fc.nat(), anyJson).map(([k, v]) => {
      const payloadIndex = items.length - 1;
      const payload = items[payloadIndex];
      if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return items;
      const keys = Object.keys(payload);
      if (keys.length === 0) return [...items.slice(0, payloadIndex), { extra: v }];
      const key = keys[k % keys.length]!;
      return [...items.slice(0, payloadIndex), { ...payload, [key]: v }];
    }),
  );
}

/** A real frame, mutated as text or as JSON. */
const mutatedFrame: fc.Arbitrary<string> = fc.constantFrom(...REAL_FRAMES).chain((raw) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  const asJson =
    parsed === undefined
      ? fc.constant(raw)
      : mutateValue(parsed, fc.integer({ min: -1, max: 8 })).map((value) => JSON.stringify(value) ?? 'null');
  return fc.oneof(
    fc.constant(raw),
    asJson,
    // Truncated text.
    fc.nat({ max: raw.length }).map((n) => raw.slice(0, n)),
    // A duplicate key in the first object.
    fc.constant(raw.replace(/\{"([^"]+)":/, '{"$1":0,"$1":')),
    // Random unicode spliced in.
    fc
      .tuple(fc.nat({ max: raw.length }), fc.string({ unit: 'binary', maxLength: 8 }))
      .map(([n, text]) => raw.slice(0, n) + text + raw.slice(n)),
    // A character removed.
    fc.nat({ max: Math.max(0, raw.length - 1) }).map((n) => raw.slice(0, n) + raw.slice(n + 1)),
  );
});

const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: anyJson.map((v) => JSON.stringify(v)) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.integer({ min: 0, max: 7 }),
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 30 }),
        anyJson,
      )
      .map(([type, id, action, payload]) => JSON.stringify([type, id, action, payload])),
  },
  { weight: 4, arbitrary: mutatedFrame },
);

interface Step {
  kind: 'frame' | 'open' | 'close' | 'binary';
  connection: number;
  direction: Direction;
  gapMs: number;
  raw: string;
  subprotocol: string | undefined;
}

const step: fc.Arbitrary<Step> = fc.record({
  kind: fc.oneof(
    { weight: 20, arbitrary: fc.constant('frame' as const) },
    { weight: 1, arbitrary: fc.constant('open' as const) },
    { weight: 1, arbitrary: fc.constant('close' as const) },
    { weight: 1, arbitrary: fc.constant('binary' as const) },
  ),
  connection: fc.integer({ min: 1, max: 2 }),
  direction: fc.constantFrom<Direction>('toCsms', 'toStation'),
  gapMs: fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 60_000 })),
  raw: anyText,
  subprotocol: fc.constantFrom(undefined, 'ocpp1.6', 'ocpp2.0.1', 'ocpp2.1', 'ocpp9'),
});

/** The entries of a capture made of the steps (seq 1..n, ts increasing). */
function toEntries(steps: readonly Step[]): Entry[] {
  let ts = 1_763_730_000_000.5;
  return steps.map((s, k): Entry => {
    ts += s.gapMs;
    const base = {
      seq: k + 1,
      ts,
      connectionId: `c${s.connection}`,
      stationId: `CP-${s.connection}`,
      source: 'proxy' as const,
    };
    if (s.kind === 'open') {
      return {
        ...base,
        kind: 'connection',
        event: 'opened',
        ...(s.subprotocol ? { subprotocol: s.subprotocol } : {}),
      };
    }
    if (s.kind === 'close') return { ...base, kind: 'connection', event: 'closed', code: 1000 };
    if (s.kind === 'binary') {
      return {
        ...base,
        kind: 'frame',
        direction: s.direction,
        raw: Buffer.from(s.raw).toString('base64'),
        binary: true,
      };
    }
    return { ...base, kind: 'frame', direction: s.direction, raw: s.raw };
  });
}

const capture = fc.array(step, { minLength: 1, maxLength: 40 });
const options = fc.record({
  profile: fc.constantFrom<Profile>('strict', 'lenient'),
  version: fc.constantFrom(undefined, '1.6' as const, '2.0.1' as const, '2.1' as const),
  callTimeoutMs: fc.constantFrom(1000, 30_000),
});

type OptionsValue = typeof options extends fc.Arbitrary<infer T> ? T : never;

function analyse(entries: readonly Entry[], opts: OptionsValue, advance = false) {
  const analyzer = new Analyzer({
    registry,
    profile: opts.profile,
    callTimeoutMs: opts.callTimeoutMs,
    ...(opts.version !== undefined ? { version: opts.version } : {}),
  });
  for (const entry of entries) {
    analyzer.add(entry);
    if (advance) analyzer.advance(entry.ts);
  }
  analyzer.finish();
  return analyzer.findings;
}

function header(version: string | undefined): string {
  return JSON.stringify({
    format: 'ocpp-scope-capture',
    formatVersion: 1,
    id: 'prop',
    name: 'property test',
    createdAt: '2025-11-21T13:00:00.000Z',
    ...(version !== undefined ? { ocppVersion: version } : {}),
  });
}

void describe('analysis properties', () => {
  void test('the fixtures give real frames to mutate', () => {
    assert.ok(REAL_FRAMES.length > 100);
  });

  void test('never throws: random text, JSON and mutated real frames, through the Analyzer and SessionModel', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(capture, options, (steps, opts) => {
        const entries = toEntries(steps);
        for (const finding of analyse(entries, opts, true)) seen.add(finding.rule);
        const model = new SessionModel({ registry, profile: opts.profile });
        for (const entry of entries) {
          model.add(entry);
          model.detail(entry.seq);
        }
        model.advance(entries[entries.length - 1]!.ts + 120_000);
        model.finish();
        model.takeChanges();
        model.stats();
      }),
      { seed: 20251121, numRuns: 600 },
    );
    // The generated captures reach every stage of the pipeline.
    for (const rule of [
      'frame.invalid-json',
      'frame.duplicate-key',
      'frame.binary',
      'rpc.answer-unknown-id',
      'rpc.unanswered-call',
      'schema.invalid-payload',
      'schema.unknown-action',
    ]) {
      assert.ok(seen.has(rule), `no capture triggered ${rule}: ${[...seen].sort().join(', ')}`);
    }
  });

  void test('deterministic: the same capture gives the same findings, however it is fed', () => {
    fc.assert(
      fc.property(capture, options, (steps, opts) => {
        const entries = toEntries(steps);
        const first = analyse(entries, opts);
        const second = analyse(structuredClone(entries), opts);
        assert.deepEqual(second, first);
        // advance() at each entry's own time reports nothing add() would not have reported.
        assert.deepEqual(analyse(entries, opts, true), first);

        // A file read in one go equals a SessionModel fed entry by entry.
        const text = [header(opts.version), ...entries.map((e) => JSON.stringify(e))].join('\n') + '\n';
        const analysis = { registry, profile: opts.profile, callTimeoutMs: opts.callTimeoutMs };
        const read = readCaptureText('prop.jsonl', text, analysis);
        assert.deepEqual(read.fileProblems, []);
        const model = new SessionModel({
          ...analysis,
          ...(opts.version !== undefined ? { version: opts.version, versionSource: 'header' as const } : {}),
        });
        for (const entry of entries) model.add(structuredClone(entry));
        model.finish();
        assert.deepEqual(model.findings(), read.model.findings());
        assert.deepEqual(
          read.model.findings().map(({ rule, severity, seqs }) => ({ rule, severity, seqs })),
          first.map(({ rule, severity, seqs }) => ({ rule, severity, seqs })),
        );
      }),
      { seed: 424242, numRuns: 300 },
    );
  });
});
