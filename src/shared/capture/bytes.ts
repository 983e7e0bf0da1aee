/**
 * Bytes as "binary strings" (one char per byte, U+0000..U+00FF): a binary frame or console line can
 * then be searched and edited with the text patterns, and every byte not edited comes back exactly.
 * Pure: shared code has neither atob/btoa nor TextEncoder.
 */
import { base64Bytes } from '../timeline/console-text';

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64ToBinary(base64: string): string {
  const bytes = base64Bytes(base64);
  let out = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let k = 0; k < bytes.length; k += 8192) out += String.fromCharCode(...bytes.subarray(k, k + 8192));
  return out;
}

/** Base64 (with padding) of a binary string; chars above U+00FF are not expected here. */
export function binaryToBase64(binary: string): string {
  let out = '';
  for (let i = 0; i < binary.length; i += 3) {
    const a = binary.charCodeAt(i) & 0xff;
    const b = i + 1 < binary.length ? binary.charCodeAt(i + 1) & 0xff : 0;
    const c = i + 2 < binary.length ? binary.charCodeAt(i + 2) & 0xff : 0;
    out += DIGITS[a >> 2]! + DIGITS[((a & 3) << 4) | (b >> 4)]!;
    out += i + 1 < binary.length ? DIGITS[((b & 15) << 2) | (c >> 6)]! : '=';
    out += i + 2 < binary.length ? DIGITS[c & 63]! : '=';
  }
  return out;
}

/** The UTF-8 bytes of text, as a binary string. */
export function utf8Binary(text: string): string {
  let out = '';
  for (const ch of text) {
    const p = ch.codePointAt(0)!;
    if (p < 0x80) out += ch;
    else if (p < 0x800) out += String.fromCharCode(0xc0 | (p >> 6), 0x80 | (p & 63));
    else if (p < 0x10000)
      out += String.fromCharCode(0xe0 | (p >> 12), 0x80 | ((p >> 6) & 63), 0x80 | (p & 63));
    else
      out += String.fromCharCode(
        0xf0 | (p >> 18),
        0x80 | ((p >> 12) & 63),
        0x80 | ((p >> 6) & 63),
        0x80 | (p & 63),
      );
  }
  return out;
}
