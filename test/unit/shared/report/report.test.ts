import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES } from '../../../../src/shared/analysis/catalog';
import { renderJsonReport } from '../../../../src/shared/report/json';
import {
  MAX_EVIDENCE_CHARS,
  MAX_TIMELINE_CHARS,
  type ReportData,
  type RuleVerdict,
} from '../../../../src/shared/report/report-data';
import { CaptureBuilder } from '../analysis/capture-builder';
import { FIXTURES } from '../../support';
import { entriesReport, fixtureReport } from './report-support';

const START = Date.UTC(2025, 10, 24, 16, 0, 0);

function verdict(report: ReportData, rule: string): RuleVerdict {
  const found = report.verdicts.find((v) => v.rule.id === rule);
  assert.ok(found, rule);
  return found;
}

void describe('report verdicts', () => {
  void test('a clean 1.6 session passes; the 2.x rules and the error-code rules had nothing to check', async () => {
    const report = await fixtureReport(FIXTURES.ocpp16);
    assert.equal(report.passed, true);
    assert.deepEqual(
      report.verdicts.map((v) => v.rule.id),
      RULES.map((r) => r.id),
    );
    assert.equal(report.verdicts.filter((v) => v.verdict === 'failed').length, 0);
    const tx20 = verdict(report, 'tx20.seqno-gap');
    assert.equal(tx20.verdict, 'not-applicable');
    assert.equal(
      tx20.reason,
      'No connection spoke OCPP 2.0.1 or 2.1: the capture has OCPP 1.6 connections only.',
    );
    assert.equal(
      verdict(report, 'rpc.unknown-error-code').reason,
      'No CALLERROR or CALLRESULTERROR in the capture: nothing for this rule to check.',
    );
    for (const rule of [
      'tx16.duplicate-transaction',
      'tx16.energy-decrease',
      'session.status-transition',
      'schema.invalid-payload',
      'frame.invalid-json',
    ])
      assert.equal(verdict(report, rule).verdict, 'passed', rule);
    assert.equal(verdict(report, 'tx16.duplicate-transaction').category, 'tx16');
  });

  void test('a 2.0.1 session: the 1.6 rules are not applicable, the 2.x transaction rules passed', async () => {
    const report = await fixtureReport(FIXTURES.ocpp201);
    assert.equal(
      verdict(report, 'tx16.connector-busy').reason,
      'No connection spoke OCPP 1.6: the capture has OCPP 2.0.1 connections only.',
    );
    assert.equal(verdict(report, 'session.status-transition').verdict, 'not-applicable');
    assert.equal(verdict(report, 'tx20.evse-busy').verdict, 'passed');
  });

  void test('findings at fail-on fail their rule; below it they are counted and the rule passes', async () => {
    const strict = await fixtureReport(FIXTURES.codecProblems);
    assert.equal(strict.passed, false);
    const failed = strict.verdicts.filter((v) => v.verdict === 'failed').map((v) => v.rule.id);
    assert.equal(failed.length, 14);
    assert.ok(failed.includes('rpc.answer-unknown-id'));
    const unknownId = verdict(strict, 'rpc.answer-unknown-id');
    assert.deepEqual([unknownId.findings, unknownId.bySeverity], [3, { error: 3, warning: 0, info: 0 }]);
    const never = await fixtureReport(FIXTURES.codecProblems, { failOn: 'never' });
    assert.equal(never.passed, true);
    assert.equal(verdict(never, 'rpc.answer-unknown-id').verdict, 'passed');
    assert.equal(verdict(never, 'rpc.answer-unknown-id').findings, 3);
    // Every Heartbeat of that capture is malformed: the heartbeat rule could look at none.
    assert.equal(
      verdict(never, 'session.heartbeat-interval').reason,
      'Every Heartbeat in the capture was malformed: nothing for this rule to check.',
    );
  });

  void test('a warning fails under fail-on warning only', () => {
    const c = new CaptureBuilder({
      start: START,
      step: 1000,
      stationId: 'CP-1',
      subprotocol: 'ocpp1.6',
    }).open();
    c.call('station', 'Heartbeat', {});
    // Still unanswered when the capture ends: a warning.
    assert.equal(verdict(entriesReport(c.entries), 'rpc.unanswered-call').verdict, 'passed');
    const report = entriesReport(c.entries, { failOn: 'warning' });
    assert.equal(verdict(report, 'rpc.unanswered-call').verdict, 'failed');
    assert.equal(report.passed, false);
  });

  void test('connections of unknown version: payload rules not applicable, frame and RPC rules checked', () => {
    const c = new CaptureBuilder({ start: START, step: 1000, stationId: 'CP-1' }).open();
    const hb = c.call('station', 'Heartbeat', {});
    c.result(hb.id, { currentTime: '2025-11-24T16:00:00Z' });
    const report = entriesReport(c.entries);
    assert.equal(
      verdict(report, 'schema.invalid-payload').reason,
      'No connection spoke OCPP 1.6, 2.0.1 or 2.1: the OCPP version of the connections is unknown, so their payloads were not checked.',
    );
    assert.equal(verdict(report, 'rpc.unanswered-call').verdict, 'passed');
    assert.equal(verdict(report, 'frame.invalid-json').verdict, 'passed');
    // It reported the unknown version (info): checked, passed under fail-on error.
    assert.deepEqual(
      [verdict(report, 'schema.version-unknown').verdict, verdict(report, 'schema.version-unknown').findings],
      ['passed', 1],
    );
  });

  void test('a capture without frames: every rule not applicable', () => {
    const c = new CaptureBuilder({
      start: START,
      step: 1000,
      stationId: 'CP-1',
      subprotocol: 'ocpp1.6',
    }).open();
    c.close();
    const report = entriesReport(c.entries);
    assert.ok(
      report.verdicts.every(
        (v) => v.verdict === 'not-applicable' && v.reason === 'The capture holds no OCPP frames.',
      ),
    );
    assert.equal(report.passed, true);
  });

  void test('an unreadable line fails the report unless fail-on is never', async () => {
    const fileProblems = [{ line: 3, kind: 'cut-line' as const, message: 'line 3 is cut short' }];
    assert.equal((await fixtureReport(FIXTURES.ocpp16, { fileProblems })).passed, false);
    assert.equal((await fixtureReport(FIXTURES.ocpp16, { fileProblems, failOn: 'never' })).passed, true);
  });
});

void describe('report model', () => {
  void test('summary: stations with their versions, connections and frames; time span; sources', async () => {
    const report = await fixtureReport(FIXTURES.ocpp16);
    const s = report.summary;
    assert.deepEqual(
      s.stations.map((st) => [st.stationId, st.versions, st.connections, st.frames]),
      [['CP-ACME-0042', ['1.6'], 1, 58]],
    );
    assert.equal(s.durationMs, s.lastTs! - s.firstTs!);
    assert.deepEqual(s.sources, ['proxy']);
    assert.deepEqual([s.entries, s.connectionEvents, s.malformed], [60, 2, 0]);
    assert.equal(
      report.title,
      'OCPP test report: CP-ACME-0042: boot, idle, one 11 kW charging session (OCPP 1.6J)',
    );
    assert.equal(report.capture.fileName, 'ocpp16-charging-session.jsonl');
    assert.equal(report.generatedAt, '2026-01-05T10:00:00.000Z');
  });

  void test('evidence: the entries of each finding, a long frame cut at MAX_EVIDENCE_CHARS', () => {
    const c = new CaptureBuilder({
      start: START,
      step: 1000,
      stationId: 'CP-1',
      subprotocol: 'ocpp1.6',
    }).open();
    const long = `[2,"1","DataTransfer",{"vendorId":"x","data":"${'z'.repeat(MAX_EVIDENCE_CHARS * 2)}"`;
    c.frame('station', long);
    const report = entriesReport(c.entries, { timeline: true });
    const finding = report.findings.find((f) => f.rule === 'frame.invalid-json')!;
    assert.equal(finding.title, 'Message is not valid JSON');
    assert.match(finding.reference, /OCPP-J 1\.6/);
    const [evidence] = finding.evidence;
    assert.equal(evidence!.seq, 2);
    assert.equal(evidence!.direction, 'toCsms');
    assert.equal(evidence!.text, long.slice(0, MAX_EVIDENCE_CHARS));
    assert.equal(evidence!.truncated, long.length - MAX_EVIDENCE_CHARS);
    const line = report.timeline![1]!;
    assert.equal(line.text.length, MAX_TIMELINE_CHARS);
    assert.equal(line.truncated, long.length - MAX_TIMELINE_CHARS);
    assert.equal(line.severity, 'error');
  });

  void test('the timeline: every entry in order when asked for, none otherwise', async () => {
    const without = await fixtureReport(FIXTURES.ocpp16);
    assert.equal(without.timeline, undefined);
    const report = await fixtureReport(FIXTURES.ocpp16, { timeline: true });
    const lines = report.timeline!;
    assert.equal(lines.length, 60);
    assert.deepEqual(
      lines.map((l) => l.seq),
      [...lines.map((l) => l.seq)].sort((a, b) => a - b),
    );
    assert.equal(lines[0]!.kind, 'connection');
    assert.match(lines[0]!.text, /^opened ocpp1\.6/);
    const answer = lines.find((l) => l.messageType === 3 && l.action === 'BootNotification')!;
    assert.ok(answer.latencyMs! > 0);
    assert.equal(answer.direction, 'toStation');
  });
});

void describe('JSON report', () => {
  void test('the report without the timeline unless asked; fixed top-level order, nested keys sorted', async () => {
    const report = await fixtureReport(FIXTURES.codecProblems, { timeline: true });
    const text = renderJsonReport(report);
    const value = JSON.parse(text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(value), [
      'format',
      'formatVersion',
      'title',
      'generatedAt',
      'generator',
      'capture',
      'profile',
      'failOn',
      'passed',
      'privacy',
      'summary',
      'verdicts',
      'findings',
      'transactions',
      'charts',
      'fileProblems',
    ]);
    assert.equal(value['format'], 'ocpp-scope-report');
    assert.equal(value['passed'], false);
    const finding = (value['findings'] as Record<string, unknown>[])[0]!;
    assert.deepEqual(Object.keys(finding), [...Object.keys(finding)].sort());
    const { timeline: _timeline, ...rest } = report;
    assert.deepEqual(value, JSON.parse(JSON.stringify(rest)));
    const withTimeline = JSON.parse(renderJsonReport(report, { timeline: true })) as Record<string, unknown>;
    assert.equal((withTimeline['timeline'] as unknown[]).length, report.timeline!.length);
    // The same capture gives the same text.
    assert.equal(renderJsonReport(await fixtureReport(FIXTURES.codecProblems)), text);
  });
});
