/** The mock CSMS's general behaviour: subprotocols, boot, heartbeat, transactions, timeouts. */
import {
  BOOT_STATUSES,
  CSMS_SUBPROTOCOLS,
  IDEMPOTENCY_MODES,
  type BootStatus,
  type Idempotency,
} from '../../../shared/csms/config';
import { Field, Segmented } from '../../components/Field';
import { problemAt, type ConfigDraft, type ConfigProblem } from './config-draft';

interface Props {
  draft: ConfigDraft;
  change: (patch: Partial<ConfigDraft>) => void;
  problem?: ConfigProblem;
}

const BOOT = BOOT_STATUSES.map((value) => ({ value, text: value })) satisfies {
  value: BootStatus;
  text: string;
}[];

const IDEMPOTENCY = IDEMPOTENCY_MODES.map((value) => ({
  value,
  text: value,
  title:
    value === 'correct'
      ? 'A re-sent StartTransaction gets the same transactionId; a repeated TransactionEvent is not counted twice'
      : 'A new transactionId every time, repeats counted: the bug the analysis flags',
})) satisfies { value: Idempotency; text: string; title: string }[];

function NumberInput({
  id,
  value,
  set,
  unit,
}: {
  id: string;
  value: string;
  set: (v: string) => void;
  unit: string;
}) {
  return (
    <span className="number-field">
      <input
        id={id}
        className="mono"
        value={value}
        onChange={(e) => set(e.target.value)}
        inputMode="numeric"
      />
      <span className="muted">{unit}</span>
    </span>
  );
}

export function BehaviourForm({ draft, change, problem }: Props) {
  const toggle = (protocol: (typeof CSMS_SUBPROTOCOLS)[number], on: boolean) =>
    change({
      subprotocols: CSMS_SUBPROTOCOLS.filter((p) => (p === protocol ? on : draft.subprotocols.includes(p))),
    });
  return (
    <>
      <Field label="Subprotocols" error={problemAt(problem, 'subprotocols')}>
        {(id) => (
          <span className="check-row" id={id} role="group" aria-label="Subprotocols">
            {CSMS_SUBPROTOCOLS.map((p) => (
              <label key={p} className="check mono">
                <input
                  type="checkbox"
                  checked={draft.subprotocols.includes(p)}
                  onChange={(e) => toggle(p, e.target.checked)}
                />
                {p}
              </label>
            ))}
          </span>
        )}
      </Field>
      <Field
        label="BootNotification"
        hint="The status every BootNotification gets; Pending and Rejected tell the charger to retry after the interval."
        error={problemAt(problem, 'boot')}
      >
        {(id) => (
          <span className="field-inline">
            <Segmented
              label="Boot status"
              value={draft.bootStatus}
              options={BOOT}
              onChange={(bootStatus) => change({ bootStatus })}
            />
            <label className="muted" htmlFor={id}>
              retry interval
            </label>
            <NumberInput
              id={id}
              value={draft.retryInterval}
              set={(retryInterval) => change({ retryInterval })}
              unit="s"
            />
          </span>
        )}
      </Field>
      <Field
        label="Heartbeat interval"
        hint="Given in an Accepted BootNotification answer."
        error={problemAt(problem, 'heartbeatInterval')}
      >
        {(id) => (
          <NumberInput
            id={id}
            value={draft.heartbeatInterval}
            set={(heartbeatInterval) => change({ heartbeatInterval })}
            unit="s"
          />
        )}
      </Field>
      <Field
        label="Idempotency"
        hint={
          draft.idempotency === 'naive'
            ? 'Naive: a re-sent StartTransaction gets a new transactionId and repeats are counted. The analysis flags it.'
            : 'Correct: a re-sent StartTransaction gets the same transactionId; a repeated TransactionEvent counts once.'
        }
        error={problemAt(problem, 'idempotency')}
      >
        {() => (
          <Segmented
            label="Idempotency"
            value={draft.idempotency}
            options={IDEMPOTENCY}
            onChange={(idempotency) => change({ idempotency })}
          />
        )}
      </Field>
      <Field
        label="First transactionId"
        hint="OCPP 1.6: the CSMS hands out transaction ids counting up from this one."
        error={problemAt(problem, 'transactionIdStart')}
      >
        {(id) => (
          <NumberInput
            id={id}
            value={draft.transactionIdStart}
            set={(transactionIdStart) => change({ transactionIdStart })}
            unit=""
          />
        )}
      </Field>
      <Field
        label="Command timeout"
        hint="How long a command from the palette waits for the charger's answer."
        error={problemAt(problem, 'commandTimeoutMs')}
      >
        {(id) => (
          <NumberInput
            id={id}
            value={draft.commandTimeoutMs}
            set={(commandTimeoutMs) => change({ commandTimeoutMs })}
            unit="ms"
          />
        )}
      </Field>
    </>
  );
}
