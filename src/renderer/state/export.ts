/**
 * Export of a session as something to hand over: a report (HTML, JUnit, JSON) that main renders
 * with `report.render`, or the capture file itself (`sessions.export`), both with the same privacy
 * options. Main names the file; the renderer only downloads it or shows it in a new tab.
 */
import { create } from 'zustand';
import type { Profile, Severity } from '../../shared/analysis/finding';
import type { ReportFormat } from '../../shared/report/formats';
import { client } from './store';

/**
 * `pdf`: the HTML report printed by the desktop app (main has no printer in serve mode). `oot`:
 * the capture as Open OCPP Trace v1.1 records, for other tools.
 */
export type ExportFormat = ReportFormat | 'pdf' | 'capture' | 'oot';

/** The capture itself, in one format or another (no analysis settings apply). */
export function isCaptureFormat(format: ExportFormat): format is 'capture' | 'oot' {
  return format === 'capture' || format === 'oot';
}

export type FailOn = Severity | 'never';

export interface ExportChoice {
  format: ExportFormat;
  redact: boolean;
  anonymize: boolean;
  /** Unset: main's current profile (the one the app analyses with). */
  profile: Profile | undefined;
  failOn: FailOn;
}

export interface ExportedFile {
  fileName: string;
  content: string | Uint8Array<ArrayBuffer>;
  mimeType: string;
  /** What the format could not carry, to tell the user once the file is saved. */
  leftOut?: string;
}

/** The capture format's type: one JSON document per line. */
const CAPTURE_MIME = 'application/x-ndjson';

/**
 * What the next opening of the dialog starts from. Only the format and fail-on are kept: privacy
 * goes back to its safe defaults every time, so a secret never leaves because of an earlier export.
 */
export const useExportPrefs = create<{ format: ExportFormat; failOn: FailOn }>(() => ({
  format: 'html',
  failOn: 'error',
}));

export function rememberChoice(choice: ExportChoice): void {
  useExportPrefs.setState({ format: choice.format, failOn: choice.failOn });
}

export async function fetchExport(sessionId: string, choice: ExportChoice): Promise<ExportedFile> {
  const privacy = { redact: choice.redact, anonymize: choice.anonymize };
  if (isCaptureFormat(choice.format)) {
    const format = choice.format === 'oot' ? 'oot' : 'jsonl';
    const file = await client().call('sessions.export', { sessionId, ...privacy, format });
    return { ...file, mimeType: CAPTURE_MIME };
  }
  const params = {
    sessionId,
    ...privacy,
    ...(choice.profile !== undefined ? { profile: choice.profile } : {}),
    failOn: choice.failOn,
  };
  if (choice.format === 'pdf') {
    const { fileName, base64, mimeType } = await client().call('report.pdf', params);
    return { fileName, content: Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)), mimeType };
  }
  return client().call('report.render', { ...params, format: choice.format });
}

/** Long enough for the browser to have started saving the file. */
const DOWNLOAD_URL_LIFETIME_MS = 10_000;

export function downloadFile(file: ExportedFile): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), DOWNLOAD_URL_LIFETIME_MS);
}

/**
 * The report shown in a tab: its URL stays valid while the tab may still reload it, and goes when
 * the next one is opened, so at most one report's text is held.
 */
let shownUrl: string | undefined;

/** Opens an HTML report in a new tab; false when the browser blocked the tab. */
export function openInTab(file: ExportedFile): boolean {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
  // Not 'noopener', which makes every call return null: null is the only sign of a blocked tab.
  // The link back is cut by hand instead (the report runs no script anyway: its CSP forbids it).
  const tab = window.open(url, '_blank');
  if (!tab) {
    URL.revokeObjectURL(url);
    return false;
  }
  tab.opener = null;
  if (shownUrl !== undefined) URL.revokeObjectURL(shownUrl);
  shownUrl = url;
  return true;
}
