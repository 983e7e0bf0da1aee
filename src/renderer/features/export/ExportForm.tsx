/**
 * The export form of one session: format, privacy, analysis; Download, and for the HTML report
 * in a browser Open, which shows it in a new tab to read and print to PDF (the desktop app prints
 * the PDF itself: report.pdf). What main refuses is shown next to the buttons, and the form stays
 * open to try again.
 */
import { useState, type FormEvent } from 'react';
import type { Profile } from '../../../shared/analysis/finding';
import type { SessionInfo } from '../../../shared/rpc/contract';
import {
  downloadFile,
  fetchExport,
  isCaptureFormat,
  openInTab,
  rememberChoice,
  useExportPrefs,
  type ExportChoice,
} from '../../state/export';
import { useApp } from '../../state/store';
import { AnalysisFields } from './AnalysisFields';
import { FormatChoice } from './FormatChoice';
import { PrivacyFields } from './PrivacyFields';

type Busy = 'download' | 'open';

export function ExportForm({ session, close }: { session: SessionInfo; close: () => void }) {
  // The profile is global in main: the opened session's summary says which one it is.
  const appProfile = useApp((s) => s.summary?.profile);
  const desktop = useApp((s) => s.info?.mode === 'desktop');
  const [choice, setChoice] = useState<ExportChoice>(() => ({
    ...useExportPrefs.getState(),
    ...(useExportPrefs.getState().format === 'pdf' && !desktop ? { format: 'html' as const } : {}),
    redact: true,
    anonymize: false,
    profile: appProfile,
  }));
  const [busy, setBusy] = useState<Busy>();
  const [error, setError] = useState<string>();
  const change = (patch: Partial<ExportChoice>) => {
    setChoice((c) => ({ ...c, ...patch }));
    setError(undefined);
  };
  const isReport = !isCaptureFormat(choice.format);

  const run = (action: Busy) => {
    setBusy(action);
    setError(undefined);
    rememberChoice(choice);
    void (async () => {
      try {
        const file = await fetchExport(session.id, choice);
        if (action === 'download') {
          downloadFile(file);
          close();
          if (file.leftOut !== undefined)
            useApp.setState({ notice: { kind: 'info', text: `Exported ${file.fileName}: ${file.leftOut}` } });
        } else if (!openInTab(file)) {
          setError('The browser blocked the new tab: allow pop-ups for this page, or download the report.');
        }
      } catch (failure) {
        setError(failure instanceof Error ? failure.message : String(failure));
      } finally {
        setBusy(undefined);
      }
    })();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run('download');
  };

  return (
    <form
      className="proxy-form export-form"
      onSubmit={submit}
      aria-label="Export a session"
      data-testid="export-form"
    >
      <header className="dialog-head">
        <h2>Export</h2>
        <p className="muted">
          <strong className="export-session">{session.name}</strong>: a report to hand over, or the capture
          itself.
          {session.live && (
            <span className="export-live" data-testid="export-live">
              {' '}
              Still recording: the export holds what was recorded until you press the button.
            </span>
          )}
        </p>
      </header>
      <div className="dialog-body">
        <FormatChoice value={choice.format} set={(format) => change({ format })} desktop={desktop} />
        <PrivacyFields
          redact={choice.redact}
          anonymize={choice.anonymize}
          setRedact={(redact) => change({ redact })}
          setAnonymize={(anonymize) => change({ anonymize })}
        />
        {isReport && (
          <AnalysisFields
            profile={choice.profile}
            appProfile={appProfile}
            failOn={choice.failOn}
            setProfile={(profile: Profile) => change({ profile })}
            setFailOn={(failOn) => change({ failOn })}
            junit={choice.format === 'junit'}
          />
        )}
      </div>
      <footer className="dialog-foot">
        <div className="form-error" role="alert" data-testid="export-error">
          {error}
        </div>
        {/* The desktop shell opens no windows of its own (it denies window.open): PDF is its way. */}
        {choice.format === 'html' && !desktop && (
          <span className="export-open">
            <button
              type="button"
              onClick={() => run('open')}
              disabled={busy !== undefined}
              title="Opens the report in a new tab: read it there, or print it to PDF from the browser"
            >
              {busy === 'open' ? 'Rendering…' : 'Open HTML report'}
            </button>
            <span className="muted small">Print to PDF from the browser</span>
          </span>
        )}
        <button type="button" onClick={close}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy !== undefined}>
          {busy === 'download' ? 'Exporting…' : 'Download'}
        </button>
      </footer>
    </form>
  );
}
