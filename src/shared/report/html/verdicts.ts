/** A verdict per rule of the catalog: what was checked and passed, what failed, what had nothing to check. */
import type { ReportData, RuleVerdict, Verdict } from '../report-data';
import { anchorId, esc } from './escape';
import { num } from './format';

// A symbol with each word, so the verdict survives a black-and-white print and a quick scan.
export const VERDICT_LABEL: Record<Verdict, string> = {
  passed: '\u2713 passed',
  failed: '\u2717 failed',
  'not-applicable': '\u2013 not applicable',
};

function findingsCell(v: RuleVerdict): string {
  if (v.findings === 0) return '<td class="n">0</td>';
  const parts = (['error', 'warning', 'info'] as const)
    .filter((s) => v.bySeverity[s] > 0)
    .map((s) => `${num(v.bySeverity[s])} ${s}`);
  return `<td class="n"><a href="#${anchorId('rule', v.rule.id)}">${num(v.findings)}</a> <span class="muted">(${parts.join(', ')})</span></td>`;
}

function row(v: RuleVerdict): string {
  return `<tr${v.verdict === 'failed' ? ' class="failed"' : ''}><th scope="row"><code>${esc(v.rule.id)}</code><br><span>${esc(v.rule.title)}</span></th><td><span class="sev sev-${v.rule.severity}">${v.rule.severity}</span></td><td class="v v-${v.verdict}">${VERDICT_LABEL[v.verdict]}</td>${findingsCell(v)}<td>${v.reason !== undefined ? esc(v.reason) : ''}</td></tr>`;
}

export function renderVerdicts(report: ReportData): string {
  const counts: Record<Verdict, number> = { passed: 0, failed: 0, 'not-applicable': 0 };
  const byCategory = new Map<string, RuleVerdict[]>();
  for (const v of report.verdicts) {
    counts[v.verdict]++;
    const list = byCategory.get(v.category);
    if (list === undefined) byCategory.set(v.category, [v]);
    else list.push(v);
  }
  const failOn =
    report.failOn === 'never'
      ? 'No severity fails a rule (--fail-on never): findings are listed for information only.'
      : `A rule fails when it has findings of severity ${esc(report.failOn)} or worse; findings below that are listed but do not fail it.`;
  const bodies = [...byCategory].map(
    ([category, list]) =>
      `<tbody><tr><th scope="rowgroup" class="cat" colspan="5">${esc(category)}</th></tr>${list.map(row).join('')}</tbody>`,
  );
  return `<section id="verdicts" class="major" aria-labelledby="verdicts-h">
<h2 id="verdicts-h">Verdicts</h2>
<p><strong>${num(counts.failed)} failed</strong>, ${num(counts.passed)} passed, ${num(counts['not-applicable'])} not applicable, of ${num(report.verdicts.length)} rules (profile ${esc(report.profile)}). ${failOn}</p>
<div class="scroll"><table class="grid verdicts"><caption>One verdict per rule, grouped by area</caption>
<thead><tr><th scope="col">Rule</th><th scope="col">Severity</th><th scope="col">Verdict</th><th scope="col" class="n">Findings</th><th scope="col">Note</th></tr></thead>
${bodies.join('\n')}</table></div>
</section>`;
}
