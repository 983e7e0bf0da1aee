/**
 * Charts as inline SVG: frames per time bucket by direction, and the answer-latency histogram.
 * Each carries a title and description, and its numbers are also given as text and in a table
 * (a chart is not readable by everyone, nor exactly by anyone).
 */
import type { LatencyBin, RateBucket, ReportData } from '../report-data';
import type { RenderContext } from './context';
import { clock, duration, ms, num } from './format';

const W = 760;
const H = 260;
const PAD = { left: 56, right: 16, top: 28, bottom: 44 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;

/** 1, 2, 5 x 10^n at or above `value`, so the y axis ends on a round number. */
export function niceCeil(value: number): number {
  if (value <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * p >= value) return m * p;
  return 10 * p;
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

function yAxis(max: number): string {
  const parts: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const v = (max / 4) * i;
    const y = PAD.top + PLOT_H - (PLOT_H * i) / 4;
    parts.push(
      `<line class="${i === 0 ? 'ax' : 'gr'}" x1="${PAD.left}" y1="${y}" x2="${W - PAD.right}" y2="${y}"/>`,
    );
    parts.push(
      `<text class="lbl" x="${PAD.left - 6}" y="${y + 4}" text-anchor="end">${num(Math.round(v * 100) / 100)}</text>`,
    );
  }
  return parts.join('');
}

/** A step line: a bucket's count holds for the bucket's whole width. */
function steps(
  buckets: readonly RateBucket[],
  pick: (b: RateBucket) => number,
  x: (i: number) => number,
  y: (v: number) => number,
): string {
  const points: string[] = [];
  buckets.forEach((b, i) => {
    const v = y(pick(b));
    points.push(`${x(i).toFixed(1)},${v.toFixed(1)} ${x(i + 1).toFixed(1)},${v.toFixed(1)}`);
  });
  return points.join(' ');
}

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
  const top = niceCeil(max);
  const x = (i: number) => PAD.left + (PLOT_W * i) / buckets.length;
  const y = (v: number) => PAD.top + PLOT_H - (PLOT_H * v) / top;
  const first = buckets[0]?.ts ?? 0;
  const ticks: string[] = [];
  const tickCount = Math.min(6, buckets.length);
  for (let t = 0; t <= tickCount; t++) {
    const i = Math.round((buckets.length * t) / tickCount);
    const anchor = t === 0 ? 'start' : t === tickCount ? 'end' : 'middle';
    ticks.push(
      `<line class="ax" x1="${x(i)}" y1="${PAD.top + PLOT_H}" x2="${x(i)}" y2="${PAD.top + PLOT_H + 4}"/><text class="lbl" x="${x(i)}" y="${PAD.top + PLOT_H + 16}" text-anchor="${anchor}">${tickTime(first + i * bucketMs, bucketMs)}</text>`,
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
<figure><div class="scroll"><svg role="img" aria-labelledby="rate-t rate-d" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<title id="rate-t">Frames per ${per}, by direction</title><desc id="rate-d">${summary}</desc>
${yAxis(top)}${ticks.join('')}
<polyline class="s-csms" points="${steps(buckets, (b) => b.frames.toCsms, x, y)}"/>
<polyline class="s-stn" points="${steps(buckets, (b) => b.frames.toStation, x, y)}"/>
<text class="lbl" x="${PAD.left}" y="${H - 8}">time (UTC)</text><text class="lbl" x="${PAD.left - 6}" y="${PAD.top - 14}" text-anchor="end">frames</text>
<line class="s-csms" x1="${W - 300}" y1="${H - 12}" x2="${W - 276}" y2="${H - 12}"/><text class="lbl" x="${W - 270}" y="${H - 8}">station \u2192 CSMS</text>
<line class="s-stn" x1="${W - 160}" y1="${H - 12}" x2="${W - 136}" y2="${H - 12}"/><text class="lbl" x="${W - 130}" y="${H - 8}">CSMS \u2192 station</text>
</svg></div><figcaption>${summary}</figcaption></figure>
<details><summary>The numbers behind the rate chart (${num(buckets.length)} buckets)</summary>
<table class="grid"><thead><tr><th scope="col">Bucket start (UTC)</th><th scope="col" class="n">Station \u2192 CSMS</th><th scope="col" class="n">CSMS \u2192 station</th></tr></thead><tbody>${rows.join('')}</tbody></table></details>`;
}

function binLabel(b: LatencyBin): string {
  return b.toMs === undefined ? `\u2265 ${ms(b.fromMs)}` : `${ms(b.fromMs)}\u2013${ms(b.toMs)}`;
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
  const top = niceCeil(Math.max(...bins.map((b) => b.count)));
  const slot = PLOT_W / bins.length;
  // Labels wider than their bar are turned, and the chart grows to hold them.
  const turn = bins.some((b) => tickLabel(b).length * 6 > slot - 4);
  const longest = Math.max(...bins.map((b) => tickLabel(b).length));
  const height = turn ? PAD.top + PLOT_H + 30 + longest * 4.5 : H;
  const base = PAD.top + PLOT_H;
  const bars = bins.map((b, i) => {
    const h = (PLOT_H * b.count) / top;
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
${yAxis(top)}${bars.join('')}
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
