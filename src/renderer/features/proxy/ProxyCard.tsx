/**
 * One running proxy: where chargers connect (to copy into the charger's configuration), where it
 * forwards to, what it warned about, the frames held at its breakpoints, its connections, its
 * breakpoints and its fault rules.
 */
import type { ProxyInfo } from '../../../shared/proxy/config';
import { stopProxy } from '../../state/proxy';
import { ServiceCard } from '../endpoint/ServiceCard';
import { ConnectionsTable } from './ConnectionsTable';
import { BreakpointsEditor } from './BreakpointsEditor';
import { FaultRulesEditor } from './FaultRulesEditor';
import { PausedFrames } from './PausedFrames';

export function ProxyCard({ proxy, opened }: { proxy: ProxyInfo; opened: boolean }) {
  return (
    <ServiceCard
      kind="proxy"
      title="Proxy"
      service={proxy}
      opened={opened}
      stop={() => void stopProxy(proxy.id)}
      target={
        <>
          <span className="muted">forwards to</span>
          <span className="mono ellipsis proxy-upstream" title={proxy.upstream} data-testid="proxy-upstream">
            {proxy.upstream}
          </span>
        </>
      }
    >
      <PausedFrames proxy={proxy} />
      <ConnectionsTable proxy={proxy} />
      <BreakpointsEditor proxy={proxy} />
      <FaultRulesEditor proxy={proxy} />
    </ServiceCard>
  );
}
