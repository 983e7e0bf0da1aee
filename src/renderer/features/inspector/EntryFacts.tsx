/** What the selected entry is: its type in words, its facts, and what OCPP Scope did to it. */
import type { Entry } from '../../../shared/capture/entry';
import { MESSAGE_TYPE_NAMES } from '../../../shared/ocpp/frame';
import type { TimelineRow } from '../../../shared/timeline/row';
import { formatClock, formatDelta } from '../../format';

export function describe(row: TimelineRow): string {
  if (row.kind === 'connection') return `connection ${row.event ?? ''}`;
  if (row.kind === 'console') return row.binary ? 'console line (not UTF-8)' : 'console line';
  const type = row.messageType !== undefined ? MESSAGE_TYPE_NAMES[row.messageType] : 'frame';
  return [type, row.action, row.errorCode, row.problem ? '(malformed)' : ''].filter(Boolean).join(' ');
}

export function directionText(row: TimelineRow): string | undefined {
  if (!row.direction) return undefined;
  return row.direction === 'toCsms' ? 'station → CSMS' : 'CSMS → station';
}

/** What OCPP Scope did to the frame (injected it, dropped it by a fault rule, ...) and why. */
export function Interventions({ entry }: { entry: Entry }) {
  if (entry.kind !== 'frame' || (!entry.flags?.length && !entry.faults?.length)) return null;
  return (
    <p className="interventions" role="note" data-testid="interventions">
      {entry.flags?.map((flag) => (
        <span key={flag} className={`flag flag-${flag}`}>
          {flag}
        </span>
      ))}
      {entry.faults?.map((fault) => (
        <span key={fault} className="intervention">
          {fault}
        </span>
      ))}
    </p>
  );
}

export function Facts({ row }: { row: TimelineRow }) {
  const direction = directionText(row);
  return (
    <dl className="facts">
      <dt>seq</dt>
      <dd>{row.seq}</dd>
      <dt>time</dt>
      <dd>
        {new Date(row.ts).toISOString().slice(0, 10)} {formatClock(row.ts)} UTC
        {row.inferred?.includes('time') === true && (
          <span className="muted" data-testid="inferred-time">
            {' '}
            (inferred: the imported file gave no time, this is the one before it)
          </span>
        )}
      </dd>
      <dt>station</dt>
      <dd>{row.stationId}</dd>
      {direction && (
        <>
          <dt>direction</dt>
          <dd>
            {direction}
            {row.inferred?.includes('direction') === true && (
              <span className="muted" data-testid="inferred-direction">
                {' '}
                (inferred from the action or the CALL it answers: the imported log did not say)
              </span>
            )}
          </dd>
        </>
      )}
      {row.messageId !== undefined && (
        <>
          <dt>message id</dt>
          <dd className="mono">{row.messageId}</dd>
        </>
      )}
      {row.latencyMs !== undefined && (
        <>
          <dt>latency</dt>
          <dd>{formatDelta(row.latencyMs)}</dd>
        </>
      )}
      <dt>source</dt>
      <dd>
        {row.source} · {row.connectionId}
        {row.size !== undefined ? ` · ${row.size} chars` : ''}
      </dd>
    </dl>
  );
}
