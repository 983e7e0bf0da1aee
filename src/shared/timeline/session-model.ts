/**
 * An opened or live session in memory: the entries in seq order, their timeline rows and the
 * findings of the analysis, built incrementally as entries arrive (analyse -> summarise), so the
 * same code serves a live capture and a file opened from disk.
 */
import type { ConnectionEntry, Entry } from '../capture/entry';
import {
  Analyzer,
  type AnalyzerOptions,
  type ConnectionVersion,
  type EntryAnalysis,
} from '../analysis/analyzer';
import { worse, type Finding } from '../analysis/finding';
import { consoleDisplay, consoleSummary, consoleText } from './console-text';
import type { TimelineRow } from './row';
import type { CompiledFilter, FilterSubject } from '../filter/filter';

export interface EntryDetail {
  entry: Entry;
  row: TimelineRow;
  /** The CALL an answer answers, or the answer a CALL received. */
  partner?: { entry: Entry; row: TimelineRow };
  /** The findings that involve this entry. */
  findings: Finding[];
}
export interface SessionStats {
  entries: number;
  frames: number;
  connections: number;
  /** Console lines (a serial line's firmware logs): neither frames nor connection events. */
  console: number;
  stations: string[];
  /** Frames whose text is not a well-formed OCPP-J message. */
  problems: number;
  /** Frames OCPP Scope injected, dropped, modified or delayed (the proxy took part). */
  altered: number;
  firstTs?: number;
  lastTs?: number;
}

function connectionSummary(entry: ConnectionEntry): string {
  switch (entry.event) {
    case 'opened':
      // A serial port (the serial bridge's `serial:<path> <settings>`) has no subprotocol to miss.
      if (entry.url?.startsWith('serial:') === true) return `opened ${entry.url}`;
      return ['opened', entry.subprotocol ?? '(no subprotocol)', entry.tls ? 'TLS' : '', entry.url ?? '']
        .filter(Boolean)
        .join(' ');
    case 'closed':
      return ['closed', entry.code ?? '', entry.closedBy ? `by ${entry.closedBy}` : '', entry.reason ?? '']
        .filter((part) => part !== '')
        .join(' ');
    case 'error':
      return `error: ${entry.message ?? 'unknown'}`;
  }
}

export interface SessionChanges {
  /** Rows added earlier that changed since the last call (an answer paired, a finding added). */
  updated: { index: number; row: TimelineRow }[];
  /** How many findings the session has now. */
  findings: number;
}

export class SessionModel {
  private readonly entries: Entry[] = [];
  private readonly rowList: TimelineRow[] = [];
  private readonly analyzer: Analyzer;
  private readonly stationSet = new Set<string>();
  private readonly findingsBySeq = new Map<number, Finding[]>();
  private readonly dirty = new Set<number>();
  private frameCount = 0;
  private consoleCount = 0;
  private problemCount = 0;
  private alteredCount = 0;
  private changeCount = 0;

  constructor(analysis: AnalyzerOptions = {}) {
    this.analyzer = new Analyzer(analysis);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Moves whenever a row is added or changes: what was computed from the rows may be stale. */
  get version(): number {
    return this.changeCount;
  }

  get lastSeq(): number {
    return this.entries[this.entries.length - 1]?.seq ?? 0;
  }

  /** Entries must arrive in increasing seq order. Returns the new row. */
  add(entry: Entry): TimelineRow {
    const previous = this.entries[this.entries.length - 1];
    if (previous !== undefined && entry.seq <= previous.seq) {
      throw new Error(`entry seq ${entry.seq} is not after ${previous.seq}`);
    }
    const row: TimelineRow = {
      seq: entry.seq,
      ts: entry.ts,
      deltaMs: previous === undefined ? 0 : entry.ts - previous.ts,
      kind: entry.kind,
      connectionId: entry.connectionId,
      stationId: entry.stationId,
      source: entry.source,
    };
    this.stationSet.add(entry.stationId);
    if (entry.kind === 'connection') {
      row.event = entry.event;
      row.summary = connectionSummary(entry);
    } else if (entry.kind === 'console') {
      this.consoleCount++;
      row.summary = consoleSummary(entry);
      row.size = entry.text.length;
      if (entry.binary) row.binary = true;
    } else {
      this.frameCount++;
      row.direction = entry.direction;
      row.size = entry.raw.length;
      if (entry.flags) {
        row.flags = entry.flags;
        this.alteredCount++;
      }
      if (entry.binary) row.binary = true;
      if (entry.inferred) row.inferred = entry.inferred;
    }
    this.entries.push(entry);
    this.rowList.push(row);
    this.changeCount++;
    const analysis = this.analyzer.add(entry);
    if (analysis.parsed !== undefined) this.describeFrame(analysis.parsed, analysis, row);
    this.record(analysis.findings);
    return row;
  }

  /** Time passed with no entry (live sessions): reports CALLs that timed out meanwhile. */
  advance(ts: number): number {
    const findings = this.analyzer.advance(ts);
    this.record(findings);
    return findings.length;
  }

  /** The capture ended (a file was read, a live session stopped): end-of-capture checks. */
  finish(): void {
    this.record(this.analyzer.finish());
  }

  private describeFrame(
    parsed: NonNullable<EntryAnalysis['parsed']>,
    { call, latencyMs }: EntryAnalysis,
    row: TimelineRow,
  ): void {
    if (!parsed.ok) {
      const { problem } = parsed;
      this.problemCount++;
      row.problem = { kind: problem.kind, message: problem.message };
      if (problem.id !== undefined) row.messageId = problem.id;
      const type = problem.type;
      if (type === 2 || type === 3 || type === 4 || type === 5 || type === 6) row.messageType = type;
      if (problem.action !== undefined) row.action = problem.action;
    } else {
      const frame = parsed.frame;
      row.messageType = frame.type;
      row.messageId = frame.id;
      if (frame.type === 2 || frame.type === 6) row.action = frame.action;
      if (frame.type === 4 || frame.type === 5) row.errorCode = frame.errorCode;
    }
    if (call === undefined) return;
    if (call.action !== '') row.action = call.action;
    row.partnerSeq = call.seq;
    if (latencyMs !== undefined) row.latencyMs = latencyMs;
    const callIndex = this.indexOf(call.seq);
    const callRow = this.rowList[callIndex];
    if (callRow !== undefined) {
      callRow.partnerSeq = row.seq;
      this.dirty.add(callIndex);
    }
  }

  private record(findings: readonly Finding[]): void {
    if (findings.length > 0) this.changeCount++;
    for (const finding of findings) {
      finding.seqs.forEach((seq, k) => {
        const list = this.findingsBySeq.get(seq);
        if (list === undefined) this.findingsBySeq.set(seq, [finding]);
        else if (!list.includes(finding)) list.push(finding);
        if (k > 0) return;
        // The badge goes on the entry the finding is about; the others list it in the inspector.
        const index = this.indexOf(seq);
        const row = this.rowList[index];
        if (row === undefined) return;
        row.findings = {
          count: (row.findings?.count ?? 0) + 1,
          severity: worse(row.findings?.severity, finding.severity),
        };
        this.dirty.add(index);
      });
    }
  }

  /** What changed in rows already handed out, since the last call (for live deltas). */
  takeChanges(): SessionChanges {
    const updated = [...this.dirty]
      .sort((a, b) => a - b)
      .map((index) => ({ index, row: this.rowList[index]! }));
    this.dirty.clear();
    return { updated, findings: this.analyzer.findings.length };
  }

  /** Every finding, in the order the analysis reported them. */
  findings(): readonly Finding[] {
    return this.analyzer.findings;
  }

  /** The OCPP version each connection was analysed with. */
  versions(): ConnectionVersion[] {
    return this.analyzer.versions();
  }

  /** The index of the entry `seq`, -1 when the session has none. */
  indexOf(seq: number): number {
    // Seqs are nearly always consecutive: try the direct position before searching.
    const guess = seq - (this.entries[0]?.seq ?? 1);
    if (this.entries[guess]?.seq === seq) return guess;
    let lo = 0;
    let hi = this.entries.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const midSeq = this.entries[mid]!.seq;
      if (midSeq === seq) return mid;
      if (midSeq < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The indices of the rows a filter matches, in order. */
  matching({ predicate, reads }: CompiledFilter): number[] {
    const matched: number[] = [];
    // One subject, refilled per entry: a 100k-entry session is filtered without 100k allocations.
    const subject: FilterSubject = { row: this.rowList[0]!, raw: undefined, findings: [] };
    const none: readonly Finding[] = [];
    for (let index = 0; index < this.rowList.length; index++) {
      const row = this.rowList[index]!;
      subject.row = row;
      if (reads.raw) {
        const entry = this.entries[index]!;
        // A console line is searched as the timeline shows it (colour codes gone, a binary one
        // decoded), a frame as it was sent.
        subject.raw =
          entry.kind === 'frame'
            ? entry.raw
            : entry.kind === 'console'
              ? consoleDisplay(consoleText(entry))
              : undefined;
      }
      if (reads.findings) subject.findings = this.findingsBySeq.get(row.seq) ?? none;
      if (predicate(subject)) matched.push(index);
    }
    return matched;
  }

  private rowAt(seq: number): TimelineRow | undefined {
    const index = this.indexOf(seq);
    return index < 0 ? undefined : this.rowList[index];
  }

  rows(offset: number, limit: number): TimelineRow[] {
    return this.rowList.slice(offset, offset + limit);
  }

  detail(seq: number): EntryDetail | undefined {
    const index = this.indexOf(seq);
    const entry = this.entries[index];
    const row = this.rowList[index];
    if (entry === undefined || row === undefined) return undefined;
    const detail: EntryDetail = { entry, row, findings: this.findingsBySeq.get(seq) ?? [] };
    if (row.partnerSeq !== undefined) {
      const partnerIndex = this.indexOf(row.partnerSeq);
      const partnerEntry = this.entries[partnerIndex];
      const partnerRow = this.rowList[partnerIndex];
      if (partnerEntry !== undefined && partnerRow !== undefined) {
        detail.partner = { entry: partnerEntry, row: partnerRow };
      }
    }
    return detail;
  }

  /** All entries in seq order (for export and analysis). */
  allEntries(): readonly Entry[] {
    return this.entries;
  }

  allRows(): readonly TimelineRow[] {
    return this.rowList;
  }

  stats(): SessionStats {
    const stats: SessionStats = {
      entries: this.entries.length,
      frames: this.frameCount,
      connections: this.entries.length - this.frameCount - this.consoleCount,
      console: this.consoleCount,
      stations: [...this.stationSet].sort(),
      problems: this.problemCount,
      altered: this.alteredCount,
    };
    const first = this.entries[0];
    const last = this.entries[this.entries.length - 1];
    if (first) stats.firstTs = first.ts;
    if (last) stats.lastTs = last.ts;
    return stats;
  }
}
