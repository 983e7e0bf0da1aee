/** Summary: the stations and their versions, the counts, and per action the answers and latency. */
import type { ActionStats, ReportData } from '../report-data';
import { esc } from './escape';
import { DIRECTION_LABEL, clock, ms, num, plural, spansDays } from './format';

function cards(report: ReportData): string {
  const s = report.summary;
  const f = s.findings.bySeverity;
  const items: [string, string][] = [
    [num(s.stations.length), s.stations.length === 1 ? 'station' : 'stations'],
    [num(s.frames.toCsms), DIRECTION_LABEL.toCsms],
    [num(s.frames.toStation), DIRECTION_LABEL.toStation],
    [num(s.connectionEvents), s.connectionEvents === 1 ? 'connection event' : 'connection events'],
    [
      num(s.findings.total),
      `findings: ${num(f.error)} error, ${num(f.warning)} warning, ${num(f.info)} info`,
    ],
  ];
  if (s.consoleLines > 0)
    items.push([num(s.consoleLines), s.consoleLines === 1 ? 'console line' : 'console lines']);
  if (s.malformed > 0)
    items.push([num(s.malformed), s.malformed === 1 ? 'malformed frame' : 'malformed frames']);
  if (s.altered > 0)
    items.push([num(s.altered), `${s.altered === 1 ? 'frame' : 'frames'} altered by OCPP Scope`]);
  return `<ul class="cards">${items.map(([v, k]) => `<li><b>${v}</b>${esc(k)}</li>`).join('')}</ul>`;
}

function stations(report: ReportData, multiDay: boolean): string {
  const s = report.summary;
  if (s.stations.length === 0) return '<p>No station appears in the capture.</p>';
  const rows = s.stations.map(
    (st) =>
      `<tr><th scope="row">${esc(st.stationId)}</th><td>${st.versions.length > 0 ? esc(st.versions.join(', ')) : '<span class="muted">unknown</span>'}</td><td class="n">${num(st.connections)}</td><td class="n">${num(st.frames)}</td><td>${st.firstTs !== undefined ? clock(st.firstTs, multiDay) : ''}</td><td>${st.lastTs !== undefined ? clock(st.lastTs, multiDay) : ''}</td></tr>`,
  );
  return `<h3 id="stations">Stations</h3>
<table class="grid"><thead><tr><th scope="col">Station</th><th scope="col">OCPP versions</th><th scope="col" class="n">Connections</th><th scope="col" class="n">Frames</th><th scope="col">First entry</th><th scope="col">Last entry</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>`;
}

function versions(report: ReportData): string {
  const list = report.summary.versions;
  if (list.length === 0) return '';
  const rows = list.map(
    (v) =>
      `<tr><td><code>${esc(v.connectionId)}</code></td><td>${esc(v.stationId)}</td><td>${v.version !== undefined ? esc(v.version) : '<span class="muted">unknown</span>'}</td><td>${esc(v.source)}${v.reason !== undefined ? `: ${esc(v.reason)}` : ''}</td></tr>`,
  );
  return `<h3 id="connections">Connections and their OCPP version</h3>
<table class="grid"><thead><tr><th scope="col">Connection</th><th scope="col">Station</th><th scope="col">Version</th><th scope="col">Taken from</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>`;
}

function latencyCells(a: ActionStats): string {
  const l = a.latency;
  if (l === undefined) return '<td class="n muted" colspan="4">none answered</td>';
  return `<td class="n">${num(l.count)}</td><td class="n">${ms(l.p50)}</td><td class="n">${ms(l.p95)}</td><td class="n">${ms(l.max)}</td>`;
}

function actions(report: ReportData): string {
  const list = report.summary.actions;
  if (list.length === 0)
    return '<h3 id="actions">Messages per action</h3><p>No OCPP calls in the capture.</p>';
  const rows = list.map(
    (a) =>
      `<tr><th scope="row">${esc(a.action)}</th><td class="n">${num(a.calls.toCsms)}</td><td class="n">${num(a.calls.toStation)}</td><td class="n">${num(a.results)}</td><td class="n">${num(a.errors)}</td><td class="n">${num(a.unanswered)}</td>${latencyCells(a)}</tr>`,
  );
  return `<h3 id="actions">Messages per action</h3>
<div class="scroll"><table class="grid"><caption>Calls by direction, their answers, and the time from a call to its answer</caption>
<thead><tr><th scope="col">Action</th><th scope="col" class="n">Calls ${esc(DIRECTION_LABEL.toCsms)}</th><th scope="col" class="n">Calls ${esc(DIRECTION_LABEL.toStation)}</th><th scope="col" class="n">Results</th><th scope="col" class="n">Errors</th><th scope="col" class="n">Unanswered</th><th scope="col" class="n">Answers timed</th><th scope="col" class="n">p50</th><th scope="col" class="n">p95</th><th scope="col" class="n">max</th></tr></thead>
<tbody>${rows.join('')}</tbody></table></div>`;
}

function fileProblems(report: ReportData): string {
  const list = report.fileProblems;
  if (list.length === 0) return '';
  const rows = list.map(
    (p) => `<tr><td class="n">${num(p.line)}</td><td>${esc(p.kind)}</td><td>${esc(p.message)}</td></tr>`,
  );
  return `<h3 id="file-problems">Capture file problems</h3>
<p class="alert">${plural(list.length, 'line')} of the capture file could not be read as entries; the report covers the lines that could.</p>
<table class="grid"><thead><tr><th scope="col" class="n">Line</th><th scope="col">Problem</th><th scope="col">Details</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function renderSummary(report: ReportData): string {
  const s = report.summary;
  const multiDay = spansDays(s.firstTs, s.lastTs);
  const sources = s.sources.length > 0 ? `<p>Recorded through: ${esc(s.sources.join(', '))}.</p>` : '';
  return `<section id="summary" aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
${cards(report)}
${sources}
${stations(report, multiDay)}
${versions(report)}
${actions(report)}
${fileProblems(report)}
</section>`;
}
