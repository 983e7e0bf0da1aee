/** The findings, grouped by rule, each with the frames and events behind it as they were captured. */
import type { EvidenceEntry, ReportData, ReportFinding } from '../report-data';
import { formatPath } from '../../validation/issues';
import type { RenderContext } from './context';
import { seqRef } from './context';
import { anchorId, esc } from './escape';
import { DIRECTION_LABEL, clock, plural } from './format';

function evidence(e: EvidenceEntry, ctx: RenderContext): string {
  const what =
    e.kind === 'frame'
      ? e.direction !== undefined
        ? DIRECTION_LABEL[e.direction]
        : 'frame'
      : e.kind === 'connection'
        ? 'connection event'
        : 'console line';
  const cut =
    e.truncated !== undefined && e.truncated > 0
      ? `<div class="cut">\u2026 cut here: ${plural(e.truncated, 'more character')} not shown</div>`
      : '';
  return `<div class="ev"><div class="ev-head">${seqRef(e.seq, ctx)} \u00b7 ${clock(e.ts, ctx.multiDay)} \u00b7 ${esc(e.stationId)} \u00b7 ${what}</div><pre class="frame">${esc(e.text)}</pre>${cut}</div>`;
}

function finding(f: ReportFinding, ctx: RenderContext): string {
  const ids =
    f.messageIds.length > 0
      ? ` \u00b7 message id ${f.messageIds.map((id) => `<code>${esc(id)}</code>`).join(', ')}`
      : '';
  const at =
    f.location !== undefined
      ? `<p class="where">At <code>${esc(formatPath(f.location.path))}</code> of seq ${f.location.seq}.</p>`
      : '';
  return `<article class="finding f-${f.severity}">
<header><span class="sev sev-${f.severity}">${f.severity}</span><span class="where">${esc(f.stationId)} \u00b7 connection <code>${esc(f.connectionId)}</code>${ids}</span></header>
<p>${esc(f.message)}</p>${at}
${f.evidence.map((e) => evidence(e, ctx)).join('')}
</article>`;
}

export function renderFindings(report: ReportData, ctx: RenderContext): string {
  const head = `<section id="findings" class="major" aria-labelledby="findings-h">
<h2 id="findings-h">Findings</h2>`;
  if (report.findings.length === 0) {
    return `${head}<p>No findings: the analysis found nothing wrong in the capture.</p></section>`;
  }
  const byRule = new Map<string, ReportFinding[]>();
  for (const f of report.findings) {
    const list = byRule.get(f.rule);
    if (list === undefined) byRule.set(f.rule, [f]);
    else list.push(f);
  }
  // The catalog's order (as the verdicts list it), so findings read in the same order as the verdicts.
  const order = new Map(report.verdicts.map((v, i) => [v.rule.id, i]));
  const explanation = new Map(report.verdicts.map((v) => [v.rule.id, v.rule.explanation]));
  const groups = [...byRule].sort(
    ([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a.localeCompare(b),
  );
  const parts = groups.map(([rule, list]) => {
    const first = list[0];
    const why = explanation.get(rule);
    return `<section class="rule-group" id="${anchorId('rule', rule)}" aria-labelledby="${anchorId('rule-h', rule)}">
<h3 id="${anchorId('rule-h', rule)}"><code>${esc(rule)}</code> ${first !== undefined ? esc(first.title) : ''} <span class="muted">(${plural(list.length, 'finding')})</span></h3>
${why !== undefined ? `<p>${esc(why)}</p>` : ''}${first !== undefined && first.reference !== '' ? `<p class="ref">Reference: ${esc(first.reference)}</p>` : ''}
${list.map((f) => finding(f, ctx)).join('\n')}
</section>`;
  });
  return `${head}
<p>${plural(report.findings.length, 'finding')} of ${plural(byRule.size, 'rule')}; each shows the frames behind it as they were captured${report.privacy.redacted ? ' (after redaction)' : ''}.</p>
${parts.join('\n')}
</section>`;
}
