/**
 * The start form, as a modal dialog: endpoints, TLS on both sides, credentials. What main refuses
 * (a port in use, a bad URL, an unreadable file) is shown next to the Start button.
 */
import { useState, type FormEvent } from 'react';
import { DialogForm, ModalDialog } from '../../components/Dialog';
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
    <DialogForm
      label="Start a proxy"
      testId="proxy-form"
      title="Start a proxy"
      intro="Chargers connect here instead of to the CSMS; every frame both ways is recorded into a new live session."
      submit={submit}
      cancel={() => showStartDialog(false)}
      error={error}
      errorTestId="proxy-start-error"
      busy={busy}
      action="Start proxy"
      busyAction="Starting…"
    >
      <EndpointFields draft={draft} change={change} />
      <DownstreamTlsFields draft={draft} change={change} />
      <UpstreamFields draft={draft} change={change} />
    </DialogForm>
  );
}

export function StartProxyDialog() {
  const open = useProxies((s) => s.starting);
  return (
    <ModalDialog open={open} close={() => showStartDialog(false)}>
      {/* Mounted only while open: each opening starts from the last form used, errors cleared. */}
      <StartProxyForm />
    </ModalDialog>
  );
}
