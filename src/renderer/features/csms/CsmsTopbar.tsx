/** The top bar's mock CSMS controls: start one, and see at a glance that some are running. */
import { plural } from '../../components/Severity';
import { showCsmsDialog, useCsms } from '../../state/csms';
import { ServiceTopbar } from '../endpoint/ServiceTopbar';

export function CsmsTopbar() {
  const servers = useCsms((s) => s.servers);
  const stations = servers.reduce((sum, c) => sum + c.connections.length, 0);
  return (
    <ServiceTopbar
      kind="csms"
      startText="Start mock CSMS…"
      start={() => showCsmsDialog({ mode: 'start' })}
      title="Show the running mock CSMS"
      running={
        servers.length > 0
          ? `${plural(servers.length, 'mock CSMS', 'mock CSMSs')} · ${plural(stations, 'station')}`
          : undefined
      }
    />
  );
}
