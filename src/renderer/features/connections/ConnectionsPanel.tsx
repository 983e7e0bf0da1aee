/**
 * The Connections tab: every service chargers connect to, kind by kind, with a start button each,
 * and each running one as a card (address, uptime, stations, counters, its tools, stop). Shown
 * with or without an opened session: what runs is not tied to what is being read.
 */
import { KindSection } from './KindSection';
import { useRunningServices } from './service-kinds';
import './connections.css';

export function ConnectionsPanel() {
  const running = useRunningServices();
  const idle = running.every((r) => r.services.length === 0);
  return (
    <div className="panel-body connections-panel" data-testid="connections-panel">
      {idle && (
        <p className="connections-intro">
          Nothing is running. Start a service, then point a charger at the address it shows: every frame is
          recorded into a live session that the timeline follows as it grows.
        </p>
      )}
      {running.map(({ kind, services }) => (
        <KindSection key={kind.id} kind={kind} running={services.length} />
      ))}
    </div>
  );
}
