/** What to export: one of the three reports, or the capture itself (ours, or Open OCPP Trace). */
import type { ReactNode } from 'react';
import type { ExportFormat } from '../../state/export';

interface FormatInfo {
  format: ExportFormat;
  label: string;
  hint: ReactNode;
}

export const FORMATS: readonly FormatInfo[] = [
  {
    format: 'html',
    label: 'HTML report',
    hint: 'One self-contained file for people: summary, a verdict per rule, findings with their frames, transactions, sequence, charts and the whole timeline. Opens offline in any browser.',
  },
  {
    format: 'pdf',
    label: 'PDF report',
    hint: 'The HTML report printed to A4 by the app, for whoever wants a PDF.',
  },
  {
    format: 'junit',
    label: 'JUnit XML',
    hint: 'A test suite per rule category and a test case per rule, for a CI pipeline.',
  },
  {
    format: 'json',
    label: 'JSON report',
    hint: 'The summary, verdicts and findings, for scripts.',
  },
  {
    format: 'capture',
    label: 'Capture (.jsonl)',
    hint: (
      <>
        The recording itself: it opens in OCPP Scope on another machine, and <code>ocpp-scope report</code>{' '}
        turns it into any report.
      </>
    ),
  },
  {
    format: 'oot',
    label: 'Open OCPP Trace (.oot.jsonl)',
    hint: 'The messages as Open OCPP Trace v1.1 records, for the simulators and analyzers that read the format. CALL, CALLRESULT and CALLERROR only: connection events and console lines stay out.',
  },
];

/** The formats this app can make: a PDF only where main has a printer (the desktop app). */
function availableFormats(desktop: boolean): readonly FormatInfo[] {
  return desktop ? FORMATS : FORMATS.filter((f) => f.format !== 'pdf');
}

export function FormatChoice({
  value,
  set,
  desktop,
}: {
  value: ExportFormat;
  set: (format: ExportFormat) => void;
  desktop: boolean;
}) {
  return (
    <fieldset className="form-section export-formats">
      <legend>Format</legend>
      {availableFormats(desktop).map((f) => (
        <label key={f.format} className="export-format" data-format={f.format}>
          <input
            type="radio"
            name="export-format"
            value={f.format}
            checked={value === f.format}
            onChange={() => set(f.format)}
          />
          <span>
            <strong>{f.label}</strong>
            <span className="export-hint">{f.hint}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
