import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FileProblem } from '../../../../src/shared/capture/problems';
import { looksLikeDebugkit } from '../../../../src/shared/interop/debugkit';
import { ImportError, type ImportResult, type ImportedEntry } from '../../../../src/shared/interop/importer';
import {
  findLineTime,
  linesImporter,
  looksLikeFrameLines,
  namedStation,
  parseTimeText,
  relativeMarker,
  statedDirection,
} from '../../../../src/shared/interop/lines';
import { ROOT, fixtureText } from '../../support';

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);
const fixture = (name: string): string => fixtureText(join(ROOT, 'fixtures/imports', name));

interface Imported {
  entries: ImportedEntry[];
  problems: FileProblem[];
  result: ImportResult;
}

function importChunks(chunks: readonly string[], fileName = 'station-log.txt'): Imported {
  const entries: ImportedEntry[] = [];
  const problems: FileProblem[] = [];
  const importer = linesImporter(
    { entry: (e) => entries.push(e), problem: (p) => problems.push(p) },
    { fileName, now: NOW },
  );
  for (const chunk of chunks) importer.write(chunk);
  return { entries, problems, result: importer.end() };
}
const importText = (text: string, fileName?: string): Imported => importChunks([text], fileName);

/** One line per entry: time, station/connection, direction (`*` inferred) or `console`, `~` when the time is inferred, text. */
function show(entry: ImportedEntry): string {
  const where = `${new Date(entry.ts).toISOString()} ${entry.stationId}/${entry.connectionId}`;
  if (entry.kind === 'console') return `${where} console ${entry.text}`;
  assert.equal(entry.kind, 'frame');
  if (entry.kind !== 'frame') return '';
  assert.equal(entry.source, 'import');
  const inferred = entry.inferred ?? [];
  return `${where} ${entry.direction}${inferred.includes('direction') ? '*' : ''}${inferred.includes('time') ? '~' : ''} ${entry.raw}`;
}
const showProblem = (p: FileProblem): string => `${p.unit ?? 'line'} ${p.line} ${p.kind}: ${p.message}`;

void describe('linesImporter: the fixtures', () => {
  void test('csms-arrows.log: a CSMS log whose arrows are read through its perspective, two stations', () => {
    const { entries, problems, result } = importText(fixture('csms-arrows.log'), 'csms-arrows.log');
    const lines = fixture('csms-arrows.log').trimEnd().split('\n');
    const frame = (n: number): string => lines[n - 1]!.slice(lines[n - 1]!.indexOf('['));
    const frameAfter = (n: number): string => {
      const line = lines[n - 1]!;
      return line.slice(line.indexOf('[', line.indexOf(']') + 1));
    };
    assert.deepEqual(entries.map(show), [
      `2025-11-21T07:42:00.000Z CP01/c1 console ${lines[0]}`,
      `2025-11-21T07:42:03.120Z CP01/c1 toCsms* ${frameAfter(2)}`,
      `2025-11-21T07:42:03.151Z CP01/c1 toStation* ${frameAfter(3)}`,
      `2025-11-21T07:42:04.002Z EVB-0007/c2 toCsms* ${frameAfter(4)}`,
      `2025-11-21T07:42:04.010Z EVB-0007/c2 toStation* ${frameAfter(5)}`,
      // DataTransfer: either side's; `->` in this CSMS's log says it sent it.
      `2025-11-21T07:42:05.500Z CP01/c1 toStation* ${frameAfter(6)}`,
      `2025-11-21T07:42:05.640Z CP01/c1 toCsms* ${frameAfter(7)}`,
      // An answer to no CALL in the file: its `<-` says the CSMS received it.
      `2025-11-21T07:42:06.000Z CP01/c1 toCsms* ${frameAfter(8)}`,
      `2025-11-21T07:42:07.000Z CP01/c1 toStation* ${frameAfter(9)}`,
      `2025-11-21T07:42:07.210Z CP01/c1 toCsms* ${frameAfter(10)}`,
    ]);
    assert.equal(frame(1), lines[0]!.slice(lines[0]!.indexOf('[')));
    assert.deepEqual(problems, []);
    assert.deepEqual(result, {
      description:
        'plain log: 10 lines, 9 frames (9 with inferred direction), 1 other line kept as a console line, 2 stations (OCPP 1.6)',
      ocppVersion: 'ocpp1.6',
    });
  });

  void test('csms-absolute.log: CP->CSMS / CSMS->CP are taken as stated; zone-less times read as UTC, once warned', () => {
    const text = fixture('csms-absolute.log');
    const { entries, problems, result } = importText(text, 'csms-absolute.log');
    const raws = text
      .trimEnd()
      .split('\n')
      .map((line) => line.slice(line.indexOf('[', line.indexOf('CP') + 1)));
    assert.deepEqual(
      entries.map(show),
      [
        ['2025-11-21T13:05:00.412Z', 'toCsms'],
        ['2025-11-21T13:05:00.530Z', 'toStation'],
        ['2025-11-21T13:05:01.002Z', 'toStation'],
        ['2025-11-21T13:05:01.120Z', 'toCsms'],
        ['2025-11-21T13:05:02.000Z', 'toCsms'],
        ['2025-11-21T13:05:02.090Z', 'toStation'],
      ].map(([time, direction], i) => `${time} EVB-P2231-0007/c1 ${direction} ${raws[i]}`),
    );
    assert.deepEqual(problems.map(showProblem), [
      'line 1 import-warning: the times in this log have no zone; they were read as UTC',
    ]);
    // 2.0.1 actions alone do not tell 2.0.1 from 2.1: left to the analysis.
    assert.equal(result.ocppVersion, undefined);
    assert.equal(
      result.description,
      'plain log: 6 lines, 6 frames (0 with inferred direction), 0 other lines kept as console lines, 1 station',
    );
  });

  void test('charger-sent-received.log: send / receive in a station log; text after a frame is warned of', () => {
    const text = fixture('charger-sent-received.log');
    const { entries, problems, result } = importText(text, 'charger-sent-received.log');
    const raw = (line: string): string => {
      const start = line.search(/\[\d/);
      return line.slice(start, line.lastIndexOf(']') + 1);
    };
    const lines = text.trimEnd().split('\n');
    assert.deepEqual(entries.map(show), [
      `2025-11-21T07:42:00.101Z CP_1/c1 toCsms* ${raw(lines[0]!)}`,
      `2025-11-21T07:42:00.250Z CP_1/c1 toStation* ${raw(lines[1]!)}`,
      // A DataTransfer this station received: from the CSMS.
      `2025-11-21T07:42:05.000Z CP_1/c1 toStation* ${raw(lines[2]!)}`,
      `2025-11-21T07:42:05.020Z CP_1/c1 toCsms* ${raw(lines[3]!)}`,
      `2025-11-21T07:42:10.000Z CP_1/c1 toCsms* [2,"9f8e7d6c-0002","Heartbeat",{}]`,
      `2025-11-21T07:42:10.080Z CP_1/c1 toStation* ${raw(lines[5]!)}`,
    ]);
    assert.deepEqual(problems.map(showProblem), [
      'line 1 import-warning: the times in this log have no zone; they were read as UTC',
      'line 5 import-warning: text after the frame was not kept: "(queued 2 ms)"',
    ]);
    assert.match(result.description, /^plain log: 6 lines, 6 frames \(6 with inferred direction\)/);
  });

  void test('firmware-console.log: epoch times, >> / <<, log lines kept as console lines in order', () => {
    const text = fixture('firmware-console.log');
    const { entries, problems, result } = importText(text, 'firmware-console.log');
    const lines = text.split('\n');
    const at = (n: number): string => lines[n - 1]!;
    const raw = (n: number): string => at(n).slice(at(n).search(/[<>]{2} \[/) + 3);
    const s = 'firmware-console/c1';
    assert.deepEqual(entries.map(show), [
      `2025-11-21T07:43:20.000Z ${s} console ${at(1)}`,
      `2025-11-21T07:43:20.950Z ${s} console ${at(2)}`,
      `2025-11-21T07:43:21.200Z ${s} toCsms* ${raw(4)}`,
      `2025-11-21T07:43:21.410Z ${s} toStation* ${raw(5)}`,
      `2025-11-21T07:43:21.420Z ${s} console ${at(6)}`,
      `2025-11-21T07:43:22.000Z ${s} toCsms* ${raw(7)}`,
      `2025-11-21T07:43:22.100Z ${s} toStation* ${raw(8)}`,
      `2025-11-21T07:43:23.000Z ${s} toStation* ${raw(9)}`,
      `2025-11-21T07:43:23.050Z ${s} toCsms* ${raw(10)}`,
      `2025-11-21T07:43:23.060Z ${s} console ${at(11)}`,
    ]);
    assert.deepEqual(problems, []);
    assert.equal(
      result.description,
      'plain log: 11 lines, 6 frames (6 with inferred direction), 4 other lines kept as console lines, 1 station (OCPP 1.6)',
    );
  });

  void test('bare-frames.log: no times, no markers: everything inferred, the guesses warned of with their lines', () => {
    const text = fixture('bare-frames.log');
    const { entries, problems, result } = importText(text, 'logs/bare-frames.log');
    const now = new Date(NOW).toISOString();
    const directions = [
      'toCsms',
      'toStation',
      'toCsms',
      'toStation',
      'toStation',
      'toCsms',
      'toStation',
      'toCsms',
      'toStation',
    ];
    assert.deepEqual(
      entries.map(show),
      text
        .trimEnd()
        .split('\n')
        .map((line, i) => `${now} bare-frames/c1 ${directions[i]}*~ ${line}`),
    );
    assert.deepEqual(problems.map(showProblem), [
      'line 3 import-warning: DataTransfer is sent by either side, and nothing else tells which way it went; guessed sent by the charging station',
      'line 7 import-warning: a CALLRESULT (id "99") answers no CALL earlier in the file; guessed sent by the CSMS (answering a station\'s CALL from before the file began)',
    ]);
    assert.equal(
      result.description,
      'plain log: 9 lines, 9 frames (9 with inferred direction), 0 other lines kept as console lines, 1 station',
    );
  });

  void test('cut-frame.log: the cut frame is kept as a console line with a warning; the frames around it are read', () => {
    const text = fixture('cut-frame.log');
    const { entries, problems, result } = importText(text, 'cut-frame.log');
    const lines = text.trimEnd().split('\n');
    const raw = (n: number): string => lines[n - 1]!.slice(lines[n - 1]!.indexOf('CSMS ') + 5);
    assert.deepEqual(entries.map(show), [
      `2025-11-21T07:42:00.000Z CP01/c1 toCsms ${raw(1)}`,
      `2025-11-21T07:42:00.200Z CP01/c1 toStation ${raw(2)}`,
      `2025-11-21T07:42:30.000Z CP01/c1 console ${lines[2]}`,
      `2025-11-21T07:42:30.100Z CP01/c1 console ${lines[3]}`,
      `2025-11-21T07:43:00.000Z CP01/c1 toCsms ${raw(5)}`,
      `2025-11-21T07:43:00.090Z CP01/c1 toStation ${raw(6)}`,
    ]);
    assert.deepEqual(problems.map(showProblem), [
      'line 3 import-warning: the OCPP-J frame on this line is cut (its closing ] is missing); the line was kept as a console line',
    ]);
    assert.equal(
      result.description,
      'plain log: 6 lines, 4 frames (0 with inferred direction), 2 other lines kept as console lines (1 with a cut frame), 1 station',
    );
  });
});

void describe('linesImporter: text as it comes', () => {
  const text = fixture('firmware-console.log');

  void test('one character at a time, CRLF, a byte-order mark: the same entries', () => {
    const whole = importText(text);
    assert.deepEqual(importChunks([...text]), whole);
    assert.deepEqual(importText(text.replace(/\n/g, '\r\n')), whole);
    assert.deepEqual(importText(`\uFEFF${text}`), whole);
  });

  void test('unicode in a frame and in a log line is kept verbatim', () => {
    const frame = '[2,"u1","DataTransfer",{"vendorId":"com.acme","data":"Café ☕ 𝄞 \\u00e9"}]';
    const { entries } = importText(
      `2025-11-21T07:42:00Z Ladepunkt-Süd-1 Sent: ${frame}\n2025-11-21T07:42:01Z Zähler ✓\n`,
    );
    assert.deepEqual(entries.map(show), [
      `2025-11-21T07:42:00.000Z Ladepunkt-Süd-1/c1 toCsms* ${frame}`,
      '2025-11-21T07:42:01.000Z Ladepunkt-Süd-1/c1 console 2025-11-21T07:42:01Z Zähler ✓',
    ]);
  });

  void test('a 1 MB frame and a 1 MB log line are read whole', () => {
    const big = 'x'.repeat(1024 * 1024);
    const frame = `[2,"big","DataTransfer",{"vendorId":"com.acme","data":"${big}"}]`;
    const noise = `2025-11-21T07:42:01Z dump ${big}`;
    const text = `2025-11-21T07:42:00Z CP01 -> CSMS ${frame}\n${noise}\n[3,"big",{"status":"Accepted"}]\n`;
    const chunks: string[] = [];
    for (let at = 0; at < text.length; at += 65536) chunks.push(text.slice(at, at + 65536));
    const { entries, problems } = importChunks(chunks);
    assert.deepEqual(problems, []);
    assert.equal(entries.length, 3);
    const [first, second, third] = entries;
    assert.ok(first?.kind === 'frame' && first.raw === frame && first.direction === 'toCsms');
    assert.ok(second?.kind === 'console' && second.text === noise);
    assert.ok(third?.kind === 'frame' && third.direction === 'toStation' && third.stationId === 'CP01');
    assert.deepEqual(third.inferred, ['direction', 'time']);
    assert.equal(third.ts, Date.UTC(2025, 10, 21, 7, 42, 1));
  });

  void test('garbage after a frame: the frame is kept, the rest warned of; strings holding ] do not end it', () => {
    const frame = '[2,"g1","DataTransfer",{"vendorId":"a]b","data":"[\\"]\\\\"}]';
    const { entries, problems } = importText(`${frame} ]]} trailing junk\n`);
    assert.equal(entries.length, 1);
    assert.ok(entries[0]?.kind === 'frame');
    assert.equal(entries[0].raw, frame);
    assert.deepEqual(problems.map(showProblem), [
      'line 1 import-warning: DataTransfer is sent by either side, and nothing else tells which way it went; guessed sent by the charging station',
      'line 1 import-warning: text after the frame was not kept: "]]} trailing junk"',
    ]);
  });

  void test('a malformed frame whose brackets balance is kept as a frame for the analysis to report', () => {
    const { entries } = importText(`[2, 'single', quotes]\n[3,"1"]\n`);
    assert.deepEqual(
      entries.map((e) => (e.kind === 'frame' ? [e.raw, e.direction] : e.kind)),
      [
        ["[2, 'single', quotes]", 'toCsms'],
        ['[3,"1"]', 'toStation'],
      ],
    );
  });

  void test('log lines before the first frame are on its station and take the first time the log gives', () => {
    const { entries } = importText('starting\n2025-11-21T07:42:00Z ready\nCP77: >> [2,"1","Heartbeat",{}]\n');
    assert.deepEqual(entries.map(show), [
      '2025-11-21T07:42:00.000Z CP77/c1 console starting',
      '2025-11-21T07:42:00.000Z CP77/c1 console 2025-11-21T07:42:00Z ready',
      '2025-11-21T07:42:00.000Z CP77/c1 toCsms*~ [2,"1","Heartbeat",{}]',
    ]);
  });

  void test('a frame naming no station is the last named one; before any, the file name', () => {
    const { entries, result } = importText(
      '[2,"1","Heartbeat",{}]\nCP02 [2,"2","Heartbeat",{}]\n[3,"2",{}]\n',
      'C:\\logs\\depot.v2.log',
    );
    assert.deepEqual(
      entries.map((e) => `${e.stationId}/${e.connectionId}`),
      ['depot.v2/c1', 'CP02/c2', 'CP02/c2'],
    );
    assert.match(result.description, /, 2 stations$/);
  });

  void test('a file with no frame at all is no log of this kind: ImportError, and nothing imported', () => {
    const entries: ImportedEntry[] = [];
    const importer = linesImporter(
      { entry: (e) => entries.push(e), problem: () => {} },
      { fileName: 'x', now: NOW },
    );
    importer.write('hello\nworld\n');
    assert.throws(
      () => importer.end(),
      (error: unknown) => {
        assert.ok(error instanceof ImportError);
        assert.match(error.message, /^no line holds an OCPP-J frame .*choose another import format/);
        return true;
      },
    );
    assert.deepEqual(entries, []);
    assert.throws(() => importText(''), ImportError);
  });

  void test('10,000 lines without a frame: ImportError before the rest of the file is read', () => {
    const importer = linesImporter({ entry: () => {}, problem: () => {} }, { fileName: 'x', now: NOW });
    assert.throws(() => importer.write('noise\n'.repeat(10_000)), /^Error: none of its first 10000 lines/);
  });
});

void describe('lines: times, markers, stations', () => {
  void test('times in the shapes logs print them', () => {
    const at = (line: string): number | undefined => findLineTime(line)?.ms;
    const base = Date.UTC(2025, 10, 21, 7, 42, 3);
    assert.equal(at('2025-11-21T07:42:03Z x'), base);
    assert.equal(at('2025-11-21T07:42:03.5Z'), base + 500);
    assert.equal(at('2025-11-21 07:42:03.123456 x'), base + 123.456);
    assert.equal(at('[2025-11-21 07:42:03,250] INFO'), base + 250);
    assert.equal(at('I (1234) 2025-11-21T09:42:03+02:00 x'), base);
    assert.equal(at('2025-11-21T02:42:03-0500 x'), base);
    assert.equal(at('2025-11-21 09:42:03 +02:00 x'), base);
    assert.equal(at('2025-11-21T08:42:03+01 x'), base);
    assert.equal(at('2025-11-21 07:42:03 UTC x'), base);
    assert.equal(at('2025-11-21 07:42 x'), base - 3000);
    assert.equal(at('1763710923 x'), base);
    assert.equal(at('[1763710923123] x'), base + 123);
    assert.equal(at('1763710923.5: x'), base + 500);
    assert.equal(findLineTime('2025-11-21 07:42:03 x')?.zoned, false);
    assert.equal(findLineTime('2025-11-21T07:42:03Z')?.zoned, true);
    assert.equal(at('2025-13-21 07:42:03 x'), undefined);
    assert.equal(at('x 123456789012 y'), undefined);
    assert.equal(at(`${'x'.repeat(120)} 2025-11-21 07:42:03`), undefined);
    assert.equal(parseTimeText(' 2025-11-21T07:42:03Z ')?.ms, base);
    assert.equal(parseTimeText('1763710923123')?.ms, base + 123);
    assert.equal(parseTimeText('2025-11-21T07:42:03Z and more'), undefined);
  });

  void test('stated directions name a side; relative markers only the writer', () => {
    const stated: [string, string | undefined][] = [
      ['CP->CSMS', 'toCsms'],
      ['CSMS->CP ', 'toStation'],
      ['CP01 → CSMS:', 'toCsms'],
      ['CSMS >> CP01', 'toStation'],
      ['CP01 <- CSMS', 'toStation'],
      ['CSMS <- CP01', 'toCsms'],
      ['cp-to-csms', 'toCsms'],
      ['csms-to-cp', 'toStation'],
      ['CS_TO_CSMS', 'toCsms'],
      ['CSMS_TO_CS', 'toStation'],
      ['direction=toCsms', 'toCsms'],
      ['toStation', 'toStation'],
      ['Sending to server:', 'toCsms'],
      ['Received from CP01:', 'toCsms'],
      ['Sent to CP01:', 'toStation'],
      ['ocpp-server: Received', undefined],
      ['CSMS_TO_CSMS', undefined],
      ['-> ', undefined],
    ];
    assert.deepEqual(
      stated.map(([text]) => [text, statedDirection(text)]),
      stated,
    );
    const relative: [string, string | undefined][] = [
      ['->', 'out'],
      ['<-', 'in'],
      ['→', 'out'],
      ['←', 'in'],
      ['>>', 'out'],
      ['<<', 'in'],
      ['Sent:', 'out'],
      ['SEND', 'out'],
      ['sending', 'out'],
      ['tx:', 'out'],
      ['OUT:', 'out'],
      ['[out]', 'out'],
      ['Received:', 'in'],
      ['receive message', 'in'],
      ['RECV', 'in'],
      ['rx', 'in'],
      ['IN:', 'in'],
      ['incoming', 'in'],
      // The marker nearest the frame wins.
      ['received, then sent >>', 'out'],
      ['TxProfile inside', undefined],
      ['Response:', undefined],
      ['', undefined],
    ];
    assert.deepEqual(
      relative.map(([text]) => [text, relativeMarker(text)]),
      relative,
    );
  });

  void test('station ids: a station key, or the last id-like token; never thread names, levels or other keys', () => {
    const cases: [string, string | undefined][] = [
      ['INFO [chargeBoxId=CP01, sessionId=abc123] Received:', 'CP01'],
      ['station: Garage ', 'Garage'],
      ['INFO:ocpp:CP_1: send', 'CP_1'],
      ['[EVB-P2231-0007] CP->CSMS', 'EVB-P2231-0007'],
      ['CSMS -> CP01:', 'CP01'],
      ['[http-nio-8080-exec-3] INFO Received:', undefined],
      ['[Thread-12] [ws-client-3] >>', undefined],
      ['I (12345) ocpp: >>', undefined],
      ['msgId=abc123 sent', undefined],
      ['[4f1c2d3e-aaaa-bbbb-cccc-111122223333] <-', undefined],
      ['INFO Received:', undefined],
    ];
    assert.deepEqual(
      cases.map(([text]) => [text, namedStation(text)]),
      cases,
    );
  });
});

void describe('looksLikeFrameLines', () => {
  void test('yes for the plain logs', () => {
    for (const name of [
      'csms-arrows.log',
      'csms-absolute.log',
      'charger-sent-received.log',
      'firmware-console.log',
      'bare-frames.log',
      'cut-frame.log',
    ]) {
      assert.equal(looksLikeFrameLines(fixture(name)), true, name);
      assert.equal(looksLikeDebugkit(fixture(name)), false, name);
    }
  });

  void test('no for DebugKit traces, captures, Open OCPP Trace records and text without frames', () => {
    const no = [
      fixture('debugkit-trace.json'),
      fixture('debugkit-events.jsonl'),
      fixture('debugkit-bare.json'),
      '[[2,"1","Heartbeat",{}],[3,"1",{}]]',
      '[\n  [2, "1", "Heartbeat", {}]\n]',
      '{"format":"ocpp-scope-capture","formatVersion":1,"id":"t","name":"T","createdAt":"2025-11-21T07:42:00.000Z"}\n{"seq":1,"ts":1,"connectionId":"c1","stationId":"CP01","source":"proxy","kind":"frame","direction":"toCsms","raw":"[2,\\"1\\",\\"Heartbeat\\",{}]"}\n',
      '{"schemaVersion":"1.1","timestamp":"2025-11-21T07:42:00.000Z","transport":"json","direction":"cp-to-csms","messageType":"CALL","messageId":"1","action":"Heartbeat","payload":{},"raw":"[2,\\"1\\",\\"Heartbeat\\",{}]"}\n',
      'just a log\nwith [2 brackets] in it\n',
      '',
    ];
    for (const text of no) assert.equal(looksLikeFrameLines(text), false, text.slice(0, 60));
  });

  void test('a frame deep in the first lines of a log, or cut at the end of the head, still counts', () => {
    const log = `${'boot noise\n'.repeat(50)}2025-11-21 07:42:00 >> [2,"1","Heartbeat",{}]\n`;
    assert.equal(looksLikeFrameLines(log), true);
    assert.equal(looksLikeFrameLines('noise\n>> [2,"1","Heartbe'), false);
  });
});
