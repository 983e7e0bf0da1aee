/** The frames this proxy holds at its breakpoints now, oldest first, as main announces them. */
import type { ProxyInfo } from '../../../shared/proxy/config';
import { useProxies } from '../../state/proxy';
import { PausedFrameItem } from './PausedFrameItem';
import './intercept.css';

const NONE: never[] = [];

export function PausedFrames({ proxy }: { proxy: ProxyInfo }) {
  const paused = useProxies((s) => s.paused[proxy.id]) ?? NONE;
  if (paused.length === 0 && !proxy.intercept.rules.some((r) => r.enabled !== false)) return null;
  return (
    <div className="proxy-section" data-testid="paused-frames">
      <h3 className="section-title">
        Paused frames{' '}
        <span className={paused.length > 0 ? 'tab-count paused-count' : 'tab-count'}>{paused.length}</span>
        <span className="muted section-note">
          frames behind a held one wait in order; the other direction flows
        </span>
      </h3>
      {paused.length === 0 ? (
        <p className="muted section-empty">Nothing held: frames that meet an active breakpoint wait here.</p>
      ) : (
        <ul className="paused-list">
          {paused.map((frame) => (
            <PausedFrameItem key={frame.pauseId} proxyId={proxy.id} frame={frame} />
          ))}
        </ul>
      )}
    </div>
  );
}
