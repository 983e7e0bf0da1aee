/**
 * A replay while it runs (and the facts of it once it has ended): against what, how far (CALLs
 * done of all, the one waiting for its answer, the last ones done), how long, the session it
 * records into, and Stop.
 */
import type { ReplayStatus, ReplayStep } from '../../../shared/replay/types';
import { formatDelta } from '../../format';
import { isFinal, showEntry, stopReplay, type ReplayRun } from '../../state/replay';
import { openSession } from '../../state/sessions';
import { useApp } from '../../state/store';
import { useNow } from '../endpoint/use-now';

const PHASE_TEXT: Record<ReplayStatus['phase'], string> = {
  connecting: 'connecting',
  waiting: 'waiting for the station',
  running: 'running',
  finished: 'finished',
  stopped: 'stopped',
  failed: 'failed',
};

const STEPS_SHOWN = 4;

function speedText(speed: ReplayStatus['speed']): string {
  if (speed === 'max') return 'as fast as answers come';
  return speed === 1 ? 'as recorded' : `×${speed}`;
}

function ElapsedTime({ status }: { status: ReplayStatus }) {
  const running = !isFinal(status);
  // Ticks only while running: an ended replay's time does not move.
  const now = useNow(running ? 250 : 60_000);
  const end = status.finishedAt ? Date.parse(status.finishedAt) : now;
  return (
    <span data-testid="replay-elapsed">{formatDelta(Math.max(0, end - Date.parse(status.startedAt)))}</span>
  );
}

function StepLine({ step, sessionId }: { step: ReplayStep; sessionId: string }) {
  const outcome = step.outcome === 'error' ? `CALLERROR ${step.code ?? ''}` : step.outcome;
  return (
    <li className={step.differences > 0 ? 'replay-step differs' : 'replay-step'}>
      {step.replayedSeq !== undefined ? (
        <button
          type="button"
          className="link mono"
          onClick={() => void showEntry(sessionId, step.replayedSeq!)}
          title="Show this CALL in the replay's session"
        >
          #{step.replayedSeq}
        </button>
      ) : (
        <span className="mono muted">—</span>
      )}
      <span className="replay-step-action">{step.action}</span>
      <span className={`replay-outcome outcome-${step.outcome}`}>{outcome}</span>
      {step.elapsedMs !== undefined && <span className="muted">{formatDelta(step.elapsedMs)}</span>}
      {step.differences > 0 && <span className="replay-differs">{step.differences} differ</span>}
    </li>
  );
}

export function ReplayProgress({ run }: { run: ReplayRun }) {
  const { status, steps } = run;
  const viewing = useApp((s) => s.opened?.info.id === status.sessionId);
  const final = isFinal(status);
  const waitingFor = status.sent > status.done ? status.done + 1 : undefined;
  // Once ended, the CALLs given up when it stopped are done but were never replayed.
  const unsent = status.result?.diff.items.filter((i) => i.replayed.outcome === 'not-sent').length ?? 0;
  const done = status.done - unsent;
  const side = status.as === 'station' ? 'as the station' : 'as the CSMS';
  return (
    <div className="replay-progress" data-testid="replay-progress" data-phase={status.phase}>
      <div className="replay-head">
        <span className={`replay-phase phase-${status.phase}`} data-testid="replay-phase">
          {PHASE_TEXT[status.phase]}
        </span>
        <strong className="ellipsis" title={status.source}>
          {status.source}
        </strong>
        <span className="spacer" />
        <button
          type="button"
          onClick={() => void openSession(status.sessionId)}
          disabled={viewing}
          title="Open the session this replay records into (live while it runs)"
          data-testid="replay-open-session"
        >
          {viewing ? 'Replay session open' : 'Open replay session'}
        </button>
        {!final && (
          <button
            type="button"
            className="danger"
            onClick={() => void stopReplay(status.id)}
            data-testid="replay-stop"
          >
            Stop
          </button>
        )}
      </div>
      <p className="replay-facts muted" data-testid="replay-facts">
        {side} <span className="mono replay-fact">{status.stationId}</span>{' '}
        {status.as === 'station' ? '→' : 'listening on'}{' '}
        <span className="mono replay-fact">{status.url}</span> · {status.subprotocol} · connection{' '}
        {status.connectionId} · {speedText(status.speed)}
      </p>
      <div className="replay-meter">
        <progress max={Math.max(status.calls, 1)} value={done} aria-label="CALLs done" />
        <span data-testid="replay-count">
          {done.toLocaleString()} / {status.calls.toLocaleString()} CALLs{final ? ' replayed' : ''}
        </span>
        <span className="muted">
          {waitingFor !== undefined && !final ? `waiting for the answer to CALL ${waitingFor} · ` : ''}
          the {status.as === 'station' ? 'CSMS' : 'station'}’s CALLs answered:{' '}
          {status.answered.toLocaleString()} · <ElapsedTime status={status} />
        </span>
      </div>
      {steps.length > 0 && !final && (
        <ol className="replay-steps" data-testid="replay-steps">
          {steps.slice(-STEPS_SHOWN).map((step) => (
            <StepLine key={step.recordedSeq} step={step} sessionId={status.sessionId} />
          ))}
        </ol>
      )}
      {status.warnings.length > 0 && (
        <ul className="replay-warnings">
          {status.warnings.map((warning) => (
            <li key={warning} className="form-warning">
              {warning}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
