/**
 * The appendix: every entry of the session, one compact row each. This is the bulk of the file
 * (100,000 rows for a long session), so rows are plain strings joined once, end tags that HTML
 * makes optional (</td>, </tr>) are left out, and a row gets an id only when something links to it.
 * The rows are cut into tables of APPENDIX_BLOCK, each in a `content-visibility: auto` block: a
 * browser lays out only the blocks on screen. One table of 100,000 rows took Chromium a minute to
 * open; in blocks, about three seconds. The fixed column widths keep the blocks aligned.
 */
import type { ReportData, TimelineLine } from '../report-data';
import { MAX_TIMELINE_CHARS } from '../report-data';
import type { RenderContext } from './context';
import { esc } from './escape';
import { DIRECTION_SHORT, clock, messageTypeName, ms, num } from './format';

/** Rows per table. */
export const APPENDIX_BLOCK = 500;

const SEVERITY_CLASS = { error: 'e', warning: 'w', info: 'i' } as const;

function rowClass(line: TimelineLine): string {
  const kind = line.kind === 'connection' ? 'c' : line.kind === 'console' ? 'l' : '';
  const severity = line.severity !== undefined ? SEVERITY_CLASS[line.severity] : '';
  const both = kind !== '' && severity !== '' ? `${kind} ${severity}` : kind || severity;
  return both === '' ? '' : ` class="${both}"`;
}

function kindLabel(line: TimelineLine): string {
  if (line.kind === 'connection') return 'connection';
  if (line.kind === 'console') return 'log';
  return line.messageType === undefined ? 'malformed' : messageTypeName(line.messageType);
}

export function renderAppendix(report: ReportData, ctx: RenderContext): string {
  const head = `<section id="appendix" class="major" aria-labelledby="appendix-h">
<h2 id="appendix-h">Appendix: the timeline</h2>`;
  const timeline = report.timeline;
  if (timeline === undefined) return `${head}<p>The timeline was left out of this report.</p></section>`;
  if (timeline.length === 0) return `${head}<p>The capture holds no entries.</p></section>`;
  const rows: string[] = new Array<string>(timeline.length);
  for (let i = 0; i < timeline.length; i++) {
    const l = timeline[i] as TimelineLine;
    const id = ctx.linked.has(l.seq) ? ` id="e${l.seq}"` : '';
    const cut =
      l.truncated !== undefined && l.truncated > 0
        ? `<span class="cut"> \u2026 ${num(l.truncated)} more characters</span>`
        : '';
    rows[i] =
      `<tr${id}${rowClass(l)}><td>${l.seq}<td>${clock(l.ts, ctx.multiDay)}<td>${esc(l.stationId)}<td>${l.direction !== undefined ? DIRECTION_SHORT[l.direction] : ''}<td>${kindLabel(l)}<td>${l.action !== undefined ? esc(l.action) : ''}<td>${l.latencyMs !== undefined ? ms(l.latencyMs) : ''}<td>${esc(l.text)}${cut}`;
  }
  const table = `<div class="blk"><table class="tl"><colgroup><col class="c-seq"><col class="${ctx.multiDay ? 'c-ts2' : 'c-ts'}"><col class="c-st"><col class="c-dir"><col class="c-ty"><col class="c-ac"><col class="c-lat"><col></colgroup>
<thead><tr><th scope="col">Seq<th scope="col">Time (UTC)<th scope="col">Station<th scope="col">Dir<th scope="col">Type<th scope="col">Action<th scope="col">Latency<th scope="col">Text</thead>
<tbody>
`;
  const blocks: string[] = [];
  for (let i = 0; i < rows.length; i += APPENDIX_BLOCK) {
    blocks.push(`${table}${rows.slice(i, i + APPENDIX_BLOCK).join('\n')}\n</tbody></table></div>`);
  }
  return `${head}
<p>All ${num(timeline.length)} entries in the order they were recorded. An entry with a finding has a marked left edge: solid for an error, double for a warning, dotted for info. Texts longer than ${num(MAX_TIMELINE_CHARS)} characters are cut.</p>
${blocks.join('\n')}
</section>`;
}
