/**
 * Which format a file is, by its content (never its name: a `.log` may hold an Open OCPP Trace and
 * a `.json` a DebugKit trace), from its first bytes. Says why, so the CLI and the UI can tell the
 * user what was detected.
 */
import { CAPTURE_FORMAT } from '../../../shared/capture/entry';
import { looksLikeDebugkit } from '../../../shared/interop/debugkit';
import type { ImportFormat } from '../../../shared/interop/formats';
import { ImportError } from '../../../shared/interop/importer';
import { looksLikeFrameLines } from '../../../shared/interop/lines';
import { looksLikeOotRecord } from '../../../shared/interop/oot/import';
import { isJsonObject } from '../../../shared/json-object';
import { looksLikePcap } from './pcap/import';

/** How much of a file detection reads. */
export const DETECT_BYTES = 64 * 1024;

export interface Detected {
  format: ImportFormat;
  /** What gave it away, e.g. `its first line is an Open OCPP Trace record`. */
  reason: string;
}

function firstLine(text: string): string {
  const start = text.search(/\S/);
  if (start === -1) return '';
  const nl = text.indexOf('\n', start);
  return (nl === -1 ? text.slice(start) : text.slice(start, nl)).trim();
}

function parsed(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** Bytes no text file has (NUL and the C0 controls other than tab, newlines, form feed). */
function hasControlBytes(bytes: Uint8Array): boolean {
  return bytes.some((b) => b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b));
}

/** The format of a file whose first bytes (up to DETECT_BYTES, or all of a shorter file) are `head`. */
export function detectFormat(head: Uint8Array): Detected {
  if (looksLikePcap(head)) return { format: 'pcap', reason: 'it starts with a pcap or pcapng magic number' };
  // A cut multi-byte character at the end of the head decodes as U+FFFD: harmless for sniffing.
  const text = new TextDecoder().decode(head).replace(/^\uFEFF/, '');
  if (text.trim().length === 0) throw new ImportError('the file is empty: there is nothing to import');
  const first = parsed(firstLine(text));
  if (isJsonObject(first) && first['format'] === CAPTURE_FORMAT)
    return { format: 'scope', reason: 'its first line is an OCPP Scope capture header' };
  if (looksLikeOotRecord(first))
    return { format: 'oot', reason: 'its first line is an Open OCPP Trace record' };
  if (looksLikeDebugkit(text)) return { format: 'debugkit', reason: 'it holds OCPP DebugKit trace events' };
  if (looksLikeFrameLines(text))
    return { format: 'lines', reason: 'its lines carry OCPP-J frames ([2,…], [3,…], [4,…])' };
  if (hasControlBytes(head.subarray(0, 4096)))
    throw new ImportError(
      'this is a binary file of a kind OCPP Scope does not read: import a pcap or pcapng capture, an Open OCPP Trace, a DebugKit trace, a log with one OCPP-J frame per line, or an OCPP Scope capture',
    );
  throw new ImportError(
    'no OCPP frames found at the start of this file: import an Open OCPP Trace (.jsonl), a pcap or pcapng capture, a DebugKit trace (.json), a log with one OCPP-J frame per line, or an OCPP Scope capture; or name the format with --format',
  );
}
