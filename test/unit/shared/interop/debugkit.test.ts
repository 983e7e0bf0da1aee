import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FileProblem } from '../../../../src/shared/capture/problems';
import { debugkitImporter, looksLikeDebugkit } from '../../../../src/shared/interop/debugkit';
import { ImportError, type ImportResult, type ImportedEntry } from '../../../../src/shared/interop/importer';
import { looksLikeFrameLines } from '../../../../src/shared/interop/lines';
import { ROOT, fixtureText } from '../../support';

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);
const fixture = (name: string): string => fixtureText(join(ROOT, 'fixtures/imports', name));

interface Imported {
  entries: ImportedEntry[];
  problems: FileProblem[];
  result: ImportResult;
}

function importChunks(chunks: readonly string[], fileName = 'trace.json'): Imported {
  const entries: ImportedEntry[] = [];
  const problems: FileProblem[] = [];
  const importer = debugkitImporter(
    { entry: (e) => entries.push(e), problem: (p) => problems.push(p) },
    { fileName, now: NOW },
  );
  for (const chunk of chunks) importer.write(chunk);
  return { entries, problems, result: importer.end() };
}
const importText = (text: string, fileName?: string): Imported => importChunks([text], fileName);

function importError(text: string): string {
  try {
    importText(text);
  } catch (error) {
    assert.ok(error instanceof ImportError, String(error));
    return error.message;
  }
  assert.fail('no ImportError');
}

/** time, station/connection, direction (`*` inferred, `~` time inferred), raw. */
function show(entry: ImportedEntry): string {
  assert.equal(entry.kind, 'frame');
  if (entry.kind !== 'frame') return '';
  assert.equal(entry.source, 'import');
  const inferred = entry.inferred ?? [];
  return `${new Date(entry.ts).toISOString()} ${entry.stationId}/${entry.connectionId} ${entry.direction}${inferred.includes('direction') ? '*' : ''}${inferred.includes('time') ? '~' : ''} ${entry.raw}`;
}
const showProblem = (p: FileProblem): string => `${p.unit ?? 'line'} ${p.line} ${p.kind}: ${p.message}`;

/** The messages of the events of a trace, serialised as the importer must have. */
function messagesOf(value: unknown): string[] {
  const events = Array.isArray(value) ? value : (value as { events: unknown[] }).events;
  return events.map((event) => {
    const message = Array.isArray(event) ? event : (event as { message?: unknown }).message;
    return JSON.stringify(message);
  });
}

const DEBUGKIT_RAW_NOTE = 'frame text re-serialised from the parsed messages (DebugKit keeps no raw text)';

void describe('debugkitImporter: the fixtures', () => {
  void test('debugkit-trace.json: metadata, every time shape, given and inferred directions, bad events skipped', () => {
    const text = fixture('debugkit-trace.json');
    const raw = messagesOf(JSON.parse(text));
    const { entries, problems, result } = importText(text, 'debugkit-trace.json');
    const s = 'CS-SYNTHETIC-001/c1';
    assert.deepEqual(entries.map(show), [
      `2025-11-21T07:42:00.000Z ${s} toCsms ${raw[0]}`,
      `2025-11-21T07:42:00.180Z ${s} toStation ${raw[1]}`,
      // Epoch ms, no direction.
      `2025-11-21T07:42:01.250Z ${s} toCsms* ${raw[2]}`,
      // Epoch seconds, UNKNOWN: the answer to event 3.
      `2025-11-21T07:42:02.000Z ${s} toStation* ${raw[3]}`,
      // timestamp null: the previous event's time.
      `2025-11-21T07:42:02.000Z ${s} toStation*~ ${raw[4]}`,
      `2025-11-21T07:42:02.000Z ${s} toCsms~ ${raw[5]}`,
      // Event 7 (a message as a string) skipped. +01:00 read as such.
      `2025-11-21T07:42:06.500Z ${s} toCsms* ${raw[7]}`,
      `2025-11-21T07:42:06.620Z ${s} toStation* ${raw[8]}`,
      // Event 10 (42) skipped; event 11's "yesterday" takes the previous time.
      `2025-11-21T07:42:06.620Z ${s} toCsms*~ ${raw[10]}`,
      `2025-11-21T07:47:00.090Z ${s} toStation* ${raw[11]}`,
    ]);
    assert.deepEqual(problems.map(showProblem), [
      'record 7 import-skipped: event 7 was skipped: its "message" is the string "[2,\\"19223203\\",\\"Heartbeat\\",{}]", not an OCPP-J array [type, id, ...]',
      'record 8 import-warning: event 8: DataTransfer is sent by either side, and nothing else tells which way it went; guessed sent by the charging station',
      'record 10 import-skipped: event 10 was skipped: it is the number 42, not an event {"timestamp", "direction", "message": [...]}',
      'record 11 import-warning: event 11: timestamp the string "yesterday" is neither ISO 8601 nor an epoch; it was given the previous event\'s time',
      'record 12 import-warning: event 12: direction the string "IN" is not CS_TO_CSMS, CSMS_TO_CS or UNKNOWN; it was inferred',
    ]);
    assert.deepEqual(result, {
      description: `DebugKit trace "trace-boot-remote-start-001" (JSON object): 10 events, station CS-SYNTHETIC-001 (OCPP 1.6), 7 with inferred direction, 2 skipped, ${DEBUGKIT_RAW_NOTE}`,
      ocppVersion: 'ocpp1.6',
    });
  });

  void test('debugkit-events.jsonl: JSON lines, station from the file name, bad lines skipped by line number', () => {
    const text = fixture('debugkit-events.jsonl');
    const { entries, problems, result } = importText(text, '/traces/debugkit-events.jsonl');
    const raw = text.split('\n').map((line) => {
      try {
        return JSON.stringify((JSON.parse(line) as { message?: unknown }).message);
      } catch {
        return '';
      }
    });
    const s = 'debugkit-events/c1';
    assert.deepEqual(entries.map(show), [
      `2025-11-21T07:42:00.000Z ${s} toCsms ${raw[0]}`,
      `2025-11-21T07:42:00.180Z ${s} toStation ${raw[1]}`,
      `2025-11-21T07:42:03.000Z ${s} toCsms* ${raw[5]}`,
      `2025-11-21T07:42:03.240Z ${s} toStation* ${raw[6]}`,
    ]);
    assert.deepEqual(
      problems.map((p) => [p.unit, p.line, p.kind]),
      [
        ['line', 4, 'import-skipped'],
        ['line', 5, 'import-skipped'],
      ],
    );
    assert.match(problems[0]!.message, /^line 4 was skipped: it is not JSON \(.+\)$/);
    assert.equal(
      problems[1]!.message,
      'line 5 was skipped: its "message" is missing, not an OCPP-J array [type, id, ...]',
    );
    // StartTransaction exists in 1.6 only.
    assert.deepEqual(result, {
      description: `DebugKit trace (JSON lines): 4 events, station debugkit-events (OCPP 1.6), 2 with inferred direction, 2 skipped, ${DEBUGKIT_RAW_NOTE}`,
      ocppVersion: 'ocpp1.6',
    });
  });

  void test('debugkit-bare.json: a bare array of messages: directions from the actions, times from now', () => {
    const text = fixture('debugkit-bare.json');
    const raw = messagesOf(JSON.parse(text));
    const { entries, problems, result } = importText(text, 'debugkit-bare.json');
    const now = new Date(NOW).toISOString();
    assert.deepEqual(
      entries.map(show),
      [
        ['toCsms', 0],
        ['toStation', 1],
        ['toStation', 2],
        ['toCsms', 3],
        ['toStation', 5],
      ].map(([direction, i]) => `${now} debugkit-bare/c1 ${direction}*~ ${raw[i as number]}`),
    );
    assert.deepEqual(problems.map(showProblem), [
      'record 5 import-skipped: event 5 was skipped: its "message" is missing, not an OCPP-J array [type, id, ...]',
      'record 6 import-warning: event 6: a CALLRESULT (id "5e0d") answers no CALL earlier in the file; guessed sent by the CSMS (answering a station\'s CALL from before the file began)',
    ]);
    // 2.0.1 actions alone: 2.0.1 or 2.1, left to the analysis.
    assert.deepEqual(result, {
      description: `DebugKit trace (bare array of messages): 5 events, station debugkit-bare, 5 with inferred direction, 1 skipped, ${DEBUGKIT_RAW_NOTE}`,
    });
  });
});

void describe('debugkitImporter: shapes and text as it comes', () => {
  const jsonl = fixture('debugkit-events.jsonl');
  const object = fixture('debugkit-trace.json');

  void test('one character at a time, CRLF, a byte-order mark, leading blank lines: the same result', () => {
    for (const text of [jsonl, object]) {
      const whole = importText(text);
      assert.deepEqual(importChunks([...text]), whole);
      assert.deepEqual(importText(text.replace(/\n/g, '\r\n')), whole);
      assert.deepEqual(importText(`\uFEFF${text}`), whole);
      const blank = importChunks(['\n\n  \r\n', text.slice(0, 10), text.slice(10)]);
      assert.deepEqual(blank.entries, whole.entries);
      assert.deepEqual(blank.result, whole.result);
    }
  });

  void test('a trace on one line, with no newline at all, and a single event line', () => {
    const one = JSON.stringify(JSON.parse(object));
    assert.deepEqual(importText(one).entries, importText(object).entries);
    const event = '{"timestamp":1763710920,"direction":"CS_TO_CSMS","message":[2,"1","Heartbeat",{}]}';
    assert.deepEqual(importText(event).entries.map(show), [
      '2025-11-21T07:42:00.000Z trace/c1 toCsms [2,"1","Heartbeat",{}]',
    ]);
  });

  void test('JSON lines whose first line is broken are still read as JSON lines, the first line skipped', () => {
    const text = `{"timestamp": "2025-11-21T07:4\n${jsonl}`;
    const { entries, problems } = importText(text);
    assert.equal(entries.length, 4);
    assert.deepEqual(
      problems.map((p) => [p.line, p.unit, p.kind]),
      [
        [1, 'line', 'import-skipped'],
        [5, 'line', 'import-skipped'],
        [6, 'line', 'import-skipped'],
      ],
    );
  });

  void test('an array of event objects reads like the events of a trace', () => {
    const { entries } = importText(
      '[{"direction":"CSMS_TO_CS","timestamp":"2025-11-21T07:42:00Z","message":[2,"1","Reset",{"type":"Hard"}]}]',
    );
    assert.deepEqual(entries.map(show), [
      '2025-11-21T07:42:00.000Z trace/c1 toStation [2,"1","Reset",{"type":"Hard"}]',
    ]);
  });

  void test('unicode survives re-serialisation; a 1 MB event is read whole', () => {
    const data = `Café ☕ 𝄞 ${'x'.repeat(1024 * 1024)}`;
    const message = [2, 'u1', 'DataTransfer', { vendorId: 'com.acme', data }];
    const text = `${JSON.stringify({ direction: 'CS_TO_CSMS', message })}\n{"message":[3,"u1",{"status":"Accepted"}]}\n`;
    const chunks: string[] = [];
    for (let at = 0; at < text.length; at += 65536) chunks.push(text.slice(at, at + 65536));
    const { entries, problems } = importChunks(chunks);
    assert.deepEqual(problems, []);
    assert.equal(entries.length, 2);
    assert.ok(entries[0]?.kind === 'frame');
    assert.equal(entries[0].raw, JSON.stringify(message));
    assert.deepEqual(JSON.parse(entries[0].raw), message);
    assert.ok(entries[1]?.kind === 'frame' && entries[1].direction === 'toStation');
  });

  void test('times: epoch seconds and ms, numeric strings, zone-less ISO read as UTC with one warning', () => {
    const events = [
      { timestamp: 1763710920, message: [2, '1', 'Heartbeat', {}] },
      { timestamp: 1763710920500, message: [3, '1', {}] },
      { timestamp: '1763710921', message: [2, '2', 'Heartbeat', {}] },
      { timestamp: '2025-11-21T07:42:02.25', message: [3, '2', {}] },
      { timestamp: '2025-11-21 07:42:03', message: [2, '3', 'Heartbeat', {}] },
      { timestamp: '', message: [3, '3', {}] },
    ];
    const { entries, problems } = importText(JSON.stringify({ events }));
    assert.deepEqual(
      entries.map((e) => [new Date(e.ts).toISOString(), e.kind === 'frame' ? e.inferred : undefined]),
      [
        ['2025-11-21T07:42:00.000Z', ['direction']],
        ['2025-11-21T07:42:00.500Z', ['direction']],
        ['2025-11-21T07:42:01.000Z', ['direction']],
        ['2025-11-21T07:42:02.250Z', ['direction']],
        ['2025-11-21T07:42:03.000Z', ['direction']],
        ['2025-11-21T07:42:03.000Z', ['direction', 'time']],
      ],
    );
    assert.deepEqual(problems.map(showProblem), [
      'record 4 import-warning: event 4: timestamp "2025-11-21T07:42:02.25" has no zone; times without one were read as UTC',
    ]);
  });

  void test('metadata: an unknown version is warned of and the messages decide; a blank stationId is ignored', () => {
    const trace = {
      metadata: { stationId: '  ', ocppVersion: '1.5' },
      events: [{ message: [2, '1', 'StartTransaction', {}] }],
    };
    const { entries, problems, result } = importText(JSON.stringify(trace), 'depot.trace.json');
    assert.equal(entries[0]?.stationId, 'depot.trace');
    assert.deepEqual(problems.map(showProblem), [
      'line 0 import-warning: metadata.ocppVersion "1.5" is no OCPP version this tool knows (1.6, 2.0.1, 2.1); the version was worked out from the messages',
    ]);
    assert.equal(result.ocppVersion, 'ocpp1.6');
  });

  void test('the version in metadata is what the directions are read by, and what the import says', () => {
    const trace = {
      metadata: { ocppVersion: 'ocpp2.0.1' },
      events: [{ message: [2, '1', 'Heartbeat', {}] }],
    };
    assert.equal(importText(JSON.stringify(trace)).result.ocppVersion, 'ocpp2.0.1');
  });

  void test('a message that does not start with a message type is skipped; an odd one is kept for the analysis', () => {
    const events = [{ message: [] }, { message: ['2', '1', 'Heartbeat', {}] }, { message: [9, '1'] }];
    const { entries, problems } = importText(JSON.stringify({ events }));
    assert.deepEqual(
      entries.map((e) => (e.kind === 'frame' ? e.raw : '')),
      ['[9,"1"]'],
    );
    assert.deepEqual(problems.map(showProblem), [
      'record 1 import-skipped: event 1 was skipped: its message does not start with a message type (2, 3, 4...) but with missing',
      'record 2 import-skipped: event 2 was skipped: its message does not start with a message type (2, 3, 4...) but with the string "2"',
      'record 3 import-warning: event 3: its message type could not be read, so nothing tells which way it went; guessed sent by the charging station',
    ]);
  });
});

void describe('debugkitImporter: files that are no DebugKit trace', () => {
  void test('not JSON, or not a trace: ImportError saying what a trace is', () => {
    const expected =
      'a DebugKit trace is a JSON object {"events": [...]}, JSON lines of {"timestamp", "direction", "message": [...]} events, or a JSON array of OCPP-J messages';
    assert.equal(
      importError('2025-11-21 CP01 -> [2,"1","Heartbeat",{}]'),
      `it is not JSON: it starts with "2"; ${expected}`,
    );
    assert.equal(importError(''), `the file is empty; ${expected}`);
    assert.equal(importError(' \n\n'), `the file is empty; ${expected}`);
    assert.match(importError('{\n  "events": [\n'), /^it is not JSON \(.+\); a DebugKit trace is/);
    assert.match(importError('[1, 2'), /^it is not JSON \(.+\); a DebugKit trace is/);
    assert.equal(
      importError('{"events": {"0": {}}}'),
      `it has no "events" array ("events" is an object); ${expected}`,
    );
    assert.equal(
      importError('{\n"traceId": "t"\n}'),
      `it has no "events" array ("events" is missing); ${expected}`,
    );
  });

  void test('a capture header or an Open OCPP Trace record on line 1: ImportError at once', () => {
    const header =
      '{"format":"ocpp-scope-capture","formatVersion":1,"id":"t","name":"T","createdAt":"2025-11-21T07:42:00.000Z"}\n';
    const oot =
      '{"schemaVersion":"1.1","timestamp":"2025-11-21T07:42:00.000Z","transport":"json","direction":"cp-to-csms","messageType":"CALL","messageId":"1","action":"Heartbeat","payload":{}}\n';
    for (const line of [header, oot]) {
      assert.equal(
        importError(line + line),
        'line 1 is a JSON object with neither "events" nor a "message" array; a DebugKit trace is a JSON object {"events": [...]}, JSON lines of {"timestamp", "direction", "message": [...]} events, or a JSON array of OCPP-J messages',
      );
    }
  });

  void test('the first character decides at once: nothing is held of a file that cannot be one', () => {
    const importer = debugkitImporter({ entry: () => {}, problem: () => {} }, { fileName: 'x', now: NOW });
    assert.throws(() => importer.write('  <html>'), ImportError);
  });
});

void describe('looksLikeDebugkit', () => {
  void test('yes for the three shapes, pretty-printed or not, and for a trace longer than the head', () => {
    for (const name of ['debugkit-trace.json', 'debugkit-events.jsonl', 'debugkit-bare.json']) {
      assert.equal(looksLikeDebugkit(fixture(name)), true, name);
      assert.equal(looksLikeFrameLines(fixture(name)), false, name);
    }
    const trace = JSON.parse(fixture('debugkit-trace.json')) as unknown;
    assert.equal(looksLikeDebugkit(JSON.stringify(trace)), true);
    const long = JSON.stringify({
      metadata: {},
      events: [{ message: [2, '1', 'DataTransfer', { data: 'x'.repeat(70_000) }] }],
    });
    assert.equal(looksLikeDebugkit(long.slice(0, 64 * 1024)), true);
    const longEvent = JSON.stringify({ message: [2, '1', 'DataTransfer', { data: 'x'.repeat(70_000) }] });
    assert.equal(looksLikeDebugkit(`${longEvent}\n${longEvent}\n`), true);
    assert.equal(looksLikeDebugkit('\uFEFF[[2,"1","Heartbeat",{}]]'), true);
  });

  void test('no for a capture, an Open OCPP Trace, plain logs and other JSON', () => {
    const no = [
      '{"format":"ocpp-scope-capture","formatVersion":1,"id":"t","name":"T","createdAt":"2025-11-21T07:42:00.000Z"}\n{"seq":1}\n',
      '{"schemaVersion":"1.1","timestamp":"2025-11-21T07:42:00.000Z","transport":"json","direction":"cp-to-csms","messageType":"CALL","messageId":"1","action":"Heartbeat","payload":{},"raw":"[2,\\"1\\",\\"Heartbeat\\",{}]"}\n',
      '[{"schemaVersion":"1.1","messageType":"CALL"}]',
      '[2,"1","Heartbeat",{}]\n[3,"1",{}]\n',
      '{"message": "hello"}',
      '{"events": "none"}',
      '[1, 2, 3]',
      'plain text',
      '',
    ];
    for (const text of no) assert.equal(looksLikeDebugkit(text), false, text.slice(0, 60));
  });
});
