/**
 * The report pipeline protects what it shows besides the entries: the messages of a file's bad
 * lines (they quote the line) and the file's own name (it may carry a station id).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeReport, parseCaptureSource } from '../../../../../src/main/services/report/make-report';
import { renderJsonReport } from '../../../../../src/shared/report/json';

const HEADER = JSON.stringify({
  format: 'ocpp-scope-capture',
  formatVersion: 1,
  id: 'x',
  name: 'bench',
  createdAt: '2026-11-21T08:00:00.000Z',
});
const OPENED = JSON.stringify({
  seq: 1,
  ts: 1,
  kind: 'connection',
  connectionId: 'c1',
  stationId: 'CP-SECRETIVE-7',
  source: 'proxy',
  event: 'opened',
  url: '/ocpp/CP-SECRETIVE-7',
  subprotocol: 'ocpp1.6',
});

// The station is given its AuthorizationKey; the same key also sits at the start of a line that is
// no entry (a paste gone wrong), which the file problem's message quotes.
const KEY = 'HUNTER2X';
const CHANGE = JSON.stringify({
  seq: 2,
  ts: 2,
  kind: 'frame',
  connectionId: 'c1',
  stationId: 'CP-SECRETIVE-7',
  source: 'proxy',
  direction: 'toStation',
  raw: JSON.stringify([2, 'k1', 'ChangeConfiguration', { key: 'AuthorizationKey', value: KEY }]),
});

function report(fileName: string, privacy: { redact: boolean; anonymize: boolean }): string {
  const source = parseCaptureSource(fileName, `${HEADER}\n${OPENED}\n${CHANGE}\n${KEY} set\n`);
  assert.equal(source.fileProblems.length, 1);
  const made = makeReport(source, {
    profile: 'strict',
    failOn: 'never',
    privacy,
    generator: 'test',
    timeline: false,
  });
  return renderJsonReport(made.report);
}

void describe('makeReport', () => {
  void test('a bad line quoted in a file problem is redacted; without redaction it shows', () => {
    assert.ok(report('bench.jsonl', { redact: false, anonymize: false }).includes(KEY));
    assert.ok(!report('bench.jsonl', { redact: true, anonymize: false }).includes(KEY));
  });

  void test('an anonymized report does not name the station through the file name', () => {
    const plain = report('CP-SECRETIVE-7-day1.jsonl', { redact: true, anonymize: false });
    assert.ok(plain.includes('CP-SECRETIVE-7-day1.jsonl'));
    const anonymized = report('CP-SECRETIVE-7-day1.jsonl', { redact: true, anonymize: true });
    assert.ok(!anonymized.includes('CP-SECRETIVE-7'), 'the station id is still in the report');
  });
});
