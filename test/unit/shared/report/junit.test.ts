import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES } from '../../../../src/shared/analysis/catalog';
import { escapeXml, renderJUnit } from '../../../../src/shared/report/junit';
import { FIXTURES } from '../../support';
import { fixtureReport } from './report-support';
import { childrenNamed, parseXml, type XmlElement } from './xml';

function testcase(suites: XmlElement[], ruleId: string): XmlElement {
  for (const suite of suites) {
    const found = childrenNamed(suite, 'testcase').find((c) => c.attrs['name']?.startsWith(`${ruleId}: `));
    if (found !== undefined) return found;
  }
  throw new Error(`no test case for ${ruleId}`);
}

void describe('JUnit report', () => {
  void test('parses; a suite per rule category after the capture, a case per rule, counts that add up', async () => {
    const report = await fixtureReport(FIXTURES.codecProblems);
    const root = parseXml(renderJUnit(report, { time: 1.5 }));
    assert.equal(root.name, 'testsuites');
    const suites = childrenNamed(root, 'testsuite');
    assert.deepEqual(
      suites.map((s) => s.attrs['name']),
      ['capture', 'frame', 'rpc', 'schema', 'tx16', 'tx20', 'session'],
    );
    for (const suite of suites) {
      const cases = childrenNamed(suite, 'testcase');
      assert.equal(Number(suite.attrs['tests']), cases.length, suite.attrs['name']);
      const failed = cases.filter((c) => childrenNamed(c, 'failure').length > 0).length;
      const skipped = cases.filter((c) => childrenNamed(c, 'skipped').length > 0).length;
      assert.equal(Number(suite.attrs['failures']), failed, suite.attrs['name']);
      assert.equal(Number(suite.attrs['skipped']), skipped, suite.attrs['name']);
      for (const c of cases.slice(suite.attrs['name'] === 'capture' ? 1 : 0))
        assert.equal(c.attrs['classname'], `ocpp-scope.${suite.attrs['name']}`);
    }
    const cases = suites.flatMap((s) => childrenNamed(s, 'testcase'));
    assert.equal(cases.length, RULES.length + 1);
    assert.equal(Number(root.attrs['tests']), cases.length);
    assert.equal(Number(root.attrs['failures']), 14);
    assert.equal(root.attrs['time'], '1.500');
    const properties = childrenNamed(childrenNamed(suites[0]!, 'properties')[0]!, 'property');
    assert.deepEqual(Object.fromEntries(properties.map((p) => [p.attrs['name'], p.attrs['value']])), {
      capture: 'codec-problems.jsonl',
      profile: 'strict',
      'fail-on': 'error',
      redacted: 'true',
      anonymized: 'false',
      generator: 'ocpp-scope test',
    });
  });

  void test('a failure per failing rule carries its findings: station, seqs, message ids, message', async () => {
    const report = await fixtureReport(FIXTURES.codecProblems);
    const suites = childrenNamed(parseXml(renderJUnit(report)), 'testsuite');
    const failure = childrenNamed(testcase(suites, 'rpc.answer-unknown-id'), 'failure')[0]!;
    assert.equal(failure.attrs['type'], 'error');
    assert.equal(failure.attrs['message'], '3 finding(s): Answer to an id never sent');
    const lines = failure.text.split('\n');
    assert.equal(lines.length, 3);
    assert.match(
      lines[0]!,
      /^seq 12 CP-BROKEN-01 \[108\] \(error\): A CALLERROR from the station for id "108"/,
    );
    const duplicate = childrenNamed(testcase(suites, 'frame.duplicate-key'), 'failure')[0]!;
    assert.match(duplicate.text, /^seq 15 CP-BROKEN-01 \[111\] \(error\): The key "idTag" appears twice/);
    // A rule that passed has no child at all.
    assert.deepEqual(testcase(suites, 'frame.binary').children, []);
  });

  void test('not-applicable rules are skipped with the reason; findings below fail-on are output, not failures', async () => {
    const report = await fixtureReport(FIXTURES.codecProblems, { failOn: 'never' });
    const root = parseXml(renderJUnit(report));
    assert.equal(root.attrs['failures'], '0');
    const suites = childrenNamed(root, 'testsuite');
    const skipped = childrenNamed(testcase(suites, 'tx20.seqno-gap'), 'skipped')[0]!;
    assert.equal(
      skipped.attrs['message'],
      'No connection spoke OCPP 2.0.1 or 2.1: the capture has OCPP 1.6 connections only.',
    );
    const out = childrenNamed(testcase(suites, 'frame.duplicate-key'), 'system-out')[0]!;
    assert.match(out.text, /^seq 15 CP-BROKEN-01 \[111\] \(error\)/);
  });

  void test('unreadable capture lines fail the capture case unless fail-on is never', async () => {
    const problems = [{ line: 7, kind: 'bad-line' as const, message: 'line 7 was skipped: not valid JSON' }];
    const failing = await fixtureReport(FIXTURES.ocpp16, { fileProblems: problems });
    const capture = childrenNamed(
      childrenNamed(parseXml(renderJUnit(failing)), 'testsuite')[0]!,
      'testcase',
    )[0]!;
    assert.equal(
      childrenNamed(capture, 'failure')[0]!.text,
      'line 7: bad-line: line 7 was skipped: not valid JSON',
    );
    const lenient = await fixtureReport(FIXTURES.ocpp16, { fileProblems: problems, failOn: 'never' });
    const kept = childrenNamed(
      childrenNamed(parseXml(renderJUnit(lenient)), 'testsuite')[0]!,
      'testcase',
    )[0]!;
    assert.equal(childrenNamed(kept, 'failure').length, 0);
    assert.equal(childrenNamed(kept, 'system-out').length, 1);
  });

  void test('any text a frame holds stays well-formed XML', () => {
    const hostile = 'a<b>&c"d\'e\u0000f\u001bg\uFFFEh\uD800i\uDC00j\uD83D\uDE00k]]>';
    const escaped = escapeXml(hostile);
    const root = parseXml(`<x a="${escaped}">${escaped}</x>`);
    assert.equal(root.attrs['a'], root.text);
    assert.match(root.text, /^a<b>&c"d'e\\u0000f\\u001bg\\ufffeh\\ud800i\\udc00j\uD83D\uDE00k\]\]>$/);
  });

  void test('the XML check used here refuses what a parser refuses', () => {
    for (const bad of [
      '<a><b></a>',
      '<a>&</a>',
      '<a x="<"/>',
      '<a x="1" x="2"/>',
      '<a/><b/>',
      '<a>',
      '<a>\u0001</a>',
    ])
      assert.throws(() => parseXml(bad), Error, bad);
    assert.equal(parseXml('<?xml version="1.0"?>\n<a x="&#34;"><b/>t&amp;</a>').attrs['x'], '"');
  });
});
