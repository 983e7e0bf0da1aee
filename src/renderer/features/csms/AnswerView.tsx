/** What came back for one command: the CALLRESULT payload, the CALLERROR, a timeout or a closed line. */
import type { SentCommand } from '../../state/csms';
import { useApp } from '../../state/store';
import { openSession } from '../../state/sessions';
import { selectSeq } from '../../state/view';
import { formatDelta } from '../../format';
import { outcomeOf } from './command-outcome';

function SeqLink({ seq, sessionId }: { seq: number; sessionId: string }) {
  const show = async () => {
    if (useApp.getState().opened?.info.id !== sessionId) await openSession(sessionId);
    await selectSeq(seq);
  };
  return (
    <button type="button" className="link" onClick={() => void show()} title="Show in the timeline">
      #{seq}
    </button>
  );
}

export function AnswerView({ command: c, sessionId }: { command: SentCommand; sessionId: string }) {
  const a = c.answer;
  const outcome = outcomeOf(c);
  return (
    <div className="answer" data-testid="command-answer" aria-live="polite">
      <div className="answer-head">
        <span className="mono ellipsis">{c.action}</span>
        <span className={`status-chip tone-${outcome.tone}`}>{outcome.text}</span>
      </div>
      <p className="muted small answer-meta">
        to {c.stationId}
        {a && (
          <>
            {' '}
            · CALL <SeqLink seq={a.callSeq} sessionId={sessionId} />
            {a.answerSeq !== undefined && (
              <>
                {' '}
                → <SeqLink seq={a.answerSeq} sessionId={sessionId} />
              </>
            )}{' '}
            · {formatDelta(a.elapsedMs)}
          </>
        )}
      </p>
      {c.error !== undefined && <p className="form-error">{c.error}</p>}
      {!a && c.error === undefined && <p className="muted small">Waiting for {c.stationId} to answer…</p>}
      {a?.outcome === 'result' && (
        <pre className="answer-json mono" aria-label="CALLRESULT payload">
          {JSON.stringify(a.payload, null, 2)}
        </pre>
      )}
      {a?.outcome === 'error' && (
        <div className="answer-error">
          <p>
            CALLERROR <span className="mono error-code">{a.code}</span>
            {a.description && <>: {a.description}</>}
          </p>
          {a.details !== undefined && JSON.stringify(a.details) !== '{}' && (
            <pre className="answer-json mono">{JSON.stringify(a.details, null, 2)}</pre>
          )}
        </div>
      )}
      {a?.outcome === 'timeout' && (
        <p className="muted small">
          No answer within {formatDelta(a.elapsedMs)}: the charger never answered.
        </p>
      )}
      {a?.outcome === 'closed' && (
        <p className="muted small">The connection closed before {c.stationId} answered.</p>
      )}
    </div>
  );
}
