/** One breakpoint in the editor: which frames (station, action, direction) are held for the engineer. */
import { RemoveButton } from '../../components/Inputs';
import { MatchCells } from './MatchCells';
import type { BreakpointDraft } from './breakpoint-draft';

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
      <MatchCells
        rule={rule}
        n={n}
        noun="Breakpoint"
        change={change}
        actionTitle="Action glob; an answer matches the action of the CALL it answers"
      />
      <td>
        <RemoveButton label={`Remove breakpoint ${n}`} onClick={remove} />
      </td>
    </tr>
  );
}
