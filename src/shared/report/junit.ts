/**
 * JUnit XML of an analysis, for CI pipelines: one test case per rule of the catalog, failed when
 * the rule has findings at or above the fail-on severity; findings below it are kept as output.
 */
import type { Finding, Rule, Severity } from '../analysis/finding';
import { severityRank } from '../analysis/finding';
import type { FileProblem } from '../capture/problems';

export interface JUnitInput {
  /** The suite's name, e.g. the capture's name and file. */
  name: string;
  rules: readonly Rule[];
  findings: readonly Finding[];
  fileProblems: readonly FileProblem[];
  /** Findings at or above it fail their rule's test case; `never`: none do. */
  failOn: Severity | 'never';
  /** Seconds the analysis took. */
  time: number;
}

function escapeXml(text: string): string {
  return text
    .replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(
      // Characters XML 1.0 cannot carry at all (a frame may hold any of them).
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
}

function findingLine(f: Finding): string {
  const ids = f.messageIds.length > 0 ? ` [${f.messageIds.join(', ')}]` : '';
  return `seq ${f.seqs.join(', ')} ${f.stationId}${ids} (${f.severity}): ${f.message}`;
}

export function renderJUnit(input: JUnitInput): string {
  const byRule = new Map<string, Finding[]>();
  for (const finding of input.findings) {
    const list = byRule.get(finding.rule);
    if (list === undefined) byRule.set(finding.rule, [finding]);
    else list.push(finding);
  }
  const fails = (f: Finding) =>
    input.failOn !== 'never' && severityRank(f.severity) >= severityRank(input.failOn);
  const cases: string[] = [];
  let failures = 0;
  for (const rule of input.rules) {
    const findings = byRule.get(rule.id) ?? [];
    const failing = findings.filter(fails);
    const area = rule.id.split('.')[0] ?? rule.id;
    let body = '';
    if (failing.length > 0) {
      failures++;
      body += `\n      <failure type="${failing.some((f) => f.severity === 'error') ? 'error' : 'warning'}" message="${escapeXml(`${failing.length} finding(s): ${rule.title}`)}">${escapeXml(failing.map(findingLine).join('\n'))}</failure>`;
    }
    const rest = findings.filter((f) => !fails(f));
    if (rest.length > 0)
      body += `\n      <system-out>${escapeXml(rest.map(findingLine).join('\n'))}</system-out>`;
    cases.push(
      `    <testcase classname="ocpp-scope.${escapeXml(area)}" name="${escapeXml(`${rule.id}: ${rule.title}`)}">${body}${body ? '\n    ' : ''}</testcase>`,
    );
  }
  const fileFails = input.fileProblems.length > 0 && input.failOn !== 'never';
  if (fileFails) failures++;
  const fileBody =
    input.fileProblems.length === 0
      ? ''
      : `\n      <${fileFails ? `failure type="error" message="${input.fileProblems.length} unreadable line(s)"` : 'system-out'}>${escapeXml(
          input.fileProblems.map((p) => `line ${p.line}: ${p.kind}: ${p.message}`).join('\n'),
        )}</${fileFails ? 'failure' : 'system-out'}>\n    `;
  cases.unshift(
    `    <testcase classname="ocpp-scope.capture" name="every line of the capture is readable">${fileBody}</testcase>`,
  );
  const tests = cases.length;
  const time = input.time.toFixed(3);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ocpp-scope check" tests="${tests}" failures="${failures}" errors="0" time="${time}">`,
    `  <testsuite name="${escapeXml(input.name)}" tests="${tests}" failures="${failures}" errors="0" skipped="0" time="${time}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
