/** One fault rule in the editor: which frames (station, action, direction) and what to do to them. */
import type { RuleDraft, EffectKind } from './fault-draft';

interface Props {
  rule: RuleDraft;
  index: number;
  change: (patch: Partial<RuleDraft>) => void;
  remove: () => void;
}

const EFFECTS: readonly { value: EffectKind; text: string }[] = [
  { value: 'delay', text: 'delay' },
  { value: 'drop', text: 'drop' },
  { value: 'duplicate', text: 'duplicate' },
  { value: 'close', text: 'close connection' },
];

export function FaultRuleRow({ rule, index, change, remove }: Props) {
  const n = index + 1;
  return (
    <tr className={rule.enabled ? 'fault-rule' : 'fault-rule disabled'} data-testid="fault-rule">
      <td className="num muted">{n}</td>
      <td>
        <input
          type="checkbox"
          checked={rule.enabled}
          onChange={(e) => change({ enabled: e.target.checked })}
          aria-label={`Rule ${n} enabled`}
        />
      </td>
      <td>
        <input
          value={rule.name}
          onChange={(e) => change({ name: e.target.value })}
          placeholder="name"
          aria-label={`Rule ${n} name`}
        />
      </td>
      <td>
        <input
          className="mono"
          value={rule.stationId}
          onChange={(e) => change({ stationId: e.target.value })}
          placeholder="any"
          aria-label={`Rule ${n} station`}
        />
      </td>
      <td>
        <input
          className="mono"
          value={rule.action}
          onChange={(e) => change({ action: e.target.value })}
          placeholder="any"
          aria-label={`Rule ${n} action`}
        />
      </td>
      <td>
        <select
          value={rule.direction}
          onChange={(e) => change({ direction: e.target.value as RuleDraft['direction'] })}
          aria-label={`Rule ${n} direction`}
        >
          <option value="">both ways</option>
          <option value="toCsms">→ to CSMS</option>
          <option value="toStation">← to station</option>
        </select>
      </td>
      <td>
        <span className="effect-cell">
          <select
            value={rule.kind}
            onChange={(e) => change({ kind: e.target.value as EffectKind })}
            aria-label={`Rule ${n} effect`}
          >
            {EFFECTS.map((e) => (
              <option key={e.value} value={e.value}>
                {e.text}
              </option>
            ))}
          </select>
          {rule.kind === 'delay' && (
            <>
              <input
                className="mono ms"
                value={rule.ms}
                onChange={(e) => change({ ms: e.target.value })}
                inputMode="numeric"
                aria-label={`Rule ${n} delay in ms`}
              />
              <span className="muted">ms</span>
            </>
          )}
        </span>
      </td>
      <td>
        <input
          className="mono times"
          value={rule.times}
          onChange={(e) => change({ times: e.target.value })}
          placeholder="∞"
          inputMode="numeric"
          aria-label={`Rule ${n} times`}
          title="Apply to the first N matching frames only; empty: every one"
        />
      </td>
      <td>
        <button
          type="button"
          className="icon-button"
          onClick={remove}
          aria-label={`Remove rule ${n}`}
          title="Remove"
        >
          ✕
        </button>
      </td>
    </tr>
  );
}
