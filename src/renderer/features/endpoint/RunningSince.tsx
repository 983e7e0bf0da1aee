/**
 * The status line of a running service's card: since when it runs, for how long, what it shows in
 * between (its totals), and the session it records into, one click from the timeline.
 */
import type { ReactNode } from 'react';
import { formatClock } from '../../format';
import { openSession } from '../../state/sessions';
import { useApp } from '../../state/store';
import { Elapsed } from './Elapsed';

interface Props {
  startedAt: string;
  sessionId: string;
  /** Whether that session is the one in the timeline now. */
  opened: boolean;
  /** The session's tooltip: what is recorded into it. */
  recorded: string;
  testId?: string;
  /** Shown after the uptime, e.g. the connected stations and frame counts. */
  children?: ReactNode;
}

export function RunningSince({ startedAt, sessionId, opened, recorded, testId, children }: Props) {
  const session = useApp((s) => s.sessions.find((x) => x.id === sessionId));
  const started = Date.parse(startedAt);
  return (
    <p className="service-status muted" data-testid={testId}>
      <span>
        running since {new Date(started).toISOString().slice(0, 10)} {formatClock(started).slice(0, 8)} UTC
      </span>
      {' · '}
      up <Elapsed since={started} />
      {children}
      {session && (
        <span title={`${recorded} (${session.id})`}>
          {' · recording '}
          <span className="service-session">{session.name}</span>
        </span>
      )}{' '}
      {opened ? (
        <span className="muted">(shown in the timeline)</span>
      ) : (
        <button type="button" className="link" onClick={() => void openSession(sessionId)}>
          Show session
        </button>
      )}
    </p>
  );
}
