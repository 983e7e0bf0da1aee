/**
 * Entries as the report quotes them: the frames behind a finding (cut at MAX_EVIDENCE_CHARS) and
 * the appendix's lines (cut at MAX_TIMELINE_CHARS). Frames are quoted as sent; connection events
 * by their one-line summary; console lines as a terminal shows them.
 */
import type { Entry } from '../capture/entry';
import { consoleDisplay, consoleText } from '../timeline/console-text';
import type { TimelineRow } from '../timeline/row';
import type { EvidenceEntry, TimelineLine } from './report-data';

/** The text and, when cut, how many characters were left out. */
function cut(text: string, max: number): { text: string; truncated?: number } {
  if (text.length <= max) return { text };
  let end = max;
  // Never half of a surrogate pair.
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return { text: text.slice(0, end), truncated: text.length - end };
}

function fullText(entry: Entry, row: TimelineRow): string {
  if (entry.kind === 'frame') return entry.raw;
  if (entry.kind === 'console') return consoleDisplay(consoleText(entry));
  return row.summary ?? entry.event;
}

export function evidenceEntry(entry: Entry, row: TimelineRow, max: number): EvidenceEntry {
  const evidence: EvidenceEntry = {
    seq: entry.seq,
    ts: entry.ts,
    stationId: entry.stationId,
    connectionId: entry.connectionId,
    kind: entry.kind,
    ...cut(fullText(entry, row), max),
  };
  if (entry.kind === 'frame') evidence.direction = entry.direction;
  return evidence;
}

export function timelineLine(entry: Entry, row: TimelineRow, max: number): TimelineLine {
  const line: TimelineLine = {
    seq: row.seq,
    ts: row.ts,
    stationId: row.stationId,
    connectionId: row.connectionId,
    kind: row.kind,
    ...cut(fullText(entry, row), max),
  };
  if (row.direction !== undefined) line.direction = row.direction;
  if (row.messageType !== undefined) line.messageType = row.messageType;
  if (row.action !== undefined) line.action = row.action;
  if (row.messageId !== undefined) line.messageId = row.messageId;
  if (row.latencyMs !== undefined) line.latencyMs = row.latencyMs;
  if (row.findings !== undefined) line.severity = row.findings.severity;
  return line;
}
