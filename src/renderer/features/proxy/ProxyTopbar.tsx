/** The top bar's proxy controls: start one, and see at a glance that some are running. */
import { plural } from '../../components/Severity';
import { showStartDialog, useProxies } from '../../state/proxy';
import { ServiceTopbar } from '../endpoint/ServiceTopbar';

export function ProxyTopbar() {
  const proxies = useProxies((s) => s.proxies);
  const connections = proxies.reduce((sum, p) => sum + p.connections.length, 0);
  return (
    <ServiceTopbar
      kind="proxy"
      startText="Start proxy…"
      start={() => showStartDialog(true)}
      title="Show the running proxies"
      running={
        proxies.length > 0
          ? `${plural(proxies.length, 'proxy', 'proxies')} · ${plural(connections, 'charger')}`
          : undefined
      }
    />
  );
}
