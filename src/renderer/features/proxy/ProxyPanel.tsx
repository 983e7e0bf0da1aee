/** The proxy tab: every running proxy, the one recording the opened session first. */
import { useApp } from '../../state/store';
import { showStartDialog, useProxies } from '../../state/proxy';
import { ProxyCard } from './ProxyCard';

export function ProxyPanel() {
  const proxies = useProxies((s) => s.proxies);
  const openedId = useApp((s) => s.opened?.info.id);
  if (proxies.length === 0) {
    return (
      <div className="panel-body">
        <p className="muted panel-empty">
          No proxy is running.{' '}
          <button type="button" className="link" onClick={() => showStartDialog(true)}>
            Start a proxy…
          </button>
        </p>
      </div>
    );
  }
  const ordered = [...proxies].sort(
    (a, b) => Number(b.sessionId === openedId) - Number(a.sessionId === openedId),
  );
  return (
    <div className="panel-body proxy-panel" data-testid="proxy-panel">
      {ordered.map((proxy) => (
        <ProxyCard key={proxy.id} proxy={proxy} opened={proxy.sessionId === openedId} />
      ))}
    </div>
  );
}
