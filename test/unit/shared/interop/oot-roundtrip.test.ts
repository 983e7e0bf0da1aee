import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CaptureHeader, Entry } from '../../../../src/shared/capture/entry';
import type { FileProblem } from '../../../../src/shared/capture/problems';
import { CaptureLineReader } from '../../../../src/shared/capture/reader';
import type { ImportedEntry, ImportResult } from '../../../../src/shared/interop/importer';
import { consumerView } from '../../../../src/shared/interop/oot/correlate';
import { exportOot } from '../../../../src/shared/interop/oot/export';
import { ootImporter } from '../../../../src/shared/interop/oot/import';
import { decodeRecord, parseTimestamp, type OotRecord } from '../../../../src/shared/interop/oot/record';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const SESSIONS = `${ROOT}fixtures/sessions/`;
const OOT = `${ROOT}fixtures/oot/`;

function readCapture(name: string): { header: CaptureHeader; entries: Entry[] } {
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

function importText(text: string): {
  entries: ImportedEntry[];
  problems: FileProblem[];
  result: ImportResult;
} {
  const entries: ImportedEntry[] = [];
  const problems: FileProblem[] = [];
  const importer = ootImporter(
    { entry: (e) => entries.push(e), problem: (p) => problems.push(p) },
    { fileName: 'trace.jsonl', now: 0 },
  );
  importer.write(text);
  return { entries, problems, result: importer.end() };
}

/** What the store does with imported entries: a seq each, in file order. */
function stored(entries: readonly ImportedEntry[]): Entry[] {
  return entries.map((entry, i) => ({ ...entry, seq: i + 1 }));
}

function headerFor(result: ImportResult): CaptureHeader {
  return {
    format: 'ocpp-scope-capture',
    formatVersion: 1,
    id: 'imported',
    name: 'imported',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...(result.ocppVersion !== undefined ? { ocppVersion: result.ocppVersion } : {}),
  };
}

const micros = (ts: number): number => Math.round(ts * 1000);

void describe('Open OCPP Trace round trip: capture -> trace -> capture', () => {
  for (const name of readdirSync(SESSIONS)
    .filter((n) => n.endsWith('.jsonl'))
    .sort()) {
    void test(`${name}: the same frames, directions, stations, connections and times (µs)`, () => {
      const { header, entries } = readCapture(name);
      const out = exportOot(header, entries);
      const back = importText(out.lines.join('\n') + '\n');
      assert.deepEqual(back.problems, []);
      const exported = new Set(
        out.lines.map((l) => (JSON.parse(l) as { meta: { ocppScope: { seq: number } } }).meta.ocppScope.seq),
      );
      const original = entries.filter((e) => e.kind === 'frame' && exported.has(e.seq));
      assert.equal(back.entries.length, original.length);
      back.entries.forEach((entry, i) => {
        const before = original[i]!;
        assert.ok(entry.kind === 'frame' && before.kind === 'frame');
        assert.equal(entry.raw, before.raw);
        assert.equal(entry.direction, before.direction);
        assert.equal(entry.stationId, before.stationId);
        assert.equal(entry.connectionId, before.connectionId);
        assert.equal(micros(entry.ts), micros(before.ts));
        assert.deepEqual(entry.flags, before.flags);
        assert.equal(entry.source, 'import');
      });
      if (header.ocppVersion !== undefined && out.records > 0)
        assert.equal(back.result.ocppVersion, header.ocppVersion);
    });
  }
});

function records(text: string): OotRecord[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const decoded = decodeRecord(JSON.parse(line));
      assert.ok(decoded.ok);
      return decoded.record;
    });
}

/** A record as a round trip must keep it: no meta, no answer's action (back-filled or dropped). */
function kept(record: OotRecord): OotRecord {
  const { meta: _meta, ...rest } = record;
  if (rest.messageType !== 'CALL') delete rest.action;
  return rest;
}

void describe('Open OCPP Trace round trip: trace -> capture -> trace', () => {
  for (const name of ['multi-station', 'orphans-and-unanswered']) {
    void test(`${name}: the records come back equal, apart from meta and the answers’ action`, () => {
      const text = readFileSync(`${OOT}${name}/trace.jsonl`, 'utf8');
      const input = records(text);
      const imported = importText(text);
      const out = exportOot(headerFor(imported.result), stored(imported.entries));
      const output = records(out.lines.join('\n'));
      assert.deepEqual(output.map(kept), input.map(kept));
      // A back-filled action is the one the spec's consumer view derives, and only ever that.
      const view = consumerView(input);
      output.forEach((record, i) => {
        if (record.messageType !== 'CALL' && record.action !== undefined) {
          assert.equal(record.action, view.records[i]!.action);
          assert.notEqual(view.records[i]!.correlatesWith, undefined);
        }
      });
      assert.deepEqual(consumerView(output).unansweredCalls, view.unansweredCalls);
      assert.deepEqual(consumerView(output).orphanResponses, view.orphanResponses);
    });
  }

  void test('multi-station: the crossed answers get no action, the others their CALL’s', () => {
    const imported = importText(readFileSync(`${OOT}multi-station/trace.jsonl`, 'utf8'));
    const output = records(exportOot(headerFor(imported.result), stored(imported.entries)).lines.join('\n'));
    assert.deepEqual(
      output.flatMap((r, i) => (r.messageType === 'CALL' ? [] : [[i, r.action]])),
      [
        [2, undefined],
        [3, undefined],
        [5, 'StatusNotification'],
        [7, 'RemoteStartTransaction'],
        [9, 'Heartbeat'],
        [11, 'Heartbeat'],
        [13, 'Heartbeat'],
      ],
    );
  });

  void test('ocpp201-session: the same instants, the version spelt canonically, unknown fields gone', () => {
    const text = readFileSync(`${OOT}ocpp201-session/trace.jsonl`, 'utf8');
    const input = records(text);
    const imported = importText(text);
    const output = records(exportOot(headerFor(imported.result), stored(imported.entries)).lines.join('\n'));
    assert.equal(output.length, input.length);
    output.forEach((record, i) => {
      const before = input[i]!;
      assert.equal(micros(parseTimestamp(record.timestamp)!), micros(parseTimestamp(before.timestamp)!));
      assert.equal(record.ocppVersion, '2.0.1');
      assert.deepEqual(
        { ...kept(record), timestamp: '', ocppVersion: '' },
        { ...kept(before), timestamp: '', ocppVersion: '' },
      );
    });
    assert.equal(output[0]!.timestamp, '2025-06-02T08:15:30.000123Z');
    assert.equal(output[8]!.timestamp, '2025-06-02T08:25:00.500Z');
  });

  void test('raw-and-soap: raw wins over disagreeing fields; composed frames gain their raw; SOAP stays out', () => {
    const text = readFileSync(`${OOT}raw-and-soap/trace.jsonl`, 'utf8');
    const input = records(text);
    const imported = importText(text);
    const out = exportOot(headerFor(imported.result), stored(imported.entries));
    assert.equal(out.skipped.consoleLines, 2);
    const output = records(out.lines.join('\n'));
    const json = input.filter((r) => r.transport === 'json');
    assert.equal(output.length, json.length);
    assert.deepEqual((output[0]!.payload as { chargePointModel: string }).chargePointModel, 'OT-7');
    assert.equal(
      output[1]!.raw,
      '[3,"b1",{"status":"Accepted","currentTime":"2025-10-05T22:01:02.399Z","interval":300}]',
    );
    assert.equal(output[3]!.messageId, 'b3');
    assert.deepEqual(output[5]!.error, { code: 'InternalError', description: 'Reset failed', details: {} });
  });
});
