/**
 * The texts the inspector shows and copies for one entry: the raw text exactly as captured, a
 * pretty view, the payload, and the capture line.
 */
import type { ConsoleEntry, Entry } from '../../../shared/capture/entry';
import { encodeEntry } from '../../../shared/capture/format';
import { parseFrame } from '../../../shared/ocpp/frame';
import type { TimelineRow } from '../../../shared/timeline/row';
import { base64Bytes, consoleDisplay } from '../../../shared/timeline/console-text';
import type { TextMode } from './inspector-prefs';

export interface ShownText {
  text: string;
  language: 'json' | 'plaintext';
  /** What the text is, when that is not obvious (binary, malformed, no wire text). */
  note?: string;
  /** Text in columns (a hex dump): shown unwrapped. */
  columns?: true;
}

function decodeBase64(text: string): Uint8Array | undefined {
  try {
    return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** `xxd`-style: offset, 16 bytes in hex, and the printable ASCII of them. */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const chunk = bytes.subarray(offset, offset + 16);
    const hex = Array.from(chunk, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(chunk, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  |${ascii}|`);
  }
  return lines.join('\n');
}

/**
 * A console line is shown as it came (raw), or as a terminal shows it (pretty: colour codes gone);
 * a binary one as a hex dump of its bytes (pretty) or the base64 the capture stores (raw).
 */
function consoleShown(entry: ConsoleEntry, mode: TextMode): ShownText {
  if (entry.binary) {
    if (mode === 'raw') {
      return {
        text: entry.text,
        language: 'plaintext',
        note: 'Console line that is not UTF-8 (line noise, a wrong baud rate?): its bytes as base64, as the capture stores them.',
      };
    }
    const bytes = base64Bytes(entry.text);
    return {
      text: hexDump(bytes),
      language: 'plaintext',
      columns: true,
      note: `Console line that is not UTF-8 (line noise, a wrong baud rate?): ${bytes.length} bytes, shown as hex.`,
    };
  }
  if (mode === 'raw') return { text: entry.text, language: 'plaintext' };
  const shown = consoleDisplay(entry.text);
  return shown === entry.text
    ? { text: shown, language: 'plaintext' }
    : {
        text: shown,
        language: 'plaintext',
        note: 'Colour codes and control characters removed; Raw shows the line as it came.',
      };
}

export function shownText(entry: Entry, row: TimelineRow, mode: TextMode): ShownText {
  if (entry.kind === 'console') return consoleShown(entry, mode);
  if (entry.kind === 'connection') {
    if (mode === 'raw') {
      return {
        text: encodeEntry(entry),
        language: 'json',
        note: 'A connection event has no wire text: this is its line in the capture file.',
      };
    }
    const { seq: _seq, ts: _ts, kind: _kind, ...rest } = entry;
    return { text: JSON.stringify(rest, null, 2), language: 'json' };
  }
  if (entry.binary) {
    const bytes = mode === 'pretty' ? decodeBase64(entry.raw) : undefined;
    if (bytes) {
      return {
        text: hexDump(bytes),
        language: 'plaintext',
        columns: true,
        note: `Binary WebSocket frame, ${bytes.length} bytes, shown as hex (OCPP-J frames are text).`,
      };
    }
    return {
      text: entry.raw,
      language: 'plaintext',
      note: 'Binary WebSocket frame: the capture stores its bytes as base64, shown here as stored.',
    };
  }
  if (mode === 'raw') return { text: entry.raw, language: row.problem ? 'plaintext' : 'json' };
  // Re-printing a malformed frame would hide what is wrong (JSON.parse keeps only the last of two
  // duplicate keys): it is shown exactly as received.
  const asReceived: ShownText = {
    text: entry.raw,
    language: 'plaintext',
    note: 'Malformed frame: shown exactly as received.',
  };
  if (row.problem) return asReceived;
  try {
    return { text: JSON.stringify(JSON.parse(entry.raw), null, 2), language: 'json' };
  } catch {
    return asReceived;
  }
}

/** The payload of a well-formed frame (a CALLERROR's error details), pretty-printed. */
export function payloadText(entry: Entry): string | undefined {
  if (entry.kind !== 'frame' || entry.binary) return undefined;
  const parsed = parseFrame(entry.raw);
  if (!parsed.ok) return undefined;
  const { frame } = parsed;
  const payload = 'errorDetails' in frame ? frame.errorDetails : frame.payload;
  return JSON.stringify(payload, null, 2);
}

/** The entry as its line in a capture file. */
export function captureLine(entry: Entry): string {
  return encodeEntry(entry);
}
