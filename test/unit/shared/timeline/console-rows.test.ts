/**
 * Console lines in the timeline: their rows (the line as a terminal shows it, cut for the row),
 * their detail (all of it), the stats, and the text of a line whose bytes are not UTF-8.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ConsoleEntry, Entry } from '../../../../src/shared/capture/entry';
import {
  base64Bytes,
  CONSOLE_SUMMARY_LENGTH,
  consoleDisplay,
  consoleSummary,
  consoleText,
  utf8Lossy,
} from '../../../../src/shared/timeline/console-text';
import { SessionModel } from '../../../../src/shared/timeline/session-model';
import { fixtureText, prng, readText, ROOT } from '../../support';

const SERIAL_FIXTURE = join(ROOT, 'fixtures/sessions/serial-with-logs.jsonl');

function line(seq: number, text: string, extra: Partial<ConsoleEntry> = {}): ConsoleEntry {
  return {
    seq,
    ts: 1000 + seq * 10,
    kind: 'console',
    connectionId: 'port-1',
    stationId: 'ESP32-1',
    source: 'serial',
    text,
    ...extra,
  };
}

const base64 = (bytes: number[]) => Buffer.from(bytes).toString('base64');

void describe('console text', () => {
  void test('base64Bytes reads what Buffer writes, padded or not', () => {
    const random = prng(7);
    for (let n = 0; n < 40; n++) {
      const bytes = Array.from({ length: n }, () => Math.floor(random() * 256));
      assert.deepEqual([...base64Bytes(base64(bytes))], bytes, `length ${n}`);
    }
  });

  void test('utf8Lossy decodes as the WHATWG decoder does, bad bytes and all', () => {
    const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
    const random = prng(11);
    // Mostly the bytes UTF-8 is made of (leads, continuations, ASCII), to hit every state.
    const pool = [
      0x41, 0x7f, 0x80, 0x8f, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff,
    ];
    for (let n = 0; n < 2000; n++) {
      const bytes = Uint8Array.from({ length: 1 + Math.floor(random() * 12) }, () =>
        random() < 0.7 ? pool[Math.floor(random() * pool.length)]! : Math.floor(random() * 256),
      );
      assert.equal(utf8Lossy(bytes), decoder.decode(bytes), `bytes ${[...bytes].join(' ')}`);
    }
    const text = 'I (2249) temp: 23 °C ✓ 🔌';
    assert.equal(utf8Lossy(new TextEncoder().encode(text)), text);
  });

  void test('a binary line reads as its bytes decoded; a text line as it is', () => {
    // F3 wants three continuation bytes and gets E0; E0 wants A0..BF and gets 80; 80 alone: three.
    const bytes = [...Buffer.from('I (2611) ev'), 0xf3, 0xe0, 0x80, 0x1e, ...Buffer.from(' closed'), 0xff];
    assert.equal(
      consoleText({ text: base64(bytes), binary: true }),
      'I (2611) ev\uFFFD\uFFFD\uFFFD\u001e closed\uFFFD',
    );
    assert.equal(consoleText({ text: 'SSAo' }), 'SSAo');
  });

  void test('display: colour codes go, other control characters become a space, tabs stay', () => {
    assert.equal(
      consoleDisplay('\u001b[0;33mW (2210) meter: timed out\u001b[0m'),
      'W (2210) meter: timed out',
    );
    assert.equal(consoleDisplay('a\u0000\u0007b\tc\u007fd'), 'a b\tc d');
  });

  void test('summary: trimmed, cut to the row length with an ellipsis, never half a surrogate pair', () => {
    assert.equal(consoleSummary({ text: '  \u001b[0;32mI (1) ok\u001b[0m \r' }), 'I (1) ok');
    const long = 'x'.repeat(5000);
    const cut = consoleSummary({ text: long });
    assert.equal(cut.length, CONSOLE_SUMMARY_LENGTH);
    assert.ok(cut.endsWith('…'));
    const emoji = 'a'.repeat(CONSOLE_SUMMARY_LENGTH - 3) + '🔌'.repeat(10);
    const summary = consoleSummary({ text: emoji });
    assert.doesNotMatch(summary, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/, 'a lone high surrogate');
    assert.ok(summary.endsWith('…'));
    // Exactly the limit is not cut.
    assert.equal(
      consoleSummary({ text: 'y'.repeat(CONSOLE_SUMMARY_LENGTH) }),
      'y'.repeat(CONSOLE_SUMMARY_LENGTH),
    );
    // A long binary line is cut too, and says so.
    const binary = consoleSummary({ text: base64(Array.from({ length: 3000 }, () => 0x41)), binary: true });
    assert.equal(binary, `${'A'.repeat(CONSOLE_SUMMARY_LENGTH - 1)}…`);
  });
});

void describe('SessionModel: console rows', () => {
  void test('a console row: kind, the line shown and cut, its size; the detail keeps all of it', () => {
    const model = new SessionModel();
    const long = `I (5000) ocpp: ${'a'.repeat(1000)}`;
    const rows = [
      model.add(line(1, '\u001b[0;32mI (1234) ocpp: connecting\u001b[0m')),
      model.add(line(2, long)),
      model.add(line(3, base64([0x49, 0x20, 0xff, 0x41]), { binary: true })),
    ];
    assert.deepEqual(
      rows.map((r) => [r.kind, r.summary, r.binary, r.size, r.direction, r.messageType, r.action]),
      [
        ['console', 'I (1234) ocpp: connecting', undefined, 36, undefined, undefined, undefined],
        [
          'console',
          `${long.slice(0, CONSOLE_SUMMARY_LENGTH - 1)}…`,
          undefined,
          long.length,
          undefined,
          undefined,
          undefined,
        ],
        ['console', 'I \uFFFDA', true, 8, undefined, undefined, undefined],
      ],
    );
    const detail = model.detail(2);
    assert.equal(detail?.entry.kind === 'console' ? detail.entry.text : undefined, long);
    assert.equal(detail?.partner, undefined);
    assert.deepEqual(detail?.findings, []);
  });

  void test('stats count console lines apart from frames and connection events', () => {
    const model = new SessionModel();
    const entries: Entry[] = [
      {
        seq: 1,
        ts: 1,
        kind: 'connection',
        connectionId: 'port-1',
        stationId: 'ESP32-1',
        source: 'serial',
        event: 'opened',
      },
      line(2, 'I (1) boot'),
      {
        seq: 3,
        ts: 30,
        kind: 'frame',
        connectionId: 'port-1',
        stationId: 'ESP32-1',
        source: 'serial',
        direction: 'toCsms',
        raw: '[2,"1","Heartbeat",{}]',
      },
      line(4, 'I (2) sent'),
    ];
    for (const entry of entries) model.add(entry);
    const { entries: count, frames, connections, console, stations, problems } = model.stats();
    assert.deepEqual(
      { count, frames, connections, console, stations, problems },
      { count: 4, frames: 1, connections: 1, console: 2, stations: ['ESP32-1'], problems: 0 },
    );
  });

  void test('the serial fixture: frames pair across the log lines between them, no findings', () => {
    const read = readText(fixtureText(SERIAL_FIXTURE));
    assert.deepEqual(read.problems, []);
    const model = new SessionModel();
    for (const entry of read.entries) model.add(entry);
    model.finish();
    const rows = model.allRows();
    const boot = rows.find((r) => r.action === 'BootNotification' && r.messageType === 2);
    const answer = rows.find((r) => r.seq === boot?.partnerSeq);
    assert.equal(answer?.messageType, 3);
    assert.equal(answer?.partnerSeq, boot?.seq);
    const between = rows.filter((r) => boot && answer && r.seq > boot.seq && r.seq < answer.seq);
    assert.deepEqual(
      between.map((r) => [r.kind, r.summary]),
      [['console', 'I (1301) ocpp: BootNotification sent (id 1), waiting for the CSMS']],
    );
    assert.deepEqual(model.findings(), []);
    assert.equal(model.stats().console, 14);
    assert.equal(rows.filter((r) => r.kind === 'console' && r.binary).length, 1);
    assert.deepEqual(
      model.versions().map((v) => [v.connectionId, v.version, v.source]),
      [['port-1', '1.6', 'subprotocol']],
    );
  });
});
