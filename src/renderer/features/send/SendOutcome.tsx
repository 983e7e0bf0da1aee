/**
 * What became of a send: refused with the issues (and the way to send it anyway), or sent, with
 * the correlated answer of a CALL and links to both entries in the timeline.
 */
import type { SchemaIssue } from '../../../shared/validation/issues';
import { formatPath } from '../../../shared/validation/issues';
import type { SendResult } from '../../../shared/send/send';
import { AnswerView } from '../csms/AnswerView';
import { openSession } from '../../state/sessions';
import { useApp } from '../../state/store';
import { selectSeq } from '../../state/view';

export function IssueList({ issues }: { issues: readonly SchemaIssue[] }) {
  return (
    <ul className="issue-list" data-testid="send-issues">
      {issues.map((issue, k) => (
        <li key={k}>
          <span className="mono muted">{issue.path.length > 0 ? formatPath(issue.path) : issue.keyword}</span>{' '}
          {issue.message}
        </li>
      ))}
    </ul>
  );
}

export function EntryLink({ seq, sessionId }: { seq: number; sessionId: string }) {
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

export function SendOutcome({
  result,
  stationId,
  action,
  payload,
  sentAt,
  forceSend,
  busy,
}: {
  result: SendResult;
  stationId: string;
  action: string;
  payload: unknown;
  sentAt: number;
  forceSend: () => void;
  busy: boolean;
}) {
  if (result.status === 'invalid') {
    return (
      <div className="send-outcome invalid" role="alert" data-testid="send-outcome">
        <p>
          <strong>Not sent:</strong> the frame breaks {result.issues.length === 1 ? 'a rule' : 'these rules'}.
          Fix it, or send it as it is to see how the peer copes.
        </p>
        <IssueList issues={result.issues} />
        <button
          type="button"
          className="danger"
          onClick={forceSend}
          disabled={busy}
          data-testid="send-anyway"
        >
          Send anyway
        </button>
      </div>
    );
  }
  return (
    <div className="send-outcome" role="status" data-testid="send-outcome">
      <p className="small">
        Sent as <EntryLink seq={result.seq} sessionId={result.sessionId} />
        {result.messageId !== undefined && (
          <>
            {' '}
            · message id <span className="mono">{result.messageId}</span>
          </>
        )}
        {result.issues.length > 0 && <> · with {result.issues.length} known issue(s)</>}
        {result.unchecked !== undefined && <span className="muted"> · not checked: {result.unchecked}</span>}
      </p>
      {result.answer && (
        <AnswerView
          command={{ key: result.seq, stationId, action, payload, sentAt, answer: result.answer }}
          sessionId={result.sessionId}
        />
      )}
    </div>
  );
}
