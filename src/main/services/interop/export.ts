/**
 * A capture handed to other tools: OCPP Scope's own format as it is, or Open OCPP Trace v1.1
 * records. Works on the capture's text after its privacy treatment, so an export never carries
 * a secret the capture export would not.
 */
import type { ExportFormat } from '../../../shared/interop/formats';
import { exportOot } from '../../../shared/interop/oot/export';
import { plural } from '../../../shared/report/html/format';
import { parseCaptureSource } from '../report/make-report';

export interface ExportedCapture {
  fileName: string;
  content: string;
  /** What the format could not carry, in words (nothing when all of it is there). */
  leftOut?: string;
  /** Records written (OOT) or entries (jsonl). */
  records: number;
}

/** `capture` is an OCPP Scope capture's text named `fileName` (ending in .jsonl). */
export function exportCapture(
  format: ExportFormat,
  capture: { fileName: string; content: string },
): ExportedCapture {
  const source = parseCaptureSource(capture.fileName, capture.content);
  if (format === 'jsonl') return { ...capture, records: source.entries.length };
  const oot = exportOot(source.header, source.entries);
  const s = oot.skipped;
  const left = [
    s.connectionEvents > 0 ? plural(s.connectionEvents, 'connection event') : '',
    s.consoleLines > 0 ? plural(s.consoleLines, 'console line') : '',
    s.binaryFrames > 0 ? plural(s.binaryFrames, 'binary frame') : '',
    s.malformedFrames > 0 ? plural(s.malformedFrames, 'frame') + ' that are not OCPP-J messages' : '',
    s.otherMessageTypes > 0 ? plural(s.otherMessageTypes, 'OCPP 2.1 SEND or CALLRESULTERROR frame') : '',
  ].filter((t) => t !== '');
  const exported: ExportedCapture = {
    fileName: capture.fileName.replace(/\.jsonl$/, '') + '.oot.jsonl',
    content: oot.lines.length === 0 ? '' : oot.lines.join('\n') + '\n',
    records: oot.records,
  };
  if (left.length > 0)
    exported.leftOut = `not in it: ${left.join(', ')} (Open OCPP Trace v1.1 holds CALL, CALLRESULT and CALLERROR messages only)`;
  return exported;
}
