/** The running proxies, in the order they started, for the Connections tab. */
import { useProxies } from '../../state/proxy';
import { useApp } from '../../state/store';
import { ProxyCard } from './ProxyCard';

export function ProxyCards() {
  const proxies = useProxies((s) => s.proxies);
  const openedId = useApp((s) => s.opened?.info.id);
  return proxies.map((proxy) => (
    <ProxyCard key={proxy.id} proxy={proxy} opened={proxy.sessionId === openedId} />
  ));
}
