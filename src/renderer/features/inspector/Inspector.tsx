/** The selected entry: what it is, its text in Monaco, and the other half of its CALL/answer pair. */
import type { Entry } from '../../../shared/capture/entry';
import { MESSAGE_TYPE_NAMES } from '../../../shared/ocpp/frame';
import type { TimelineRow } from '../../../shared/timeline/row';
import { formatClock, formatDelta } from '../../format';
import { selectSeq, useApp } from '../../state/store';
import { useMemo } from 'react';
import { CodeView } from './CodeView';
import { EntryFindings, markersFor } from './EntryFindings';

/**
 * Pretty JSON for well-formed frames. A malformed frame is shown exactly as received: re-printing
 * it would hide what is wrong (JSON.parse keeps only the last of two duplicate keys).
 */
function pretty(entry: Entry, row: TimelineRow): { text: string; language: 'json' | 'plaintext' } {
  if (entry.kind === 'connection') {
    const { seq: _seq, ts: _ts, kind: _kind, ...rest } = entry;
    return { text: JSON.stringify(rest, null, 2), language: 'json' };
  }
  if (entry.binary) return { text: `binary frame, base64:\n${entry.raw}`, language: 'plaintext' };
  if (row.problem) return { text: entry.raw, language: 'plaintext' };
  try {
    return { text: JSON.stringify(JSON.parse(entry.raw), null, 2), language: 'json' };
  } catch {
    return { text: entry.raw, language: 'plaintext' };
  }
}

function describe(row: TimelineRow): string {
  if (row.kind === 'connection') return `connection ${row.event ?? ''}`;
  const type = row.messageType !== undefined ? MESSAGE_TYPE_NAMES[row.messageType] : 'frame';
  return [type, row.action, row.errorCode, row.problem ? '(malformed)' : ''].filter(Boolean).join(' ');
}

/** What OCPP Scope did to the frame (injected it, dropped it by a fault rule, ...) and why. */
function Interventions({ entry }: { entry: Entry }) {
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

function Facts({ row }: { row: TimelineRow }) {
  return (
    <dl className="facts">
      <dt>seq</dt>
      <dd>{row.seq}</dd>
      <dt>time</dt>
      <dd>
        {new Date(row.ts).toISOString().slice(0, 10)} {formatClock(row.ts)} UTC
      </dd>
      <dt>station</dt>
      <dd>{row.stationId}</dd>
      {row.direction && (
        <>
          <dt>direction</dt>
          <dd>{row.direction === 'toCsms' ? 'station → CSMS' : 'CSMS → station'}</dd>
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

export function Inspector() {
  const detail = useApp((s) => s.detail);
  // New arrays only when the detail changes: CodeView sets its markers again on each new array.
  const markers = useMemo(() => detail && markersFor(detail.findings, detail.row.seq), [detail]);
  const partnerMarkers = useMemo(
    () => detail?.partner && markersFor(detail.findings, detail.partner.row.seq),
    [detail],
  );
  if (!detail) {
    return (
      <aside className="inspector empty-state" aria-label="Inspector">
        <p className="muted">Select a row to inspect it.</p>
      </aside>
    );
  }
  const { entry, row, partner } = detail;
  const main = pretty(entry, row);
  const other = partner ? pretty(partner.entry, partner.row) : undefined;
  const isAnswer = row.messageType === 3 || row.messageType === 4 || row.messageType === 5;
  return (
    <aside className="inspector" aria-label="Inspector" data-testid="inspector">
      <h2>{describe(row)}</h2>
      {row.problem && (
        <p className="problem" role="note">
          <strong>{row.problem.kind}</strong>: {row.problem.message}
        </p>
      )}
      <Interventions entry={entry} />
      <Facts row={row} />
      <EntryFindings findings={detail.findings} seq={row.seq} />
      <CodeView label="entry" text={main.text} language={main.language} markers={markers} />
      {row.messageType === 2 && !partner && (
        <p className="muted inspector-note">No answer to this CALL in the capture.</p>
      )}
      {partner && (
        <section className="partner" data-testid="partner">
          <h3>
            {isAnswer ? 'Answers the CALL' : 'Answered by'}{' '}
            <button type="button" className="link" onClick={() => void selectSeq(partner.row.seq)}>
              #{partner.row.seq} {describe(partner.row)}
            </button>
            {(row.latencyMs ?? partner.row.latencyMs) !== undefined && (
              <span className="muted"> after {formatDelta(row.latencyMs ?? partner.row.latencyMs ?? 0)}</span>
            )}
          </h3>
          {other && (
            <CodeView label="partner" text={other.text} language={other.language} markers={partnerMarkers} />
          )}
        </section>
      )}
    </aside>
  );
}
