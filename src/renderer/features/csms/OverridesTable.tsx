/** Per-action overrides: a fixed payload, a CALLERROR, a delay or no answer, for charger-initiated actions. */
import { stationActions } from '../../../shared/ocpp/actions';
import { ERROR_CODES, OCPP_VERSIONS } from '../../../shared/ocpp/versions';
import { patchKeyed, withoutKey } from '../../components/keyed';
import { problemAt, newOverride, type ConfigDraft, type ConfigProblem } from './config-draft';
import { OverrideRow } from './OverrideRow';

interface Props {
  draft: ConfigDraft;
  change: (patch: Partial<ConfigDraft>) => void;
  problem?: ConfigProblem;
}

const ACTIONS = [...new Set(OCPP_VERSIONS.flatMap((v) => stationActions(v)))].sort();
const CODES = [...new Set(OCPP_VERSIONS.flatMap((v) => ERROR_CODES[v]))];

export function OverridesTable({ draft, change, problem }: Props) {
  const error = problemAt(problem, 'actions');
  return (
    <div className="form-section-body" data-testid="overrides">
      {draft.actions.length === 0 ? (
        <p className="muted section-empty">
          Every charger-initiated action gets its normal, schema-valid answer. Add an override to answer one
          differently.
        </p>
      ) : (
        <table className="data-table fault-table">
          <thead>
            <tr>
              <th>action</th>
              <th>answer</th>
              <th>payload / error</th>
              <th>delay ms</th>
              <th title="Apply to the first N calls only">times</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {draft.actions.map((o, k) => (
              <OverrideRow
                key={o.key}
                override={o}
                index={k}
                codes={CODES}
                invalid={problemAt(problem, 'actions', o.action.trim()) !== undefined}
                change={(patch) => change({ actions: patchKeyed(draft.actions, o.key, patch) })}
                remove={() => change({ actions: withoutKey(draft.actions, o.key) })}
              />
            ))}
          </tbody>
        </table>
      )}
      {error && (
        <p className="form-error field-error" data-testid="field-error">
          {error}
        </p>
      )}
      <datalist id="csms-station-actions">
        {ACTIONS.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <div className="section-foot">
        <button type="button" onClick={() => change({ actions: [...draft.actions, newOverride()] })}>
          Add override
        </button>
      </div>
    </div>
  );
}
