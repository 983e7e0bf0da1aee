/**
 * One frame held at a breakpoint: what it is, how long until it forwards itself, and the three
 * decisions. An edit is made in Monaco with the schema of its action and checked by main again;
 * one that breaks the schema is refused with the issues unless forwarded anyway.
 */
import { useState } from 'react';
import { versionFromSubprotocol } from '../../../shared/ocpp/versions';
import type { PausedFrame, ReleaseResult } from '../../../shared/proxy/intercept';
import type { SchemaIssue } from '../../../shared/validation/issues';
import { releasePaused } from '../../state/proxy';
import { FrameEditor } from '../send/FrameEditor';
import { IssueList } from '../send/SendOutcome';
import { useFrameSchema } from '../send/use-frame-schema';
import { Countdown } from './Countdown';

const ARROWS = { toCsms: '→ CSMS', toStation: '← station' } as const;

export function PausedFrameItem({ proxyId, frame }: { proxyId: string; frame: PausedFrame }) {
  const [editing, setEditing] = useState(false);
  const [raw, setRaw] = useState(frame.raw);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [issues, setIssues] = useState<SchemaIssue[]>();
  const answers = frame.messageType === 3 ? frame.action : undefined;
  const schema = useFrameSchema(raw, versionFromSubprotocol(frame.subprotocol), answers);

  const release = (decision: 'forward' | 'drop', edit?: { raw: string; force: boolean }) => {
    setBusy(true);
    void releasePaused(proxyId, frame.pauseId, decision, edit).then((outcome) => {
      setBusy(false);
      if (!outcome.ok) {
        setError(outcome.error);
        return;
      }
      const result: ReleaseResult = outcome.value;
      setError(undefined);
      setIssues(result.status === 'invalid' ? result.issues : undefined);
    });
  };

  return (
    <li className="paused-frame" data-testid="paused-frame" data-action={frame.action}>
      <div className="paused-head">
        <span className={`dir-${frame.direction}`}>{ARROWS[frame.direction]}</span>
        <span className="ellipsis">{frame.stationId}</span>
        <span className="mono">{frame.action ?? '(unknown action)'}</span>
        {frame.messageType === 3 && <span className="muted small">answer</span>}
        <span className="muted small">rule “{frame.rule}”</span>
        {frame.waiting > 0 && <span className="muted small">{frame.waiting} waiting behind</span>}
        <span className="spacer" />
        <span className="muted small">auto-forward in</span>
        <Countdown until={frame.forwardAt} />
      </div>
      {editing ? (
        <FrameEditor
          value={raw}
          onChange={setRaw}
          label={`Paused ${frame.pauseId}`}
          testId="paused-editor"
          schema={schema}
        />
      ) : (
        <pre className="paused-raw mono">{frame.raw}</pre>
      )}
      {issues && (
        <div className="send-outcome invalid" role="alert">
          <p>
            <strong>Not forwarded:</strong> the edit breaks the schema.
          </p>
          <IssueList issues={issues} />
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={() => release('forward', { raw, force: true })}
          >
            Forward anyway
          </button>
        </div>
      )}
      <div className="paused-actions">
        {editing ? (
          <>
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => release('forward', { raw, force: false })}
            >
              Forward edited
            </button>
            <button
              type="button"
              onClick={() => {
                setEditing(false);
                setRaw(frame.raw);
                setIssues(undefined);
              }}
            >
              Discard edit
            </button>
          </>
        ) : (
          <>
            <button type="button" className="primary" disabled={busy} onClick={() => release('forward')}>
              Forward
            </button>
            <button type="button" onClick={() => setEditing(true)}>
              Edit &amp; forward…
            </button>
          </>
        )}
        <button type="button" className="danger" disabled={busy} onClick={() => release('drop')}>
          Drop
        </button>
        {error && <span className="form-error">{error}</span>}
      </div>
    </li>
  );
}
