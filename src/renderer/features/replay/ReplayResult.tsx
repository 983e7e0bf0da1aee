/**
 * What a replay found: a verdict a field engineer reads at a glance (the same answers, N
 * differences, ended early and why), one row per CALL whose answer differs (what was recorded,
 * what came now, with links to both CALLs), the rest summed up, and the other side's CALLs.
 */
import type { Difference, DiffItem } from '../../../shared/replay/diff';
import type { ReplayStatus } from '../../../shared/replay/types';
import { plural } from '../../components/Severity';
import { showEntry, type ReplayRun } from '../../state/replay';

const KIND_TEXT: Record<Difference['kind'], string> = {
  'missing-answer': 'missing answer',
  'extra-answer': 'extra answer',
  outcome: 'answer',
  'error-code': 'error code',
  transactionId: 'transactionId',
  status: 'status',
  'not-replayed': 'not replayed',
};

const show = (value: unknown): string => (value === undefined ? 'absent' : JSON.stringify(value));

type Verdict = { kind: 'same' | 'different' | 'incomplete' | 'failed'; text: string };

const notReplayed = (item: DiffItem) => item.differences.some((d) => d.kind === 'not-replayed');

/** The CALLs that were replayed and answered otherwise than recorded (not those never sent). */
const differingOf = (items: readonly DiffItem[]) =>
  items.filter((i) => i.differences.length > 0 && !notReplayed(i));

function verdictOf(status: ReplayStatus): Verdict | undefined {
  if (status.phase === 'failed')
    return { kind: 'failed', text: `Failed: ${status.error ?? 'no reason given'}` };
  const result = status.result;
  if (!result)
    return status.phase === 'stopped'
      ? { kind: 'incomplete', text: `Ended early: ${status.error ?? 'stopped'}` }
      : undefined;
  const { items } = result.diff;
  const differing = differingOf(items);
  const count = differing.reduce((sum, i) => sum + i.differences.length, 0);
  const differences = `${plural(count, 'difference')} in ${plural(differing.length, 'CALL')}`;
  if (result.incomplete) {
    const replayed = items.length - items.filter(notReplayed).length;
    return {
      kind: 'incomplete',
      text: `Ended early${result.reason ? ` (${result.reason})` : ''}: ${replayed} of ${plural(items.length, 'CALL')} replayed, ${count === 0 ? 'answered as recorded so far' : differences}`,
    };
  }
  if (result.diff.identical)
    return {
      kind: 'same',
      text:
        items.length === 1
          ? 'Same: the CALL answered as recorded'
          : `Same: all ${plural(items.length, 'CALL')} answered as recorded`,
    };
  return { kind: 'different', text: differences };
}

function SeqLink({ sessionId, seq, title }: { sessionId?: string; seq?: number; title: string }) {
  if (seq === undefined) return <span className="muted">—</span>;
  if (sessionId === undefined)
    return (
      <span className="mono" title="Replayed from another face: its recording is not linked here">
        #{seq}
      </span>
    );
  return (
    <button type="button" className="link mono" onClick={() => void showEntry(sessionId, seq)} title={title}>
      #{seq}
    </button>
  );
}

function DiffRow({ item, run }: { item: DiffItem; run: ReplayRun }) {
  return (
    <tr data-testid="replay-diff-row" data-action={item.action}>
      <td>
        <SeqLink sessionId={run.recordedSessionId} seq={item.recordedSeq} title="Show the recorded CALL" />
      </td>
      <td>{item.action}</td>
      <td>
        <ul className="replay-differences">
          {item.differences.map((d, k) => (
            <li key={k} title={d.message} data-testid="replay-difference" data-kind={d.kind}>
              <span className="replay-kind">{d.path ?? KIND_TEXT[d.kind]}</span>
              {d.recorded !== undefined || d.replayed !== undefined ? (
                <>
                  <span className="mono replay-was">{show(d.recorded)}</span>
                  <span className="muted"> → </span>
                  <span className="mono replay-now">{show(d.replayed)}</span>
                </>
              ) : (
                <span className="muted">{d.message}</span>
              )}
            </li>
          ))}
        </ul>
      </td>
      <td>
        <SeqLink sessionId={run.status.sessionId} seq={item.replayedSeq} title="Show the replayed CALL" />
      </td>
    </tr>
  );
}

export function ReplayResult({ run }: { run: ReplayRun }) {
  const { status } = run;
  const verdict = verdictOf(status);
  if (!verdict) return null;
  const result = status.result;
  const items = result?.diff.items ?? [];
  const differing = differingOf(items);
  const unsent = items.filter(notReplayed).length;
  const same = items.length - differing.length - unsent;
  const peer = status.as === 'station' ? 'CSMS' : 'station';
  const peerCalls = result?.peerCalls.filter((p) => p.recorded > 0 || p.replayed > 0) ?? [];
  return (
    <div className="replay-result">
      <p
        className={`replay-verdict verdict-${verdict.kind}`}
        role="status"
        data-testid="replay-verdict"
        data-verdict={verdict.kind}
      >
        {verdict.text}
      </p>
      {differing.length > 0 && (
        <table className="replay-diff" data-testid="replay-diff">
          <thead>
            <tr>
              <th title="The CALL in the recorded session">recorded</th>
              <th>action</th>
              <th>recorded → now</th>
              <th title="The CALL in the replay's session">replayed</th>
            </tr>
          </thead>
          <tbody>
            {differing.map((item) => (
              <DiffRow key={item.recordedSeq} item={item} run={run} />
            ))}
          </tbody>
        </table>
      )}
      {result && (differing.length > 0 || unsent > 0) && (
        <p className="muted replay-same" data-testid="replay-same-count">
          {plural(same, 'CALL')} answered the same
          {unsent > 0 ? `; ${plural(unsent, 'CALL')} not replayed (the replay ended before their turn)` : ''}.
        </p>
      )}
      {peerCalls.length > 0 && (
        <p className="muted replay-peer" title="Informational: the other side decides what it sends">
          The {peer}’s own CALLs, recorded → now:{' '}
          {peerCalls.map((p) => `${p.action} ${p.recorded} → ${p.replayed}`).join(' · ')}
        </p>
      )}
    </div>
  );
}
