/** The top bar's mock CSMS controls: start one, and see at a glance that some are running. */
import { showCsmsDialog, useCsms } from '../../state/csms';
import { setPanelTab } from '../../state/store';

export function CsmsTopbar() {
  const servers = useCsms((s) => s.servers);
  const stations = servers.reduce((sum, c) => sum + c.connections.length, 0);
  return (
    <>
      <button type="button" onClick={() => showCsmsDialog({ mode: 'start' })} data-testid="start-csms">
        Start mock CSMS…
      </button>
      {servers.length > 0 && (
        <button
          type="button"
          className="running-indicator"
          onClick={() => setPanelTab('csms')}
          title="Show the running mock CSMS"
          data-testid="csms-running"
        >
          <span className="live-dot" />
          {servers.length === 1 ? '1 mock CSMS' : `${servers.length} mock CSMSs`} ·{' '}
          {stations === 1 ? '1 station' : `${stations} stations`}
        </button>
      )}
    </>
  );
}
