/**
 * The serial bridge's start form, as a modal dialog: the port and its line settings, the CSMS (a
 * mock one of its own or a URL), the station it connects as. What main refuses is shown in the
 * form: a port that will not open (missing, busy, no permission) under the port, the rest next to
 * the Start button.
 */
import { useState, type FormEvent } from 'react';
import { DialogForm, ModalDialog } from '../../components/Dialog';
import { showSerialDialog, startSerial, useSerial } from '../../state/serial';
import { loadDraft, portOpenError, saveDraft, toConfig, type SerialDraft } from './serial-form';
import { SerialLineFields } from './SerialLineFields';
import { SerialTargetFields } from './SerialTargetFields';
import { useSerialPorts } from './use-serial-ports';
import './serial.css';

function StartSerialForm() {
  const [draft, setDraft] = useState<SerialDraft>(loadDraft);
  const [error, setError] = useState<string>();
  const [portError, setPortError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const ports = useSerialPorts();
  const change = (patch: Partial<SerialDraft>) => {
    // Another port (or the same one plugged in again) deserves another try before it is marked.
    if (patch.port !== undefined && portError !== undefined) {
      setPortError(undefined);
      setError(undefined);
    }
    setDraft((d) => ({ ...d, ...patch }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = toConfig(draft);
    setPortError(undefined);
    if ('error' in checked) {
      setError(checked.error);
      return;
    }
    setError(undefined);
    setBusy(true);
    saveDraft(draft);
    void startSerial(checked.config).then((outcome) => {
      setBusy(false);
      if (outcome.ok) return;
      const why = portOpenError(outcome.error);
      setPortError(why);
      setError(why === undefined ? outcome.error : 'Not started: the serial port did not open (see Port).');
      // A port that vanished or appeared since the form opened shows in the list.
      if (why !== undefined) ports.refresh();
    });
  };

  return (
    <DialogForm
      label="Start a serial bridge"
      testId="serial-form"
      title="Start a serial bridge"
      intro="Joins a charger on a serial line (USB-UART, RS-485) to a CSMS: its OCPP frames and its firmware log lines are recorded, in order, into a new live session."
      submit={submit}
      cancel={() => showSerialDialog(false)}
      error={error}
      errorTestId="serial-start-error"
      busy={busy}
      action="Start serial bridge"
      busyAction="Opening the port…"
    >
      <SerialLineFields draft={draft} change={change} ports={ports} portError={portError} />
      <SerialTargetFields draft={draft} change={change} />
    </DialogForm>
  );
}

export function StartSerialDialog() {
  const open = useSerial((s) => s.starting);
  return (
    <ModalDialog open={open} close={() => showSerialDialog(false)}>
      {/* Mounted only while open: each opening lists the ports again and starts from the last form used. */}
      <StartSerialForm />
    </ModalDialog>
  );
}
