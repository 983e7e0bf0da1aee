/**
 * The proxy's fault rules: edited here, in force only once applied (main checks them and says
 * which rule and field is wrong). Every frame a rule touched is flagged in the timeline.
 */
import { useState } from 'react';
import type { ProxyInfo } from '../../../shared/proxy/config';
import { patchKeyed, withoutKey } from '../../components/keyed';
import { setFaults } from '../../state/proxy';
import { differs, newDraft, toDrafts, toRules, type RuleDraft } from './fault-draft';
import { FaultRuleRow } from './FaultRuleRow';
import { MatchHeads } from './MatchCells';

export function FaultRulesEditor({ proxy }: { proxy: ProxyInfo }) {
  const [drafts, setDrafts] = useState<RuleDraft[]>(() => toDrafts(proxy.faults));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const dirty = differs(drafts, proxy.faults);
  const active = proxy.faults.filter((r) => r.enabled !== false).length;

  const apply = () => {
    setBusy(true);
    void setFaults(proxy.id, toRules(drafts)).then((outcome) => {
      setBusy(false);
      if (outcome.ok) {
        setError(undefined);
        setDrafts(toDrafts(outcome.value.faults));
      } else {
        setError(outcome.error);
      }
    });
  };

  return (
    <div className="proxy-section" data-testid="fault-rules">
      <h3 className="section-title">
        Fault rules <span className="tab-count">{active} active</span>
        <span className="muted section-note">
          first matching frames are delayed, dropped, duplicated, or the connection is closed
        </span>
      </h3>
      {drafts.length > 0 && (
        <table className="data-table fault-table">
          <thead>
            <tr>
              <MatchHeads />
              <th>effect</th>
              <th title="Apply to the first N matching frames only">times</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {drafts.map((d, k) => (
              <FaultRuleRow
                key={d.key}
                rule={d}
                index={k}
                change={(patch) => setDrafts((list) => patchKeyed(list, d.key, patch))}
                remove={() => setDrafts((list) => withoutKey(list, d.key))}
              />
            ))}
          </tbody>
        </table>
      )}
      <div className="section-foot">
        <button type="button" onClick={() => setDrafts((list) => [...list, newDraft()])}>
          Add rule
        </button>
        <button type="button" className="primary" onClick={apply} disabled={busy || !dirty}>
          {busy ? 'Applying…' : 'Apply rules'}
        </button>
        {dirty && (
          <button type="button" onClick={() => setDrafts(toDrafts(proxy.faults))}>
            Revert
          </button>
        )}
        {dirty && !error && <span className="muted small">Not applied yet.</span>}
        {error && (
          <span className="form-error" role="alert" data-testid="fault-error">
            {error}
          </span>
        )}
      </div>
    </div>
  );
}
