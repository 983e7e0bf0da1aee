/** One breakpoint in the editor: which frames (station, action, direction) are held for the engineer. */
import { RemoveButton, Select, TextInput } from '../../components/Inputs';
import type { BreakpointDraft } from './breakpoint-draft';

const DIRECTIONS: readonly { value: BreakpointDraft['direction']; text: string }[] = [
  { value: '', text: 'both ways' },
  { value: 'toCsms', text: '→ to CSMS' },
  { value: 'toStation', text: '← to station' },
];

interface Props {
  rule: BreakpointDraft;
  index: number;
  change: (patch: Partial<BreakpointDraft>) => void;
  remove: () => void;
}

export function BreakpointRow({ rule, index, change, remove }: Props) {
  const n = index + 1;
  return (
    <tr className={rule.enabled ? 'fault-rule' : 'fault-rule disabled'} data-testid="breakpoint">
      <td className="num muted">{n}</td>
      <td>
        <input
          type="checkbox"
          checked={rule.enabled}
          onChange={(e) => change({ enabled: e.target.checked })}
          aria-label={`Breakpoint ${n} enabled`}
        />
      </td>
      <td>
        <TextInput
          value={rule.name}
          set={(name) => change({ name })}
          placeholder="name"
          aria-label={`Breakpoint ${n} name`}
        />
      </td>
      <td>
        <TextInput
          code
          value={rule.stationId}
          set={(stationId) => change({ stationId })}
          placeholder="any"
          aria-label={`Breakpoint ${n} station`}
          title="Station identity; * any run of characters, ? one"
        />
      </td>
      <td>
        <TextInput
          code
          value={rule.action}
          set={(action) => change({ action })}
          placeholder="any"
          aria-label={`Breakpoint ${n} action`}
          title="Action glob; an answer matches the action of the CALL it answers"
        />
      </td>
      <td>
        <Select
          value={rule.direction}
          set={(direction) => change({ direction })}
          options={DIRECTIONS}
          aria-label={`Breakpoint ${n} direction`}
        />
      </td>
      <td>
        <RemoveButton label={`Remove breakpoint ${n}`} onClick={remove} />
      </td>
    </tr>
  );
}
