/**
 * Plain logs with one OCPP-J frame per line, as CSMSs, chargers and proxies print them: an optional
 * time, station and direction marker, then the frame. Lines without a frame are kept as console
 * lines, in order, so none of the log's context is lost.
 *
 * What a line may say, and how it is read (everything read by a guess is marked inferred):
 * - time: the first date-time in its first 100 characters (`2025-11-21T07:42:00.123Z`,
 *   `2025-11-21 07:42:00,123`, with or without zone, in brackets or not), or an epoch in seconds or
 *   ms opening the line. A time without a zone is read as UTC (with one warning per file): the log
 *   does not say its zone. A line without a time takes the previous line's.
 * - direction: `CP->CSMS`, `CSMS->CP`, `cp-to-csms`, `toCsms`, `to server`, `from CP01` and the like
 *   name a side and are taken as stated. `->`, `>>`, `Sent`, `tx`, `OUT` (and `<-`, `<<`,
 *   `Received`, `rx`, `IN`) only say the log's writer sent (or received) the frame: they are read
 *   through whose log it is, learnt from the frames whose action settles their direction (see
 *   infer-direction.ts), and the result is marked inferred.
 * - station: `chargeBoxId=CP01`, `station: CP01`, or else the last token before the frame that
 *   looks like a station id (letters and digits, e.g. `CP01`, `[EVB-P2231-0007]`, `ocpp:CP_1:`).
 *   A frame naming none is the last named station's (at first: the file's name).
 */
import type { Direction } from '../capture/entry';
import { frameAction, parseFrame } from '../ocpp/frame';
import { ImportError, type ImportResult, type ImportedEntry, type TextImporterFactory } from './importer';
import { DirectionInference, VersionGuess, type RelativeMarker } from './infer-direction';
import { TextLines } from './text-lines';

// ---------------------------------------------------------------------------------------------
// Times

const DATE_TIME =
  /(\d{4})-(\d{2})-(\d{2})(?:[Tt]|\s+)(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|\s?([+-])(\d{2}):?(\d{2})|([+-])(\d{2})(?![\d:])|\s(?:UTC|GMT)(?![A-Za-z]))?/;
const EPOCH_AT_START = /^\s*\[?(\d{13}|\d{10})(?:\.(\d{1,6}))?\]?(?=[\s:|,;]|$)/;
const EPOCH_ONLY = /^(\d{13}|\d{10})(?:\.(\d{1,6}))?$/;

export interface FoundTime {
  /** ms since the epoch, with a fraction. */
  ms: number;
  /** The text said its zone (or was an epoch). */
  zoned: boolean;
  index: number;
  length: number;
}

function fractionMs(digits: string | undefined): number {
  return digits === undefined ? 0 : Number(`0.${digits}`) * 1000;
}

function dateTimeAt(match: RegExpExecArray): FoundTime | undefined {
  const [text, y, mo, d, h, mi, s, frac, z, sign, oh, om, sign2, oh2] = match;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return undefined;
  let ms = Date.UTC(Number(y), month - 1, day, hour, minute, second) + fractionMs(frac);
  let zoned = z !== undefined || /\s(?:UTC|GMT)$/.test(text);
  if (sign !== undefined) {
    ms -= (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
    zoned = true;
  } else if (sign2 !== undefined) {
    ms -= (sign2 === '-' ? -1 : 1) * Number(oh2) * 3_600_000;
    zoned = true;
  }
  return { ms, zoned, index: match.index, length: text.length };
}

function epochMs(digits: string, frac: string | undefined): number {
  const value = Number(frac === undefined ? digits : `${digits}.${frac}`);
  // As DebugKit reads epochs (its ADR-0005): below 10^12 it counts seconds, else milliseconds.
  return value < 1e12 ? value * 1000 : value;
}

/** The time a log line opens with (within its first 100 characters, before `limit`). */
export function findLineTime(line: string, limit = line.length): FoundTime | undefined {
  const head = line.length > 100 || limit < line.length ? line.slice(0, Math.min(limit, 100)) : line;
  const epoch = EPOCH_AT_START.exec(head);
  if (epoch !== null) {
    return { ms: epochMs(epoch[1]!, epoch[2]), zoned: true, index: 0, length: epoch[0].length };
  }
  const match = DATE_TIME.exec(head);
  return match === null ? undefined : dateTimeAt(match);
}

/** A time given on its own (a trace's field): an ISO 8601 date-time or an epoch, or undefined. */
export function parseTimeText(text: string): FoundTime | undefined {
  const trimmed = text.trim();
  const epoch = EPOCH_ONLY.exec(trimmed);
  if (epoch !== null)
    return { ms: epochMs(epoch[1]!, epoch[2]), zoned: true, index: 0, length: trimmed.length };
  const match = DATE_TIME.exec(trimmed);
  if (match === null || match.index !== 0 || match[0].length !== trimmed.length) return undefined;
  return dateTimeAt(match);
}

// ---------------------------------------------------------------------------------------------
// Frames, markers, stations

const FRAME_START = /\[\s*[2-6]\s*,/;

/** The index just past the `]` closing the array opened at `start`, or -1 when the line ends first. */
export function frameEnd(line: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b) depth++;
    else if (c === 0x5d && --depth === 0) return i + 1;
  }
  return -1;
}

const CSMS = '(?:csms|central[-_ ]?system|server|backend)';
const STATION = '(?:station|charger|charge[-_ ]?point|cp|cs)';
const SENDS = '(?:->|→|>>)';
const RECEIVES = '(?:<-|←|<<)';
const TO_CSMS = new RegExp(
  `(?<![a-z])to[-_ ]?${CSMS}(?![a-z])|(?<![a-z])from[-_ ]?${STATION}(?![a-z])|${SENDS}\\s*${CSMS}(?![a-z])|(?<![a-z])${CSMS}\\s*${RECEIVES}`,
  'i',
);
const TO_STATION = new RegExp(
  `(?<![a-z])to[-_ ]?${STATION}(?![a-z])|(?<![a-z])from[-_ ]?${CSMS}(?![a-z])|(?<![a-z])${CSMS}(?:[-_ ]?to(?![a-z])|\\s*${SENDS})|${RECEIVES}\\s*${CSMS}(?![a-z])`,
  'i',
);
const RELATIVE =
  /(->|→|>>|<-|←|<<)|(?<![a-z])(?:(sent|sends?|sending|tx|outgoing|outbound|out(?=\s*[:>\]]))|(received|receiv(?:e|ing)|recv|rx|incoming|inbound|in(?=\s*[:>\]])))(?![a-z])/gi;

/** A side named in the text before the frame, when exactly one is. */
export function statedDirection(prefix: string): Direction | undefined {
  const toCsms = TO_CSMS.test(prefix);
  const toStation = TO_STATION.test(prefix);
  if (toCsms === toStation) return undefined;
  return toCsms ? 'toCsms' : 'toStation';
}

/** The marker nearest the frame that says the writer sent or received it. */
export function relativeMarker(prefix: string): RelativeMarker | undefined {
  let marker: RelativeMarker | undefined;
  RELATIVE.lastIndex = 0;
  for (let m = RELATIVE.exec(prefix); m !== null; m = RELATIVE.exec(prefix)) {
    const arrow = m[1];
    if (arrow !== undefined) marker = arrow === '->' || arrow === '→' || arrow === '>>' ? 'out' : 'in';
    else marker = m[2] !== undefined ? 'out' : 'in';
  }
  return marker;
}

const STATION_KEY =
  /(?<![a-z])(?:charge[-_ ]?box[-_ ]?id|charge[-_ ]?point[-_ ]?id|charging[-_ ]?station[-_ ]?id|station[-_ ]?id|cp[-_ ]?id|identity|station|charger)\s*[=:]\s*["']?([\p{L}\p{N}_.-]{1,64})/iu;
const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}_.-]*/gu;
const NOT_A_STATION =
  /^(?:thread|pool|worker|exec|nio|https?|main|task|ocpp|wss?|utf|iso|v\d|[0-9a-f]{8}-[0-9a-f]{4}-)/i;

function stationLike(token: string): boolean {
  return token.length <= 64 && /\p{L}/u.test(token) && /\d/.test(token) && !NOT_A_STATION.test(token);
}

/** The station the text before the frame names, if any. */
export function namedStation(prefix: string): string | undefined {
  const keyed = STATION_KEY.exec(prefix);
  if (keyed !== null) return keyed[1];
  let found: string | undefined;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(prefix); m !== null; m = TOKEN.exec(prefix)) {
    const end = m.index + m[0].length;
    // The value (or key) of some other key=value pair says nothing of the station.
    if (prefix[end] === '=' || prefix[m.index - 1] === '=') continue;
    if (stationLike(m[0])) found = m[0];
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// The importer

/** Lines read without finding a frame before the file is taken to be no log of OCPP frames. */
const PREAMBLE_LIMIT = 10_000;

export function stationFromFileName(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  const name = dot > 0 ? base.slice(0, dot) : base;
  return name.length > 0 ? name : 'import';
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

export const linesImporter: TextImporterFactory = (sink, options) => {
  const fileStation = stationFromFileName(options.fileName);
  const inference = new DirectionInference();
  const guess = new VersionGuess();
  const connections = new Map<string, string>();
  const framesPerStation = new Set<string>();
  let station = fileStation;
  let lastTime: number | undefined;
  let zoneWarned = false;
  let frames = 0;
  let inferredDirections = 0;
  let consoleLines = 0;
  let cut = 0;
  // Console lines before the first frame wait for it: they belong to its station, and a file with
  // no frame at all is not a log of this kind and yields nothing.
  let preamble: { text: string; ts: number | undefined }[] | undefined = [];

  const connectionOf = (stationId: string): string => {
    let id = connections.get(stationId);
    if (id === undefined) {
      id = `c${connections.size + 1}`;
      connections.set(stationId, id);
    }
    return id;
  };

  const consoleEntry = (text: string, ts: number): void => {
    consoleLines++;
    sink.entry({
      kind: 'console',
      ts,
      connectionId: connectionOf(station),
      stationId: station,
      source: 'import',
      text,
    });
  };

  const flushPreamble = (): void => {
    const waiting = preamble ?? [];
    preamble = undefined;
    const first = waiting.find((line) => line.ts !== undefined)?.ts ?? lastTime ?? options.now;
    let ts = first;
    for (const line of waiting) consoleEntry(line.text, (ts = line.ts ?? ts));
  };

  const onLine = (text: string, line: number): void => {
    const start = FRAME_START.exec(text);
    const frameAt = start === null ? text.length : start.index;
    const time = findLineTime(text, frameAt);
    if (time !== undefined) {
      lastTime = time.ms;
      if (!time.zoned && !zoneWarned) {
        zoneWarned = true;
        sink.problem({
          line,
          kind: 'import-warning',
          message: 'the times in this log have no zone; they were read as UTC',
        });
      }
    }
    const end = start === null ? -1 : frameEnd(text, frameAt);
    if (end < 0) {
      if (start !== null) {
        cut++;
        sink.problem({
          line,
          kind: 'import-warning',
          message:
            'the OCPP-J frame on this line is cut (its closing ] is missing); the line was kept as a console line',
        });
      }
      if (preamble !== undefined) {
        preamble.push({ text, ts: time?.ms });
        if (preamble.length >= PREAMBLE_LIMIT) {
          throw new ImportError(
            `none of its first ${PREAMBLE_LIMIT} lines holds an OCPP-J frame ([2,"id","Action",{...}], [3,"id",{...}], ...): it does not look like a log of OCPP messages; choose another import format for this file`,
          );
        }
      } else consoleEntry(text, time?.ms ?? lastTime ?? options.now);
      return;
    }

    let prefix = text.slice(0, frameAt);
    if (time !== undefined)
      prefix = prefix.slice(0, time.index) + ' ' + prefix.slice(time.index + time.length);
    const given = statedDirection(prefix);
    const relative = given === undefined ? relativeMarker(prefix) : undefined;
    station = namedStation(prefix) ?? station;
    if (preamble !== undefined) flushPreamble();

    const raw = text.slice(frameAt, end);
    const parsed = parseFrame(raw);
    const facts = parsed.ok
      ? { type: parsed.frame.type, id: parsed.frame.id, action: frameAction(parsed.frame) }
      : parsed.problem;
    guess.observe(facts.type, facts.action);
    const result = inference.resolve({
      stationId: station,
      type: facts.type,
      id: facts.id,
      action: facts.action,
      given,
      relative,
    });
    if (result.warning !== undefined) sink.problem({ line, kind: 'import-warning', message: result.warning });
    const after = text.slice(end).trim();
    if (after.length > 0) {
      sink.problem({
        line,
        kind: 'import-warning',
        message: `text after the frame was not kept: ${quote(after)}`,
      });
    }

    const ts = time?.ms ?? lastTime ?? options.now;
    const entry: ImportedEntry = {
      kind: 'frame',
      ts,
      connectionId: connectionOf(station),
      stationId: station,
      source: 'import',
      direction: result.direction,
      raw,
    };
    const inferred: ('direction' | 'time')[] = [];
    if (result.inferred) inferred.push('direction');
    if (time === undefined) inferred.push('time');
    if (inferred.length > 0) entry.inferred = inferred;
    frames++;
    if (result.inferred) inferredDirections++;
    framesPerStation.add(station);
    sink.entry(entry);
  };

  const lines = new TextLines(onLine);
  return {
    write(text: string): void {
      lines.write(text);
    },
    end(): ImportResult {
      lines.end();
      if (frames === 0) {
        throw new ImportError(
          `no line holds an OCPP-J frame ([2,"id","Action",{...}], [3,"id",{...}], ...): it does not look like a log of OCPP messages; choose another import format for this file`,
        );
      }
      const version = guess.version;
      const stations = framesPerStation.size;
      const parts = [
        `plain log: ${lines.lineNumber} lines`,
        `${frames} frames (${inferredDirections} with inferred direction)`,
        `${consoleLines} other ${consoleLines === 1 ? 'line kept as a console line' : 'lines kept as console lines'}${cut > 0 ? ` (${cut} with a cut frame)` : ''}`,
        `${stations} station${stations === 1 ? '' : 's'}${version === undefined ? '' : ` (OCPP ${version})`}`,
      ];
      const result: ImportResult = { description: parts.join(', ') };
      if (version !== undefined) result.ocppVersion = `ocpp${version}`;
      return result;
    },
  };
};

/** Some of the first lines (of the first ~64 KiB of a file) carry a complete OCPP-J frame. */
export function looksLikeFrameLines(text: string): boolean {
  const head = text
    .slice(0, 64 * 1024)
    .replace(/^\uFEFF/, '')
    .trimStart();
  // A JSON document or JSON lines (a DebugKit trace, an Open OCPP Trace, a capture) hold frames
  // too, but are some other format's; a log may open with a frame, not with `{`, `[[` or `[` alone.
  if (head.startsWith('{') || /^\[\s*(?:[[{]|$)/.test(head)) return false;
  let checked = 0;
  for (let at = 0; at < head.length && checked < 200; checked++) {
    const nl = head.indexOf('\n', at);
    const line = head.slice(at, nl === -1 ? head.length : nl);
    at = nl === -1 ? head.length : nl + 1;
    const start = FRAME_START.exec(line);
    if (start === null) continue;
    const end = frameEnd(line, start.index);
    if (end > 0 && parseFrame(line.slice(start.index, end)).ok) return true;
  }
  return false;
}
