/**
 * The mock CSMS's settings as a modal dialog: to start one (endpoint, TLS, capture file and the
 * behaviour) or to change the behaviour of a running one. A config the check refuses blocks the
 * button, with the problem next to its field; what main refuses (a port in use, an unreadable
 * certificate) is shown next to the button.
 */
import { useState, type FormEvent } from 'react';
import { DialogForm, ModalDialog } from '../../components/Dialog';
import type { CsmsInfo } from '../../../shared/csms/info';
import { setCsmsConfig, showCsmsDialog, startCsms, useCsms } from '../../state/csms';
import { DownstreamTlsFields } from '../endpoint/DownstreamTlsFields';
import { BehaviourEditor } from './BehaviourEditor';
import { behaviourOf, readBehaviour, type BehaviourState, type ConfigProblem } from './config-draft';
import { CsmsEndpointFields } from './CsmsEndpointFields';
import { loadLastUsed, saveLastUsed, toStartParams, type EndpointDraft } from './csms-form';

function CsmsForm({ running }: { running?: CsmsInfo }) {
  const [lastUsed] = useState(loadLastUsed);
  const [endpoint, setEndpoint] = useState<EndpointDraft>(lastUsed.endpoint);
  const [behaviour, setBehaviour] = useState<BehaviourState>(() =>
    behaviourOf(running?.config ?? lastUsed.config),
  );
  const [problem, setProblem] = useState<ConfigProblem>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const read = readBehaviour(behaviour);
    if ('problem' in read) {
      setProblem(read.problem);
      setError(`Fix the config first: ${read.problem.message}`);
      return;
    }
    setProblem(undefined);
    const done = (outcome: { ok: true } | { ok: false; error: string }) => {
      setBusy(false);
      setError(outcome.ok ? undefined : outcome.error);
    };
    if (running) {
      setBusy(true);
      void setCsmsConfig(running.id, read.config).then(done);
      return;
    }
    const checked = toStartParams(endpoint, read.config);
    if ('error' in checked) {
      setError(checked.error);
      return;
    }
    setError(undefined);
    setBusy(true);
    saveLastUsed(endpoint, read.config);
    void startCsms(checked.params).then(done);
  };

  return (
    <DialogForm
      label={running ? 'Mock CSMS behaviour' : 'Start a mock CSMS'}
      testId="csms-form"
      title={running ? `Behaviour of the mock CSMS on ${running.url}` : 'Start a mock CSMS'}
      intro={
        running
          ? 'Applies to the next frame; stations stay connected.'
          : 'Chargers connect here as to their CSMS; it answers them as set below, you send them commands, and every frame is recorded into a new live session.'
      }
      submit={submit}
      cancel={() => showCsmsDialog(undefined)}
      error={error}
      errorTestId="csms-start-error"
      busy={busy}
      action={running ? 'Apply' : 'Start mock CSMS'}
      busyAction={running ? 'Applying…' : 'Starting…'}
    >
      {!running && (
        <>
          <CsmsEndpointFields draft={endpoint} change={(patch) => setEndpoint((d) => ({ ...d, ...patch }))} />
          <DownstreamTlsFields
            draft={endpoint}
            change={(patch) => setEndpoint((d) => ({ ...d, ...patch }))}
          />
        </>
      )}
      <BehaviourEditor
        state={behaviour}
        setState={setBehaviour}
        problem={problem}
        setProblem={(found) => {
          setProblem(found);
          // The footer repeats the config's problem: it goes when the problem goes.
          if (!found) setError(undefined);
        }}
      />
    </DialogForm>
  );
}

export function StartCsmsDialog() {
  const mode = useCsms((s) => s.dialog?.mode);
  const csmsId = useCsms((s) => (s.dialog?.mode === 'edit' ? s.dialog.csmsId : undefined));
  const running = useCsms((s) => s.servers.find((c) => c.id === csmsId));
  // A CSMS stopped while its behaviour was being edited takes the dialog with it.
  const open = mode === 'start' || (mode === 'edit' && running !== undefined);
  return (
    <ModalDialog open={open} close={() => showCsmsDialog(undefined)} className="csms-dialog">
      {/* Mounted only while open: each opening starts from the last settings used, errors cleared. */}
      <CsmsForm key={running?.id ?? 'start'} running={running} />
    </ModalDialog>
  );
}
