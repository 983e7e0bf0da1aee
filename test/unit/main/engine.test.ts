/**
 * The engine's RPC surface over the memory transport: the same router the Electron and serve
 * hosts use, with every value passed through JSON.
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine } from '../../../src/main/engine';
import type { NewEntry } from '../../../src/shared/capture/entry';
import type { RpcClient } from '../../../src/shared/rpc/client';
import type { EventName, Events, MethodName } from '../../../src/shared/rpc/contract';
import { FIXTURES, fixtureText, rpcError, startTestEngine, type TestEngine } from '../support';

let dataDir: string;
let engine: Engine;
let channel: TestEngine['channel'];
let client: RpcClient;
let running: TestEngine;

beforeEach(async () => {
  running = await startTestEngine('engine');
  ({ dataDir, engine, channel, client } = running);
});

afterEach(() => running.stop());

/** Resolves with the first event for which `accept` is true. */
function nextEvent<E extends EventName>(
  event: E,
  accept: (payload: Events[E]) => boolean = () => true,
): Promise<Events[E]> {
  return new Promise((resolve) => {
    const off = client.on(event, (payload) => {
      if (!accept(payload)) return;
      off();
      resolve(payload);
    });
  });
}

/** Calls a method with params the typed client would not allow. */
function rawCall(method: string, params: unknown): Promise<unknown> {
  return channel.invoke(method as MethodName, params);
}

async function importFixture(path = FIXTURES.ocpp16, fileName = 'ocpp16.jsonl') {
  return client.call('sessions.import', { fileName, content: fixtureText(path) });
}

const frame = (raw: string, direction: 'toCsms' | 'toStation' = 'toCsms'): NewEntry => ({
  kind: 'frame',
  connectionId: 'c1',
  stationId: 'CP-LIVE',
  source: 'csms',
  direction,
  raw,
});

void describe('engine RPC: basics', () => {
  void test('app.info', async () => {
    assert.deepEqual(await client.call('app.info', {}), {
      name: 'OCPP Scope',
      version: '0.0.0-test',
      mode: 'test',
      dataDir,
    });
  });

  void test('sessions.list starts empty', async () => {
    assert.deepEqual(await client.call('sessions.list', {}), []);
  });

  void test('an unknown method is unknown-method', async () => {
    const error = await rpcError(rawCall('sessions.frobnicate', {}), 'unknown-method');
    assert.match(error.message, /sessions\.frobnicate/);
    await rpcError(rawCall('constructor', {}), 'unknown-method');
    await rpcError(rawCall('__proto__', {}), 'unknown-method');
  });
});

void describe('engine RPC: import and timeline', () => {
  void test('sessions.import then timeline.rows pages through the whole session', async () => {
    const opened = await importFixture();
    assert.equal(opened.stats.entries, 60);
    assert.equal(opened.lastSeq, 60);
    assert.equal(opened.info.live, false);
    const sessionId = opened.info.id;

    const seen: number[] = [];
    for (let offset = 0; ; offset += 25) {
      const page = await client.call('timeline.rows', { sessionId, offset, limit: 25 });
      assert.equal(page.total, 60);
      if (page.rows.length === 0) break;
      assert.ok(page.rows.length <= 25);
      seen.push(...page.rows.map((r) => r.seq));
    }
    assert.deepEqual(
      seen,
      Array.from({ length: 60 }, (_, i) => i + 1),
    );
    const last = await client.call('timeline.rows', { sessionId, offset: 50, limit: 25 });
    assert.deepEqual(
      last.rows.map((r) => r.seq),
      [51, 52, 53, 54, 55, 56, 57, 58, 59, 60],
    );
    const none = await client.call('timeline.rows', { sessionId, offset: 0, limit: 0 });
    assert.deepEqual(none, { total: 60, rows: [] });
    const all = await client.call('timeline.rows', { sessionId, offset: 0, limit: 5000 });
    assert.equal(all.rows.length, 60);
    assert.equal(all.rows[1]?.action, 'BootNotification');
    assert.equal(all.rows[1]?.partnerSeq, 3);
  });

  void test('timeline.filter pages through the rows a filter matches, and says where a bad one is wrong', async () => {
    const { info } = await importFixture();
    const all = await client.call('timeline.rows', { sessionId: info.id, offset: 0, limit: 1000 });
    const meter = all.rows.filter((r) => r.action === 'MeterValues' && r.direction === 'toCsms');
    assert.ok(meter.length > 3);
    const page = await client.call('timeline.filter', {
      sessionId: info.id,
      filter: 'action:metervalues dir:csms',
      offset: 1,
      limit: 2,
    });
    assert.ok(page.ok);
    assert.equal(page.total, meter.length);
    assert.equal(page.sessionTotal, all.total);
    assert.deepEqual(
      page.rows.map((r) => r.seq),
      meter.slice(1, 3).map((r) => r.seq),
    );

    const bad = await client.call('timeline.filter', {
      sessionId: info.id,
      filter: 'action:Boot and (dir:up',
      offset: 0,
      limit: 10,
    });
    assert.ok(!bad.ok);
    assert.match(bad.error.message, /never closed/);
    assert.equal(bad.error.start, 'action:Boot and '.length);
    await rpcError(
      rawCall('timeline.filter', { sessionId: info.id, filter: 3, offset: 0, limit: 1 }),
      'bad-params',
    );
  });

  void test('timeline.filter of a live session follows it as it grows', async () => {
    const info = await client.call('sessions.create', { name: 'Live filter' });
    await client.call('sessions.open', { sessionId: info.id });
    const query = () =>
      client.call('timeline.filter', {
        sessionId: info.id,
        filter: 'action:Heartbeat',
        offset: 0,
        limit: 10,
      });
    engine.store.append(info.id, frame('[2,"1","Heartbeat",{}]'));
    engine.store.append(info.id, frame('[2,"2","StatusNotification",{}]'));
    const first = await query();
    assert.ok(first.ok);
    assert.deepEqual(
      first.rows.map((r) => r.seq),
      [1],
    );
    engine.store.append(info.id, frame('[3,"1",{"currentTime":"2025-11-21T07:42:00.000Z"}]', 'toStation'));
    const second = await query();
    assert.ok(second.ok);
    assert.deepEqual(
      second.rows.map((r) => r.seq),
      [1, 3],
    );
    assert.equal(second.sessionTotal, 3);
  });

  void test('timeline.locate finds an entry in the session and in a filter, null where it is not', async () => {
    const { info } = await importFixture();
    const sessionId = info.id;
    const filter = 'action:metervalues dir:csms';
    const page = await client.call('timeline.filter', { sessionId, filter, offset: 0, limit: 100 });
    assert.ok(page.ok);
    const third = page.rows[2]!;
    assert.deepEqual(await client.call('timeline.locate', { sessionId, seq: third.seq, filter }), {
      index: 2,
    });
    const all = await client.call('timeline.rows', { sessionId, offset: 0, limit: 1000 });
    assert.deepEqual(await client.call('timeline.locate', { sessionId, seq: third.seq }), {
      index: all.rows.findIndex((r) => r.seq === third.seq),
    });
    // The BootNotification (seq 2) is not a MeterValues: the filter leaves it out.
    assert.deepEqual(await client.call('timeline.locate', { sessionId, seq: 2, filter }), { index: null });
    assert.deepEqual(await client.call('timeline.locate', { sessionId, seq: 9999 }), { index: null });
    assert.deepEqual(await client.call('timeline.locate', { sessionId, seq: 2, filter: 'station:' }), {
      index: null,
    });
    await rpcError(rawCall('timeline.locate', { sessionId, seq: 0 }), 'bad-params');
  });

  void test('timeline.entry gives the entry with its partner', async () => {
    const { info } = await importFixture();
    const call = await client.call('timeline.entry', { sessionId: info.id, seq: 2 });
    assert.equal(call.entry.seq, 2);
    assert.equal(call.entry.kind, 'frame');
    assert.ok(call.entry.kind === 'frame' && call.entry.raw.startsWith('[2,"19223201","BootNotification"'));
    assert.equal(call.row.partnerSeq, 3);
    assert.equal(call.partner?.entry.seq, 3);
    assert.equal(call.partner?.row.latencyMs, call.partner?.row.deltaMs);
    const answer = await client.call('timeline.entry', { sessionId: info.id, seq: 3 });
    assert.equal(answer.partner?.entry.seq, 2);
    const opened = await client.call('timeline.entry', { sessionId: info.id, seq: 1 });
    assert.equal(opened.partner, undefined);
    assert.equal(opened.row.event, 'opened');
    const missing = await rpcError(
      client.call('timeline.entry', { sessionId: info.id, seq: 61 }),
      'not-found',
    );
    assert.match(missing.message, /61/);
  });

  void test('sessions.export round-trips through sessions.import', async () => {
    const { info } = await importFixture(FIXTURES.ocpp201, 'ocpp201.jsonl');
    const exported = await client.call('sessions.export', { sessionId: info.id });
    const again = await client.call('sessions.import', exported);
    const a = await client.call('timeline.rows', { sessionId: info.id, offset: 0, limit: 5000 });
    const b = await client.call('timeline.rows', { sessionId: again.info.id, offset: 0, limit: 5000 });
    assert.equal(a.total, 56);
    assert.deepEqual(b, a);
  });

  void test('sessions.import of something that is not a capture is invalid', async () => {
    const error = await rpcError(
      client.call('sessions.import', { fileName: 'x.json', content: '{"a":1}\n' }),
      'invalid',
    );
    assert.match(error.message, /x\.json/);
  });
});

void describe('engine RPC: bad params', () => {
  const cases: [string, MethodName, unknown, string][] = [
    ['missing sessionId', 'timeline.rows', { offset: 0, limit: 10 }, '"sessionId"'],
    ['empty sessionId', 'timeline.rows', { sessionId: '', offset: 0, limit: 10 }, '"sessionId"'],
    ['numeric sessionId', 'sessions.open', { sessionId: 7 }, '"sessionId"'],
    ['negative offset', 'timeline.rows', { sessionId: 's', offset: -1, limit: 10 }, '"offset"'],
    ['fractional offset', 'timeline.rows', { sessionId: 's', offset: 1.5, limit: 10 }, '"offset"'],
    ['string offset', 'timeline.rows', { sessionId: 's', offset: '0', limit: 10 }, '"offset"'],
    ['limit above 5000', 'timeline.rows', { sessionId: 's', offset: 0, limit: 5001 }, '"limit"'],
    ['missing limit', 'timeline.rows', { sessionId: 's', offset: 0 }, '"limit"'],
    ['seq 0', 'timeline.entry', { sessionId: 's', seq: 0 }, '"seq"'],
    ['missing name', 'sessions.rename', { sessionId: 's' }, '"name"'],
    ['name too long', 'sessions.create', { name: 'x'.repeat(201) }, '"name"'],
    ['missing content', 'sessions.import', { fileName: 'a.jsonl' }, '"content"'],
    ['params an array', 'timeline.rows', ['s', 0, 10], 'params must be an object'],
    ['params a string', 'sessions.open', 'abc', 'params must be an object'],
    ['params a number', 'app.info', 1, 'params must be an object'],
  ];
  for (const [name, method, params, field] of cases) {
    void test(`${name} -> bad-params naming ${field}`, async () => {
      const error = await rpcError(rawCall(method, params), 'bad-params');
      assert.ok(error.message.includes(field), error.message);
      assert.ok(error.message.startsWith(`${method}: `), error.message);
    });
  }

  void test('params may be omitted for methods without params', async () => {
    assert.equal(((await rawCall('app.info', undefined)) as { mode: string }).mode, 'test');
    assert.deepEqual(await rawCall('sessions.list', null), []);
  });
});

void describe('engine RPC: not-found', () => {
  void test('timeline methods on a session that is not open or does not exist', async () => {
    await rpcError(client.call('timeline.rows', { sessionId: 'nope', offset: 0, limit: 10 }), 'not-found');
    await rpcError(client.call('timeline.entry', { sessionId: 'nope', seq: 1 }), 'not-found');
  });

  void test('sessions.open, delete and export of a session that does not exist', async () => {
    await rpcError(client.call('sessions.open', { sessionId: 'nope' }), 'not-found');
    await rpcError(client.call('sessions.delete', { sessionId: 'nope' }), 'not-found');
    await rpcError(client.call('sessions.export', { sessionId: 'nope' }), 'not-found');
    await rpcError(client.call('sessions.open', { sessionId: '../nope' }), 'not-found');
  });

  void test("sessions.delete of a created session nobody records into works; of a mock CSMS's is refused", async () => {
    const empty = await client.call('sessions.create', { name: 'Empty' });
    assert.equal(await client.call('sessions.delete', { sessionId: empty.id }), null);
    const csms = await client.call('csms.start', { listen: '127.0.0.1:0', name: 'Recording' });
    try {
      const refused = await rpcError(
        client.call('sessions.delete', { sessionId: csms.sessionId }),
        'invalid',
      );
      assert.match(refused.message, /still recording/);
    } finally {
      await client.call('csms.stop', { csmsId: csms.id });
    }
    assert.equal(await client.call('sessions.delete', { sessionId: csms.sessionId }), null);
  });

  void test('sessions.rename of a session that does not exist', async () => {
    await rpcError(client.call('sessions.rename', { sessionId: 'nope', name: 'x' }), 'not-found');
  });
});

void describe('engine RPC: events', () => {
  void test('sessions.changed after import, rename and delete', async () => {
    let changed = nextEvent('sessions.changed');
    const { info } = await importFixture();
    let event = await changed;
    assert.deepEqual(
      event.sessions.map((s) => [s.id, s.name]),
      [[info.id, info.name]],
    );

    changed = nextEvent('sessions.changed');
    await client.call('sessions.rename', { sessionId: info.id, name: 'Renamed' });
    event = await changed;
    assert.deepEqual(
      event.sessions.map((s) => [s.id, s.name]),
      [[info.id, 'Renamed']],
    );

    changed = nextEvent('sessions.changed');
    assert.equal(await client.call('sessions.delete', { sessionId: info.id }), null);
    event = await changed;
    assert.deepEqual(event.sessions, []);
  });

  void test('sessions.changed after create says the session is live', async () => {
    const changed = nextEvent('sessions.changed');
    const info = await client.call('sessions.create', { name: 'Live' });
    const event = await changed;
    assert.deepEqual(
      event.sessions.map((s) => [s.id, s.live]),
      [[info.id, true]],
    );
  });

  void test('live appends arrive as batched timeline.appended events, in seq order, with the total', async () => {
    const info = await client.call('sessions.create', { name: 'Live' });
    const opened = await client.call('sessions.open', { sessionId: info.id });
    assert.equal(opened.lastSeq, 0);
    assert.equal(opened.info.live, true);

    const events: Events['timeline.appended'][] = [];
    const collect = (count: number) =>
      new Promise<void>((resolve) => {
        const off = client.on('timeline.appended', (payload) => {
          if (payload.sessionId !== info.id) return;
          events.push(payload);
          if (events.reduce((n, e) => n + e.rows.length, 0) >= count) {
            off();
            resolve();
          }
        });
      });

    let arrived = collect(5);
    engine.store.append(info.id, frame('[2,"1","Heartbeat",{}]'));
    engine.store.append(info.id, frame('[3,"1",{"currentTime":"2025-11-21T07:42:00.000Z"}]', 'toStation'));
    engine.store.append(info.id, frame('[2,"2","StatusNotification",{}]'));
    engine.store.append(info.id, frame('not json'));
    engine.store.append(info.id, frame('[3,"2",{}]', 'toStation'));
    await arrived;
    const rows = events.flatMap((e) => e.rows);
    assert.deepEqual(
      rows.map((r) => r.seq),
      [1, 2, 3, 4, 5],
    );
    assert.equal(events.at(-1)?.total, 5);
    for (const e of events) assert.equal(e.total, e.rows.at(-1)?.seq);
    assert.equal(rows[1]?.partnerSeq, 1);
    assert.equal(rows[1]?.action, 'Heartbeat');
    assert.equal(rows[3]?.problem?.kind, 'invalid-json');
    assert.equal(rows[4]?.action, 'StatusNotification');

    events.length = 0;
    arrived = collect(3);
    for (let i = 0; i < 3; i++) engine.store.append(info.id, frame(`[2,"h${i}","Heartbeat",{}]`));
    await arrived;
    assert.deepEqual(
      events.flatMap((e) => e.rows).map((r) => r.seq),
      [6, 7, 8],
    );
    assert.equal(events.at(-1)?.total, 8);

    const page = await client.call('timeline.rows', { sessionId: info.id, offset: 0, limit: 100 });
    assert.equal(page.total, 8);
  });

  void test(
    'a session finished and closed before its batch goes out does not stop the batches of others',
    { timeout: 10_000 },
    async () => {
      const a = await client.call('sessions.create', { name: 'A' });
      const b = await client.call('sessions.create', { name: 'B' });
      const bRows = nextEvent('timeline.appended', (e) => e.sessionId === b.id);
      engine.store.append(a.id, frame('[2,"1","Heartbeat",{}]'));
      engine.store.append(b.id, frame('[2,"1","Heartbeat",{}]'));
      // The capture of A ends and the user closes it, all within one batch period.
      await engine.store.finish(a.id);
      await client.call('sessions.close', { sessionId: a.id });
      const event = await bRows;
      assert.equal(event.total, 1);
      assert.deepEqual(
        event.rows.map((r) => r.seq),
        [1],
      );
    },
  );

  void test('dispose() sends the batch that is still pending', async () => {
    const info = await client.call('sessions.create', { name: 'Live' });
    const arrived = nextEvent('timeline.appended', (e) => e.sessionId === info.id);
    engine.store.append(info.id, frame('[2,"1","Heartbeat",{}]'));
    await engine.dispose();
    const event = await arrived;
    assert.deepEqual(
      event.rows.map((r) => r.seq),
      [1],
    );
  });

  void test('a live CALL left unanswered past the timeout is reported while the line is quiet', async () => {
    const info = await client.call('sessions.create', { name: 'Live' });
    await client.call('sessions.open', { sessionId: info.id });
    const reported = nextEvent('timeline.appended', (e) => e.sessionId === info.id && e.findings === 1);
    // Sent 29.5 s ago: it times out half a second from now, with nothing else arriving.
    engine.store.append(info.id, { ...frame('[2,"1","Heartbeat",{}]'), ts: Date.now() - 29_500 });
    const event = await reported;
    assert.deepEqual(
      event.updated.map(({ index, row }) => [index, row.findings]),
      [[0, { count: 1, severity: 'error' }]],
    );
    const { findings } = await client.call('analysis.findings', { sessionId: info.id, offset: 0, limit: 10 });
    assert.equal(findings[0]?.rule, 'rpc.unanswered-call');
    assert.match(findings[0]?.message ?? '', /got no answer within 30 s/);
  });

  void test('the end of a live capture runs the end-of-capture checks and sends them', async () => {
    const info = await client.call('sessions.create', { name: 'Live' });
    await client.call('sessions.open', { sessionId: info.id });
    engine.store.append(info.id, frame('[2,"1","Heartbeat",{}]'));
    const reported = nextEvent('timeline.appended', (e) => e.sessionId === info.id && e.findings > 0);
    await engine.store.finish(info.id);
    const event = await reported;
    // The Heartbeat is still unanswered (a warning at the end), and no entry told the OCPP version.
    assert.deepEqual(event.rows[0]?.findings, { count: 2, severity: 'warning' });
    const { findings } = await client.call('analysis.findings', { sessionId: info.id, offset: 0, limit: 10 });
    assert.deepEqual(
      findings.map((f) => [f.rule, f.severity]),
      [
        ['schema.version-unknown', 'info'],
        ['rpc.unanswered-call', 'warning'],
      ],
    );
  });
});

void describe('engine: analysis', () => {
  void test('analysis.summary and analysis.findings of an imported capture; rows and entries carry them', async () => {
    const opened = await importFixture(FIXTURES.codecProblems, 'codec-problems.jsonl');
    const sessionId = opened.info.id;
    const summary = await client.call('analysis.summary', { sessionId });
    assert.equal(summary.profile, 'strict');
    assert.equal(summary.total, 20);
    assert.deepEqual(summary.bySeverity, { error: 20, warning: 0, info: 0 });
    assert.deepEqual(summary.byRule[0], {
      rule: 'rpc.unanswered-call',
      title: 'CALL never answered',
      severity: 'error',
      count: 5,
    });
    assert.deepEqual(summary.versions, [
      { connectionId: 'c1', stationId: 'CP-BROKEN-01', version: '1.6', source: 'subprotocol' },
    ]);

    const all = await client.call('analysis.findings', { sessionId, offset: 0, limit: 100 });
    assert.equal(all.total, 20);
    const unanswered = await client.call('analysis.findings', {
      sessionId,
      rule: 'rpc.unanswered-call',
      offset: 1,
      limit: 2,
    });
    assert.equal(unanswered.total, 5);
    assert.deepEqual(
      unanswered.findings.map((f) => f.seqs),
      [[9], [10]],
    );

    const { rows } = await client.call('timeline.rows', { sessionId, offset: 0, limit: 20 });
    assert.deepEqual(rows.find((r) => r.seq === 15)?.findings, { count: 2, severity: 'error' });
    assert.equal(rows.find((r) => r.seq === 2)?.findings, undefined);
    const detail = await client.call('timeline.entry', { sessionId, seq: 15 });
    assert.deepEqual(
      detail.findings.map((f) => f.rule),
      ['frame.duplicate-key', 'rpc.unanswered-call'],
    );
  });

  void test('analysis.setProfile re-analyses opened sessions: a field deviation (unit Hz) turns into a warning', async () => {
    const lines = fixtureText(FIXTURES.ocpp16).trimEnd().split('\n');
    // Chargers report grid frequency in "Hz", which the 1.6 unit list lacks.
    const meterValues = JSON.stringify({
      seq: 61,
      ts: 1763712469000,
      kind: 'frame',
      connectionId: 'c2',
      stationId: 'CP-ACME-0042',
      source: 'proxy',
      direction: 'toCsms',
      raw: '[2,"9","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"2025-11-21T08:07:49Z","sampledValue":[{"value":"50.02","measurand":"Frequency","unit":"Hz"}]}]}]',
    });
    const answer = meterValues
      .replace('"seq":61', '"seq":62')
      .replace('"toCsms"', '"toStation"')
      .replace(/"raw":".*"/, '"raw":"[3,\\"9\\",{}]"');
    const opened = await client.call('sessions.import', {
      fileName: 'celsius.jsonl',
      content: [...lines, meterValues, answer].join('\n') + '\n',
    });
    const sessionId = opened.info.id;
    const strict = await client.call('analysis.findings', { sessionId, offset: 0, limit: 10 });
    assert.deepEqual(
      strict.findings.map((f) => [f.rule, f.severity, f.seqs]),
      [['schema.field-deviation', 'error', [61]]],
    );
    assert.deepEqual(strict.findings[0]?.location, {
      seq: 61,
      path: [3, 'meterValue', 0, 'sampledValue', 0, 'unit'],
    });
    assert.deepEqual(await client.call('analysis.setProfile', { profile: 'lenient' }), {
      profile: 'lenient',
    });
    const lenient = await client.call('analysis.findings', { sessionId, offset: 0, limit: 10 });
    assert.deepEqual(
      lenient.findings.map((f) => [f.rule, f.severity]),
      [['schema.field-deviation', 'warning']],
    );
    assert.equal((await client.call('analysis.summary', { sessionId })).profile, 'lenient');
    const { rows } = await client.call('timeline.rows', { sessionId, offset: 60, limit: 1 });
    assert.deepEqual(rows[0]?.findings, { count: 1, severity: 'warning' });
  });

  void test('analysis.rules is the catalog; bad analysis params name the field', async () => {
    const rules = await client.call('analysis.rules', {});
    assert.ok(rules.length > 20);
    assert.ok(rules.every((r) => r.id && r.title && r.explanation && r.reference && r.versions.length > 0));
    await rpcError(rawCall('analysis.setProfile', { profile: 'loose' }), 'bad-params');
    const error = await rpcError(
      rawCall('analysis.findings', { sessionId: 'x', offset: -1, limit: 1 }),
      'bad-params',
    );
    assert.match(error.message, /"offset"/);
    await rpcError(client.call('analysis.summary', { sessionId: 'nope' }), 'not-found');
  });
});

void describe('engine: proxy', () => {
  void test('proxy.start records into a new live session; proxy.list and proxy.stop', async () => {
    const started = nextEvent('proxy.changed', (e) => e.proxies.length === 1);
    const proxy = await client.call('proxy.start', {
      listen: '127.0.0.1:0',
      upstream: 'ws://127.0.0.1:9/ocpp',
      name: 'Bench',
    });
    assert.match(proxy.url, /^ws:\/\/127\.0\.0\.1:\d+\/$/);
    assert.deepEqual(proxy.connections, []);
    assert.equal((await started).proxies[0]?.id, proxy.id);
    const sessions = await client.call('sessions.list', {});
    assert.deepEqual(
      sessions.map((s) => [s.id, s.name, s.live]),
      [[proxy.sessionId, 'Bench', true]],
    );
    assert.deepEqual(
      (await client.call('proxy.list', {})).map((p) => p.id),
      [proxy.id],
    );
    await client.call('proxy.stop', { proxyId: proxy.id });
    assert.deepEqual(await client.call('proxy.list', {}), []);
    assert.equal((await client.call('sessions.list', {}))[0]?.live, false);
    await rpcError(client.call('proxy.stop', { proxyId: proxy.id }), 'not-found');
  });

  void test('a proxy that cannot start leaves no session behind and says why', async () => {
    const bad = await rpcError(
      client.call('proxy.start', { listen: '127.0.0.1:0', upstream: 'http://csms.example.com/ocpp' }),
      'bad-params',
    );
    assert.match(bad.message, /must be a ws:\/\/ or wss:\/\/ URL/);
    await rpcError(rawCall('proxy.start', { listen: 'nowhere', upstream: 'ws://x/' }), 'bad-params');
    await rpcError(
      rawCall('proxy.start', {
        listen: '127.0.0.1:0',
        upstream: 'ws://x/',
        faults: [{ name: '', effect: {} }],
      }),
      'bad-params',
    );
    assert.deepEqual(await client.call('sessions.list', {}), []);
  });
});
