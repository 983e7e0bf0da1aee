/**
 * JUnit XML of a report, for CI pipelines: a test suite per rule category (frame, rpc, schema,
 * tx16, tx20, session) and one for the capture file itself, a test case per rule. A rule fails
 * with its findings at or above the fail-on severity (each with its station, seqs and message
 * ids); findings below it are kept as output; a rule with nothing to check is skipped, saying why.
 */
import { severityRank, type Finding } from '../analysis/finding';
import type { ReportData, RuleVerdict } from './report-data';

/** Categories in the order the catalog lists them; any other comes after, in catalog order. */
export const RULE_CATEGORIES = ['frame', 'rpc', 'schema', 'tx16', 'tx20', 'session'] as const;

export function escapeXml(text: string): string {
  return text
    .replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(
      // Characters XML 1.0 cannot carry at all (a frame may hold any of them).
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
}

function findingLine(f: Finding): string {
  const ids = f.messageIds.length > 0 ? ` [${f.messageIds.join(', ')}]` : '';
  return `seq ${f.seqs.join(', ')} ${f.stationId}${ids} (${f.severity}): ${f.message}`;
}

interface Suite {
  name: string;
  cases: string[];
  failures: number;
  skipped: number;
}

function testCase(v: RuleVerdict, findings: readonly Finding[], fails: (f: Finding) => boolean): string {
  const open = `    <testcase classname="ocpp-scope.${escapeXml(v.category)}" name="${escapeXml(`${v.rule.id}: ${v.rule.title}`)}"`;
  if (v.verdict === 'not-applicable')
    return `${open}>\n      <skipped message="${escapeXml(v.reason ?? 'not applicable')}"/>\n    </testcase>`;
  let body = '';
  const failing = findings.filter(fails);
  if (failing.length > 0) {
    const type = failing.some((f) => f.severity === 'error') ? 'error' : 'warning';
    body += `\n      <failure type="${type}" message="${escapeXml(`${failing.length} finding(s): ${v.rule.title}`)}">${escapeXml(failing.map(findingLine).join('\n'))}</failure>`;
  }
  const rest = findings.filter((f) => !fails(f));
  if (rest.length > 0)
    body += `\n      <system-out>${escapeXml(rest.map(findingLine).join('\n'))}</system-out>`;
  return body === '' ? `${open}/>` : `${open}>${body}\n    </testcase>`;
}

export interface JUnitOptions {
  /** Seconds the analysis took (JUnit's `time`); 0 when not measured. */
  time?: number;
}

export function renderJUnit(report: ReportData, options: JUnitOptions = {}): string {
  const byRule = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const list = byRule.get(finding.rule);
    if (list === undefined) byRule.set(finding.rule, [finding]);
    else list.push(finding);
  }
  const { failOn } = report;
  const fails = (f: Finding) => failOn !== 'never' && severityRank(f.severity) >= severityRank(failOn);

  const suites = new Map<string, Suite>();
  for (const category of RULE_CATEGORIES)
    suites.set(category, { name: category, cases: [], failures: 0, skipped: 0 });
  for (const v of report.verdicts) {
    let suite = suites.get(v.category);
    if (suite === undefined) {
      suite = { name: v.category, cases: [], failures: 0, skipped: 0 };
      suites.set(v.category, suite);
    }
    suite.cases.push(testCase(v, byRule.get(v.rule.id) ?? [], fails));
    if (v.verdict === 'failed') suite.failures++;
    if (v.verdict === 'not-applicable') suite.skipped++;
  }

  const problems = report.fileProblems;
  const fileFails = problems.length > 0 && failOn !== 'never';
  const problemText = escapeXml(problems.map((p) => `line ${p.line}: ${p.kind}: ${p.message}`).join('\n'));
  const fileCase =
    problems.length === 0
      ? '    <testcase classname="ocpp-scope.capture" name="every line of the capture is readable"/>'
      : `    <testcase classname="ocpp-scope.capture" name="every line of the capture is readable">\n      ${
          fileFails
            ? `<failure type="error" message="${problems.length} unreadable line(s)">${problemText}</failure>`
            : `<system-out>${problemText}</system-out>`
        }\n    </testcase>`;
  const all: Suite[] = [
    { name: 'capture', cases: [fileCase], failures: fileFails ? 1 : 0, skipped: 0 },
    ...[...suites.values()].filter((s) => s.cases.length > 0),
  ];

  const time = (options.time ?? 0).toFixed(3);
  const capture = report.capture.fileName ?? report.capture.name;
  const total = (key: 'failures' | 'skipped') => all.reduce((n, s) => n + s[key], 0);
  const tests = all.reduce((n, s) => n + s.cases.length, 0);
  const properties = [
    ['capture', capture],
    ['profile', report.profile],
    ['fail-on', report.failOn],
    ['redacted', String(report.privacy.redacted)],
    ['anonymized', String(report.privacy.anonymized)],
    ['generator', report.generator],
  ]
    .map(([name, value]) => `      <property name="${escapeXml(name!)}" value="${escapeXml(value!)}"/>`)
    .join('\n');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(`ocpp-scope: ${capture}`)}" tests="${tests}" failures="${total('failures')}" errors="0" skipped="${total('skipped')}" time="${time}" timestamp="${escapeXml(report.generatedAt)}">`,
  ];
  all.forEach((suite, i) => {
    lines.push(
      `  <testsuite name="${escapeXml(suite.name)}" tests="${suite.cases.length}" failures="${suite.failures}" errors="0" skipped="${suite.skipped}" time="${i === 0 ? time : '0.000'}" timestamp="${escapeXml(report.generatedAt)}">`,
    );
    if (i === 0) lines.push('    <properties>', properties, '    </properties>');
    lines.push(...suite.cases, '  </testsuite>');
  });
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
