/**
 * The replay's start form, as a modal dialog: what of the opened session, which side, against
 * what, how fast. Mistakes worth catching as typed are shown under their field; what main refuses
 * (an unreachable CSMS, a selection with nothing to replay) next to the Start button.
 */
import { useState, type FormEvent } from 'react';
import { DialogForm, ModalDialog } from '../../components/Dialog';
import type { ReplayStartParams } from '../../../shared/replay/types';
import { filterSeqs, showReplayDialog, startReplay, useReplays } from '../../state/replay';
import { useApp } from '../../state/store';
import {
  loadDraft,
  saveDraft,
  toParams,
  type DraftErrors,
  type ReplayDraft,
  type ReplayScope,
} from './replay-form';
import { ReplayPeerFields } from './ReplayPeerFields';
import { ReplaySourceFields } from './ReplaySourceFields';
import { ReplayTimingFields } from './ReplayTimingFields';

/** The entries chosen in the opened session, as start parameters. */
async function chosenEntries(
  scope: ReplayScope,
): Promise<Pick<ReplayStartParams, 'seqs' | 'connectionId'> | { error: string }> {
  const { opened, detail, filter } = useApp.getState();
  if (scope === 'connection') {
    if (!detail) return { error: 'Select an entry first: its connection is replayed.' };
    return { connectionId: detail.row.connectionId };
  }
  if (scope === 'filter') {
    if (!opened || filter === undefined)
      return { error: 'Apply a filter first: the rows it shows are replayed.' };
    const seqs = await filterSeqs(opened.info.id, filter);
    if (seqs.length === 0) return { error: 'The filter shows no rows: nothing to replay.' };
    return { seqs };
  }
  return {};
}

function ReplayForm() {
  const opened = useApp((s) => s.opened);
  const [draft, setDraft] = useState<ReplayDraft>(loadDraft);
  const [scope, setScope] = useState<ReplayScope>('session');
  const [errors, setErrors] = useState<DraftErrors>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const change = (patch: Partial<ReplayDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    // A field's complaint goes once it is edited; the next Start checks again.
    setErrors((e) => {
      const kept = { ...e };
      for (const key of Object.keys(patch)) delete kept[key as keyof DraftErrors];
      return kept;
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!opened) return;
    const checked = toParams(draft);
    if ('errors' in checked) {
      setErrors(checked.errors);
      setError('Fix the marked fields first.');
      return;
    }
    setErrors({});
    setError(undefined);
    setBusy(true);
    saveDraft(draft);
    const sessionId = opened.info.id;
    void (async () => {
      try {
        const entries = await chosenEntries(scope);
        if ('error' in entries) {
          setError(entries.error);
          return;
        }
        const outcome = await startReplay({ ...checked.params, ...entries, sessionId });
        if (!outcome.ok) setError(outcome.error);
      } catch (failure) {
        setError(failure instanceof Error ? failure.message : String(failure));
      } finally {
        setBusy(false);
      }
    })();
  };

  if (!opened)
    return <p className="panel-empty muted">Open a session first: a replay plays one side of a recording.</p>;
  return (
    <DialogForm
      label="Replay a session"
      testId="replay-form"
      title="Replay"
      intro="Plays one side of the recording again against a live peer, records everything into a new live session, and diffs the answers with the recorded ones."
      submit={submit}
      cancel={() => showReplayDialog(false)}
      error={error}
      errorTestId="replay-start-error"
      busy={busy}
      action="Start replay"
      busyAction={draft.as === 'station' ? 'Connecting…' : 'Starting…'}
    >
      <ReplaySourceFields scope={scope} setScope={setScope} />
      <ReplayPeerFields draft={draft} change={change} errors={errors} />
      <ReplayTimingFields draft={draft} change={change} errors={errors} />
    </DialogForm>
  );
}

export function ReplayDialog() {
  const open = useReplays((s) => s.dialog);
  return (
    <ModalDialog open={open} close={() => showReplayDialog(false)} className="replay-dialog">
      {/* Mounted only while open: each opening starts from the last settings used, errors cleared. */}
      <ReplayForm />
    </ModalDialog>
  );
}
