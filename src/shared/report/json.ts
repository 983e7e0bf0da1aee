/**
 * The JSON report (documented in the README, "Reports"): the ReportData as it is, without the
 * appendix timeline unless asked for. Keys come in a fixed order (the top level as listed here,
 * nested objects alphabetically), so two reports of one capture diff line by line.
 */
import type { ReportData } from './report-data';

/** The top level's order; a field added to ReportData must be placed here (or this fails to compile). */
const TOP_LEVEL: Record<keyof ReportData, number> = {
  format: 0,
  formatVersion: 1,
  title: 2,
  generatedAt: 3,
  generator: 4,
  capture: 5,
  profile: 6,
  failOn: 7,
  passed: 8,
  privacy: 9,
  summary: 10,
  verdicts: 11,
  findings: 12,
  transactions: 13,
  charts: 14,
  fileProblems: 15,
  timeline: 16,
};
const TOP_LEVEL_KEYS = (Object.keys(TOP_LEVEL) as (keyof ReportData)[]).sort(
  (a, b) => TOP_LEVEL[a] - TOP_LEVEL[b],
);

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    if (record[key] !== undefined) out[key] = sorted(record[key]);
  }
  return out;
}

export function renderJsonReport(report: ReportData, options: { timeline?: boolean } = {}): string {
  const out: Record<string, unknown> = {};
  for (const key of TOP_LEVEL_KEYS) {
    if (key === 'timeline' && options.timeline !== true) continue;
    if (report[key] !== undefined) out[key] = sorted(report[key]);
  }
  return JSON.stringify(out, null, 2) + '\n';
}
