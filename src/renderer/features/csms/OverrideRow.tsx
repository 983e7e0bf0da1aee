/** One per-action override: which charger-initiated action, and how the CSMS answers it instead. */
import { RemoveButton, Select, TextInput, TimesInput } from '../../components/Inputs';
import type { AnswerKind, OverrideDraft } from './config-draft';

interface Props {
  override: OverrideDraft;
  index: number;
  codes: readonly string[];
  invalid: boolean;
  change: (patch: Partial<OverrideDraft>) => void;
  remove: () => void;
}

const ANSWERS: readonly { value: AnswerKind; text: string }[] = [
  { value: 'normal', text: 'normal answer' },
  { value: 'payload', text: 'fixed payload' },
  { value: 'callError', text: 'CALLERROR' },
  { value: 'noAnswer', text: 'no answer' },
];

export function OverrideRow({ override: o, index, codes, invalid, change, remove }: Props) {
  const n = index + 1;
  return (
    <tr data-testid="override-row">
      <td>
        <TextInput
          code
          value={o.action}
          set={(action) => change({ action })}
          placeholder="e.g. Authorize"
          list="csms-station-actions"
          aria-label={`Override ${n} action`}
          aria-invalid={invalid}
        />
      </td>
      <td>
        <Select
          value={o.answer}
          set={(answer) => change({ answer })}
          options={ANSWERS}
          aria-label={`Override ${n} answer`}
        />
      </td>
      <td className="override-detail">
        {o.answer === 'payload' && (
          <TextInput
            code
            value={o.payload}
            set={(payload) => change({ payload })}
            placeholder='{"status": "Rejected"}'
            aria-label={`Override ${n} payload (JSON)`}
          />
        )}
        {o.answer === 'callError' && (
          <span className="effect-cell">
            <Select
              value={o.code}
              set={(code) => change({ code })}
              options={codes}
              aria-label={`Override ${n} error code`}
            />
            <TextInput
              value={o.description}
              set={(description) => change({ description })}
              placeholder="description"
              aria-label={`Override ${n} error description`}
            />
          </span>
        )}
        {o.answer === 'noAnswer' && <span className="muted">the charger times out</span>}
        {o.answer === 'normal' && <span className="muted">as configured</span>}
      </td>
      <td>
        {o.answer !== 'noAnswer' && (
          <TextInput
            code
            className="ms"
            value={o.delayMs}
            set={(delayMs) => change({ delayMs })}
            placeholder="0"
            inputMode="numeric"
            aria-label={`Override ${n} delay in ms`}
          />
        )}
      </td>
      <td>
        <TimesInput
          value={o.times}
          set={(times) => change({ times })}
          label={`Override ${n} times`}
          title="Apply to the first N calls of this action only; empty: every one"
        />
      </td>
      <td>
        <RemoveButton label={`Remove override ${n}`} onClick={remove} />
      </td>
    </tr>
  );
}
