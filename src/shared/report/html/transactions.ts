/** The charging transactions seen in the capture: who, where, when, how much, and what went wrong. */
import type { ReportData, ReportTransaction } from '../report-data';
import type { RenderContext } from './context';
import { seqRef, transactionSeqsShown } from './context';
import { anchorId, esc } from './escape';
import { clock, duration, energy, num, plural } from './format';

const NONE = '<span class="muted">\u2013</span>';

function entries(seqs: readonly number[], ctx: RenderContext): string {
  const shown = transactionSeqsShown(seqs).map((s) => seqRef(s, ctx));
  if (shown.length === seqs.length) return shown.join(', ');
  const last = shown.pop();
  return `${shown.join(', ')}, \u2026 ${last} <span class="muted">(${num(seqs.length)} entries)</span>`;
}

function row(t: ReportTransaction, ctx: RenderContext): string {
  const problems =
    t.problems.length === 0
      ? 'none'
      : t.problems
          .map((rule) => `<a href="#${anchorId('rule', rule)}"><code>${esc(rule)}</code></a>`)
          .join(' ');
  return `<tr${t.problems.length > 0 ? ' class="failed"' : ''}><th scope="row">${t.transactionId !== undefined ? `<code>${esc(t.transactionId)}</code>` : '<span class="muted">never assigned</span>'}</th><td class="nw">${esc(t.stationId)}</td><td>${t.connector !== undefined ? esc(t.connector) : NONE}</td><td>${t.idTag !== undefined ? `<code>${esc(t.idTag)}</code>` : NONE}</td><td>${t.startTs !== undefined ? clock(t.startTs, ctx.multiDay) : NONE}</td><td>${t.stopTs !== undefined ? clock(t.stopTs, ctx.multiDay) : '<span class="muted">not stopped</span>'}</td><td class="n">${t.durationMs !== undefined ? duration(t.durationMs) : NONE}</td><td class="n">${t.energyWh !== undefined ? `${energy(t.energyWh)}<br><span class="muted">${num(t.energyWh)} Wh</span>` : NONE}</td><td>${t.stopReason !== undefined ? esc(t.stopReason) : NONE}</td><td>${problems}</td><td>${entries(t.seqs, ctx)}</td></tr>`;
}

export function renderTransactions(report: ReportData, ctx: RenderContext): string {
  const head = `<section id="transactions" class="major" aria-labelledby="transactions-h">
<h2 id="transactions-h">Transactions</h2>`;
  if (report.transactions.length === 0) {
    return `${head}<p>No transaction was started in the capture.</p></section>`;
  }
  const withProblems = report.transactions.filter((t) => t.problems.length > 0).length;
  return `${head}
<p>${plural(report.transactions.length, 'transaction')}, ${num(withProblems)} with problems. Energy is the meter's span over the transaction.</p>
<div class="scroll"><table class="grid transactions"><caption>One row per transaction, with the entries it was read from</caption>
<thead><tr><th scope="col">Transaction</th><th scope="col">Station</th><th scope="col">Connector / EVSE</th><th scope="col">idTag / idToken</th><th scope="col">Start</th><th scope="col">Stop</th><th scope="col" class="n">Duration</th><th scope="col" class="n">Energy</th><th scope="col">Stop reason</th><th scope="col">Problems</th><th scope="col">Entries</th></tr></thead>
<tbody>${report.transactions.map((t) => row(t, ctx)).join('\n')}</tbody></table></div>
</section>`;
}
