/**
 * One session in the sidebar: open it, rename it in place, export it (a report or its capture), delete it.
 * The actions show on hover and on keyboard focus. A session a running service records into is
 * not deleted: the item says which service to stop first, and where.
 */
import { useEffect, useRef, useState } from 'react';
import type { SessionInfo } from '../../../shared/rpc/contract';
import { formatBytes } from '../../format';
import { showConnections } from '../../state/panel';
import { deleteSession, openSession, renameSession } from '../../state/sessions';
import { ExportButton } from '../export/ExportButton';
import type { Recorder } from './recorders';

interface Props {
  session: SessionInfo;
  active: boolean;
  /** The running service recording into it, if any. */
  recorder: Recorder | undefined;
}

function RenameForm({ session, done }: { session: SessionInfo; done: (returnFocus: boolean) => void }) {
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const name = new FormData(event.currentTarget).get('name');
        if (typeof name === 'string' && name.trim() && name.trim() !== session.name)
          void renameSession(session.id, name.trim());
        done(true);
      }}
    >
      <input
        name="name"
        defaultValue={session.name}
        autoFocus
        onFocus={(event) => event.currentTarget.select()}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            done(true);
          }
        }}
        onBlur={() => done(false)}
        aria-label="Session name"
      />
    </form>
  );
}

export function SessionItem({ session: s, active, recorder }: Props) {
  const [editing, setEditing] = useState(false);
  const [refused, setRefused] = useState(false);
  const openButton = useRef<HTMLButtonElement>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  useEffect(() => {
    if (editing || !returnFocus.current) return;
    returnFocus.current = false;
    // The actions are hidden until something in the item has focus: the item first, so that the
    // Rename button can take it back.
    openButton.current?.focus();
    renameButton.current?.focus();
  }, [editing]);
  const finishRename = (focusBack: boolean) => {
    returnFocus.current = focusBack;
    setEditing(false);
  };
  const remove = () => {
    if (recorder) {
      setRefused(true);
      return;
    }
    if (window.confirm(`Delete the session "${s.name}"? Its capture file is removed.`))
      void deleteSession(s.id);
  };
  return (
    <li className={active ? 'session active' : 'session'} data-testid="session" data-session={s.id}>
      <div className="session-row">
        {editing ? (
          <RenameForm session={s} done={finishRename} />
        ) : (
          <button
            ref={openButton}
            type="button"
            className="session-open"
            onClick={() => void openSession(s.id)}
            title={s.id}
            aria-current={active ? 'true' : undefined}
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
            ref={renameButton}
            type="button"
            title="Rename"
            aria-label={`Rename ${s.name}`}
            onClick={() => setEditing(true)}
          >
            ✎
          </button>
          <ExportButton session={s} look="icon" />
          <button
            type="button"
            title={recorder ? `Recording: stop the ${recorder.noun} first` : 'Delete'}
            aria-label={`Delete ${s.name}`}
            className={recorder ? 'blocked' : undefined}
            onClick={remove}
          >
            ✕
          </button>
        </span>
      </div>
      {refused && recorder && (
        <p className="session-refusal" role="alert" data-testid="delete-refused">
          Still recording: the {recorder.noun} on <span className="mono">{recorder.url}</span> writes into
          this session. Stop it before deleting the session.{' '}
          <button
            type="button"
            className="link"
            onClick={() => {
              setRefused(false);
              showConnections(recorder.kind);
            }}
          >
            Show it
          </button>{' '}
          <button type="button" className="link" onClick={() => setRefused(false)}>
            Dismiss
          </button>
        </p>
      )}
    </li>
  );
}
