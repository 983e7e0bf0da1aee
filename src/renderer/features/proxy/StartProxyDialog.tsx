/**
 * The start form, as a modal dialog: endpoints, TLS on both sides, credentials. What main refuses
 * (a port in use, a bad URL, an unreadable file) is shown next to the Start button.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { showStartDialog, startProxy, useProxies } from '../../state/proxy';
import { DownstreamTlsFields } from '../endpoint/DownstreamTlsFields';
import { EndpointFields } from './EndpointFields';
import { loadDraft, saveDraft, toConfig, type ProxyDraft } from './proxy-form';
import { UpstreamFields } from './UpstreamFields';

function StartProxyForm() {
  const [draft, setDraft] = useState<ProxyDraft>(loadDraft);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const change = (patch: Partial<ProxyDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = toConfig(draft);
    if ('error' in checked) {
      setError(checked.error);
      return;
    }
    setError(undefined);
    setBusy(true);
    saveDraft(draft);
    void startProxy(checked.config).then((outcome) => {
      setBusy(false);
      if (!outcome.ok) setError(outcome.error);
    });
  };

  return (
    <form className="proxy-form" onSubmit={submit} aria-label="Start a proxy" data-testid="proxy-form">
      <header className="dialog-head">
        <h2>Start a proxy</h2>
        <p className="muted">
          Chargers connect here instead of to the CSMS; every frame both ways is recorded into a new live
          session.
        </p>
      </header>
      <div className="dialog-body">
        <EndpointFields draft={draft} change={change} />
        <DownstreamTlsFields draft={draft} change={change} />
        <UpstreamFields draft={draft} change={change} />
      </div>
      <footer className="dialog-foot">
        <div className="form-error" role="alert" data-testid="proxy-start-error">
          {error}
        </div>
        <button type="button" onClick={() => showStartDialog(false)}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Starting…' : 'Start proxy'}
        </button>
      </footer>
    </form>
  );
}

export function StartProxyDialog() {
  const open = useProxies((s) => s.starting);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog ref={dialog} className="dialog" onClose={() => showStartDialog(false)}>
      {/* Mounted only while open: each opening starts from the last form used, errors cleared. */}
      {open && <StartProxyForm />}
    </dialog>
  );
}
