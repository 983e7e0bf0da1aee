/**
 * The panel under the timeline (like an IDE's problems panel): the findings of the opened session
 * grouped by rule, the rule catalog, the running proxies or mock CSMSs; the severity totals and the profile
 * in its header.
 */
import { useState } from 'react';
import { SEVERITIES } from '../../../shared/analysis/finding';
import type { AnalysisSummary } from '../../../shared/rpc/contract';
import { plural, SeverityIcon } from '../../components/Severity';
import { useCsms } from '../../state/csms';
import { useProxies } from '../../state/proxy';
import { setPanelTab, usePanel, type PanelTab } from '../../state/panel';
import { useApp } from '../../state/store';
import { CsmsPanel } from '../csms/CsmsPanel';
import { ProxyPanel } from '../proxy/ProxyPanel';
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
  const proxies = useProxies((s) => s.proxies.length);
  const servers = useCsms((s) => s.servers.length);
  const [collapsed, setCollapsed] = useState(false);
  if (!opened && proxies === 0 && servers === 0) return null;
  // Without an opened session there is nothing to analyse: only what runs is shown.
  const live = (id: PanelTab) => id === 'proxy' || id === 'csms';
  const tab: PanelTab = opened || live(chosen) ? chosen : proxies > 0 ? 'proxy' : 'csms';
  const tabButton = (id: PanelTab, label: string, count?: number) => (
    <button
      type="button"
      role="tab"
      className="panel-tab"
      aria-selected={tab === id && !collapsed}
      disabled={!opened && !live(id)}
      onClick={() => {
        setPanelTab(id);
        setCollapsed(false);
      }}
    >
      {label}
      {count !== undefined && <span className="tab-count">{count.toLocaleString()}</span>}
    </button>
  );
  return (
    <section
      className={`analysis-panel tab-${tab}${collapsed ? ' collapsed' : ''}`}
      aria-label="Analysis"
      data-testid="analysis-panel"
    >
      <div className="panel-head">
        <div role="tablist" className="panel-tabs">
          {tabButton('findings', 'Findings', summary?.total)}
          {tabButton('rules', 'Rules')}
          {(proxies > 0 || tab === 'proxy') && tabButton('proxy', 'Proxy', proxies)}
          {(servers > 0 || tab === 'csms') && tabButton('csms', 'Mock CSMS', servers)}
        </div>
        {opened && summary && <Totals summary={summary} />}
        <span className="spacer" />
        {opened && <ProfileSelect current={summary?.profile} />}
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
      {!collapsed &&
        (tab === 'findings' ? (
          <FindingsView />
        ) : tab === 'rules' ? (
          <RulesView />
        ) : tab === 'proxy' ? (
          <ProxyPanel />
        ) : (
          <CsmsPanel />
        ))}
    </section>
  );
}
