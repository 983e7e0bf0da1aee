/**
 * The bar over the centre: the opened session's name and counts, which view shows it (the
 * timeline or the sequence diagram), and whether a live session follows its newest entries.
 */
import './timeline.css';
import { showReplayDialog } from '../../state/replay';
import { ExportButton } from '../export/ExportButton';
import { setCenterView, setFollowTail, useApp, type CenterView } from '../../state/store';
import { setPaused } from '../../state/view';

const VIEWS: { id: CenterView; label: string }[] = [
  { id: 'timeline', label: 'Timeline' },
  { id: 'sequence', label: 'Sequence' },
];

export function SessionBar() {
  const opened = useApp((s) => s.opened);
  const total = useApp((s) => s.total);
  const sessionTotal = useApp((s) => s.sessionTotal);
  const filtered = useApp((s) => s.filter !== undefined);
  const paused = useApp((s) => s.paused);
  const followTail = useApp((s) => s.followTail);
  const centerView = useApp((s) => s.centerView);
  if (!opened) return null;
  const { stations, problems } = opened.stats;
  return (
    <div className="timeline-toolbar">
      <strong className="session-title">{opened.info.name}</strong>
      {opened.info.live && (
        <span
          className="live-badge"
          title="Still recording: new entries appear as they arrive"
          data-testid="live-badge"
        >
          live
        </span>
      )}
      {opened.info.loading && (
        <span
          className="live-badge"
          title="The file is still being read: its rows appear as they are analysed"
          data-testid="loading-badge"
        >
          loading
        </span>
      )}
      <span className="muted" data-testid="timeline-count">
        {filtered
          ? `${total.toLocaleString()} of ${sessionTotal.toLocaleString()} entries`
          : `${total.toLocaleString()} entries`}
        {stations.length === 0
          ? ''
          : stations.length <= 3
            ? ` · ${stations.join(', ')}`
            : ` · ${stations.length} stations`}
        {problems > 0 ? ` · ${problems} malformed` : ''}
      </span>
      <span className="spacer" />
      <span role="tablist" aria-label="View" className="view-switch">
        {VIEWS.map((view) => (
          <button
            key={view.id}
            type="button"
            role="tab"
            aria-selected={centerView === view.id}
            onClick={() => setCenterView(view.id)}
            data-testid={`view-${view.id}`}
          >
            {view.label}
          </button>
        ))}
      </span>
      <button
        type="button"
        onClick={() => showReplayDialog(true)}
        title="Replay one side of this session against a live peer"
        data-testid="session-replay"
      >
        Replay…
      </button>
      <ExportButton session={opened.info} look="text" testId="session-export" />
      {opened.info.live && (
        <button
          type="button"
          aria-pressed={paused}
          onClick={() => setPaused(!paused)}
          title={
            paused
              ? 'Show what was captured meanwhile, and follow the capture again'
              : 'Freeze the view (the capture goes on)'
          }
          data-testid="pause"
        >
          {paused ? `Resume (${sessionTotal.toLocaleString()} captured)` : 'Pause'}
        </button>
      )}
      <label className="muted">
        <input type="checkbox" checked={followTail} onChange={(e) => setFollowTail(e.target.checked)} />{' '}
        follow
      </label>
    </div>
  );
}
