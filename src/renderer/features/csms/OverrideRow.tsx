/** One per-action override: which charger-initiated action, and how the CSMS answers it instead. */
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
        <input
          className="mono"
          value={o.action}
          onChange={(e) => change({ action: e.target.value })}
          placeholder="e.g. Authorize"
          list="csms-station-actions"
          aria-label={`Override ${n} action`}
          aria-invalid={invalid}
          spellCheck={false}
        />
      </td>
      <td>
        <select
          value={o.answer}
          onChange={(e) => change({ answer: e.target.value as AnswerKind })}
          aria-label={`Override ${n} answer`}
        >
          {ANSWERS.map((a) => (
            <option key={a.value} value={a.value}>
              {a.text}
            </option>
          ))}
        </select>
      </td>
      <td className="override-detail">
        {o.answer === 'payload' && (
          <input
            className="mono"
            value={o.payload}
            onChange={(e) => change({ payload: e.target.value })}
            placeholder='{"status": "Rejected"}'
            aria-label={`Override ${n} payload (JSON)`}
            spellCheck={false}
          />
        )}
        {o.answer === 'callError' && (
          <span className="effect-cell">
            <select
              value={o.code}
              onChange={(e) => change({ code: e.target.value })}
              aria-label={`Override ${n} error code`}
            >
              {codes.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
            <input
              value={o.description}
              onChange={(e) => change({ description: e.target.value })}
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
          <input
            className="mono ms"
            value={o.delayMs}
            onChange={(e) => change({ delayMs: e.target.value })}
            placeholder="0"
            inputMode="numeric"
            aria-label={`Override ${n} delay in ms`}
          />
        )}
      </td>
      <td>
        <input
          className="mono times"
          value={o.times}
          onChange={(e) => change({ times: e.target.value })}
          placeholder="∞"
          inputMode="numeric"
          aria-label={`Override ${n} times`}
          title="Apply to the first N calls of this action only; empty: every one"
        />
      </td>
      <td>
        <button
          type="button"
          className="icon-button"
          onClick={remove}
          aria-label={`Remove override ${n}`}
          title="Remove"
        >
          ✕
        </button>
      </td>
    </tr>
  );
}
