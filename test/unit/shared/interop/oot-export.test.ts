import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { CaptureHeader, Entry, FrameEntry } from '../../../../src/shared/capture/entry';
import { CaptureLineReader } from '../../../../src/shared/capture/reader';
import { exportOot } from '../../../../src/shared/interop/oot/export';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const SESSIONS = `${ROOT}fixtures/sessions/`;
const ajv = new Ajv2020({ allErrors: true });
addFormats(ajv);
const validate = ajv.compile(
  JSON.parse(readFileSync(`${ROOT}fixtures/oot/trace-v1.1.schema.json`, 'utf8')) as object,
);
const TOP_LEVEL = new Set([
  'schemaVersion',
  'timestamp',
  'ocppVersion',
  'transport',
  'chargePointId',
  'connectorId',
  'direction',
  'messageType',
  'messageId',
  'action',
  'payload',
  'raw',
  'error',
  'meta',
]);

interface Capture {
  header: CaptureHeader;
  entries: Entry[];
}

function readCapture(name: string): Capture {
  let header: CaptureHeader | undefined;
  const entries: Entry[] = [];
  const reader = new CaptureLineReader({
    header: (h) => (header = h),
    entry: (e) => entries.push(e),
    problem: (p) => assert.fail(`${name}: ${p.message}`),
  });
  reader.write(readFileSync(`${SESSIONS}${name}`, 'utf8'));
  reader.end();
  assert.ok(header);
  return { header, entries };
}

const CAPTURES = readdirSync(SESSIONS)
  .filter((name) => name.endsWith('.jsonl'))
  .sort();

type Row = Record<string, unknown> & { meta: { ocppScope: Record<string, unknown> } };

function rows(lines: readonly string[]): Row[] {
  return lines.map((line) => JSON.parse(line) as Row);
}

const HEADER: CaptureHeader = {
  format: 'ocpp-scope-capture',
  formatVersion: 1,
  id: 't',
  name: 'test',
  createdAt: '2026-01-01T00:00:00.000Z',
};

let nextSeq = 1;
function frame(
  connectionId: string,
  stationId: string,
  direction: FrameEntry['direction'],
  raw: string,
): FrameEntry {
  const seq = nextSeq++;
  return {
    seq,
    ts: 1_767_225_600_000 + seq * 1000.25,
    kind: 'frame',
    connectionId,
    stationId,
    source: 'proxy',
    direction,
    raw,
  };
}

void describe('Open OCPP Trace export: the session fixtures', () => {
  assert.ok(CAPTURES.length >= 5);
  for (const name of CAPTURES) {
    void test(`${name}: every record validates against the schema, raw verbatim, nothing added at the top level`, () => {
      const { header, entries } = readCapture(name);
      const out = exportOot(header, entries);
      assert.equal(out.records, out.lines.length);
      const s = out.skipped;
      assert.equal(
        out.records +
          s.connectionEvents +
          s.consoleLines +
          s.binaryFrames +
          s.malformedFrames +
          s.otherMessageTypes,
        entries.length,
      );
      const bySeq = new Map(entries.map((e) => [e.seq, e]));
      for (const record of rows(out.lines)) {
        assert.ok(validate(record), `${JSON.stringify(record)}: ${ajv.errorsText(validate.errors)}`);
        for (const key of Object.keys(record)) assert.ok(TOP_LEVEL.has(key), key);
        assert.deepEqual(Object.keys(record.meta), ['ocppScope']);
        const entry = bySeq.get(record.meta.ocppScope.seq as number);
        assert.ok(entry?.kind === 'frame');
        assert.equal(record.raw, entry.raw);
        assert.equal(record.chargePointId, entry.stationId);
        assert.equal(record.meta.ocppScope.connectionId, entry.connectionId);
        assert.equal(record.schemaVersion, '1.1');
        assert.equal(record.transport, 'json');
        if (record.messageType === 'CALL') assert.equal(typeof record.action, 'string');
      }
    });
  }

  void test('ocpp16-charging-session: every answer gets its CALL’s action; connectorId on 1.6 CALLs that carry one', () => {
    const { header, entries } = readCapture('ocpp16-charging-session.jsonl');
    const out = exportOot(header, entries);
    const records = rows(out.lines);
    assert.equal(out.records, 58);
    assert.deepEqual(out.skipped, {
      connectionEvents: 2,
      consoleLines: 0,
      binaryFrames: 0,
      malformedFrames: 0,
      otherMessageTypes: 0,
    });
    assert.ok(records.every((r) => r.ocppVersion === '1.6' && typeof r.action === 'string'));
    const byId = new Map(records.filter((r) => r.messageType === 'CALL').map((r) => [r.messageId, r.action]));
    for (const r of records) if (r.messageType !== 'CALL') assert.equal(r.action, byId.get(r.messageId));
    const withConnector = records.filter((r) => r.connectorId !== undefined);
    assert.ok(withConnector.length > 0);
    for (const r of records) {
      const payload = r.payload as Record<string, unknown>;
      const expected =
        r.messageType === 'CALL' && Number.isInteger(payload.connectorId) ? payload.connectorId : undefined;
      assert.equal(r.connectorId, expected);
    }
    assert.equal(records[0]!.timestamp, '2025-11-21T07:42:17.844367Z');
  });

  void test('ocpp201-charging-session: version 2.0.1 from the subprotocol, no connectorId', () => {
    const { header, entries } = readCapture('ocpp201-charging-session.jsonl');
    const records = rows(exportOot({ ...header, ocppVersion: 'ocpp1.6' }, entries).lines);
    assert.equal(records.length, 54);
    assert.ok(records.every((r) => r.ocppVersion === '2.0.1' && r.connectorId === undefined));
  });

  void test('codec-problems: malformed frames skipped and counted; a long id and a duplicate key still exported', () => {
    const { header, entries } = readCapture('codec-problems.jsonl');
    const out = exportOot(header, entries);
    assert.deepEqual(out.skipped, {
      connectionEvents: 2,
      consoleLines: 0,
      binaryFrames: 0,
      malformedFrames: 10,
      otherMessageTypes: 0,
    });
    assert.deepEqual(
      rows(out.lines).map((r) => r.meta.ocppScope.seq),
      [2, 3, 9, 15],
    );
    const duplicate = rows(out.lines)[3]!;
    assert.equal(duplicate.raw, '[2,"111","Authorize",{"idTag":"A","idTag":"B"}]');
    assert.deepEqual(duplicate.payload, { idTag: 'B' });
  });

  void test('serial-with-logs: console lines counted, frames exported', () => {
    const { header, entries } = readCapture('serial-with-logs.jsonl');
    const out = exportOot(header, entries);
    assert.equal(out.skipped.consoleLines, entries.filter((e) => e.kind === 'console').length);
    assert.ok(out.skipped.consoleLines > 0);
    assert.equal(out.records, entries.filter((e) => e.kind === 'frame').length);
  });
});

void describe('Open OCPP Trace export: what is back-filled and skipped', () => {
  void test('an answer that correlates with nothing has no action', () => {
    const out = exportOot(HEADER, [
      frame('c1', 'CP-1', 'toStation', '[3,"before-capture",{}]'),
      frame('c1', 'CP-1', 'toCsms', '[2,"1","Heartbeat",{}]'),
      frame('c1', 'CP-1', 'toCsms', '[3,"1",{}]'),
    ]);
    const records = rows(out.lines);
    assert.equal(records[0]!.action, undefined);
    assert.equal(records[2]!.action, undefined);
    assert.equal(records[1]!.ocppVersion, undefined);
  });

  void test('two stations reusing an id: no action where the trace-wide rule and ours disagree', () => {
    const out = exportOot({ ...HEADER, ocppVersion: '1.6J' }, [
      frame(
        'a',
        'CP-A',
        'toCsms',
        '[2,"1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]',
      ),
      frame('b', 'CP-B', 'toCsms', '[2,"1","Heartbeat",{}]'),
      frame(
        'a',
        'CP-A',
        'toStation',
        '[3,"1",{"status":"Accepted","currentTime":"2026-01-01T00:00:03Z","interval":300}]',
      ),
      frame('b', 'CP-B', 'toStation', '[3,"1",{"currentTime":"2026-01-01T00:00:04Z"}]'),
      frame('b', 'CP-B', 'toCsms', '[2,"2","Heartbeat",{}]'),
      frame(
        'a',
        'CP-A',
        'toCsms',
        '[2,"2","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available"}]',
      ),
      frame('a', 'CP-A', 'toStation', '[3,"2",{}]'),
      frame('b', 'CP-B', 'toStation', '[3,"2",{"currentTime":"2026-01-01T00:00:08Z"}]'),
      frame('b', 'CP-B', 'toCsms', '[2,"3","Heartbeat",{}]'),
      frame('b', 'CP-B', 'toStation', '[3,"3",{"currentTime":"2026-01-01T00:00:10Z"}]'),
    ]);
    const records = rows(out.lines);
    // Records 2 and 3 cross (the rule pairs A's answer with B's CALL); 6 pairs with 5 both ways
    // (the most recent); 7 pairs with 4 both ways; 9 with 8.
    assert.deepEqual(
      records.map((r) => r.action),
      [
        'BootNotification',
        'Heartbeat',
        undefined,
        undefined,
        'Heartbeat',
        'StatusNotification',
        'StatusNotification',
        'Heartbeat',
        'Heartbeat',
        'Heartbeat',
      ],
    );
    assert.ok(records.every((r) => r.ocppVersion === '1.6'));
    assert.equal(records[5]!.connectorId, 1);
  });

  void test('an answer to a malformed CALL with a readable id gets no action from an older CALL', () => {
    const out = exportOot(HEADER, [
      frame('c1', 'CP-1', 'toCsms', '[2,"7","Heartbeat",{}]'),
      frame('c1', 'CP-1', 'toStation', '[3,"7",{"currentTime":"2026-01-01T00:00:00Z"}]'),
      frame('c1', 'CP-1', 'toCsms', '[2,"7","Authorize",null]'),
      frame('c1', 'CP-1', 'toStation', '[4,"7","FormationViolation","payload must be an object",{}]'),
    ]);
    const records = rows(out.lines);
    assert.equal(out.skipped.malformedFrames, 1);
    assert.deepEqual(
      records.map((r) => [r.messageType, r.action]),
      [
        ['CALL', 'Heartbeat'],
        ['CALLRESULT', 'Heartbeat'],
        ['CALLERROR', undefined],
      ],
    );
    assert.deepEqual(records[2]!.error, {
      code: 'FormationViolation',
      description: 'payload must be an object',
      details: {},
    });
    assert.equal(records[2]!.payload, undefined);
  });

  void test('binary frames, 2.1 SEND and CALLRESULTERROR, connection events and console lines are counted', () => {
    const base = { ts: 1_767_225_600_000, connectionId: 'c1', stationId: 'CP-1', source: 'proxy' } as const;
    const out = exportOot(HEADER, [
      { ...base, seq: 1, kind: 'connection', event: 'opened', subprotocol: 'ocpp2.1' },
      { ...base, seq: 2, kind: 'frame', direction: 'toCsms', raw: 'AAEC', binary: true },
      {
        ...base,
        seq: 3,
        kind: 'frame',
        direction: 'toCsms',
        raw: '[6,"s1","NotifyPeriodicEventStream",{"id":1,"pending":0,"basetime":"2026-01-01T00:00:00Z","data":[]}]',
      },
      {
        ...base,
        seq: 4,
        kind: 'frame',
        direction: 'toStation',
        raw: '[2,"g1","GetVariables",{"getVariableData":[]}]',
      },
      { ...base, seq: 5, kind: 'frame', direction: 'toCsms', raw: '[5,"g1","InternalError","",{}]' },
      { ...base, seq: 6, kind: 'console', text: 'boot ok' },
      { ...base, seq: 7, kind: 'frame', direction: 'toCsms', raw: 'not json' },
      { ...base, seq: 8, kind: 'connection', event: 'closed', code: 1000 },
    ]);
    assert.deepEqual(out.skipped, {
      connectionEvents: 2,
      consoleLines: 1,
      binaryFrames: 1,
      malformedFrames: 1,
      otherMessageTypes: 2,
    });
    assert.equal(out.records, 1);
    assert.equal(rows(out.lines)[0]!.ocppVersion, '2.1');
  });

  void test('times to the microsecond; flags and inferred fields in meta.ocppScope', () => {
    const entry: FrameEntry = {
      ...frame('c1', 'CP-1', 'toCsms', '[2,"1","Heartbeat",{}]'),
      ts: Date.UTC(2026, 0, 1, 12, 0, 0) + 0.001,
      flags: ['injected', 'delayed'],
      inferred: ['direction'],
    };
    const [record] = rows(exportOot(HEADER, [entry]).lines);
    assert.equal(record!.timestamp, '2026-01-01T12:00:00.000001Z');
    assert.deepEqual(record!.meta, {
      ocppScope: {
        seq: entry.seq,
        connectionId: 'c1',
        flags: ['injected', 'delayed'],
        inferred: ['direction'],
      },
    });
  });

  void test('an empty capture gives no records', () => {
    assert.deepEqual(exportOot(HEADER, []), {
      lines: [],
      records: 0,
      skipped: {
        connectionEvents: 0,
        consoleLines: 0,
        binaryFrames: 0,
        malformedFrames: 0,
        otherMessageTypes: 0,
      },
    });
  });
});
