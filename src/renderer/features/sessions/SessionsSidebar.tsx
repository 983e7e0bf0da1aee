import { useState } from 'react';
import { deleteSession, exportSession, openSession, renameSession, useApp } from '../../state/store';
import { formatBytes } from '../../format';

export function SessionsSidebar() {
  const sessions = useApp((s) => s.sessions);
  const openedId = useApp((s) => s.opened?.info.id);
  const [editing, setEditing] = useState<string>();
  return (
    <nav className="sidebar" aria-label="Sessions">
      <h2>Sessions</h2>
      {sessions.length === 0 && (
        <p className="muted empty">No sessions yet. Open a capture file or drop one here.</p>
      )}
      <ul>
        {sessions.map((s) => (
          <li key={s.id} className={s.id === openedId ? 'session active' : 'session'}>
            {editing === s.id ? (
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  const name = new FormData(event.currentTarget).get('name');
                  if (typeof name === 'string' && name.trim()) void renameSession(s.id, name.trim());
                  setEditing(undefined);
                }}
              >
                <input
                  name="name"
                  defaultValue={s.name}
                  autoFocus
                  onBlur={() => setEditing(undefined)}
                  aria-label="Session name"
                />
              </form>
            ) : (
              <button
                type="button"
                className="session-open"
                onClick={() => void openSession(s.id)}
                title={s.id}
              >
                <span className="session-name">{s.name}</span>
                <span className="muted small">
                  {new Date(s.createdAt).toLocaleString()} · {formatBytes(s.bytes)}
                  {s.ocppVersion ? ` · ${s.ocppVersion}` : ''}
                  {s.live ? ' · live' : ''}
                </span>
              </button>
            )}
            <span className="session-actions">
              <button
                type="button"
                title="Rename"
                aria-label={`Rename ${s.name}`}
                onClick={() => setEditing(s.id)}
              >
                ✎
              </button>
              <button
                type="button"
                title="Export the capture file"
                aria-label={`Export ${s.name}`}
                onClick={() => void exportSession(s.id)}
              >
                ⤓
              </button>
              <button
                type="button"
                title="Delete"
                aria-label={`Delete ${s.name}`}
                onClick={() => {
                  if (window.confirm(`Delete the session "${s.name}"? Its capture file is removed.`))
                    void deleteSession(s.id);
                }}
              >
                ✕
              </button>
            </span>
          </li>
        ))}
      </ul>
    </nav>
  );
}
