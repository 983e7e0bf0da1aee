/**
 * Filters over a serial capture whose firmware logs are interleaved with its frames: `kind:console`
 * picks the log lines, free text searches them as the timeline shows them, and the frame terms
 * (direction, action, type, problems) never match a log line.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { compileFilter } from '../../../../src/shared/filter/filter';
import { TERMS_BY_NAME } from '../../../../src/shared/filter/terms';
import { SessionModel } from '../../../../src/shared/timeline/session-model';
import type { TimelineRow } from '../../../../src/shared/timeline/row';
import { ocaSchemaRegistry } from '../../../../src/main/services/validation/oca-schemas';
import { fixtureText, readText, ROOT } from '../../support';

const model = new SessionModel({ registry: ocaSchemaRegistry() });
for (const entry of readText(fixtureText(join(ROOT, 'fixtures/sessions/serial-with-logs.jsonl'))).entries)
  model.add(entry);
model.finish();

function seqs(text: string): number[] {
  const compiled = compileFilter(text, { day: model.allRows()[0]?.ts });
  assert.ok(compiled.ok, compiled.ok ? '' : `${text}: ${compiled.error.message}`);
  return model.matching(compiled.filter).map((index) => model.allRows()[index]!.seq);
}

const where = (keep: (row: TimelineRow) => boolean) =>
  model
    .allRows()
    .filter(keep)
    .map((r) => r.seq);
const consoleRows = where((r) => r.kind === 'console');
const summaryOf = (seq: number) => model.allRows().find((r) => r.seq === seq)?.summary;

void describe('filters over console lines', () => {
  void test('kind:console (and kind:log, as the badge says) picks the log lines; the other kinds the rest', () => {
    assert.equal(consoleRows.length, 14);
    assert.deepEqual(seqs('kind:console'), consoleRows);
    assert.deepEqual(seqs('kind:LOG'), consoleRows);
    assert.deepEqual(
      seqs('kind:frame'),
      where((r) => r.kind === 'frame'),
    );
    assert.deepEqual(
      seqs('kind:connection'),
      where((r) => r.kind === 'connection'),
    );
    assert.deepEqual(
      seqs('kind!=console'),
      where((r) => r.kind !== 'console'),
    );
    assert.equal(seqs('kind:frame or kind:connection or kind:console').length, model.size);
  });

  void test('a bad kind lists the kinds there are', () => {
    const compiled = compileFilter('kind:logs');
    assert.ok(!compiled.ok);
    assert.match(compiled.error.message, /kind is one of frame, connection, console, log, not "logs"/);
  });

  void test('free text searches a log line as shown: case ignored, colour codes and all out of the way', () => {
    const waiting = seqs('"waiting for the CSMS"');
    assert.deepEqual(waiting.map(summaryOf), [
      'I (1301) ocpp: BootNotification sent (id 1), waiting for the CSMS',
    ]);
    // Frames and log lines alike (the CALL's text names the action, its answer's does not).
    const boot = seqs('bootnotification');
    assert.deepEqual(
      boot.map((seq) => model.allRows().find((r) => r.seq === seq)?.kind),
      ['frame', 'console'],
    );
    // A log level at the start of the line, behind the ESP-IDF colour code in the file.
    assert.deepEqual(seqs('re:/^[EW] \\(\\d+\\)/').map(summaryOf), [
      'W (2210) meter: modbus read of register 0x0000 timed out, retrying',
      'E (2480) rfid: PN532 not found on I2C bus 0 (addr 0x24)',
    ]);
    assert.deepEqual(seqs('text="Connecting"'), []);
    assert.deepEqual(seqs('text="connecting"').map(summaryOf), ['I (1234) ocpp: connecting']);
  });

  void test('a binary line is searched in its readable part', () => {
    const [noisy] = where((r) => r.kind === 'console' && r.binary === true);
    assert.deepEqual(seqs('"closed"'), [noisy]);
    assert.deepEqual(seqs('"I (2611) ev"'), [noisy]);
  });

  void test('frame terms never match a log line', () => {
    for (const text of [
      'dir:csms',
      'dir:station',
      'action:BootNotification',
      'action:*',
      'type:call',
      'type:result',
      'id:1',
      'has:problem',
      'has:partner',
      'has:finding',
      'latency>0',
      'event:opened',
    ]) {
      const matched = seqs(text);
      assert.ok(
        matched.length > 0 || text === 'has:problem' || text === 'has:finding',
        `${text} matches something`,
      );
      assert.deepEqual(
        matched.filter((seq) => consoleRows.includes(seq)),
        [],
        `${text} matched a log line`,
      );
    }
    assert.deepEqual(seqs('kind:console dir:csms'), []);
  });

  void test('the entry terms match log lines like any entry', () => {
    assert.equal(seqs('station:ESP32-* kind:console').length, 14);
    assert.equal(seqs('source:serial').length, model.size);
    assert.equal(seqs('conn:port-1 kind:console').length, 14);
    assert.deepEqual(seqs('kind:console after:10:16'), [model.size]);
    assert.ok(seqs('kind:console size>60').every((seq) => consoleRows.includes(seq)));
  });

  void test('the help says console lines are searched and how to pick them', () => {
    assert.match(TERMS_BY_NAME.get('kind')!.values, /console/);
    assert.match(TERMS_BY_NAME.get('text')!.description, /console lines/);
    assert.match(TERMS_BY_NAME.get('regex')!.description, /console lines/);
  });
});
