/**
 * The Replay tab: start a replay of the opened session, follow it, read its diff. One replay is
 * shown at a time (the newest, or one picked from the recent ones main keeps); the start dialog
 * lives here so that what it starts is in front when it closes.
 */
import { Select } from '../../components/Inputs';
import { showReplayDialog, showRun, useReplays, type ReplayRun } from '../../state/replay';
import { useApp } from '../../state/store';
import { ReplayDialog } from './ReplayDialog';
import { ReplayProgress } from './ReplayProgress';
import { ReplayResult } from './ReplayResult';
import './replay.css';

function runLabel(run: ReplayRun): string {
  const { status } = run;
  const clock = new Date(status.startedAt).toLocaleTimeString();
  return `${clock} · ${status.source} as the ${status.as === 'station' ? 'station' : 'CSMS'} · ${status.phase}`;
}

export function ReplayPanel() {
  const opened = useApp((s) => s.opened);
  const runs = useReplays((s) => s.runs);
  const shownId = useReplays((s) => s.shownId);
  const shown = runs.find((r) => r.status.id === shownId) ?? runs[runs.length - 1];
  const newestFirst = runs.slice().reverse();
  return (
    <div className="panel-body replay-panel" data-testid="replay-panel">
      <div className="replay-bar">
        <button
          type="button"
          className="primary"
          onClick={() => showReplayDialog(true)}
          disabled={!opened}
          title={opened ? `Replay “${opened.info.name}”` : 'Open a session to replay it'}
          data-testid="replay-button"
        >
          Replay…
        </button>
        {runs.length > 1 && shown && (
          <Select
            aria-label="Replay shown"
            value={shown.status.id}
            set={showRun}
            options={newestFirst.map((r) => ({ value: r.status.id, text: runLabel(r) }))}
            data-testid="replay-runs"
          />
        )}
      </div>
      {shown ? (
        <>
          <ReplayProgress run={shown} />
          <ReplayResult run={shown} />
        </>
      ) : (
        <p className="replay-intro muted">
          {opened
            ? 'Play one side of this session again, as the station against a CSMS or as the CSMS for a station, and see which answers changed: new transactionIds, other statuses, errors.'
            : 'Open a session to replay it: as the station against a CSMS, or as the CSMS for a station.'}
        </p>
      )}
      <ReplayDialog />
    </div>
  );
}
