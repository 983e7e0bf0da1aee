/** The report's head: what capture, when, made by what and how, and what was done to its secrets. */
import type { ReportData } from '../report-data';
import { esc } from './escape';
import { dateTime, duration, num, plural, writtenTime } from './format';

export function privacyStatement(report: ReportData): string {
  const p = report.privacy;
  if (!p.redacted) {
    return `<p class="privacy warn" role="alert">NOT REDACTED: this report was made with --no-redact. Frames are shown as captured and may hold credentials (Authorization headers, AuthorizationKey, BasicAuthPassword, private keys, CSRs). Do not hand it over as is.${p.anonymized ? ` Station ids and idTags / idTokens were replaced by pseudonyms (${plural(p.pseudonyms, 'value')}).` : ''}</p>`;
  }
  const anonymized = p.anonymized
    ? ` Station ids and idTags / idTokens were replaced by consistent pseudonyms (${plural(p.pseudonyms, 'value')}).`
    : ' Station ids and idTags / idTokens are shown as captured.';
  return `<p class="privacy">Redacted: secrets (Authorization headers, AuthorizationKey, BasicAuthPassword, private keys, CSRs) were replaced by &lt;redacted&gt; before the analysis (${plural(p.redactions, 'value')} redacted).${anonymized}</p>`;
}

function span(report: ReportData): string {
  const { firstTs, lastTs, durationMs } = report.summary;
  if (firstTs === undefined || lastTs === undefined) return 'no entries';
  const length = durationMs ?? lastTs - firstTs;
  return `${esc(dateTime(firstTs))} \u2013 ${esc(dateTime(lastTs))} (${esc(duration(length))})`;
}

/** The verdict of the whole run, as the CLI's exit code gives it. */
function result(report: ReportData): string {
  const failed = report.verdicts.filter((v) => v.verdict === 'failed').length;
  const unreadable = report.fileProblems.length;
  if (report.passed) {
    const why =
      report.failOn === 'never'
        ? 'nothing fails with --fail-on never'
        : `no rule has findings of severity ${esc(report.failOn)} or worse`;
    return `<p class="result pass"><strong>\u2713 PASSED</strong>: ${why}.</p>`;
  }
  const reasons: string[] = [];
  if (failed > 0) reasons.push(`<a href="#verdicts">${plural(failed, 'rule')}</a> failed`);
  if (unreadable > 0 && report.failOn !== 'never') {
    reasons.push(
      `<a href="#file-problems">${plural(unreadable, 'line')}</a> of the capture could not be read`,
    );
  }
  return `<p class="result fail"><strong>\u2717 FAILED</strong>: ${reasons.join('; ')}.</p>`;
}

export function renderHeader(report: ReportData): string {
  const c = report.capture;
  const rows: [string, string][] = [
    ['Capture', esc(c.name)],
    ...(c.fileName !== undefined ? [['File', `<code>${esc(c.fileName)}</code>`] as [string, string]] : []),
    ['Capture id', `<code>${esc(c.id)}</code>`],
    [
      'Recorded',
      `${esc(writtenTime(c.createdAt))}${c.createdBy !== undefined ? ` by ${esc(c.createdBy)}` : ''}`,
    ],
    ['Time span', span(report)],
    ['Entries', num(report.summary.entries)],
    [
      'Profile',
      `${esc(report.profile)}; failing at ${report.failOn === 'never' ? 'no severity (never)' : `${esc(report.failOn)} and above`}`,
    ],
    ['Generated', `${esc(writtenTime(report.generatedAt))} by ${esc(report.generator)}`],
  ];
  return `<header id="top">
<h1>${esc(report.title)}</h1>
<p class="sub">All times are UTC.</p>
<dl class="meta">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
${result(report)}
${privacyStatement(report)}
</header>`;
}
