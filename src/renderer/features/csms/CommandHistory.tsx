/** The commands sent to a CSMS's stations, newest first, and the answer to the one picked. */
import { useState } from 'react';
import type { CsmsInfo } from '../../../shared/csms/info';
import { useCsms, type SentCommand } from '../../state/csms';
import { formatClock, formatDelta } from '../../format';
import { AnswerView } from './AnswerView';
import { outcomeOf } from './command-outcome';

const NONE: SentCommand[] = [];

export function CommandHistory({ csms }: { csms: CsmsInfo }) {
  const history = useCsms((s) => s.history[csms.id] ?? NONE);
  const [picked, setPicked] = useState<number>();
  // The newest is shown until the engineer picks an older one; a new command brings it back.
  const shown = history.find((c) => c.key === picked && picked !== history[0]?.key) ?? history[0];
  return (
    <div className="palette-answers" data-testid="command-history">
      {shown ? (
        <AnswerView command={shown} sessionId={csms.sessionId} />
      ) : (
        <p className="muted small answer-empty">
          Answers show here: the CALLRESULT payload, or the CALLERROR&apos;s code and description, or a
          timeout.
        </p>
      )}
      {history.length > 0 && (
        <ul className="history" aria-label="Sent commands">
          {history.map((c) => {
            const outcome = outcomeOf(c);
            return (
              <li key={c.key}>
                <button
                  type="button"
                  className={c === shown ? 'history-item selected' : 'history-item'}
                  onClick={() => setPicked(c.key)}
                  aria-current={c === shown}
                  title={`Sent at ${formatClock(c.sentAt)} UTC`}
                >
                  <span className="ellipsis">
                    {c.action} <span className="muted">→ {c.stationId}</span>
                  </span>
                  <span className={`status-chip tone-${outcome.tone}`}>{outcome.text}</span>
                  {c.answer && <span className="num muted">{formatDelta(c.answer.elapsedMs)}</span>}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
