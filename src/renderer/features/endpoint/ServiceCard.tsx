/**
 * One running service chargers connect to (a proxy, a mock CSMS): the URL to copy into the
 * charger's configuration, how long it has run and what went through it, what it warned about,
 * the CA to install, and its own sections below.
 */
import type { ReactNode } from 'react';
import { CopyButton } from '../../components/CopyButton';
import { plural } from '../../components/Severity';
import type { ServiceKindId } from '../../state/panel';
import { RunningSince } from './RunningSince';
import { linkTotals, type StationLink } from './station-link';

export interface RunningService {
  id: string;
  url: string;
  startedAt: string;
  sessionId: string;
  warnings: readonly string[];
  caCertPath?: string;
  connections: readonly StationLink[];
}

interface Props {
  /** Names its test ids and data attribute: `proxy-url`, `data-proxy`... */
  kind: ServiceKindId;
  /** What it is, e.g. `Proxy`, `Mock CSMS`. */
  title: string;
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

function Totals({ kind, links }: { kind: ServiceKindId; links: readonly StationLink[] }) {
  const totals = linkTotals(links);
  return (
    <span data-testid={`${kind}-totals`}>
      {plural(totals.stations, 'station')} connected
      {totals.frames && (
        <>
          {' · '}
          <span className="dir-toCsms" title="Frames from the connected stations to the CSMS">
            {totals.frames.toCsms.toLocaleString()} → CSMS
          </span>
          {' · '}
          <span className="dir-toStation" title="Frames from the CSMS to the connected stations">
            {totals.frames.toStation.toLocaleString()} ← station
          </span>
        </>
      )}
      {totals.pings !== undefined && totals.pongs !== undefined && (
        <span title="WebSocket pings and pongs of the connected stations">
          {' · '}
          {totals.pings.toLocaleString()}/{totals.pongs.toLocaleString()} ping/pong
        </span>
      )}
    </span>
  );
}

export function ServiceCard({ kind, title, service, opened, stop, target, actions, note, children }: Props) {
  return (
    <section
      className="proxy-card service-card"
      aria-label={`${title} ${service.url}`}
      data-testid={`${kind}-card`}
      {...{ [`data-${kind}`]: service.id }}
    >
      <div className="proxy-head">
        <span className="live-dot" title="Running" />
        <span className="service-title">{title}</span>
        <span className="proxy-endpoint">
          <span className="muted">chargers connect to</span>{' '}
          <span className="mono proxy-url" data-testid={`${kind}-url`}>
            {service.url}
          </span>
          <span className="mono muted">{'<identity>'}</span>
        </span>
        <CopyButton text={service.url} label="Copy URL" />
        {target}
        <span className="service-actions">
          {actions}
          <button type="button" className="danger" onClick={stop}>
            Stop
          </button>
        </span>
      </div>
      <RunningSince
        startedAt={service.startedAt}
        sessionId={service.sessionId}
        opened={opened}
        recorded="Every frame is recorded into this session"
        testId={`${kind}-status`}
      >
        {' · '}
        <Totals kind={kind} links={service.connections} />
      </RunningSince>
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
