/** One fault rule in the editor: which frames (station, action, direction) and what to do to them. */
import { RemoveButton, Select, TextInput, TimesInput } from '../../components/Inputs';
import { MatchCells } from './MatchCells';
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
      <MatchCells rule={rule} n={n} noun="Rule" change={change} />
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
