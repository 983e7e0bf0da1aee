/**
 * The cells a fault rule and a breakpoint share: its number, on/off, name, and which frames it
 * matches (station and action globs, direction).
 */
import { Select, TextInput } from '../../components/Inputs';
import type { Direction } from '../../../shared/capture/entry';

export interface MatchDraft {
  name: string;
  stationId: string;
  action: string;
  direction: Direction | '';
  enabled: boolean;
}

const DIRECTIONS: readonly { value: MatchDraft['direction']; text: string }[] = [
  { value: '', text: 'both ways' },
  { value: 'toCsms', text: '→ to CSMS' },
  { value: 'toStation', text: '← to station' },
];

/** The heads over MatchCells. */
export function MatchHeads() {
  return (
    <>
      <th />
      <th title="Enabled">on</th>
      <th>name</th>
      <th>station</th>
      <th>action</th>
      <th>direction</th>
    </>
  );
}

interface Props {
  rule: MatchDraft;
  /** 1-based, as the rows are numbered. */
  n: number;
  /** Names the row in the labels, e.g. `Rule`, `Breakpoint`. */
  noun: string;
  change: (patch: Partial<MatchDraft>) => void;
  actionTitle?: string;
}

export function MatchCells({ rule, n, noun, change, actionTitle }: Props) {
  return (
    <>
      <td className="num muted">{n}</td>
      <td>
        <input
          type="checkbox"
          checked={rule.enabled}
          onChange={(e) => change({ enabled: e.target.checked })}
          aria-label={`${noun} ${n} enabled`}
        />
      </td>
      <td>
        <TextInput
          value={rule.name}
          set={(name) => change({ name })}
          placeholder="name"
          aria-label={`${noun} ${n} name`}
        />
      </td>
      <td>
        <TextInput
          code
          value={rule.stationId}
          set={(stationId) => change({ stationId })}
          placeholder="any"
          aria-label={`${noun} ${n} station`}
          title="Station identity; * any run of characters, ? one"
        />
      </td>
      <td>
        <TextInput
          code
          value={rule.action}
          set={(action) => change({ action })}
          placeholder="any"
          aria-label={`${noun} ${n} action`}
          {...(actionTitle !== undefined ? { title: actionTitle } : {})}
        />
      </td>
      <td>
        <Select
          value={rule.direction}
          set={(direction) => change({ direction })}
          options={DIRECTIONS}
          aria-label={`${noun} ${n} direction`}
        />
      </td>
    </>
  );
}
