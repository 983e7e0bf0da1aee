/** The proxy tab: every running proxy, the one recording the opened session first. */
import { showStartDialog, useProxies } from '../../state/proxy';
import { ServicePanel } from '../endpoint/ServicePanel';
import { ProxyCard } from './ProxyCard';

export function ProxyPanel() {
  const proxies = useProxies((s) => s.proxies);
  return (
    <ServicePanel
      services={proxies}
      testId="proxy-panel"
      none="No proxy is running."
      startText="Start a proxy…"
      start={() => showStartDialog(true)}
      card={(proxy, opened) => <ProxyCard key={proxy.id} proxy={proxy} opened={opened} />}
    />
  );
}
