/**
 * The sequence diagram: the first entries of the timeline as arrows between a lane per station
 * and the CSMS. Drawn in chunks, each its own SVG, so a printed page never cuts one in half
 * (a tall SVG cannot break across pages); every chunk repeats the lane heads.
 */
import type { ReportData, TimelineLine } from '../report-data';
import type { RenderContext } from './context';
import { esc } from './escape';
import { clock, messageTypeName, ms, num } from './format';

/** How many entries the diagram shows; the appendix has them all. */
export const SEQUENCE_LIMIT = 300;
/** Entries per SVG: one chunk fills about one A4 page at the minimum width. */
export const SEQUENCE_CHUNK = 32;

const LEFT = 100;
const MIN_WIDTH = 760;
const MIN_LANE = 180;
const HEAD = 40;
const ROW = 24;
const CSMS = 'CSMS';

function fit(text: string, chars: number): string {
  const max = Math.max(4, Math.floor(chars));
  return text.length > max ? `${text.slice(0, max - 1)}\u2026` : text;
}

interface Layout {
  lanes: string[];
  laneIndex: Map<string, number>;
  laneWidth: number;
  width: number;
}

function layout(lines: readonly TimelineLine[]): Layout {
  const laneIndex = new Map<string, number>();
  const lanes: string[] = [];
  for (const line of lines) {
    if (!laneIndex.has(line.stationId)) {
      laneIndex.set(line.stationId, lanes.length);
      lanes.push(line.stationId);
    }
  }
  const count = lanes.length + 1;
  const laneWidth = Math.max(MIN_LANE, Math.floor((MIN_WIDTH - LEFT) / count));
  return { lanes, laneIndex, laneWidth, width: LEFT + laneWidth * count };
}

/** The arrow's words: the action, and for an answer its kind and latency (the latency is never cut). */
function label(line: TimelineLine, room: number): string {
  if (line.messageType === undefined) return fit(line.action ?? 'malformed frame', room);
  if (line.messageType === 2) return fit(line.action ?? 'CALL without an action', room);
  if (line.messageType === 6) return fit(`${line.action ?? ''} (SEND)`.trim(), room);
  const kind = line.messageType === 3 ? 'result' : messageTypeName(line.messageType);
  const suffix = `${kind}${line.latencyMs !== undefined ? ` \u00b7 ${ms(line.latencyMs)}` : ''}`;
  // An answer to no known call has no action to name.
  if (line.action === undefined) return fit(line.messageType === 3 ? 'CALLRESULT' : suffix, room);
  return `${fit(line.action, room - suffix.length - 1)} ${suffix}`;
}

function arrow(line: TimelineLine, y: number, lay: Layout): string {
  const station = lay.laneIndex.get(line.stationId) ?? 0;
  const centre = (lane: number) => LEFT + lay.laneWidth * (lane + 0.5);
  const toCsms = line.direction !== 'toStation';
  const x1 = centre(toCsms ? station : lay.lanes.length);
  const x2 = centre(toCsms ? lay.lanes.length : station);
  const answer = line.messageType === 3 || line.messageType === 4 || line.messageType === 5;
  const error = line.messageType === 4 || line.messageType === 5 || line.severity === 'error';
  const dir = toCsms ? 'c' : 's';
  const sign = x2 > x1 ? 1 : -1;
  const tip = x2 - sign * 2;
  const head = `${tip},${y} ${tip - sign * 8},${y - 4} ${tip - sign * 8},${y + 4}`;
  const room = Math.abs(x2 - x1) / 6.2;
  const text = label(line, room);
  const full = label(line, Infinity);
  const tooltip = `seq ${line.seq}: ${messageTypeName(line.messageType) || 'frame'} ${full}${line.messageId !== undefined ? ` (id ${line.messageId})` : ''}`;
  return `<g${error ? ' class="x"' : ''}><title>${esc(tooltip)}</title><line class="a ${dir}${answer ? ' r' : ''}" x1="${x1}" y1="${y}" x2="${tip - sign * 6}" y2="${y}"/><polygon class="h ${dir}" points="${head}"/><text class="m" x="${(x1 + x2) / 2}" y="${y - 4}">${esc(text)}</text></g>`;
}

function note(line: TimelineLine, y: number, lay: Layout): string {
  const lane = lay.laneIndex.get(line.stationId) ?? 0;
  const x = LEFT + lay.laneWidth * (lane + 0.5) + 4;
  // Cut before the next lane's lifeline, as in the app's sequence view.
  const w = lay.laneWidth - 12;
  const prefix = line.kind === 'connection' ? '' : 'log: ';
  const text = `${prefix}${line.text}`;
  return `<g class="nt${line.kind === 'connection' ? ' ev' : ''}"><title>${esc(`seq ${line.seq}: ${text.slice(0, 500)}`)}</title><rect x="${x}" y="${y - 13}" width="${w}" height="17" rx="2"/><text x="${x + 4}" y="${y}">${esc(fit(text, (w - 8) / 6.1))}</text></g>`;
}

function chunk(
  lines: readonly TimelineLine[],
  first: number,
  lay: Layout,
  ctx: RenderContext,
  index: number,
): string {
  const height = HEAD + lines.length * ROW + 10;
  const parts: string[] = [];
  const lanes = [...lay.lanes, CSMS];
  lanes.forEach((name, i) => {
    const cx = LEFT + lay.laneWidth * (i + 0.5);
    parts.push(`<line class="ln" x1="${cx}" y1="${HEAD - 8}" x2="${cx}" y2="${height}"/>`);
    const w = lay.laneWidth - 16;
    parts.push(
      `<g class="hd"><title>${esc(name)}</title><rect x="${cx - w / 2}" y="4" width="${w}" height="24" rx="3"/><text x="${cx}" y="21">${esc(fit(name, w / 7.2))}</text></g>`,
    );
  });
  lines.forEach((line, r) => {
    const y = HEAD + r * ROW + 16;
    parts.push(`<text class="t" x="4" y="${y}">${clock(line.ts, false)}</text>`);
    parts.push(line.kind === 'frame' ? arrow(line, y, lay) : note(line, y, lay));
  });
  const last = first + lines.length - 1;
  const firstLine = lines[0];
  const lastLine = lines[lines.length - 1];
  const span =
    firstLine !== undefined && lastLine !== undefined
      ? ` (seq ${firstLine.seq} to ${lastLine.seq}, ${clock(firstLine.ts, ctx.multiDay)} to ${clock(lastLine.ts, ctx.multiDay)} UTC)`
      : '';
  const id = `sq${index}`;
  return `<figure class="sq"><div class="scroll"><svg role="img" aria-labelledby="${id}t ${id}d" width="${lay.width}" height="${height}" viewBox="0 0 ${lay.width} ${height}">
<title id="${id}t">Sequence diagram, entries ${first} to ${last}</title><desc id="${id}d">Messages between ${esc(lay.lanes.join(', '))} and the CSMS${esc(span)}; the same entries are listed as text in the appendix.</desc>
${parts.join('\n')}
</svg></div><figcaption>Entries ${num(first)} to ${num(last)}${esc(span)}</figcaption></figure>`;
}

export function renderSequence(report: ReportData, ctx: RenderContext): string {
  const head = `<section id="sequence" class="major" aria-labelledby="sequence-h">
<h2 id="sequence-h">Sequence diagram</h2>`;
  const timeline = report.timeline ?? [];
  if (timeline.length === 0) {
    return `${head}<p>${report.timeline === undefined ? 'The timeline was left out of this report, so there is no diagram.' : 'The capture holds no entries.'}</p></section>`;
  }
  const shown = timeline.slice(0, SEQUENCE_LIMIT);
  const lay = layout(shown);
  const chunks: string[] = [];
  for (let i = 0; i < shown.length; i += SEQUENCE_CHUNK) {
    chunks.push(chunk(shown.slice(i, i + SEQUENCE_CHUNK), i + 1, lay, ctx, chunks.length));
  }
  const scope =
    shown.length < timeline.length
      ? `The first ${num(shown.length)} of ${num(timeline.length)} entries; the whole timeline is in the <a href="#appendix">appendix</a>.`
      : `All ${num(timeline.length)} entries; they are also listed in the <a href="#appendix">appendix</a>.`;
  return `${head}
<p>${scope}</p>
<ul class="legend"><li>solid arrow: a call</li><li>dashed arrow: its answer, with the time it took</li><li>red: an error answer or a frame with an error finding</li><li>boxes: connection events and console lines</li></ul>
${chunks.join('\n')}
</section>`;
}
