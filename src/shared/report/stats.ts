/**
 * The report's figures from the timeline rows, in one pass: counts per action and direction,
 * answer latencies, the message rate over time and the latency histogram.
 */
import type { Direction } from '../capture/entry';
import type { TimelineRow } from '../timeline/row';
import type { ActionStats, LatencyBin, LatencyStats, RateBucket } from './report-data';

/**
 * The nearest-rank percentile of sorted values (the smallest value with at least p % of the values
 * at or below it): always a latency that was measured, never an interpolation between two.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('no values');
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export function latencyStats(values: number[]): LatencyStats | undefined {
  if (values.length === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  const list = Array.from(sorted);
  return {
    count: list.length,
    p50: round(percentile(list, 50)),
    p95: round(percentile(list, 95)),
    max: round(list[list.length - 1]!),
  };
}

/** Latencies are measured from timestamps with a fraction: a tenth of a ms is precision enough. */
function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

interface ActionTally {
  calls: Record<Direction, number>;
  results: number;
  errors: number;
  unanswered: number;
  latencies: number[];
}

/** Per action (sorted by name), and every answer's latency (for the histogram). */
export function actionStats(rows: readonly TimelineRow[]): { actions: ActionStats[]; latencies: number[] } {
  const tallies = new Map<string, ActionTally>();
  const latencies: number[] = [];
  const tally = (action: string): ActionTally => {
    let t = tallies.get(action);
    if (t === undefined) {
      t = { calls: { toCsms: 0, toStation: 0 }, results: 0, errors: 0, unanswered: 0, latencies: [] };
      tallies.set(action, t);
    }
    return t;
  };
  for (const row of rows) {
    if (row.kind !== 'frame' || row.action === undefined || row.direction === undefined) continue;
    const type = row.messageType;
    if (type === 2 || type === 6) {
      const t = tally(row.action);
      t.calls[row.direction]++;
      // The analysis pairs an answer with its CALL unless the CALL timed out, its connection
      // closed first or the capture ended: then rpc.unanswered-call said so, and no partner is set.
      // A 2.1 SEND is counted with the CALLs of its action but expects no answer.
      if (type === 2 && row.partnerSeq === undefined) t.unanswered++;
    } else if (type === 3 || type === 4 || type === 5) {
      // Only answers paired with a CALL carry its action.
      if (row.partnerSeq === undefined) continue;
      const t = tally(row.action);
      if (type === 3) t.results++;
      else t.errors++;
      if (row.latencyMs !== undefined) {
        t.latencies.push(row.latencyMs);
        latencies.push(row.latencyMs);
      }
    }
  }
  const actions = [...tallies.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([action, t]): ActionStats => {
      const stats: ActionStats = {
        action,
        calls: t.calls,
        results: t.results,
        errors: t.errors,
        unanswered: t.unanswered,
      };
      const latency = latencyStats(t.latencies);
      if (latency !== undefined) stats.latency = latency;
      return stats;
    });
  return { actions, latencies };
}

/** Bucket sizes a reader takes in at a glance: 1-2-5 steps, then minutes and hours. */
const BUCKET_SIZES_MS = [
  10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000,
  900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
];
/** At most this many buckets: a chart a page wide still shows each. */
export const MAX_RATE_BUCKETS = 200;

/**
 * The smallest listed size that spans `spanMs` in at most MAX_RATE_BUCKETS buckets. Neighbouring
 * sizes differ by at most 2.5 times, so a span of a few seconds or more gets 80 to 200 buckets.
 */
export function rateBucketSize(spanMs: number): number {
  for (const size of BUCKET_SIZES_MS) if (spanMs / size < MAX_RATE_BUCKETS) return size;
  const day = 86_400_000;
  return Math.ceil(spanMs / MAX_RATE_BUCKETS / day) * day;
}

/** Frames per bucket and direction, every bucket from the first frame's to the last's (empty ones too). */
export function rateBuckets(rows: readonly TimelineRow[]): { bucketMs: number; buckets: RateBucket[] } {
  let first = Infinity;
  let last = -Infinity;
  for (const row of rows) {
    if (row.kind !== 'frame') continue;
    if (row.ts < first) first = row.ts;
    if (row.ts > last) last = row.ts;
  }
  if (first === Infinity) return { bucketMs: 1_000, buckets: [] };
  const bucketMs = rateBucketSize(last - first);
  const start = Math.floor(first / bucketMs) * bucketMs;
  const count = Math.floor((last - start) / bucketMs) + 1;
  const buckets: RateBucket[] = Array.from({ length: count }, (_, i) => ({
    ts: start + i * bucketMs,
    frames: { toCsms: 0, toStation: 0 },
  }));
  for (const row of rows) {
    if (row.kind !== 'frame' || row.direction === undefined) continue;
    buckets[Math.floor((row.ts - start) / bucketMs)]!.frames[row.direction]++;
  }
  return { bucketMs, buckets };
}

/**
 * Upper bounds of the latency histogram's bins, ms. A healthy CSMS answers in tens of ms, a loaded
 * one in hundreds; seconds mean trouble, and 30 s is the usual CALL timeout.
 */
export const LATENCY_BOUNDS_MS = [10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000];

/** Answers per latency bin, up to the highest bin holding one (the last bin is open-ended). */
export function latencyHistogram(latencies: readonly number[]): LatencyBin[] {
  if (latencies.length === 0) return [];
  const bins: LatencyBin[] = LATENCY_BOUNDS_MS.map((toMs, i) => ({
    fromMs: i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1]!,
    toMs,
    count: 0,
  }));
  bins.push({ fromMs: LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1]!, count: 0 });
  for (const ms of latencies) {
    let i = 0;
    while (i < LATENCY_BOUNDS_MS.length && ms >= LATENCY_BOUNDS_MS[i]!) i++;
    bins[i]!.count++;
  }
  let end = bins.length;
  while (end > 1 && bins[end - 1]!.count === 0) end--;
  return bins.slice(0, end);
}
