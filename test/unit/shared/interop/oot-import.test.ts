import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FileProblem } from '../../../../src/shared/capture/problems';
import { ImportError, type ImportedEntry, type ImportResult } from '../../../../src/shared/interop/importer';
import { looksLikeOotRecord, ootImporter } from '../../../../src/shared/interop/oot/import';

const OOT = fileURLToPath(new URL('../../../../fixtures/oot/', import.meta.url));
const NOW = Date.UTC(2026, 0, 1);

function fixture(name: string): string {
  return readFileSync(`${OOT}${name}/trace.jsonl`, 'utf8');
}

interface Imported {
  entries: ImportedEntry[];
  problems: FileProblem[];
  result: ImportResult;
}

function importChunks(chunks: readonly string[], fileName = 'trace.jsonl'): Imported {
  const entries: ImportedEntry[] = [];
  const problems: FileProblem[] = [];
  const importer = ootImporter(
    { entry: (e) => entries.push(e), problem: (p) => problems.push(p) },
    { fileName, now: NOW },
  );
  for (const chunk of chunks) importer.write(chunk);
  return { entries, problems, result: importer.end() };
}

function importText(text: string): Imported {
  return importChunks([text]);
}

function line(fields: Record<string, unknown>): string {
  return JSON.stringify({
    schemaVersion: '1.1',
    timestamp: '2025-03-10T06:00:00.000Z',
    ocppVersion: '1.6',
    transport: 'json',
    chargePointId: 'CP-1',
    direction: 'cp-to-csms',
    messageType: 'CALL',
    messageId: 'h1',
    action: 'Heartbeat',
    payload: {},
    raw: '[2,"h1","Heartbeat",{}]',
    ...fields,
  });
}

type ImportedFrame = Extract<ImportedEntry, { kind: 'frame' }>;

function frames(entries: readonly ImportedEntry[]): ImportedFrame[] {
  return entries.map((e) => {
    assert.ok(e.kind === 'frame', `a ${e.kind} entry`);
    return e;
  });
}

void describe('Open OCPP Trace import: our fixtures', () => {
  void test('multi-station: every record a frame, raw verbatim, one connection per station', () => {
    const text = fixture('multi-station');
    const records = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    const { entries, problems, result } = importText(text);
    assert.deepEqual(problems, []);
    assert.equal(result.description, 'Open OCPP Trace v1.1: 14 records, 2 stations (OCPP 1.6)');
    assert.equal(result.ocppVersion, 'ocpp1.6');
    const got = frames(entries);
    assert.equal(got.length, 14);
    got.forEach((entry, i) => {
      const record = records[i]!;
      assert.equal(entry.raw, record.raw);
      assert.equal(entry.source, 'import');
      assert.equal(entry.stationId, record.chargePointId);
      assert.equal(entry.connectionId, record.chargePointId === 'CP-NORTH-01' ? 'oot-1' : 'oot-2');
      assert.equal(entry.direction, record.direction === 'cp-to-csms' ? 'toCsms' : 'toStation');
      assert.equal(entry.ts, Date.parse(record.timestamp!));
      assert.equal(entry.flags, undefined);
      assert.equal(entry.inferred, undefined);
    });
  });

  void test('ocpp201-session: unknown fields ignored, times to the microsecond, versions normalised', () => {
    const { entries, problems, result } = importText(fixture('ocpp201-session'));
    assert.deepEqual(problems, []);
    assert.equal(result.description, 'Open OCPP Trace v1.1: 10 records, 1 station (OCPP 2.0.1)');
    assert.equal(result.ocppVersion, 'ocpp2.0.1');
    const got = frames(entries);
    const boot = Date.UTC(2025, 5, 2, 8, 15, 30);
    assert.deepEqual(
      got.map((e) => Math.round(e.ts * 1000) - boot * 1000),
      [123, 51456, 1200000, 1310000, 2100000, 2140001, 281500000, 281611000, 570500000, 570559000],
    );
    assert.ok(got.every((e) => e.connectionId === 'oot-1' && e.stationId === 'EVB-TEST-0009'));
    assert.equal(got[2]!.direction, 'toStation');
    assert.equal(got[3]!.direction, 'toCsms');
  });

  void test('orphans-and-unanswered: the summary counts what the rule finds', () => {
    const { entries, problems, result } = importText(fixture('orphans-and-unanswered'));
    assert.deepEqual(problems, []);
    assert.equal(entries.length, 9);
    assert.equal(
      result.description,
      'Open OCPP Trace v1.1: 9 records, 1 station (OCPP 1.6), 1 unanswered call, 4 orphan responses',
    );
  });

  void test('raw-and-soap: disagreements warned, frames composed, SOAP kept as console lines', () => {
    const { entries, problems, result } = importText(fixture('raw-and-soap'));
    assert.equal(
      result.description,
      'Open OCPP Trace v1.1: 8 records, 1 station (OCPP 1.6, 1.5), 2 SOAP records kept as console lines',
    );
    assert.equal(result.ocppVersion, undefined);
    assert.deepEqual(
      problems.map((p) => [p.kind, p.line, p.unit]),
      [
        ['import-warning', 1, 'line'],
        ['import-warning', 4, 'line'],
        ['import-warning', 5, 'line'],
        ['import-warning', 5, 'line'],
      ],
    );
    assert.match(
      problems[0]!.message,
      /^`raw` \(a CALL\) disagrees with the record's payload; the frame is kept as raw has it/,
    );
    assert.match(problems[1]!.message, /`raw` \(a CALLRESULT\) disagrees with the record's messageId/);
    assert.match(problems[2]!.message, /ocppVersion "1\.5" is no OCPP version this tool knows/);
    assert.match(problems[3]!.message, /SOAP records are kept as console lines/);

    assert.deepEqual(
      entries.map((e) => e.kind),
      ['frame', 'frame', 'frame', 'frame', 'console', 'console', 'frame', 'frame'],
    );
    const raws = entries.map((e) => (e.kind === 'frame' ? e.raw : e.kind === 'console' ? e.text : ''));
    assert.equal(
      raws[0],
      '[2,"b1","BootNotification",{"chargePointVendor":"Oldtimer","chargePointModel":"OT-7"}]',
    );
    assert.equal(
      raws[1],
      '[3,"b1",{"status":"Accepted","currentTime":"2025-10-05T22:01:02.399Z","interval":300}]',
    );
    assert.equal(raws[2], '[2, "b2", "Authorize", {"idTag": "ABC123"}]');
    assert.match(raws[4]!, /^SOAP CALL Heartbeat id soap-1 \(cp-to-csms\): <soap:Envelope /);
    assert.equal(
      raws[5],
      'SOAP CALLRESULT id soap-1 (csms-to-cp): {"currentTime":"2025-10-05T22:02:00.119Z"}',
    );
    assert.equal(raws[6], '[2,"c1","Reset",{"type":"Soft"}]');
    assert.equal(raws[7], '[4,"c1","InternalError","Reset failed",{}]');
    assert.equal(Math.round(entries[0]!.ts * 1000) % 1_000_000, 345678);
  });

  void test('chunks of any size give the same result as one', () => {
    for (const name of ['multi-station', 'raw-and-soap']) {
      const text = fixture(name);
      const whole = importText(text);
      assert.deepEqual(importChunks([...text]), whole);
      assert.deepEqual(importChunks(text.replace(/\n/g, '\r\n').match(/[^]{1,37}/g)!), whole);
    }
  });
});

void describe('Open OCPP Trace import: bad lines', () => {
  const good = line({});
  const text = [
    good,
    '{"schemaVersion":"1.1", "timestamp": ',
    line({ direction: undefined }),
    line({ action: undefined }),
    line({ messageType: 'CALLERROR' }),
    line({ messageType: 'CALLRESULT', action: undefined, error: { code: 'InternalError' } }),
    line({ transport: 'websocket' }),
    '',
    line({ connectorId: -1 }),
    line({ messageType: 'CALLRESULT', direction: 'csms-to-cp', action: undefined, raw: '[3,"h1",{}]' }),
  ].join('\n');

  void test('each is skipped with its line number and what was expected; the next lines are read', () => {
    const { entries, problems, result } = importText(text);
    assert.equal(entries.length, 2);
    assert.deepEqual(
      problems.map((p) => [p.kind, p.unit, p.line]),
      [2, 3, 4, 5, 6, 7, 9].map((n) => ['import-skipped', 'line', n]),
    );
    const messages = problems.map((p) => p.message);
    assert.match(
      messages[0]!,
      /^it is not JSON \(.+\); every line of an Open OCPP Trace is one JSON record$/,
    );
    assert.match(
      messages[1]!,
      /^`direction` is missing: every record needs one of "cp-to-csms", "csms-to-cp"$/,
    );
    assert.match(messages[2]!, /^`action` is missing: a CALL record must name its action/);
    assert.match(messages[3]!, /^`error` is missing: a CALLERROR record needs an `error` object/);
    assert.match(messages[4]!, /^`error` is set on a CALLRESULT record, but only a CALLERROR/);
    assert.match(messages[5]!, /^`transport` is "websocket", but it must be one of "json", "soap"$/);
    assert.match(messages[6]!, /^`connectorId` is -1, but the schema wants an integer of 0 or more$/);
    assert.equal(
      result.description,
      'Open OCPP Trace v1.1: 2 records, 1 station (OCPP 1.6), 7 lines skipped',
    );
  });

  void test('a record whose time cannot be read is kept with the time before it, marked inferred', () => {
    const { entries, problems } = importText(
      [
        line({ timestamp: '2025-03-10T06:00:01.250Z' }),
        line({ timestamp: '10/03/2025 06:00:02', messageId: 'h2', raw: '[2,"h2","Heartbeat",{}]' }),
      ].join('\n'),
    );
    const got = frames(entries);
    assert.equal(got[1]!.ts, Date.UTC(2025, 2, 10, 6, 0, 1, 250));
    assert.deepEqual(got[1]!.inferred, ['time']);
    assert.equal(got[0]!.inferred, undefined);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.kind, 'import-warning');
    assert.equal(problems[0]!.line, 2);
    assert.match(problems[0]!.message, /"10\/03\/2025 06:00:02" is not an RFC 3339 date-time/);
  });

  void test('a first record with an unreadable time takes the import time', () => {
    const { entries } = importText(line({ timestamp: 'now' }));
    assert.equal(entries[0]!.ts, NOW);
  });

  void test('records without chargePointId are station "unknown", with one warning', () => {
    const { entries, problems, result } = importText(
      [line({ chargePointId: undefined }), line({ chargePointId: undefined }), line({})].join('\n'),
    );
    assert.deepEqual(
      entries.map((e) => [e.stationId, e.connectionId]),
      [
        ['unknown', 'oot-1'],
        ['unknown', 'oot-1'],
        ['CP-1', 'oot-2'],
      ],
    );
    assert.deepEqual(
      problems.map((p) => [p.kind, p.line]),
      [['import-warning', 1]],
    );
    assert.match(result.description, /2 stations/);
  });

  void test('an answer naming another action than its CALL’s is kept, with a warning', () => {
    const { entries, problems } = importText(
      [
        line({}),
        line({ messageType: 'CALLRESULT', direction: 'csms-to-cp', action: 'Authorize', raw: '[3,"h1",{}]' }),
      ].join('\n'),
    );
    assert.equal(entries.length, 2);
    assert.equal(problems.length, 1);
    assert.match(
      problems[0]!.message,
      /names the action Authorize, but the CALL it correlates with \(line 1\) is a Heartbeat/,
    );
  });

  void test('a raw that is no OCPP-J array is kept as the frame text, with a warning', () => {
    const { entries, problems } = importText(line({ raw: '{"not":"a frame"}' }));
    assert.equal(frames(entries)[0]!.raw, '{"not":"a frame"}');
    assert.match(problems[0]!.message, /`raw` is not an OCPP-J array/);
  });

  void test('without raw or messageId the frame is composed with an empty id, and said so', () => {
    const { entries, problems } = importText(
      line({ raw: undefined, messageId: undefined, payload: undefined }),
    );
    assert.equal(frames(entries)[0]!.raw, '[2,"","Heartbeat",{}]');
    assert.match(problems[0]!.message, /neither raw nor messageId/);
  });

  void test('meta.ocppScope gives the connection, flags and inferred fields back; other meta is ignored', () => {
    const { entries } = importText(
      [
        line({
          meta: {
            ocppScope: { seq: 4, connectionId: 'c7', flags: ['injected', 'bogus'], inferred: ['direction'] },
          },
        }),
        line({ meta: { ocppScope: 'c7', recorder: 'x' } }),
        line({ meta: { ocppScope: { connectionId: 'c7', flags: [] } }, timestamp: 'never' }),
      ].join('\n'),
    );
    const got = frames(entries);
    assert.deepEqual(
      got.map((e) => [e.connectionId, e.flags, e.inferred]),
      [
        ['c7', ['injected'], ['direction']],
        ['oot-1', undefined, undefined],
        ['c7', undefined, ['time']],
      ],
    );
  });
});

void describe('Open OCPP Trace import: not a trace', () => {
  void test('a first line that is not a record throws ImportError saying what to do', () => {
    for (const first of ['[2,"1","Heartbeat",{}]', 'hello', '{"format":"ocpp-scope-capture"}']) {
      assert.throws(
        () => importText(`${first}\n${line({})}\n`),
        (error: unknown) =>
          error instanceof ImportError &&
          /trace\.jsonl is not an Open OCPP Trace: line 1 .*choose another import format/.test(error.message),
      );
    }
  });

  void test('an empty file (blank lines, a byte-order mark) throws ImportError', () => {
    assert.throws(() => importText('\uFEFF\n\n  \n'), ImportError);
  });

  void test('a first record that breaks a rule is skipped like any other', () => {
    const { entries, problems } = importText(`${line({ action: undefined })}\n${line({})}`);
    assert.equal(entries.length, 1);
    assert.equal(problems[0]!.line, 1);
  });

  void test('looksLikeOotRecord is what format detection uses', () => {
    assert.equal(looksLikeOotRecord(JSON.parse(line({}))), true);
    assert.equal(looksLikeOotRecord({ seq: 1, kind: 'frame' }), false);
  });
});
