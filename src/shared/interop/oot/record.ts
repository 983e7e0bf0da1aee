/**
 * One Open OCPP Trace record (schema/trace-v1.schema.json of open-ocpp-trace/specification, v1.1):
 * checked by hand against the schema's rules, because the importer reads 100k-record traces and an
 * Ajv pass per line would cost more than the rest of the import. The tests hold this decoder to
 * fixtures/oot/trace-v1.1.schema.json with Ajv, so the two cannot drift apart.
 */
import { isJsonObject } from '../../json-object';

export type OotDirection = 'cp-to-csms' | 'csms-to-cp';
export type OotMessageType = 'CALL' | 'CALLRESULT' | 'CALLERROR';
export type OotTransport = 'json' | 'soap';

export interface OotError {
  code?: string;
  description?: string;
  details?: unknown;
}

/** A record as the schema allows it; unknown fields (top level and in `error`) are dropped. */
export interface OotRecord {
  schemaVersion: string;
  timestamp: string;
  ocppVersion?: string;
  transport: OotTransport;
  chargePointId?: string;
  connectorId?: number;
  direction: OotDirection;
  messageType: OotMessageType;
  messageId?: string;
  /** Required on a CALL. */
  action?: string;
  payload?: unknown;
  raw?: string;
  /** Required on a CALLERROR, never on anything else. */
  error?: OotError;
  meta?: Record<string, unknown>;
}

export type DecodedRecord = { ok: true; record: OotRecord } | { ok: false; error: string };

const TRANSPORTS: readonly string[] = ['json', 'soap'];
const DIRECTIONS: readonly string[] = ['cp-to-csms', 'csms-to-cp'];
const MESSAGE_TYPES: readonly string[] = ['CALL', 'CALLRESULT', 'CALLERROR'];

/** For format detection: an object that names what every OOT record must. */
export function looksLikeOotRecord(value: unknown): boolean {
  return isJsonObject(value) && 'schemaVersion' in value && 'messageType' in value && 'direction' in value;
}

function show(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function wrongType(field: string, value: unknown, expected: string): string {
  return `\`${field}\` is ${show(value)}, but the schema wants ${expected}`;
}

function oneOf(field: string, value: unknown, allowed: readonly string[]): string | undefined {
  if (typeof value === 'string' && allowed.includes(value)) return undefined;
  if (value === undefined) return `\`${field}\` is missing: every record needs one of ${quote(allowed)}`;
  return `\`${field}\` is ${show(value)}, but it must be one of ${quote(allowed)}`;
}

function quote(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

function optionalString(value: Record<string, unknown>, field: string): string | undefined {
  const v = value[field];
  return v === undefined || typeof v === 'string' ? undefined : wrongType(field, v, 'a string');
}

/**
 * The record, or the first rule it breaks, worded as what is wrong and what was expected. The
 * timestamp's format is not checked here: a record with an unreadable time is still kept.
 */
export function decodeRecord(value: unknown): DecodedRecord {
  if (!isJsonObject(value)) {
    return { ok: false, error: `the line is ${show(value)}, but a trace record is a JSON object` };
  }
  const fail = (error: string): DecodedRecord => ({ ok: false, error });
  const { schemaVersion, timestamp, transport, direction, messageType } = value;
  if (schemaVersion === undefined)
    return fail('`schemaVersion` is missing: every record needs one, e.g. "1.1"');
  if (typeof schemaVersion !== 'string')
    return fail(wrongType('schemaVersion', schemaVersion, 'a string like "1.1"'));
  if (timestamp === undefined) {
    return fail(
      '`timestamp` is missing: every record needs one, an RFC 3339 date-time like "2024-01-15T10:00:00.000Z"',
    );
  }
  if (typeof timestamp !== 'string') {
    return fail(
      wrongType('timestamp', timestamp, 'an RFC 3339 date-time string like "2024-01-15T10:00:00.000Z"'),
    );
  }
  const enumError =
    oneOf('transport', transport, TRANSPORTS) ??
    oneOf('direction', direction, DIRECTIONS) ??
    oneOf('messageType', messageType, MESSAGE_TYPES);
  if (enumError !== undefined) return fail(enumError);

  for (const field of ['ocppVersion', 'chargePointId', 'messageId', 'action', 'raw']) {
    const error = optionalString(value, field);
    if (error !== undefined) return fail(error);
  }
  const { connectorId, action, error, meta } = value;
  if (connectorId !== undefined && !(Number.isInteger(connectorId) && (connectorId as number) >= 0)) {
    return fail(wrongType('connectorId', connectorId, 'an integer of 0 or more'));
  }
  if (messageType === 'CALL' && action === undefined) {
    return fail('`action` is missing: a CALL record must name its action, e.g. "BootNotification"');
  }
  let decodedError: OotError | undefined;
  if (messageType === 'CALLERROR') {
    if (error === undefined) {
      return fail(
        '`error` is missing: a CALLERROR record needs an `error` object ({code, description, details})',
      );
    }
    if (!isJsonObject(error))
      return fail(wrongType('error', error, 'an object ({code, description, details})'));
    const { code, description, details } = error;
    if (code !== undefined && typeof code !== 'string')
      return fail(wrongType('error.code', code, 'a string'));
    if (description !== undefined && typeof description !== 'string') {
      return fail(wrongType('error.description', description, 'a string'));
    }
    decodedError = {};
    if (code !== undefined) decodedError.code = code;
    if (description !== undefined) decodedError.description = description;
    if (details !== undefined) decodedError.details = details;
  } else if (error !== undefined) {
    return fail(`\`error\` is set on a ${messageType as string} record, but only a CALLERROR may carry one`);
  }
  if (meta !== undefined && !isJsonObject(meta)) return fail(wrongType('meta', meta, 'an object'));

  // Built field by field: unknown fields are ignored (forward compatibility within major version 1).
  const record: OotRecord = {
    schemaVersion,
    timestamp,
    transport: transport as OotTransport,
    direction: direction as OotDirection,
    messageType: messageType as OotMessageType,
  };
  if (value.ocppVersion !== undefined) record.ocppVersion = value.ocppVersion as string;
  if (value.chargePointId !== undefined) record.chargePointId = value.chargePointId as string;
  if (connectorId !== undefined) record.connectorId = connectorId as number;
  if (value.messageId !== undefined) record.messageId = value.messageId as string;
  if (action !== undefined) record.action = action as string;
  if (value.payload !== undefined) record.payload = value.payload;
  if (value.raw !== undefined) record.raw = value.raw as string;
  if (decodedError !== undefined) record.error = decodedError;
  if (meta !== undefined) record.meta = meta;
  return { ok: true, record };
}

// RFC 3339 section 5.6 date-time, as ajv-formats' `date-time` reads it (offset required; `t` or a
// space between date and time; `+hh`, `+hhmm` and `+hh:mm` offsets).
const DATE_TIME =
  /^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:[Zz]|([+-])(\d\d)(?::?(\d\d))?)$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const YEARS_400_MS = 146_097 * 86_400_000;
const MIN_MS = Date.UTC(2000, 0, 1) - 5 * YEARS_400_MS; // 0000-01-01
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * The time as ms since the epoch, the fraction kept below the millisecond (Date.parse drops every
 * digit after the third), or undefined when it is not an RFC 3339 date-time.
 */
export function parseTimestamp(text: string): number | undefined {
  const m = DATE_TIME.exec(text);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (DAYS[month] ?? 0);
  // 60 is a leap second: taken as the first instant of the next minute, as Date.UTC does.
  if (month < 1 || month > 12 || day < 1 || day > days || hour > 23 || minute > 59 || second > 60) {
    return undefined;
  }
  let offsetMinutes = 0;
  if (m[8] !== undefined) {
    const offsetHours = Number(m[9]);
    const offsetMins = Number(m[10] ?? '0');
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (m[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  // Date.UTC reads years 0-99 as 1900-1999; 400 Gregorian years later the calendar is the same.
  const whole =
    Date.UTC(year + 400, month - 1, day, hour, minute, second) - YEARS_400_MS - offsetMinutes * 60_000;
  const fraction = m[7];
  if (fraction === undefined) return whole;
  // In whole microseconds the sum is an exact integer (< 2^53), so dividing once gives the double
  // nearest the written time: a capture's `ts` written out to the microsecond reads back the same.
  const micros = Number(fraction.slice(0, 6).padEnd(6, '0'));
  const below = fraction.length > 6 ? Number(`0.${fraction.slice(6)}`) : 0;
  return (whole * 1000 + micros + below) / 1000;
}

/**
 * `ts` as RFC 3339 UTC: three fraction digits when it falls on a whole millisecond, else six.
 * Undefined outside the years 0000-9999, which RFC 3339 cannot write.
 */
export function formatTimestamp(ts: number): string | undefined {
  const micros = Math.round(ts * 1000);
  const ms = Math.floor(micros / 1000);
  if (!(ms >= MIN_MS && ms <= MAX_MS)) return undefined;
  const iso = new Date(ms).toISOString();
  const sub = micros - ms * 1000;
  return sub === 0 ? iso : `${iso.slice(0, -1)}${String(sub).padStart(3, '0')}Z`;
}
