/**
 * The report of an analysed session: ReportData, which every format renders. A pure function of
 * the model (entries, rows, findings) and the input's choices, so the CLI and the app's Export
 * give the same report. A few passes over the rows and no per-finding scan of the entries: the
 * report of a 100,000-frame session takes a fraction of a second.
 */
import { RULES, RULES_BY_ID } from '../analysis/catalog';
import { SEVERITIES, type Profile, type Severity } from '../analysis/finding';
import { ENTRY_SOURCES, type CaptureHeader, type EntrySource } from '../capture/entry';
import type { FileProblem } from '../capture/problems';
import type { SessionModel } from '../timeline/session-model';
import { evidenceEntry, timelineLine } from './evidence';
import {
  MAX_EVIDENCE_CHARS,
  MAX_TIMELINE_CHARS,
  REPORT_FORMAT,
  REPORT_FORMAT_VERSION,
  type EvidenceEntry,
  type ReportData,
  type ReportFinding,
  type ReportPrivacy,
  type ReportSummary,
  type StationSummary,
} from './report-data';
import { actionStats, latencyHistogram, rateBuckets } from './stats';
import { buildTransactions } from './transactions';
import { captureScope, ruleVerdicts } from './verdicts';

export interface ReportInput {
  header: CaptureHeader;
  /** The capture file's name, when the report is of a file. */
  fileName?: string;
  /** The session analysed from the protected entries (never the raw ones: findings quote values). */
  model: SessionModel;
  fileProblems: FileProblem[];
  profile: Profile;
  failOn: Severity | 'never';
  privacy: ReportPrivacy;
  /** e.g. `ocpp-scope 0.1.0`. */
  generator: string;
  now: Date;
  /** Include every entry (the HTML appendix and sequence diagram). */
  timeline: boolean;
}

export function buildReport(input: ReportInput): ReportData {
  const { model, header, failOn } = input;
  const rows = model.allRows();
  const entries = model.allEntries();
  const versions = model.versions();
  // Findings in the order of the entries they are about (the analysis reports some late).
  const findings = [...model.findings()].sort((a, b) => (a.seqs[0] ?? 0) - (b.seqs[0] ?? 0));

  const { actions, latencies } = actionStats(rows);
  const verdicts = ruleVerdicts(RULES, findings, captureScope(rows, versions), failOn);
  const fileFails = failOn !== 'never' && input.fileProblems.length > 0;

  const evidence = new Map<number, EvidenceEntry>();
  const quote = (seq: number): EvidenceEntry | undefined => {
    let e = evidence.get(seq);
    if (e === undefined) {
      const index = model.indexOf(seq);
      if (index < 0) return undefined;
      e = evidenceEntry(entries[index]!, rows[index]!, MAX_EVIDENCE_CHARS);
      evidence.set(seq, e);
    }
    return e;
  };
  const reportFindings = findings.map((finding): ReportFinding => {
    const rule = RULES_BY_ID.get(finding.rule);
    return {
      ...finding,
      title: rule?.title ?? finding.rule,
      reference: rule?.reference ?? '',
      evidence: finding.seqs.map(quote).filter((e): e is EvidenceEntry => e !== undefined),
    };
  });

  const capture: ReportData['capture'] = { id: header.id, name: header.name, createdAt: header.createdAt };
  if (input.fileName !== undefined) capture.fileName = input.fileName;
  if (header.createdBy !== undefined) capture.createdBy = header.createdBy;

  const report: ReportData = {
    format: REPORT_FORMAT,
    formatVersion: REPORT_FORMAT_VERSION,
    title: `OCPP test report: ${header.name || header.id}`,
    generatedAt: input.now.toISOString(),
    generator: input.generator,
    capture,
    profile: input.profile,
    failOn,
    passed: !fileFails && verdicts.every((v) => v.verdict !== 'failed'),
    privacy: input.privacy,
    summary: { ...summary(model), actions, findings: findingTotals(findings) },
    verdicts,
    findings: reportFindings,
    transactions: buildTransactions(entries, rows, findings),
    charts: { rate: rateBuckets(rows), latency: latencyHistogram(latencies) },
    fileProblems: input.fileProblems,
  };
  if (input.timeline) {
    report.timeline = rows.map((row, i) => timelineLine(entries[i]!, row, MAX_TIMELINE_CHARS));
  }
  return report;
}

function findingTotals(findings: readonly { severity: Severity }[]): ReportSummary['findings'] {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) bySeverity[f.severity]++;
  return { total: findings.length, bySeverity };
}

type EntrySummary = Omit<ReportSummary, 'actions' | 'findings'>;

/** Stations, versions, time span and counts, in one pass over the rows. */
function summary(model: SessionModel): EntrySummary {
  const stats = model.stats();
  const versions = model.versions();
  const stations = new Map<string, StationSummary & { connectionIds: Set<string> }>();
  const station = (stationId: string) => {
    let s = stations.get(stationId);
    if (s === undefined) {
      s = { stationId, versions: [], connections: 0, frames: 0, connectionIds: new Set() };
      stations.set(stationId, s);
    }
    return s;
  };
  const frames = { toCsms: 0, toStation: 0 };
  const sources = new Set<EntrySource>();
  for (const row of model.allRows()) {
    const s = station(row.stationId);
    s.connectionIds.add(row.connectionId);
    if (s.firstTs === undefined || row.ts < s.firstTs) s.firstTs = row.ts;
    if (s.lastTs === undefined || row.ts > s.lastTs) s.lastTs = row.ts;
    sources.add(row.source);
    if (row.kind === 'frame' && row.direction !== undefined) {
      s.frames++;
      frames[row.direction]++;
    }
  }
  for (const v of versions) {
    const s = station(v.stationId);
    if (v.version !== undefined && !s.versions.includes(v.version)) s.versions.push(v.version);
  }
  const out: EntrySummary = {
    stations: [...stations.values()]
      .sort((a, b) => (a.stationId < b.stationId ? -1 : a.stationId > b.stationId ? 1 : 0))
      .map(({ connectionIds, ...s }) => ({
        ...s,
        versions: s.versions.sort(),
        connections: connectionIds.size,
      })),
    versions,
    entries: stats.entries,
    frames,
    connectionEvents: stats.connections,
    consoleLines: stats.console,
    malformed: stats.problems,
    altered: stats.altered,
    sources: ENTRY_SOURCES.filter((s) => sources.has(s)),
  };
  if (stats.firstTs !== undefined) out.firstTs = stats.firstTs;
  if (stats.lastTs !== undefined) out.lastTs = stats.lastTs;
  if (stats.firstTs !== undefined && stats.lastTs !== undefined)
    out.durationMs = stats.lastTs - stats.firstTs;
  return out;
}
