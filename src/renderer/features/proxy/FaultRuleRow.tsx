/** One fault rule in the editor: which frames (station, action, direction) and what to do to them. */
import { RemoveButton, Select, TextInput, TimesInput } from '../../components/Inputs';
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

const DIRECTIONS: readonly { value: RuleDraft['direction']; text: string }[] = [
  { value: '', text: 'both ways' },
  { value: 'toCsms', text: '→ to CSMS' },
  { value: 'toStation', text: '← to station' },
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
        <TextInput
          value={rule.name}
          set={(name) => change({ name })}
          placeholder="name"
          aria-label={`Rule ${n} name`}
        />
      </td>
      <td>
        <TextInput
          code
          value={rule.stationId}
          set={(stationId) => change({ stationId })}
          placeholder="any"
          aria-label={`Rule ${n} station`}
        />
      </td>
      <td>
        <TextInput
          code
          value={rule.action}
          set={(action) => change({ action })}
          placeholder="any"
          aria-label={`Rule ${n} action`}
        />
      </td>
      <td>
        <Select
          value={rule.direction}
          set={(direction) => change({ direction })}
          options={DIRECTIONS}
          aria-label={`Rule ${n} direction`}
        />
      </td>
      <td>
        <span className="effect-cell">
          <Select
            value={rule.kind}
            set={(kind) => change({ kind })}
            options={EFFECTS}
            aria-label={`Rule ${n} effect`}
          />
          {rule.kind === 'delay' && (
            <>
              <TextInput
                code
                className="ms"
                value={rule.ms}
                set={(ms) => change({ ms })}
                inputMode="numeric"
                aria-label={`Rule ${n} delay in ms`}
              />
              <span className="muted">ms</span>
            </>
          )}
        </span>
      </td>
      <td>
        <TimesInput
          value={rule.times}
          set={(times) => change({ times })}
          label={`Rule ${n} times`}
          title="Apply to the first N matching frames only; empty: every one"
        />
      </td>
      <td>
        <RemoveButton label={`Remove rule ${n}`} onClick={remove} />
      </td>
    </tr>
  );
}
