/**
 * The top bar's proxy controls: start one, see at a glance that some are running and that frames
 * are held at breakpoints, and write a frame to send from scratch.
 */
import { plural } from '../../components/Severity';
import { showStartDialog, useProxies } from '../../state/proxy';
import { openFrameEditor } from '../../state/send';
import { ServiceTopbar } from '../endpoint/ServiceTopbar';
import { PausedBadge } from './PausedBadge';

export function ProxyTopbar() {
  const proxies = useProxies((s) => s.proxies);
  const connections = proxies.reduce((sum, p) => sum + p.connections.length, 0);
  return (
    <>
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
      <PausedBadge />
      <button
        type="button"
        onClick={() => openFrameEditor({ raw: '' })}
        title="Write a frame from a template and send it through a live connection"
        data-testid="open-send"
      >
        Send frame…
      </button>
    </>
  );
}
