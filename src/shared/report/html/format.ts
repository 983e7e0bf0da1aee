/**
 * Numbers, times and durations as the report prints them. Times are UTC and say so: the report
 * is read in another time zone than the one it was captured in, and the frames' own timestamps
 * are usually UTC too. No Intl: the same input gives the same bytes on every machine.
 */
import type { Direction } from '../../capture/entry';
import type { Severity } from '../../analysis/finding';
import type { MessageTypeId } from '../../ocpp/frame';
import { MESSAGE_TYPE_NAMES } from '../../ocpp/frame';

/** 100000 -> `100,000`. */
export function num(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const [int = '', frac] = String(Math.abs(n)).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${frac === undefined ? '' : `.${frac}`}`;
}

/** `2025-11-21 07:42:17.318 UTC`. */
export function dateTime(ts: number): string {
  const iso = new Date(ts).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)} UTC`;
}

/** A time the capture wrote as text (ISO 8601): as dateTime prints it, or as written when unreadable. */
export function writtenTime(text: string): string {
  const ts = Date.parse(text);
  return Number.isFinite(ts) ? dateTime(ts) : text;
}

/**
 * A time of day for tables (`07:42:17.318`), with the date in front when the report spans more
 * than one day (`multiDay`), so no row is ambiguous.
 */
export function clock(ts: number, multiDay: boolean): string {
  const iso = new Date(ts).toISOString();
  return multiDay ? `${iso.slice(0, 10)} ${iso.slice(11, 23)}` : iso.slice(11, 23);
}

export function spansDays(first: number | undefined, last: number | undefined): boolean {
  if (first === undefined || last === undefined) return false;
  return Math.floor(first / 86_400_000) !== Math.floor(last / 86_400_000);
}

/** A latency or short span: `0.4 ms`, `87 ms`, `1.25 s`. */
export function ms(value: number): string {
  if (value < 10) return `${Math.round(value * 10) / 10} ms`;
  if (value < 1000) return `${Math.round(value)} ms`;
  if (value < 60_000) return `${Math.round(value / 10) / 100} s`;
  return duration(value);
}

/** A session or transaction length: `42 s`, `3 min 05 s`, `2 h 07 min`, `3 d 04 h`. */
export function duration(value: number): string {
  if (value < 60_000) return value < 1000 ? `${Math.round(value)} ms` : `${Math.round(value / 100) / 10} s`;
  const s = Math.floor(value / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${pad(Math.floor(s / 60) % 60)} min`;
  return `${Math.floor(s / 86_400)} d ${pad(Math.floor(s / 3600) % 24)} h`;
}

/** Energy in Wh, shown as kWh with three decimals (the meter's Wh stay exact). */
export function energy(wh: number): string {
  return `${(wh / 1000).toFixed(3)} kWh`;
}

export const DIRECTION_LABEL: Record<Direction, string> = {
  toCsms: 'station \u2192 CSMS',
  toStation: 'CSMS \u2192 station',
};

/** Short forms for the narrow appendix column. */
export const DIRECTION_SHORT: Record<Direction, string> = {
  toCsms: '\u2192CSMS',
  toStation: '\u2192stn',
};

export function messageTypeName(type: MessageTypeId | undefined): string {
  return type === undefined ? '' : MESSAGE_TYPE_NAMES[type];
}

export const SEVERITY_LABEL: Record<Severity, string> = {
  error: 'error',
  warning: 'warning',
  info: 'info',
};

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${num(n)} ${n === 1 ? one : many}`;
}
