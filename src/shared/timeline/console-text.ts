/**
 * What a console line reads as: its text, or for a line whose bytes are not UTF-8 (line noise, a
 * wrong baud rate) the bytes decoded as a terminal would show them, so the readable part of it can
 * be seen and searched. Pure: shared code has neither atob nor TextDecoder.
 */
import type { ConsoleEntry } from '../capture/entry';

/** A row holds this much of a line; the inspector shows all of it. */
export const CONSOLE_SUMMARY_LENGTH = 240;

const BASE64_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT_VALUE = new Map([...BASE64_DIGITS].map((c, i) => [c, i]));

/** The bytes of base64 text; characters outside the alphabet (padding, whitespace) are skipped. */
export function base64Bytes(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let count = 0;
  let length = 0;
  for (const c of text) {
    const value = DIGIT_VALUE.get(c);
    if (value === undefined) continue;
    bits = (bits << 6) | value;
    count += 6;
    if (count >= 8) {
      count -= 8;
      out[length++] = (bits >> count) & 0xff;
    }
  }
  return out.subarray(0, length);
}

/**
 * UTF-8 with what is not UTF-8 read as U+FFFD, by the WHATWG decoder's rules (one U+FFFD per
 * maximal bad subsequence), so a line reads here as it does in a browser's or a terminal's decoder.
 */
export function utf8Lossy(bytes: Uint8Array): string {
  const units: number[] = [];
  let needed = 0;
  let seen = 0;
  let code = 0;
  let lower = 0x80;
  let upper = 0xbf;
  const emit = (point: number) => {
    if (point < 0x10000) units.push(point);
    else units.push(0xd800 + ((point - 0x10000) >> 10), 0xdc00 + ((point - 0x10000) & 0x3ff));
  };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (needed === 0) {
      if (b < 0x80) emit(b);
      else if (b >= 0xc2 && b <= 0xdf) [needed, code] = [1, b & 0x1f];
      else if (b >= 0xe0 && b <= 0xef) {
        // No overlong forms (E0 80..9F) and no UTF-16 surrogates (ED A0..BF).
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
        [needed, code] = [2, b & 0x0f];
      } else if (b >= 0xf0 && b <= 0xf4) {
        // No overlong forms (F0 80..8F) and nothing past U+10FFFF (F4 90..BF).
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
        [needed, code] = [3, b & 0x07];
      } else emit(0xfffd);
      continue;
    }
    if (b < lower || b > upper) {
      // The sequence ends bad here; this byte may start the next one.
      [needed, seen, code, lower, upper] = [0, 0, 0, 0x80, 0xbf];
      emit(0xfffd);
      i--;
      continue;
    }
    [lower, upper] = [0x80, 0xbf];
    code = (code << 6) | (b & 0x3f);
    if (++seen === needed) {
      emit(code);
      [needed, seen, code] = [0, 0, 0];
    }
  }
  if (needed !== 0) emit(0xfffd);
  let out = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let k = 0; k < units.length; k += 8192) out += String.fromCharCode(...units.slice(k, k + 8192));
  return out;
}

/** The line as text: as captured, or a binary line's bytes decoded lossily. */
export function consoleText(entry: Pick<ConsoleEntry, 'text' | 'binary'>): string {
  return entry.binary ? utf8Lossy(base64Bytes(entry.text)) : entry.text;
}

// ESC [ ... final byte: the colour codes ESP-IDF and most firmware loggers wrap each line in.
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\u001b\[[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]+/g;

/** The line as a terminal would show it: colour codes gone, other control characters as a space. */
export function consoleDisplay(text: string): string {
  return text.replace(ANSI_ESCAPE, '').replace(CONTROL, ' ');
}

/** One row's worth of the line: shown, trimmed of surrounding blanks and cut to the summary length. */
export function consoleSummary(entry: Pick<ConsoleEntry, 'text' | 'binary'>): string {
  // Only the head is read: a 1 MB dump on one line is not decoded whole for its row. (A multiple of
  // 4 characters, so base64 stays aligned.)
  const read = CONSOLE_SUMMARY_LENGTH * 2;
  const head = consoleText({ text: entry.text.slice(0, read), binary: entry.binary });
  const shown = consoleDisplay(head).trim();
  if (shown.length <= CONSOLE_SUMMARY_LENGTH && entry.text.length <= read) return shown;
  let end = CONSOLE_SUMMARY_LENGTH - 1;
  // Never half of a surrogate pair (an emoji in a log line).
  if (/[\uD800-\uDBFF]/.test(shown.charAt(end - 1))) end--;
  return `${shown.slice(0, end).trimEnd()}…`;
}
