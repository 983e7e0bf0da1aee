/**
 * Open OCPP Trace (JSON lines, schema v1.x) to entries. Every record the schema allows becomes a
 * frame (or, for SOAP, a console line); a line that is not a record is skipped and said so, and
 * the lines after it are still read. Kept as on the wire: `raw` when the record has it.
 *
 * OOT has no connections, so each chargePointId is one connection (`oot-1`, `oot-2`, ...) unless
 * the record says which (`meta.ocppScope.connectionId`, written by our own export).
 */
import {
  FRAME_FLAGS,
  INFERRED_FIELDS,
  type Direction,
  type FrameFlag,
  type InferredField,
} from '../../capture/entry';
import type { FileProblem } from '../../capture/problems';
import { isJsonObject } from '../../json-object';
import { parseOcppVersion } from '../../ocpp/versions';
import {
  ImportError,
  type ImportOptions,
  type ImportResult,
  type ImportSink,
  type TextImporter,
  type TextImporterFactory,
} from '../importer';
import { TextLines } from '../text-lines';
import { OotCorrelator } from './correlate';
import { composeRaw, rawDisagreement } from './raw';
import { decodeRecord, parseTimestamp, type OotRecord } from './record';

export { looksLikeOotRecord } from './record';

const DIRECTION: Record<OotRecord['direction'], Direction> = {
  'cp-to-csms': 'toCsms',
  'csms-to-cp': 'toStation',
};

/** What `meta.ocppScope` carries back from our own export. */
interface ScopeMeta {
  connectionId?: string;
  flags?: FrameFlag[];
  inferred?: InferredField[];
}

function scopeMeta(record: OotRecord): ScopeMeta | undefined {
  const scope = record.meta?.ocppScope;
  if (!isJsonObject(scope)) return undefined;
  const meta: ScopeMeta = {};
  if (typeof scope.connectionId === 'string' && scope.connectionId.length > 0) {
    meta.connectionId = scope.connectionId;
  }
  const flags = known(scope.flags, FRAME_FLAGS);
  if (flags !== undefined) meta.flags = flags;
  const inferred = known(scope.inferred, INFERRED_FIELDS);
  if (inferred !== undefined) meta.inferred = inferred;
  return meta;
}

function known<T extends string>(value: unknown, allowed: readonly T[]): T[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const kept = value.filter((v): v is T => allowed.includes(v as T));
  return kept.length > 0 ? kept : undefined;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

class OotImporter implements TextImporter {
  private readonly lines = new TextLines((text, line) => this.read(text, line));
  private started = false;
  private schemaVersion: string | undefined;
  private lastTs: number | undefined;
  private records = 0;
  private skipped = 0;
  private soap = 0;
  private readonly connections = new Map<string | undefined, string>();
  private readonly stations = new Set<string>();
  /** Normalised versions (`1.6`), or the text as written when it names none we know. */
  private readonly versions = new Set<string>();
  private readonly correlator = new OotCorrelator();
  /** Per record index, for a CALL: its action and line (to check an answer's own action). */
  private readonly calls: ({ action: string; line: number } | undefined)[] = [];
  private readonly warned = new Set<string>();

  constructor(
    private readonly sink: ImportSink,
    private readonly options: ImportOptions,
  ) {}

  write(text: string): void {
    this.lines.write(text);
  }

  end(): ImportResult {
    this.lines.end();
    if (!this.started) {
      throw new ImportError(
        `${this.options.fileName} is empty: an Open OCPP Trace has one JSON record per line`,
      );
    }
    return this.result();
  }

  private problem(kind: FileProblem['kind'], line: number, message: string): void {
    this.sink.problem({ kind, unit: 'line', line, message });
  }

  /** A warning said once per file (`key`), at the first line it concerns. */
  private warnOnce(key: string, line: number, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.problem('import-warning', line, message);
  }

  private read(text: string, line: number): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.notTrace(line, 'it is not JSON');
      const detail = error instanceof Error ? error.message : String(error);
      this.skip(line, `it is not JSON (${detail}); every line of an Open OCPP Trace is one JSON record`);
      return;
    }
    if (!this.started && !(isJsonObject(value) && ('schemaVersion' in value || 'messageType' in value))) {
      this.notTrace(line, 'it has neither schemaVersion nor messageType');
    }
    this.started = true;
    const decoded = decodeRecord(value);
    if (!decoded.ok) {
      this.skip(line, decoded.error);
      return;
    }
    this.accept(decoded.record, line);
  }

  /** The first line decides whether this is a trace at all, as a capture's header line does. */
  private notTrace(line: number, why: string): void {
    if (this.started) return;
    throw new ImportError(
      `${this.options.fileName} is not an Open OCPP Trace: line ${line} is not a trace record (${why}). ` +
        'A trace has one JSON record per line, each with schemaVersion, timestamp, transport, direction and messageType; choose another import format for this file.',
    );
  }

  private skip(line: number, why: string): void {
    this.skipped++;
    this.problem('import-skipped', line, why);
  }

  private accept(record: OotRecord, line: number): void {
    this.records++;
    this.schemaVersion ??= record.schemaVersion;
    if (!record.schemaVersion.startsWith('1.') && record.schemaVersion !== '1') {
      this.warnOnce(
        `schema:${record.schemaVersion}`,
        line,
        `schemaVersion "${record.schemaVersion}" is not a 1.x version; its records were read by the v1.1 rules`,
      );
    }

    let ts = parseTimestamp(record.timestamp);
    const timeInferred = ts === undefined;
    if (ts === undefined) {
      ts = this.lastTs ?? this.options.now;
      this.problem(
        'import-warning',
        line,
        `the timestamp ${JSON.stringify(record.timestamp)} is not an RFC 3339 date-time (like "2024-01-15T10:00:00.000Z"); the record is kept with the time of the record before it`,
      );
    }
    this.lastTs = ts;

    const stationId = record.chargePointId ?? 'unknown';
    if (record.chargePointId === undefined) {
      this.warnOnce('station', line, 'no chargePointId: records without one are shown as station "unknown"');
    }
    this.stations.add(stationId);
    const meta = scopeMeta(record);
    const connectionId = meta?.connectionId ?? this.connectionOf(record.chargePointId);

    if (record.ocppVersion !== undefined) {
      const version = parseOcppVersion(record.ocppVersion);
      this.versions.add(version ?? record.ocppVersion);
      if (version === undefined) {
        this.warnOnce(
          `version:${record.ocppVersion}`,
          line,
          `ocppVersion "${record.ocppVersion}" is no OCPP version this tool knows (1.6, 2.0.1, 2.1)`,
        );
      }
    }

    this.correlate(record, line);

    if (record.transport === 'soap') {
      this.soap++;
      this.warnOnce(
        'soap',
        line,
        'a SOAP record: OCPP Scope analyses OCPP-J only, so SOAP records are kept as console lines',
      );
      this.sink.entry({
        kind: 'console',
        ts,
        connectionId,
        stationId,
        source: 'import',
        text: soapText(record),
      });
      return;
    }

    let raw = record.raw;
    if (raw === undefined) {
      raw = composeRaw(record);
      if (record.messageId === undefined) {
        this.problem(
          'import-warning',
          line,
          'neither raw nor messageId: the frame was composed with an empty message id',
        );
      }
    } else {
      const disagreement = rawDisagreement(record, raw);
      if (disagreement !== undefined) {
        this.problem(
          'import-warning',
          line,
          `${disagreement}; the frame is kept as raw has it, the text on the wire`,
        );
      }
    }
    let inferred = meta?.inferred;
    // 'time' is the last of INFERRED_FIELDS, so appending it keeps their order.
    if (timeInferred && !inferred?.includes('time')) inferred = [...(inferred ?? []), 'time'];
    this.sink.entry({
      kind: 'frame',
      ts,
      connectionId,
      stationId,
      source: 'import',
      direction: DIRECTION[record.direction],
      raw,
      ...(meta?.flags !== undefined ? { flags: meta.flags } : {}),
      ...(inferred !== undefined ? { inferred } : {}),
    });
  }

  private connectionOf(chargePointId: string | undefined): string {
    let id = this.connections.get(chargePointId);
    if (id === undefined) {
      id = `oot-${this.connections.size + 1}`;
      this.connections.set(chargePointId, id);
    }
    return id;
  }

  /** The spec's correlation, for the summary and for an answer whose own action contradicts it. */
  private correlate(record: OotRecord, line: number): void {
    const call = this.correlator.add(record);
    this.calls.push(record.messageType === 'CALL' ? { action: record.action ?? '', line } : undefined);
    if (call === undefined || record.action === undefined) return;
    const answered = this.calls[call];
    if (answered !== undefined && answered.action !== record.action) {
      this.problem(
        'import-warning',
        line,
        `this ${record.messageType} names the action ${record.action}, but the CALL it correlates with (line ${answered.line}) is a ${answered.action}`,
      );
    }
  }

  private result(): ImportResult {
    const versions = [...this.versions];
    const parts = [
      plural(this.records, 'record'),
      `${plural(this.stations.size, 'station')}${versions.length > 0 ? ` (OCPP ${versions.join(', ')})` : ''}`,
    ];
    const unanswered = this.correlator.unansweredCount;
    const orphans = this.correlator.orphanCount;
    if (unanswered > 0) parts.push(plural(unanswered, 'unanswered call'));
    if (orphans > 0) parts.push(plural(orphans, 'orphan response'));
    if (this.soap > 0) parts.push(`${plural(this.soap, 'SOAP record')} kept as console lines`);
    if (this.skipped > 0) parts.push(plural(this.skipped, 'line') + ' skipped');
    const result: ImportResult = {
      description: `Open OCPP Trace v${this.schemaVersion ?? '1.1'}: ${parts.join(', ')}`,
    };
    const only = versions.length === 1 ? parseOcppVersion(versions[0]!) : undefined;
    if (only !== undefined) result.ocppVersion = `ocpp${only}`;
    return result;
  }
}

/** A SOAP record as one console line: what it is, and its text or payload. */
function soapText(record: OotRecord): string {
  const what = [`SOAP ${record.messageType}`];
  if (record.action !== undefined) what.push(record.action);
  if (record.messageId !== undefined) what.push(`id ${record.messageId}`);
  what.push(`(${record.direction})`);
  const body =
    record.raw ?? JSON.stringify(record.messageType === 'CALLERROR' ? record.error : record.payload);
  return body === undefined ? what.join(' ') : `${what.join(' ')}: ${body}`;
}

export const ootImporter: TextImporterFactory = (sink, options) => new OotImporter(sink, options);
