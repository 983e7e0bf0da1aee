/**
 * The analysis pane under the timeline (like an IDE's problems panel): the findings of the opened
 * session grouped by rule, or the rule catalog; the severity totals and the profile in its header.
 */
import { useState } from 'react';
import { SEVERITIES } from '../../../shared/analysis/finding';
import type { AnalysisSummary } from '../../../shared/rpc/contract';
import { plural, SeverityIcon } from '../../components/Severity';
import { useApp } from '../../state/store';
import { FindingsView } from './FindingsView';
import { ProfileSelect } from './ProfileSelect';
import { RulesView } from './RulesView';

type Tab = 'findings' | 'rules';

function Totals({ summary }: { summary: AnalysisSummary }) {
  return (
    <span className="severity-totals" data-testid="severity-totals">
      {SEVERITIES.map((severity) => (
        <span key={severity} className={summary.bySeverity[severity] === 0 ? 'muted' : undefined}>
          <SeverityIcon severity={severity} />
          {plural(summary.bySeverity[severity], severity, severity === 'info' ? 'info' : `${severity}s`)}
        </span>
      ))}
    </span>
  );
}

export function FindingsPanel() {
  const opened = useApp((s) => s.opened);
  const summary = useApp((s) => s.summary);
  const [tab, setTab] = useState<Tab>('findings');
  const [collapsed, setCollapsed] = useState(false);
  if (!opened) return null;
  const tabButton = (id: Tab, label: string, count?: number) => (
    <button
      type="button"
      role="tab"
      className="panel-tab"
      aria-selected={tab === id && !collapsed}
      onClick={() => {
        setTab(id);
        setCollapsed(false);
      }}
    >
      {label}
      {count !== undefined && <span className="tab-count">{count.toLocaleString()}</span>}
    </button>
  );
  return (
    <section
      className={collapsed ? 'analysis-panel collapsed' : 'analysis-panel'}
      aria-label="Analysis"
      data-testid="analysis-panel"
    >
      <div className="panel-head">
        <div role="tablist" className="panel-tabs">
          {tabButton('findings', 'Findings', summary?.total)}
          {tabButton('rules', 'Rules')}
        </div>
        {summary && <Totals summary={summary} />}
        <span className="spacer" />
        <ProfileSelect current={summary?.profile} />
        <button
          type="button"
          className="icon-button"
          onClick={() => setCollapsed(!collapsed)}
          aria-label={collapsed ? 'Show the analysis panel' : 'Hide the analysis panel'}
          title={collapsed ? 'Show' : 'Hide'}
        >
          {collapsed ? '▴' : '▾'}
        </button>
      </div>
      {!collapsed && (tab === 'findings' ? <FindingsView /> : <RulesView />)}
    </section>
  );
}
