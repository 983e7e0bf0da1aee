/**
 * Charts as inline SVG: frames per time bucket by direction, and the answer-latency histogram.
 * Each carries a title and description, and its numbers are also given as text and in a table
 * (a chart is not readable by everyone, nor exactly by anyone).
 */
import type { LatencyBin, RateBucket, ReportData } from '../report-data';
import type { RenderContext } from './context';
import { clock, duration, ms, num } from './format';

const W = 760;
const PAD = { left: 56, right: 16, top: 28 };
const PLOT_W = W - PAD.left - PAD.right;
/** The histogram's plot height, and each half of the rate chart's. */
const PLOT_H = 188;
const HALF = 100;

interface Scale {
  /** The axis's end, a whole number of steps. */
  top: number;
  step: number;
}

/**
 * A y axis for counts: whole-number steps of 1, 2, 2.5 (from 25 up), 5 x 10^n, about four of
 * them, ending on the first step at or above the largest count.
 */
export function countScale(max: number): Scale {
  const rough = Math.max(1, max / 4);
  const p = 10 ** Math.floor(Math.log10(rough));
  const factors = p >= 10 ? [1, 2, 2.5, 5, 10] : [1, 2, 5, 10];
  const step = (factors.find((m) => m * p >= rough) ?? 10) * p;
  return { top: Math.max(step, Math.ceil(max / step) * step), step };
}

/** Grid lines and labels from `base` (0) away by `sign` (-1: up, 1: down) over `height`. */
function yAxis(scale: Scale, base: number, height: number, sign: 1 | -1): string {
  const parts: string[] = [];
  for (let v = scale.step; v <= scale.top; v += scale.step) {
    const y = base + (sign * height * v) / scale.top;
    parts.push(
      `<line class="gr" x1="${PAD.left}" y1="${y}" x2="${W - PAD.right}" y2="${y}"/><text class="lbl" x="${PAD.left - 6}" y="${y + 4}" text-anchor="end">${num(v)}</text>`,
    );
  }
  parts.push(`<text class="lbl" x="${PAD.left - 6}" y="${base + 4}" text-anchor="end">0</text>`);
  return parts.join('');
}

/** Axis times to the bucket's precision: no milliseconds on a chart of whole seconds. */
function tickTime(ts: number, bucketMs: number): string {
  const text = clock(ts, false);
  return bucketMs % 1000 === 0 ? text.slice(0, 8) : text;
}

function perBucket(bucketMs: number): string {
  if (bucketMs === 1000) return 'second';
  if (bucketMs === 60_000) return 'minute';
  if (bucketMs === 3_600_000) return 'hour';
  return duration(bucketMs);
}

/** A filled step area from the base line: a bucket's count holds for the bucket's whole width. */
function area(counts: readonly number[], base: number, sign: 1 | -1, scale: Scale): string {
  const x = (i: number) => (PAD.left + (PLOT_W * i) / counts.length).toFixed(1);
  const parts = [`M${x(0)} ${base}`];
  counts.forEach((count, i) => {
    const y = (base + (sign * HALF * count) / scale.top).toFixed(1);
    parts.push(`L${x(i)} ${y}L${x(i + 1)} ${y}`);
  });
  parts.push(`L${x(counts.length)} ${base}Z`);
  return parts.join('');
}

/**
 * Frames per bucket, station -> CSMS above the middle line and CSMS -> station below it: the two
 * directions mostly move together (a call and its answer), and mirrored they never hide each
 * other, in colour or in black and white.
 */
function rateChart(report: ReportData, ctx: RenderContext): string {
  const { bucketMs, buckets } = report.charts.rate;
  if (buckets.length === 0) return '<h3 id="rate-h">Message rate</h3><p>No frames, so no rate to chart.</p>';
  let max = 0;
  let peak: RateBucket | undefined;
  let total = 0;
  for (const b of buckets) {
    const sum = b.frames.toCsms + b.frames.toStation;
    total += sum;
    max = Math.max(max, b.frames.toCsms, b.frames.toStation);
    if (peak === undefined || sum > peak.frames.toCsms + peak.frames.toStation) peak = b;
  }
  const scale = countScale(max);
  const mid = PAD.top + HALF;
  const bottom = mid + HALF;
  const height = bottom + 40;
  const first = buckets[0]?.ts ?? 0;
  const ticks: string[] = [];
  const tickCount = Math.min(6, buckets.length);
  for (let t = 0; t <= tickCount; t++) {
    const i = Math.round((buckets.length * t) / tickCount);
    const x = PAD.left + (PLOT_W * i) / buckets.length;
    const anchor = t === 0 ? 'start' : t === tickCount ? 'end' : 'middle';
    ticks.push(
      `<line class="ax" x1="${x}" y1="${bottom}" x2="${x}" y2="${bottom + 4}"/><text class="lbl" x="${x}" y="${bottom + 16}" text-anchor="${anchor}">${tickTime(first + i * bucketMs, bucketMs)}</text>`,
    );
  }
  const per = perBucket(bucketMs);
  const peakText =
    peak !== undefined
      ? ` The busiest bucket starts at ${clock(peak.ts, ctx.multiDay)} UTC with ${num(peak.frames.toCsms)} frames station \u2192 CSMS and ${num(peak.frames.toStation)} CSMS \u2192 station.`
      : '';
  const summary = `${num(total)} frames in ${num(buckets.length)} buckets of ${duration(bucketMs)}.${peakText}`;
  const rows = buckets.map(
    (b) =>
      `<tr><td>${clock(b.ts, ctx.multiDay)}</td><td class="n">${num(b.frames.toCsms)}</td><td class="n">${num(b.frames.toStation)}</td></tr>`,
  );
  return `<h3 id="rate-h">Message rate</h3>
<figure><div class="scroll"><svg role="img" aria-labelledby="rate-t rate-d" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}">
<title id="rate-t">Frames per ${per}: station to CSMS above the middle line, CSMS to station below it</title><desc id="rate-d">${summary}</desc>
${yAxis(scale, mid, HALF, -1)}${yAxis(scale, mid, HALF, 1)}
<path class="ar-c" d="${area(
    buckets.map((b) => b.frames.toCsms),
    mid,
    -1,
    scale,
  )}"/><path class="ar-s" d="${area(
    buckets.map((b) => b.frames.toStation),
    mid,
    1,
    scale,
  )}"/>
<line class="ax" x1="${PAD.left}" y1="${mid}" x2="${W - PAD.right}" y2="${mid}"/><line class="ax" x1="${PAD.left}" y1="${bottom}" x2="${W - PAD.right}" y2="${bottom}"/>${ticks.join('')}
<text class="lbl" x="${PAD.left - 6}" y="${PAD.top - 14}" text-anchor="end">frames</text>
<text class="dl" x="${W - PAD.right - 4}" y="${PAD.top + 12}" text-anchor="end">\u2191 station \u2192 CSMS</text>
<text class="dl" x="${W - PAD.right - 4}" y="${bottom - 6}" text-anchor="end">\u2193 CSMS \u2192 station</text>
<text class="lbl" x="${PAD.left}" y="${height - 6}">time (UTC), one bucket per ${per}</text>
</svg></div><figcaption>${summary}</figcaption></figure>
<details><summary>The numbers behind the rate chart (${num(buckets.length)} buckets)</summary>
<table class="grid"><thead><tr><th scope="col">Bucket start (UTC)</th><th scope="col" class="n">Station \u2192 CSMS</th><th scope="col" class="n">CSMS \u2192 station</th></tr></thead><tbody>${rows.join('')}</tbody></table></details>`;
}

function binLabel(b: LatencyBin): string {
  if (b.toMs === undefined) return `\u2265 ${ms(b.fromMs)}`;
  // One unit for the range where both ends have it: `20\u201350 ms`, `0.5\u20131 s`.
  const from = ms(b.fromMs);
  const to = ms(b.toMs);
  const unit = / (ms|s)$/.exec(to)?.[0];
  return unit !== undefined && from.endsWith(unit)
    ? `${from.slice(0, -unit.length)}\u2013${to}`
    : `${from}\u2013${to}`;
}

/** The axis label: plain ms (the axis says so), so that many bins still fit side by side. */
function tickLabel(b: LatencyBin): string {
  return b.toMs === undefined ? `\u2265${num(b.fromMs)}` : `${num(b.fromMs)}\u2013${num(b.toMs)}`;
}

function latencyChart(report: ReportData): string {
  const bins = report.charts.latency;
  const total = bins.reduce((sum, b) => sum + b.count, 0);
  if (bins.length === 0 || total === 0)
    return '<h3 id="latency-h">Answer latency</h3><p>No answers were timed, so there is no latency to chart.</p>';
  const scale = countScale(Math.max(...bins.map((b) => b.count)));
  const slot = PLOT_W / bins.length;
  // Labels wider than their bar are turned, and the chart grows to hold them.
  const turn = bins.some((b) => tickLabel(b).length * 6 > slot - 4);
  const longest = Math.max(...bins.map((b) => tickLabel(b).length));
  const height = PAD.top + PLOT_H + (turn ? 30 + longest * 4.5 : 44);
  const base = PAD.top + PLOT_H;
  const bars = bins.map((b, i) => {
    const h = (PLOT_H * b.count) / scale.top;
    const cx = (PAD.left + slot * (i + 0.5)).toFixed(1);
    const tick = turn
      ? `<text class="lbl" x="${cx}" y="${base + 12}" text-anchor="end" transform="rotate(-40 ${cx} ${base + 12})">${tickLabel(b)}</text>`
      : `<text class="lbl" x="${cx}" y="${base + 14}" text-anchor="middle">${tickLabel(b)}</text>`;
    const value =
      b.count > 0
        ? `<text class="val" x="${cx}" y="${(base - h - 3).toFixed(1)}" text-anchor="middle">${num(b.count)}</text>`
        : '';
    return `<rect class="bar" x="${(PAD.left + slot * (i + 0.12)).toFixed(1)}" y="${(base - h).toFixed(1)}" width="${(slot * 0.76).toFixed(1)}" height="${h.toFixed(1)}"/>${value}${tick}`;
  });
  const summary = `${num(total)} answers timed, in ${num(bins.length)} ranges of latency (from a call to its answer).`;
  const rows = bins.map(
    (b) =>
      `<tr><td>${binLabel(b)}</td><td class="n">${num(b.count)}</td><td class="n">${((100 * b.count) / total).toFixed(1)} %</td></tr>`,
  );
  return `<h3 id="latency-h">Answer latency</h3>
<figure><div class="scroll"><svg role="img" aria-labelledby="lat-t lat-d" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}">
<title id="lat-t">Histogram of answer latency</title><desc id="lat-d">${summary} The counts per range are in the table below.</desc>
${yAxis(scale, base, PLOT_H, -1)}<line class="ax" x1="${PAD.left}" y1="${base}" x2="${W - PAD.right}" y2="${base}"/>${bars.join('')}
<text class="lbl" x="${W - PAD.right}" y="${height - 6}" text-anchor="end">ms from a call to its answer</text><text class="lbl" x="${PAD.left - 6}" y="${PAD.top - 14}" text-anchor="end">answers</text>
</svg></div><figcaption>${summary}</figcaption></figure>
<table class="latency"><caption>Answers per latency range</caption><thead><tr><th scope="col">Latency</th><th scope="col" class="n">Answers</th><th scope="col" class="n">Share</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function renderCharts(report: ReportData, ctx: RenderContext): string {
  return `<section id="charts" class="major" aria-labelledby="charts-h">
<h2 id="charts-h">Charts</h2>
${rateChart(report, ctx)}
${latencyChart(report)}
</section>`;
}
