/** The top bar's proxy controls: start one, and see at a glance that some are running. */
import { setPanelTab } from '../../state/store';
import { showStartDialog, useProxies } from '../../state/proxy';

export function ProxyTopbar() {
  const proxies = useProxies((s) => s.proxies);
  const connections = proxies.reduce((sum, p) => sum + p.connections.length, 0);
  return (
    <>
      <button type="button" onClick={() => showStartDialog(true)} data-testid="start-proxy">
        Start proxy…
      </button>
      {proxies.length > 0 && (
        <button
          type="button"
          className="running-indicator"
          onClick={() => setPanelTab('proxy')}
          title="Show the running proxies"
          data-testid="proxy-running"
        >
          <span className="live-dot" />
          {proxies.length === 1 ? '1 proxy' : `${proxies.length} proxies`} ·{' '}
          {connections === 1 ? '1 charger' : `${connections} chargers`}
        </button>
      )}
    </>
  );
}
