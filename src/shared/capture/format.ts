/**
 * The session file: JSON lines, a header line then one entry per line. The same file is the
 * export format. Decoding treats every line as untrusted: a bad line becomes a problem, never a
 * throw, and never stops the lines after it from being read.
 *
 * New entry kinds do not change the format version: a line of a kind a build does not know is a
 * bad line to it (reported with the kind and skipped, every other line read), so an older build
 * still opens a newer capture. Builds from before `console` treat console lines that way: the
 * frames and connection events are all there, each log line is a file problem (which makes
 * `ocpp-scope check` fail until it is updated). A version bump would refuse the whole file.
 */
import {
  CAPTURE_FORMAT,
  CAPTURE_FORMAT_VERSION,
  CONNECTION_EVENTS,
  DIRECTIONS,
  ENTRY_KINDS,
  ENTRY_SOURCES,
  FRAME_FLAGS,
  INFERRED_FIELDS,
  type CaptureHeader,
  type CaptureImport,
  type CapturePrivacy,
  type ConnectionEntry,
  type ConsoleEntry,
  type Entry,
  type FrameEntry,
} from './entry';
import { isJsonObject } from '../json-object';
import type { FileProblem } from './problems';

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: string };

function parseLine(line: string): Decoded<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, error: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!isJsonObject(value)) return { ok: false, error: 'not a JSON object' };
  return { ok: true, value };
}

export function encodeHeader(header: CaptureHeader): string {
  return JSON.stringify(header);
}

const NOT_A_CAPTURE =
  'this is not an OCPP Scope capture: its first line must be the capture header ({"format":"ocpp-scope-capture",...}); open a file saved or exported by OCPP Scope';

export function decodeHeader(line: string): Decoded<CaptureHeader> {
  const parsed = parseLine(line);
  if (!parsed.ok) return { ok: false, error: NOT_A_CAPTURE };
  const v = parsed.value;
  if (v['format'] !== CAPTURE_FORMAT) {
    return { ok: false, error: NOT_A_CAPTURE };
  }
  if (v['formatVersion'] !== CAPTURE_FORMAT_VERSION) {
    return {
      ok: false,
      error: `capture format version ${JSON.stringify(v['formatVersion'])} is not supported (this build reads version ${CAPTURE_FORMAT_VERSION}); update OCPP Scope`,
    };
  }
  if (typeof v['id'] !== 'string' || typeof v['name'] !== 'string' || typeof v['createdAt'] !== 'string') {
    return { ok: false, error: 'the header lacks a string "id", "name" or "createdAt"' };
  }
  const header: CaptureHeader = {
    format: CAPTURE_FORMAT,
    formatVersion: CAPTURE_FORMAT_VERSION,
    id: v['id'],
    name: v['name'],
    createdAt: v['createdAt'],
  };
  if (typeof v['ocppVersion'] === 'string') header.ocppVersion = v['ocppVersion'];
  if (typeof v['createdBy'] === 'string') header.createdBy = v['createdBy'];
  const privacy = decodePrivacy(v['privacy']);
  if (privacy) header.privacy = privacy;
  const imported = decodeImport(v['imported']);
  if (imported) header.imported = imported;
  return { ok: true, value: header };
}

const PROBLEM_KINDS = [
  'cut-line',
  'bad-line',
  'seq-order',
  'unreadable',
  'import-skipped',
  'import-warning',
] as const;
const PROBLEM_UNITS = ['line', 'packet', 'record'] as const;

/** Like the privacy note: a malformed record of the import is dropped, never the file. */
function decodeImport(value: unknown): CaptureImport | undefined {
  if (!isJsonObject(value)) return undefined;
  const { fileName, format, description, problems, problemCount } = value;
  if (typeof fileName !== 'string' || typeof format !== 'string' || typeof description !== 'string')
    return undefined;
  const kept: FileProblem[] = [];
  for (const p of Array.isArray(problems) ? problems : []) {
    if (!isJsonObject(p) || typeof p['message'] !== 'string' || !oneOf(p['kind'], PROBLEM_KINDS)) continue;
    const line = typeof p['line'] === 'number' && Number.isSafeInteger(p['line']) ? p['line'] : 0;
    const problem: FileProblem = { line, kind: p['kind'], message: p['message'] };
    if (oneOf(p['unit'], PROBLEM_UNITS)) problem.unit = p['unit'];
    kept.push(problem);
  }
  const count =
    typeof problemCount === 'number' && Number.isSafeInteger(problemCount) && problemCount >= kept.length
      ? problemCount
      : kept.length;
  return { fileName, format, description, problems: kept, problemCount: count };
}

/** A malformed note is dropped rather than refusing the file: the entries are what matters. */
function decodePrivacy(value: unknown): CapturePrivacy | undefined {
  if (!isJsonObject(value)) return undefined;
  const { redacted, anonymized, redactions, pseudonyms } = value;
  if (typeof redacted !== 'boolean' || typeof anonymized !== 'boolean') return undefined;
  const count = (n: unknown) => (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : 0);
  return { redacted, anonymized, redactions: count(redactions), pseudonyms: count(pseudonyms) };
}

export function encodeEntry(entry: Entry): string {
  return JSON.stringify(entry);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (!isJsonObject(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Decodes one entry line. Unknown fields are dropped; required ones are checked. */
export function decodeEntry(line: string): Decoded<Entry> {
  const parsed = parseLine(line);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  const { seq, ts, connectionId, stationId, source, kind } = v;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) {
    return { ok: false, error: '"seq" must be a positive integer' };
  }
  if (typeof ts !== 'number' || !Number.isFinite(ts))
    return { ok: false, error: '"ts" must be a number (ms)' };
  if (typeof connectionId !== 'string') return { ok: false, error: '"connectionId" must be a string' };
  if (typeof stationId !== 'string') return { ok: false, error: '"stationId" must be a string' };
  if (!oneOf(source, ENTRY_SOURCES))
    return { ok: false, error: `"source" must be one of ${ENTRY_SOURCES.join(', ')}` };

  if (kind === 'frame') {
    const { direction, raw, binary, flags, faults, original, inferred } = v;
    if (!oneOf(direction, DIRECTIONS)) return { ok: false, error: '"direction" must be toCsms or toStation' };
    if (typeof raw !== 'string') return { ok: false, error: '"raw" must be a string' };
    // Object literals, not spreads: this runs once per line of a capture (see bench open-capture).
    const entry: FrameEntry = { seq, ts, kind, connectionId, stationId, source, direction, raw };
    if (binary === true) entry.binary = true;
    if (Array.isArray(flags)) {
      const known = flags.filter((f): f is (typeof FRAME_FLAGS)[number] => oneOf(f, FRAME_FLAGS));
      if (known.length > 0) entry.flags = known;
    }
    if (Array.isArray(faults)) {
      const texts = faults.filter((f): f is string => typeof f === 'string');
      if (texts.length > 0) entry.faults = texts;
    }
    // A frame edited on its way (a breakpoint): the text as it arrived, next to the one sent.
    if (typeof original === 'string') entry.original = original;
    if (Array.isArray(inferred)) {
      const known = inferred.filter((f): f is (typeof INFERRED_FIELDS)[number] => oneOf(f, INFERRED_FIELDS));
      if (known.length > 0) entry.inferred = known;
    }
    return { ok: true, value: entry };
  }
  if (kind === 'connection') {
    const { event } = v;
    if (!oneOf(event, CONNECTION_EVENTS)) {
      return { ok: false, error: `"event" must be one of ${CONNECTION_EVENTS.join(', ')}` };
    }
    const entry: ConnectionEntry = { seq, ts, kind, connectionId, stationId, source, event };
    for (const key of ['url', 'upstream', 'subprotocol', 'remoteAddress', 'reason', 'message'] as const) {
      const value = v[key];
      if (typeof value === 'string') entry[key] = value;
    }
    for (const key of ['code', 'pings', 'pongs'] as const) {
      const value = v[key];
      if (typeof value === 'number') entry[key] = value;
    }
    if (typeof v['tls'] === 'boolean') entry.tls = v['tls'];
    if (oneOf(v['closedBy'], ['station', 'csms', 'scope'] as const)) entry.closedBy = v['closedBy'];
    if (Array.isArray(v['offeredSubprotocols'])) {
      entry.offeredSubprotocols = v['offeredSubprotocols'].filter((p): p is string => typeof p === 'string');
    }
    const headers = stringRecord(v['headers']);
    if (headers) entry.headers = headers;
    return { ok: true, value: entry };
  }
  if (kind === 'console') {
    const { text, binary } = v;
    if (typeof text !== 'string') return { ok: false, error: '"text" must be a string (the console line)' };
    const entry: ConsoleEntry = { seq, ts, kind, connectionId, stationId, source, text };
    if (binary === true) {
      // Shown as a hex dump: text that is no base64 would show bytes the line never had.
      if (!BASE64.test(text)) return { ok: false, error: 'a binary console line\'s "text" must be base64' };
      entry.binary = true;
    }
    return { ok: true, value: entry };
  }
  const known = ENTRY_KINDS.map((k) => `"${k}"`).join(', ');
  if (typeof kind === 'string') {
    return {
      ok: false,
      error: `"kind" ${JSON.stringify(kind)} is unknown to this build (it reads ${known}); update OCPP Scope if a newer one wrote the file`,
    };
  }
  return { ok: false, error: `"kind" must be one of ${known}` };
}
