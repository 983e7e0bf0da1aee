/**
 * The HTML report: one self-contained file to hand to a charger vendor or a CSMS team. Inline
 * CSS and SVG only; no script, no font, no image, nothing fetched (the CSP below forbids all of
 * it, so even a frame that slipped past escaping could not load or run anything). It prints to
 * A4 with a page break before each major section.
 */
import type { ReportData } from '../report-data';
import { renderAppendix } from './appendix';
import { renderCharts } from './charts';
import { renderContext } from './context';
import { esc, escAttr } from './escape';
import { renderFindings } from './findings';
import { renderHeader } from './header';
import { REPORT_CSS } from './styles';
import { renderSequence } from './sequence';
import { renderSummary } from './summary';
import { renderTransactions } from './transactions';
import { renderVerdicts } from './verdicts';

/** Styles inline, nothing else: no script, no connection, no image, font, frame, form or base. */
export const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; font-src 'none'; script-src 'none'; connect-src 'none'; frame-src 'none'; form-action 'none'; base-uri 'none'";

const SECTIONS: [string, string][] = [
  ['summary', 'Summary'],
  ['verdicts', 'Verdicts'],
  ['findings', 'Findings'],
  ['transactions', 'Transactions'],
  ['sequence', 'Sequence diagram'],
  ['charts', 'Charts'],
  ['appendix', 'Appendix: the timeline'],
];

export function renderHtml(report: ReportData): string {
  const ctx = renderContext(report);
  const toc = `<nav class="toc" aria-label="Contents"><ol>${SECTIONS.map(([id, name]) => `<li><a href="#${id}">${name}</a></li>`).join('')}</ol></nav>`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<meta name="generator" content="${escAttr(report.generator)}">`,
    `<title>${esc(report.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    renderHeader(report),
    toc,
    '<main>',
    renderSummary(report),
    renderVerdicts(report),
    renderFindings(report, ctx),
    renderTransactions(report, ctx),
    renderSequence(report, ctx),
    renderCharts(report, ctx),
    renderAppendix(report, ctx),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
