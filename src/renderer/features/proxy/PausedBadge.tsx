/** In the top bar: frames are held at breakpoints, so the engineer notices before they auto-forward. */
import { showConnections } from '../../state/panel';
import { useProxies } from '../../state/proxy';
import './intercept.css';

export function PausedBadge() {
  const count = useProxies((s) =>
    Object.values(s.paused).reduce((sum, list) => sum + (list?.length ?? 0), 0),
  );
  if (count === 0) return null;
  return (
    <button
      type="button"
      className="paused-badge"
      onClick={() => showConnections('proxy')}
      title="Frames held at breakpoints: forward, edit or drop them"
      data-testid="paused-badge"
    >
      <span className="live-dot" />
      {count} paused
    </button>
  );
}
