/**
 * One running service chargers connect to (a proxy, a mock CSMS): the URL to copy into the
 * charger's configuration, what it warned about, the CA to install, and its own sections below.
 */
import type { ReactNode } from 'react';
import { CopyButton } from '../../components/CopyButton';
import { openSession } from '../../state/store';

export interface RunningService {
  id: string;
  url: string;
  startedAt: string;
  sessionId: string;
  warnings: readonly string[];
  caCertPath?: string;
}

interface Props {
  /** Names its test ids and data attribute: `proxy-url`, `data-proxy`... */
  kind: 'proxy' | 'csms';
  label: string;
  service: RunningService;
  opened: boolean;
  stop: () => void;
  /** In the head after the URL (where the proxy forwards to). */
  target?: ReactNode;
  /** In the head before Stop. */
  actions?: ReactNode;
  /** Under the head, before the warnings. */
  note?: ReactNode;
  children: ReactNode;
}

export function ServiceCard({ kind, label, service, opened, stop, target, actions, note, children }: Props) {
  return (
    <section
      className="proxy-card"
      aria-label={label}
      data-testid={`${kind}-card`}
      {...{ [`data-${kind}`]: service.id }}
    >
      <div className="proxy-head">
        <span className="live-dot" title={`Running since ${new Date(service.startedAt).toLocaleString()}`} />
        <span className="proxy-endpoint">
          <span className="muted">chargers connect to</span>{' '}
          <span className="mono proxy-url" data-testid={`${kind}-url`}>
            {service.url}
          </span>
          <span className="mono muted">{'<identity>'}</span>
        </span>
        <CopyButton text={service.url} label="Copy URL" />
        {target}
        <span className="spacer" />
        {!opened && (
          <button type="button" onClick={() => void openSession(service.sessionId)}>
            Show session
          </button>
        )}
        {actions}
        <button type="button" className="danger" onClick={stop}>
          Stop
        </button>
      </div>
      {note}
      {service.warnings.map((warning) => (
        <p key={warning} className="form-warning proxy-note" role="note">
          {warning}
        </p>
      ))}
      {service.caCertPath && (
        <p className="proxy-note" data-testid={`${kind}-ca`}>
          <span className="muted">Install this CA certificate on the chargers:</span>{' '}
          <span className="mono">{service.caCertPath}</span> <CopyButton text={service.caCertPath} />
        </p>
      )}
      {children}
    </section>
  );
}
