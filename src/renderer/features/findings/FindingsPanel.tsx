/**
 * The panel under the timeline (like an IDE's problems panel): the findings of the opened session
 * grouped by rule, the rule catalog, the services chargers connect to, the replays; the severity
 * totals and the profile in its header. Without an opened session there is nothing to analyse, but the rules and
 * the connections are still there.
 */
import { SEVERITIES } from '../../../shared/analysis/finding';
import type { AnalysisSummary } from '../../../shared/rpc/contract';
import { plural, SeverityIcon } from '../../components/Severity';
import { setPanelCollapsed, setPanelTab, usePanel, type PanelTab } from '../../state/panel';
import { useApp } from '../../state/store';
import { ConnectionsPanel } from '../connections/ConnectionsPanel';
import { useRunningServices } from '../connections/service-kinds';
import { ReplayPanel } from '../replay/ReplayPanel';
import { useRunningReplays } from '../replay/use-running-replays';
import { FindingsView } from './FindingsView';
import { ProfileSelect } from './ProfileSelect';
import { RulesView } from './RulesView';

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
  const chosen = usePanel((s) => s.tab);
  const collapsed = usePanel((s) => s.collapsed);
  const running = useRunningServices().reduce((sum, r) => sum + r.services.length, 0);
  const replaying = useRunningReplays();
  const tab: PanelTab = !opened && chosen === 'findings' ? 'connections' : chosen;
  const tabButton = (id: PanelTab, label: string, count?: number) => (
    <button
      type="button"
      role="tab"
      className="panel-tab"
      aria-selected={tab === id && !collapsed}
      disabled={!opened && id === 'findings'}
      title={!opened && id === 'findings' ? 'Open a session to see its findings' : undefined}
      onClick={() => setPanelTab(id)}
    >
      {label}
      {count !== undefined && <span className="tab-count">{count.toLocaleString()}</span>}
    </button>
  );
  return (
    <section
      className={`analysis-panel tab-${tab}${collapsed ? ' collapsed' : ''}${opened ? '' : ' no-session'}`}
      aria-label="Analysis"
      data-testid="analysis-panel"
    >
      <div className="panel-head">
        <div role="tablist" className="panel-tabs">
          {tabButton('findings', 'Findings', opened ? summary?.total : undefined)}
          {tabButton('rules', 'Rules')}
          {tabButton('connections', 'Connections', running)}
          {tabButton('replay', 'Replay', replaying > 0 ? replaying : undefined)}
        </div>
        {opened && summary && <Totals summary={summary} />}
        <span className="spacer" />
        {opened && <ProfileSelect current={summary?.profile} />}
        <button
          type="button"
          className="icon-button"
          onClick={() => setPanelCollapsed(!collapsed)}
          aria-label={collapsed ? 'Show the analysis panel' : 'Hide the analysis panel'}
          title={collapsed ? 'Show' : 'Hide'}
        >
          {collapsed ? '▴' : '▾'}
        </button>
      </div>
      {!collapsed &&
        (tab === 'findings' ? (
          <FindingsView />
        ) : tab === 'rules' ? (
          <RulesView />
        ) : tab === 'replay' ? (
          <ReplayPanel />
        ) : (
          <ConnectionsPanel />
        ))}
    </section>
  );
}
