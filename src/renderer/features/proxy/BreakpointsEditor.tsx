/**
 * The proxy's breakpoints: frames that match are held until the engineer forwards, edits or drops
 * them, or until the auto-forward timeout lets them go so a charger is never stranded. Edited here,
 * in force once applied (main checks them and names the breakpoint and field at fault).
 */
import { useState } from 'react';
import type { ProxyInfo } from '../../../shared/proxy/config';
import { patchKeyed, withoutKey } from '../../components/keyed';
import { TextInput } from '../../components/Inputs';
import { setBreakpoints } from '../../state/proxy';
import {
  breakpointsDiffer,
  newBreakpoint,
  timeoutMsOf,
  toBreakpointDrafts,
  toBreakpoints,
  type BreakpointDraft,
} from './breakpoint-draft';
import { BreakpointRow } from './BreakpointRow';
import { MatchHeads } from './MatchCells';

const seconds = (ms: number) => String(ms / 1000);

export function BreakpointsEditor({ proxy }: { proxy: ProxyInfo }) {
  const { rules, timeoutMs } = proxy.intercept;
  const [drafts, setDrafts] = useState<BreakpointDraft[]>(() => toBreakpointDrafts(rules));
  const [timeout, setTimeoutText] = useState(() => seconds(timeoutMs));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const dirty = breakpointsDiffer(drafts, timeout, rules, timeoutMs);
  const active = rules.filter((r) => r.enabled !== false).length;

  const apply = () => {
    setBusy(true);
    void setBreakpoints(proxy.id, toBreakpoints(drafts), timeoutMsOf(timeout)).then((outcome) => {
      setBusy(false);
      if (outcome.ok) {
        setError(undefined);
        setDrafts(toBreakpointDrafts(outcome.value.intercept.rules));
        setTimeoutText(seconds(outcome.value.intercept.timeoutMs));
      } else {
        setError(outcome.error);
      }
    });
  };
  const revert = () => {
    setDrafts(toBreakpointDrafts(rules));
    setTimeoutText(seconds(timeoutMs));
  };

  return (
    <div className="proxy-section" data-testid="breakpoints">
      <h3 className="section-title">
        Breakpoints <span className="tab-count">{active} active</span>
        <span className="muted section-note">matching frames wait for you to forward, edit or drop them</span>
      </h3>
      {drafts.length > 0 && (
        <table className="data-table fault-table">
          <thead>
            <tr>
              <MatchHeads />
              <th />
            </tr>
          </thead>
          <tbody>
            {drafts.map((d, k) => (
              <BreakpointRow
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
        <button type="button" onClick={() => setDrafts((list) => [...list, newBreakpoint(list.length)])}>
          Add breakpoint
        </button>
        <label className="auto-forward">
          <span className="muted">auto-forward after</span>
          <TextInput
            code
            className="times"
            value={timeout}
            set={setTimeoutText}
            inputMode="decimal"
            aria-label="Auto-forward after seconds"
          />
          <span className="muted">s</span>
        </label>
        <button type="button" className="primary" onClick={apply} disabled={busy || !dirty}>
          {busy ? 'Applying…' : 'Apply breakpoints'}
        </button>
        {dirty && (
          <button type="button" onClick={revert}>
            Revert
          </button>
        )}
        {dirty && !error && <span className="muted small">Not applied yet.</span>}
        {error && (
          <span className="form-error" role="alert" data-testid="breakpoint-error">
            {error}
          </span>
        )}
      </div>
    </div>
  );
}
