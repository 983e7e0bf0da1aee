/**
 * The sessions on the left: a new one, the list (open, rename, export, delete), and what the
 * opened one holds.
 */
import { useEffect, useRef, useState } from 'react';
import { useApp } from '../../state/store';
import { NewSessionForm } from './NewSessionForm';
import { useRecorders } from './recorders';
import { SessionItem } from './SessionItem';
import { SessionStats } from './SessionStats';
import './sessions.css';

export function SessionsSidebar() {
  const sessions = useApp((s) => s.sessions);
  const openedId = useApp((s) => s.opened?.info.id);
  const recorders = useRecorders();
  const [naming, setNaming] = useState(false);
  const newButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  useEffect(() => {
    if (naming || !returnFocus.current) return;
    returnFocus.current = false;
    newButton.current?.focus();
  }, [naming]);
  return (
    <nav className="sidebar sessions-sidebar" aria-label="Sessions">
      <h2>Sessions</h2>
      <div className="sessions-actions">
        <button
          ref={newButton}
          type="button"
          onClick={() => setNaming(true)}
          aria-expanded={naming}
          title="An empty session, to replay into or to build by hand"
        >
          New session
        </button>
      </div>
      <div className="session-list">
        {naming && (
          <NewSessionForm
            done={(focusBack) => {
              returnFocus.current = focusBack;
              setNaming(false);
            }}
          />
        )}
        {sessions.length === 0 && !naming && (
          <p className="muted empty">No sessions yet. Open a capture file or drop one here.</p>
        )}
        <ul>
          {sessions.map((s) => (
            <SessionItem key={s.id} session={s} active={s.id === openedId} recorder={recorders.get(s.id)} />
          ))}
        </ul>
      </div>
      <SessionStats />
    </nav>
  );
}
