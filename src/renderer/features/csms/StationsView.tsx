/** The stations of a running mock CSMS: connected ones first, then those that left. */
import type { CsmsInfo, CsmsState } from '../../../shared/csms/info';
import type { StationLink } from '../endpoint/station-link';
import { StationItem } from './StationItem';
import { useNow } from '../endpoint/use-now';

export function StationsView({ csms, state }: { csms: CsmsInfo; state?: CsmsState }) {
  const now = useNow();
  const stations = state?.stations ?? [];
  const connected = stations.filter((s) => s.connected).length;
  // Counters per connection, when this CSMS keeps them (they come with its info, not its state).
  const links = new Map<string, StationLink>(csms.connections.map((c) => [c.connectionId, c]));
  return (
    <div className="proxy-section" data-testid="csms-stations">
      <h3 className="section-title">
        Stations <span className="tab-count">{connected} connected</span>
        {stations.length > connected && (
          <span className="muted section-note">{stations.length - connected} left</span>
        )}
      </h3>
      {stations.length === 0 ? (
        <p className="muted section-empty">
          No charger connected yet. Set the charger&apos;s CSMS URL to{' '}
          <span className="mono">{csms.url}</span>
          <span className="mono">{'<identity>'}</span>; its boot info, connectors and transactions show here.
        </p>
      ) : (
        <ul className="stations">
          {stations.map((s) => (
            <StationItem key={s.connectionId} station={s} link={links.get(s.connectionId)} now={now} />
          ))}
        </ul>
      )}
    </div>
  );
}
