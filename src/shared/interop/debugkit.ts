/**
 * OCPP DebugKit traces (github.com/ocpp-debugkit/ocpp-debugkit, docs/trace-format-spec.md), in its
 * three shapes: a JSON object `{traceId?, metadata?: {stationId?, ocppVersion?, ...}, events: [...]}`,
 * JSON lines of its events, or a bare JSON array of OCPP-J messages. An event is
 * `{timestamp?, direction?: CS_TO_CSMS | CSMS_TO_CS | UNKNOWN, message: [type, id, ...]}`.
 *
 * DebugKit keeps only the parsed message, never the text that went over the wire: `raw` is
 * JSON.stringify of it, which the import's description says (a `1.0` on the wire reads `1` here,
 * and key spacing is lost). Its times are ISO 8601 or epochs, an epoch below 10^12 counting
 * seconds (its ADR-0005). A missing time takes the previous event's, a missing or UNKNOWN direction
 * is inferred (infer-direction.ts), and both are marked so.
 *
 * The object and array shapes are one JSON document, held until the file ends; JSON lines are read
 * as they come. Which one a file is, its first line tells: an object with `events` opens a
 * document, one with `message` is an event line, one that is not JSON on its own is the start of a
 * pretty-printed document.
 */
import type { Direction, InferredField } from '../capture/entry';
import { isJsonObject } from '../json-object';
import { parseOcppVersion, type OcppVersion } from '../ocpp/versions';
import {
  ImportError,
  type ImportOptions,
  type ImportResult,
  type ImportSink,
  type ImportedEntry,
  type TextImporter,
  type TextImporterFactory,
} from './importer';
import { DirectionInference, VersionGuess } from './infer-direction';
import { parseTimeText, stationFromFileName } from './lines';
import { TextLines } from './text-lines';

const EXPECTED =
  'a DebugKit trace is a JSON object {"events": [...]}, JSON lines of {"timestamp", "direction", "message": [...]} events, or a JSON array of OCPP-J messages';

// An event line longer than this before its first newline is taken as a one-line document.
const FIRST_LINE_LIMIT = 16 * 1024 * 1024;

type Shape = 'JSON object' | 'JSON lines' | 'bare array of messages';

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return `the ${typeof value} ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
}

function parse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function isEvent(value: unknown): boolean {
  return isJsonObject(value) && Array.isArray(value['message']);
}

const DIRECTIONS: Record<string, Direction | null> = {
  CS_TO_CSMS: 'toCsms',
  CSMS_TO_CS: 'toStation',
  UNKNOWN: null,
};

class DebugkitImport implements TextImporter {
  private mode: 'undecided' | 'document' | 'jsonl' = 'undecided';
  private chunks: string[] = [];
  private held = 0;
  private opening: string | undefined;
  private lines: TextLines | undefined;
  private shape: Shape = 'JSON lines';
  private stationId: string;
  private version: OcppVersion | undefined;
  private inference = new DirectionInference();
  private readonly guess = new VersionGuess();
  private lastTime: number | undefined;
  private zoneWarned = false;
  private traceId: string | undefined;
  private events = 0;
  private inferredDirections = 0;
  private skipped = 0;

  constructor(
    private readonly sink: ImportSink,
    private readonly options: ImportOptions,
  ) {
    this.stationId = stationFromFileName(options.fileName);
  }

  write(text: string): void {
    if (this.mode === 'jsonl') {
      this.lines!.write(text);
      return;
    }
    this.chunks.push(text);
    this.held += text.length;
    if (this.mode === 'document') return;
    if (this.opening === undefined) {
      // JS's \s covers the byte-order mark.
      const at = text.search(/\S/);
      if (at === -1) return;
      this.opening = text[at];
      if (this.opening === '[') this.mode = 'document';
      else if (this.opening !== '{') {
        throw new ImportError(`it is not JSON: it starts with ${JSON.stringify(this.opening)}; ${EXPECTED}`);
      }
      if (this.opening === '[') return;
    }
    if (text.includes('\n')) this.decide(false);
    if (this.mode === 'undecided' && this.held > FIRST_LINE_LIMIT) this.mode = 'document';
  }

  /** Once the first line is complete (or the file ended): which shape is it? */
  private decide(atEnd: boolean): void {
    const all = this.chunks.length === 1 ? this.chunks[0]! : this.chunks.join('');
    this.chunks = [all];
    const start = all.search(/\S/);
    const nl = all.indexOf('\n', start);
    if (nl === -1 && !atEnd) return;
    const first = parse(nl === -1 ? all.slice(start) : all.slice(start, nl));
    if (!first.ok || (isJsonObject(first.value) && 'events' in first.value)) {
      this.mode = 'document';
      return;
    }
    if (!isEvent(first.value)) {
      throw new ImportError(
        `line 1 is ${isJsonObject(first.value) ? 'a JSON object with neither "events" nor a "message" array' : describe(first.value)}; ${EXPECTED}`,
      );
    }
    this.startLines();
    this.chunks = [];
    this.lines!.write(all);
  }

  private startLines(): void {
    this.mode = 'jsonl';
    this.shape = 'JSON lines';
    this.lines = new TextLines((text, line) => {
      const value = parse(text);
      if (!value.ok) this.skip('line', line, `it is not JSON (${value.error})`);
      else this.event(value.value, 'line', line);
    });
  }

  end(): ImportResult {
    if (this.mode === 'undecided') {
      if (this.opening === undefined) throw new ImportError(`the file is empty; ${EXPECTED}`);
      this.decide(true);
    }
    if (this.mode === 'jsonl') this.lines!.end();
    else this.document(this.chunks.join('').replace(/^\uFEFF/, ''));
    return this.result();
  }

  private document(text: string): void {
    this.chunks = [];
    const parsed = parse(text);
    if (!parsed.ok) {
      // DebugKit reads such a file as JSON lines when it is not one document; so do we, if any
      // line is an event (a JSON-lines trace whose first line is broken).
      if (!this.hasEventLine(text)) throw new ImportError(`it is not JSON (${parsed.error}); ${EXPECTED}`);
      this.startLines();
      this.lines!.write(text);
      this.lines!.end();
      return;
    }
    const value = parsed.value;
    if (Array.isArray(value)) {
      this.shape = 'bare array of messages';
      value.forEach((item: unknown, index) => this.event(item, 'record', index + 1));
      return;
    }
    if (!isJsonObject(value)) throw new ImportError(`it is ${describe(value)}, not a trace; ${EXPECTED}`);
    const events = value['events'];
    if (!Array.isArray(events)) {
      throw new ImportError(`it has no "events" array ("events" is ${describe(events)}); ${EXPECTED}`);
    }
    this.shape = 'JSON object';
    if (typeof value['traceId'] === 'string') this.traceId = value['traceId'];
    this.metadata(value['metadata']);
    events.forEach((item: unknown, index) => this.event(item, 'record', index + 1));
  }

  private hasEventLine(text: string): boolean {
    let found = false;
    const probe = new TextLines((line) => {
      if (!found && line.trimStart().startsWith('{')) {
        const value = parse(line);
        found = value.ok && isEvent(value.value);
      }
    });
    probe.write(text);
    probe.end();
    return found;
  }

  private metadata(metadata: unknown): void {
    if (!isJsonObject(metadata)) return;
    const station = metadata['stationId'];
    if (typeof station === 'string' && station.trim().length > 0) this.stationId = station.trim();
    const version = metadata['ocppVersion'];
    if (typeof version === 'string') {
      this.version = parseOcppVersion(version);
      if (this.version === undefined) {
        // Line 0: the whole file (problemPlace says `file`), as metadata is no record.
        this.sink.problem({
          line: 0,
          kind: 'import-warning',
          message: `metadata.ocppVersion ${JSON.stringify(version)} is no OCPP version this tool knows (1.6, 2.0.1, 2.1); the version was worked out from the messages`,
        });
      }
    }
    this.inference = new DirectionInference(this.version);
  }

  private skip(unit: 'line' | 'record', line: number, why: string): void {
    this.skipped++;
    const what = unit === 'line' ? 'line' : 'event';
    this.sink.problem({ line, unit, kind: 'import-skipped', message: `${what} ${line} was skipped: ${why}` });
  }

  private warn(unit: 'line' | 'record', line: number, message: string): void {
    this.sink.problem({ line, unit, kind: 'import-warning', message });
  }

  private event(value: unknown, unit: 'line' | 'record', line: number): void {
    let message: unknown[];
    let timestamp: unknown;
    let direction: unknown;
    if (Array.isArray(value)) {
      message = value;
    } else if (isJsonObject(value)) {
      const field = value['message'];
      timestamp = value['timestamp'];
      direction = value['direction'];
      if (!Array.isArray(field)) {
        this.skip(unit, line, `its "message" is ${describe(field)}, not an OCPP-J array [type, id, ...]`);
        return;
      }
      message = field;
    } else {
      this.skip(
        unit,
        line,
        `it is ${describe(value)}, not an event {"timestamp", "direction", "message": [...]}`,
      );
      return;
    }
    const type: unknown = message[0];
    if (typeof type !== 'number') {
      this.skip(
        unit,
        line,
        `its message does not start with a message type (2, 3, 4...) but with ${describe(type)}`,
      );
      return;
    }

    const what = unit === 'line' ? `line ${line}` : `event ${line}`;
    const inferred: InferredField[] = [];
    const ts = this.time(timestamp, unit, line, what);
    if (ts === undefined) inferred.push('time');
    let given: Direction | undefined;
    if (typeof direction === 'string' && direction in DIRECTIONS) given = DIRECTIONS[direction] ?? undefined;
    else if (direction !== undefined && direction !== null) {
      this.warn(
        unit,
        line,
        `${what}: direction ${describe(direction)} is not CS_TO_CSMS, CSMS_TO_CS or UNKNOWN; it was inferred`,
      );
    }
    const id = typeof message[1] === 'string' ? message[1] : undefined;
    const action = (type === 2 || type === 6) && typeof message[2] === 'string' ? message[2] : undefined;
    this.guess.observe(type, action);
    const result = this.inference.resolve({ stationId: this.stationId, type, id, action, given });
    if (result.warning !== undefined) this.warn(unit, line, `${what}: ${result.warning}`);
    if (result.inferred) {
      inferred.unshift('direction');
      this.inferredDirections++;
    }

    const entry: ImportedEntry = {
      kind: 'frame',
      ts: ts ?? this.lastTime ?? this.options.now,
      connectionId: 'c1',
      stationId: this.stationId,
      source: 'import',
      direction: result.direction,
      raw: JSON.stringify(message),
    };
    if (inferred.length > 0) entry.inferred = inferred;
    if (ts !== undefined) this.lastTime = ts;
    this.events++;
    this.sink.entry(entry);
  }

  /** The event's time in ms, or undefined when it has none that can be read. */
  private time(value: unknown, unit: 'line' | 'record', line: number, what: string): number | undefined {
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return value < 1e12 ? value * 1000 : value;
    const found = typeof value === 'string' ? parseTimeText(value) : undefined;
    if (found === undefined) {
      this.warn(
        unit,
        line,
        `${what}: timestamp ${describe(value)} is neither ISO 8601 nor an epoch; it was given the previous event's time`,
      );
      return undefined;
    }
    if (!found.zoned && !this.zoneWarned) {
      this.zoneWarned = true;
      this.warn(
        unit,
        line,
        `${what}: timestamp ${JSON.stringify(value)} has no zone; times without one were read as UTC`,
      );
    }
    return found.ms;
  }

  private result(): ImportResult {
    const version = this.version ?? this.guess.version;
    const name = this.traceId === undefined ? '' : ` ${JSON.stringify(this.traceId)}`;
    const parts = [
      `DebugKit trace${name} (${this.shape}): ${this.events} event${this.events === 1 ? '' : 's'}`,
      `station ${this.stationId}${version === undefined ? '' : ` (OCPP ${version})`}`,
      `${this.inferredDirections} with inferred direction`,
    ];
    if (this.skipped > 0) parts.push(`${this.skipped} skipped`);
    parts.push('frame text re-serialised from the parsed messages (DebugKit keeps no raw text)');
    const result: ImportResult = { description: parts.join(', ') };
    if (version !== undefined) result.ocppVersion = `ocpp${version}`;
    return result;
  }
}

export const debugkitImporter: TextImporterFactory = (sink, options) => new DebugkitImport(sink, options);

/**
 * Whether the start of a file (its first ~64 KiB) is a DebugKit trace: an object with "events", an
 * event line {"message": [...]}, or a JSON array of OCPP-J message arrays.
 */
export function looksLikeDebugkit(text: string): boolean {
  const head = text
    .slice(0, 64 * 1024)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('[')) return /^\[\s*\[\s*[2-6]\s*,/.test(head);
  if (!head.startsWith('{')) return false;
  const nl = head.indexOf('\n');
  const first = parse(nl === -1 ? head : head.slice(0, nl));
  if (first.ok)
    return isJsonObject(first.value) && (Array.isArray(first.value['events']) || isEvent(first.value));
  // A pretty-printed trace, or a one-line trace or event longer than the head.
  return /"events"\s*:\s*\[/.test(head) || /^\{[^\n]*"message"\s*:\s*\[\s*[2-6]\s*,/.test(head);
}
