/**
 * One running proxy: where chargers connect (to copy into the charger's configuration), where it
 * forwards to, what it warned about, its connections and its fault rules.
 */
import type { ProxyInfo } from '../../../shared/proxy/config';
import { CopyButton } from '../../components/CopyButton';
import { stopProxy } from '../../state/proxy';
import { openSession } from '../../state/store';
import { ConnectionsTable } from './ConnectionsTable';
import { FaultRulesEditor } from './FaultRulesEditor';

export function ProxyCard({ proxy, opened }: { proxy: ProxyInfo; opened: boolean }) {
  return (
    <section
      className="proxy-card"
      aria-label={`Proxy ${proxy.url}`}
      data-testid="proxy-card"
      data-proxy={proxy.id}
    >
      <div className="proxy-head">
        <span className="live-dot" title={`Running since ${new Date(proxy.startedAt).toLocaleString()}`} />
        <span className="proxy-endpoint">
          <span className="muted">chargers connect to</span>{' '}
          <span className="mono proxy-url" data-testid="proxy-url">
            {proxy.url}
          </span>
          <span className="mono muted">{'<identity>'}</span>
        </span>
        <CopyButton text={proxy.url} label="Copy URL" />
        <span className="muted">→</span>
        <span className="mono ellipsis proxy-upstream" title={proxy.upstream} data-testid="proxy-upstream">
          {proxy.upstream}
        </span>
        <span className="spacer" />
        {!opened && (
          <button type="button" onClick={() => void openSession(proxy.sessionId)}>
            Show session
          </button>
        )}
        <button type="button" className="danger" onClick={() => void stopProxy(proxy.id)}>
          Stop
        </button>
      </div>
      {proxy.warnings.map((warning) => (
        <p key={warning} className="form-warning proxy-note" role="note">
          {warning}
        </p>
      ))}
      {proxy.caCertPath && (
        <p className="proxy-note" data-testid="proxy-ca">
          <span className="muted">Install this CA certificate on the chargers:</span>{' '}
          <span className="mono">{proxy.caCertPath}</span> <CopyButton text={proxy.caCertPath} />
        </p>
      )}
      <ConnectionsTable proxy={proxy} />
      <FaultRulesEditor proxy={proxy} />
    </section>
  );
}
