import { memo } from 'react';
import { MESSAGE_TYPE_NAMES } from '../../../shared/ocpp/frame';
import type { FrameFlag } from '../../../shared/capture/entry';
import type { TimelineRow } from '../../../shared/timeline/row';
import { formatClock, formatDelta } from '../../format';
import { select } from '../../state/view';
import { ConsoleLine } from './ConsoleLine';

interface Props {
  index: number;
  row: TimelineRow | undefined;
  selected: boolean;
  top: number;
  height: number;
}

/** Short: the action column is narrow and the flags must never be cut off. */
const FLAG_LABELS: Record<FrameFlag, string> = {
  injected: 'inj',
  dropped: 'drop',
  modified: 'mod',
  delayed: 'delay',
};
const FLAG_TITLES: Record<FrameFlag, string> = {
  injected: 'Injected by OCPP Scope (not sent by this side)',
  dropped: 'Dropped by OCPP Scope: recorded, never delivered',
  modified: 'Modified by OCPP Scope on the way',
  delayed: 'Delayed by a fault rule',
};

function FindingsBadge({ findings }: { findings: NonNullable<TimelineRow['findings']> }) {
  const { count, severity } = findings;
  return (
    <span
      className={`finding-badge sev-${severity}`}
      title={`${count} finding${count === 1 ? '' : 's'}, worst: ${severity}`}
      data-testid="finding-badge"
    >
      {count > 99 ? '99+' : count}
    </span>
  );
}

function typeLabel(row: TimelineRow): string {
  if (row.kind === 'connection') return row.event ?? '';
  if (row.binary) return 'binary';
  if (row.problem && row.messageType === undefined) return 'malformed';
  return row.messageType !== undefined ? MESSAGE_TYPE_NAMES[row.messageType] : '';
}

function directionTitle(row: TimelineRow): string {
  const text =
    row.direction === 'toCsms' ? 'station → CSMS' : row.direction === 'toStation' ? 'CSMS → station' : '';
  return row.inferred?.includes('direction') === true
    ? `${text}, inferred: the imported log did not say`
    : text;
}

/** The direction, type, action, message id and latency cells of a frame or a connection event. */
function EntryCells({ row }: { row: TimelineRow }) {
  const guessed = row.inferred?.includes('direction') === true;
  return (
    <>
      <span
        className={`dir dir-${row.direction ?? 'none'}${guessed ? ' dir-inferred' : ''}`}
        title={directionTitle(row)}
        data-inferred={guessed ? 'direction' : undefined}
      >
        {row.direction === 'toCsms' ? '→' : row.direction === 'toStation' ? '←' : '•'}
      </span>
      <span className={`type type-${typeLabel(row).toLowerCase()}`}>{typeLabel(row)}</span>
      {/* The flags never give way to a long action name: what OCPP Scope did must stay visible. */}
      <span className="action-cell">
        <span className="ellipsis">
          {row.kind === 'connection' ? row.summary : (row.action ?? '')}
          {row.errorCode ? <span className="error-code"> {row.errorCode}</span> : null}
          {row.problem ? <span className="problem-badge"> {row.problem.kind}</span> : null}
        </span>
        {row.flags?.map((flag) => (
          <span key={flag} className={`flag flag-${flag}`} data-flag={flag} title={FLAG_TITLES[flag]}>
            {FLAG_LABELS[flag]}
          </span>
        ))}
      </span>
      <span className="ellipsis muted">{row.messageId ?? ''}</span>
      <span className="num">{row.latencyMs !== undefined ? formatDelta(row.latencyMs) : ''}</span>
    </>
  );
}

export const TimelineRowView = memo(function TimelineRowView({ index, row, selected, top, height }: Props) {
  const style = { transform: `translateY(${top}px)`, height };
  if (!row) {
    return (
      <div className="row row-grid row-loading" style={style} data-row={index} role="row">
        <span className="muted">…</span>
      </div>
    );
  }
  const classes = ['row', 'row-grid', `row-${row.kind}`];
  if (selected) classes.push('row-selected');
  if (row.problem) classes.push('row-problem');
  if (row.messageType === 4 || row.messageType === 5) classes.push('row-error');
  if (row.findings) classes.push(`row-finding-${row.findings.severity}`);
  if (row.flags?.includes('dropped')) classes.push('row-dropped');
  return (
    <div
      className={classes.join(' ')}
      style={style}
      data-row={index}
      data-seq={row.seq}
      role="row"
      aria-selected={selected}
      onClick={() => select(index)}
      title={row.problem?.message}
    >
      <span className="num">{row.seq}</span>
      <span className="badge-cell">{row.findings && <FindingsBadge findings={row.findings} />}</span>
      <span className="num">{formatClock(row.ts)}</span>
      <span className="num muted">{formatDelta(row.deltaMs)}</span>
      <span className="ellipsis">{row.stationId}</span>
      {row.kind === 'console' ? <ConsoleLine row={row} /> : <EntryCells row={row} />}
    </div>
  );
});
