/**
 * The capture export with the privacy options: the session file's text with its secrets redacted
 * (and, on request, its identities replaced). A line that needed no change is kept byte for byte;
 * a changed entry is written as the format writes entries; a line that is no entry (kept in the
 * file so nothing is lost) is redacted as free text.
 */
import type { CaptureHeader, Entry } from './entry';
import { decodeEntry, decodeHeader, encodeEntry, encodeHeader } from './format';
import { protectCaptureWithTexts, type PrivacyOptions } from './privacy';
import type { ReportPrivacy } from '../report/report-data';

export function protectCaptureText(
  content: string,
  options: PrivacyOptions,
): { content: string; header: CaptureHeader; privacy: ReportPrivacy } {
  const lines = content.split('\n');
  const headerAt = lines.findIndex((line) => line.trim() !== '');
  const decodedHeader = headerAt < 0 ? undefined : decodeHeader(lines[headerAt]!.replace(/^\uFEFF/, ''));
  if (!decodedHeader?.ok) throw new Error(decodedHeader?.error ?? 'the capture has no header line');
  const entries: Entry[] = [];
  const entryLines: number[] = [];
  const texts: string[] = [];
  const textLines: number[] = [];
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const decoded = decodeEntry(line);
    if (decoded.ok) {
      entries.push(decoded.value);
      entryLines.push(i);
    } else {
      texts.push(line);
      textLines.push(i);
    }
  }
  const out = protectCaptureWithTexts(decodedHeader.value, entries, texts, options);
  if (out.header === decodedHeader.value) return { content, header: out.header, privacy: out.privacy };
  const cr = (line: string) => (line.endsWith('\r') ? '\r' : '');
  lines[headerAt] = encodeHeader(out.header) + cr(lines[headerAt]!);
  out.entries.forEach((entry, k) => {
    if (entry === entries[k]) return;
    const at = entryLines[k]!;
    lines[at] = encodeEntry(entry) + cr(lines[at]!);
  });
  out.texts.forEach((text, k) => (lines[textLines[k]!] = text));
  return { content: lines.join('\n'), header: out.header, privacy: out.privacy };
}
