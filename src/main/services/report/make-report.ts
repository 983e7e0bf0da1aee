/**
 * The report pipeline, one path for `ocpp-scope report` and the app's Export: read the capture
 * (header + entries) -> protect it (secrets redacted by default, identities pseudonymised on
 * request) -> analyse the protected entries in a fresh model, so no finding can quote a secret ->
 * build the report -> render HTML, JUnit or JSON.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Profile, Severity } from '../../../shared/analysis/finding';
import type { CaptureHeader, Entry } from '../../../shared/capture/entry';
import { protectCaptureWithTexts, type PrivacyOptions } from '../../../shared/capture/privacy';
import type { FileProblem } from '../../../shared/capture/problems';
import { CaptureLineReader, CaptureReadError } from '../../../shared/capture/reader';
import type { OcppVersion } from '../../../shared/ocpp/versions';
import { buildReport } from '../../../shared/report/build';
import type { ReportFormat } from '../../../shared/report/formats';
import { renderHtml } from '../../../shared/report/html/index';
import { renderJsonReport } from '../../../shared/report/json';
import { renderJUnit } from '../../../shared/report/junit';
import type { ReportData } from '../../../shared/report/report-data';
import { RpcError } from '../../../shared/rpc/errors';
import { SessionModel } from '../../../shared/timeline/session-model';
import { analyzerOptions, unreadableFile, type AnalysisOptions } from '../capture/read';
import { ocaSchemaRegistry } from '../validation/oca-schemas';

export { REPORT_FORMATS, type ReportFormat } from '../../../shared/report/formats';

/** A capture as read: nothing analysed yet, nothing protected yet. */
export interface CaptureSource {
  header: CaptureHeader;
  entries: Entry[];
  fileProblems: FileProblem[];
  /** The file's name, as the report names it. */
  fileName?: string;
}

function collect(fileName: string | undefined): { reader: CaptureLineReader; done: () => CaptureSource } {
  let header: CaptureHeader | undefined;
  const entries: Entry[] = [];
  const fileProblems: FileProblem[] = [];
  const reader = new CaptureLineReader({
    header: (h) => (header = h),
    entry: (e) => entries.push(e),
    problem: (p) => fileProblems.push(p),
  });
  const done = (): CaptureSource => {
    if (header === undefined) throw new RpcError('invalid', 'the capture has no header line');
    const source: CaptureSource = { header, entries, fileProblems };
    if (fileName !== undefined) source.fileName = fileName;
    return source;
  };
  return { reader, done };
}

/** Reads a capture file, streamed (a capture of any size). */
export async function readCaptureSource(path: string): Promise<CaptureSource> {
  const { reader, done } = collect(basename(path));
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1024 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) reader.write(chunk);
    reader.end();
  } catch (error) {
    if (error instanceof CaptureReadError)
      throw new RpcError('invalid', `${basename(path)}: ${error.message}`);
    throw unreadableFile(path, error, 'a capture file');
  }
  return done();
}

/** Reads a capture held in a string (a stored session's file). */
export function parseCaptureSource(fileName: string, text: string): CaptureSource {
  const { reader, done } = collect(fileName);
  try {
    reader.write(text);
    reader.end();
  } catch (error) {
    if (error instanceof CaptureReadError) throw new RpcError('invalid', `${fileName}: ${error.message}`);
    throw error;
  }
  return done();
}

export interface MakeReportOptions {
  profile: Profile;
  failOn: Severity | 'never';
  privacy: PrivacyOptions;
  /** For connections that negotiated no subprotocol (else the header's version, else detected). */
  version?: OcppVersion;
  callTimeoutMs?: number;
  generator: string;
  now?: Date;
  /** Keep every entry in the report (the HTML appendix and sequence diagram need it). */
  timeline: boolean;
}

export interface MadeReport {
  report: ReportData;
  /** The capture's header as the report saw it (protected: an anonymized name). */
  header: CaptureHeader;
}

export function makeReport(source: CaptureSource, options: MakeReportOptions): MadeReport {
  // The file's problems quote its bad lines, and its name may hold a station id: both are text the
  // report shows, protected with what the entries taught.
  const texts = [
    ...source.fileProblems.map((p) => p.message),
    ...(source.fileName !== undefined ? [source.fileName] : []),
  ];
  const protectedCapture = protectCaptureWithTexts(source.header, source.entries, texts, options.privacy);
  const { header, entries, privacy } = protectedCapture;
  const fileProblems = source.fileProblems.map((p, i) => ({ ...p, message: protectedCapture.texts[i]! }));
  const fileName =
    source.fileName !== undefined ? protectedCapture.texts[source.fileProblems.length] : undefined;
  const analysis: AnalysisOptions = {
    registry: ocaSchemaRegistry(),
    profile: options.profile,
  };
  if (options.version !== undefined) analysis.version = options.version;
  if (options.callTimeoutMs !== undefined) analysis.callTimeoutMs = options.callTimeoutMs;
  const model = new SessionModel(analyzerOptions(header, analysis));
  for (const entry of entries) model.add(entry);
  model.finish();
  const report = buildReport({
    header,
    ...(fileName !== undefined ? { fileName } : {}),
    model,
    fileProblems,
    profile: options.profile,
    failOn: options.failOn,
    privacy,
    generator: options.generator,
    now: options.now ?? new Date(),
    timeline: options.timeline,
  });
  return { report, header };
}

export interface RenderedReport {
  content: string;
  mimeType: string;
}

export function renderReport(report: ReportData, format: ReportFormat): RenderedReport {
  switch (format) {
    case 'html':
      return { content: renderHtml(report), mimeType: 'text/html;charset=utf-8' };
    case 'junit':
      return { content: renderJUnit(report), mimeType: 'application/xml;charset=utf-8' };
    case 'json':
      return { content: renderJsonReport(report), mimeType: 'application/json;charset=utf-8' };
  }
}

/** `<capture>-report.html`, `<capture>-junit.xml`, `<capture>-report.json`. */
export function reportFileName(captureFileName: string, format: ReportFormat): string {
  const stem = captureFileName.replace(/\.jsonl$/i, '') || 'capture';
  return `${stem}${format === 'html' ? '-report.html' : format === 'junit' ? '-junit.xml' : '-report.json'}`;
}
