/**
 * An opened or live session in memory: the entries in seq order and their timeline rows, built
 * incrementally as entries arrive (parse -> correlate -> summarise), so the same code serves a live
 * capture and a file opened from disk.
 */
import type { ConnectionEntry, Entry } from '../capture/entry';
import { Correlator } from '../ocpp/correlation';
import { parseFrame } from '../ocpp/frame';
import type { TimelineRow } from './row';

export interface EntryDetail {
  entry: Entry;
  row: TimelineRow;
  /** The CALL an answer answers, or the answer a CALL received. */
  partner?: { entry: Entry; row: TimelineRow };
}

export interface SessionStats {
  entries: number;
  frames: number;
  connections: number;
  stations: string[];
  /** Frames whose text is not a well-formed OCPP-J message. */
  problems: number;
  firstTs?: number;
  lastTs?: number;
}

function connectionSummary(entry: ConnectionEntry): string {
  switch (entry.event) {
    case 'opened':
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

export class SessionModel {
  private readonly entries: Entry[] = [];
  private readonly rowList: TimelineRow[] = [];
  private readonly correlator = new Correlator();
  private readonly stationSet = new Set<string>();
  private frameCount = 0;
  private problemCount = 0;

  get size(): number {
    return this.entries.length;
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
    } else {
      this.frameCount++;
      row.direction = entry.direction;
      row.size = entry.raw.length;
      if (entry.flags) row.flags = entry.flags;
      if (entry.binary) {
        row.binary = true;
      } else {
        this.describeFrame(entry.raw, entry.connectionId, entry.direction, entry.seq, entry.ts, row);
      }
    }
    this.entries.push(entry);
    this.rowList.push(row);
    return row;
  }

  private describeFrame(
    raw: string,
    connectionId: string,
    direction: 'toCsms' | 'toStation',
    seq: number,
    ts: number,
    row: TimelineRow,
  ): void {
    const parsed = parseFrame(raw);
    if (!parsed.ok) {
      this.problemCount++;
      row.problem = { kind: parsed.problem.kind, message: parsed.problem.message };
      if (parsed.problem.id !== undefined) row.messageId = parsed.problem.id;
      const type = parsed.problem.type;
      if (type === 2 || type === 3 || type === 4 || type === 5 || type === 6) row.messageType = type;
      const id = parsed.problem.id;
      if (id === undefined) return;
      if (parsed.problem.action !== undefined) row.action = parsed.problem.action;
      // A malformed CALL whose id is readable still gets an answer (a CALLERROR, typically), and a
      // malformed answer whose id is readable still answers its CALL: neither is left hanging.
      if (type === 2) {
        this.correlator.openCall(connectionId, direction, id, {
          seq,
          ts,
          action: parsed.problem.action ?? '',
        });
      } else if (type === 3 || type === 4) {
        this.link(row, this.correlator.answer(connectionId, direction, id, ts));
      }
      return;
    }
    const frame = parsed.frame;
    row.messageType = frame.type;
    row.messageId = frame.id;
    if (frame.type === 2 || frame.type === 6) row.action = frame.action;
    if (frame.type === 4 || frame.type === 5) row.errorCode = frame.errorCode;
    this.link(row, this.correlator.add(connectionId, direction, seq, ts, frame));
  }

  private link(row: TimelineRow, correlation: ReturnType<Correlator['add']>): void {
    const call = correlation.call;
    if (call === undefined) return;
    if (call.action !== '') row.action = call.action;
    row.partnerSeq = call.seq;
    if (correlation.latencyMs !== undefined) row.latencyMs = correlation.latencyMs;
    const callRow = this.rowAt(call.seq);
    if (callRow !== undefined) callRow.partnerSeq = row.seq;
  }

  private indexOf(seq: number): number {
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
    const detail: EntryDetail = { entry, row };
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
      connections: this.entries.length - this.frameCount,
      stations: [...this.stationSet].sort(),
      problems: this.problemCount,
    };
    const first = this.entries[0];
    const last = this.entries[this.entries.length - 1];
    if (first) stats.firstTs = first.ts;
    if (last) stats.lastTs = last.ts;
    return stats;
  }
}
