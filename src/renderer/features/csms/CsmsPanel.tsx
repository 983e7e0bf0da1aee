/** The CSMS tab of the panel under the timeline: every running mock CSMS, the opened one first. */
import { showCsmsDialog, useCsms } from '../../state/csms';
import { useApp } from '../../state/store';
import { CsmsCard } from './CsmsCard';

export function CsmsPanel() {
  const servers = useCsms((s) => s.servers);
  const states = useCsms((s) => s.states);
  const openedId = useApp((s) => s.opened?.info.id);
  if (servers.length === 0) {
    return (
      <div className="panel-body">
        <p className="muted panel-empty">
          No mock CSMS is running.{' '}
          <button type="button" className="link" onClick={() => showCsmsDialog({ mode: 'start' })}>
            Start a mock CSMS…
          </button>
        </p>
      </div>
    );
  }
  const ordered = [...servers].sort(
    (a, b) => Number(b.sessionId === openedId) - Number(a.sessionId === openedId),
  );
  return (
    <div className="panel-body proxy-panel" data-testid="csms-panel">
      {ordered.map((csms) => (
        <CsmsCard key={csms.id} csms={csms} state={states[csms.id]} opened={csms.sessionId === openedId} />
      ))}
    </div>
  );
}
