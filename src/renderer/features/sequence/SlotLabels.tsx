/** The words of a slot: the label over an arrow, the tag of a connection event. */
import type { FrameFlag } from '../../../shared/capture/entry';
import type { TimelineRow } from '../../../shared/timeline/row';
import { formatDelta } from '../../format';
import {
  ARROW_Y,
  arrowLabel,
  labelMaxWidth,
  labelPlacement,
  slotKind,
  type LaneGeometry,
  type LanePoint,
} from './sequence-layout';

/** The label's top above the arrow line: clear of the arrowheads (±4.5 px). */
const LABEL_RISE = 20;

const FLAG_LABELS: Record<FrameFlag, string> = {
  injected: 'inj',
  dropped: 'drop',
  modified: 'mod',
  delayed: 'delay',
};

export function ArrowLabel({
  row,
  from,
  to,
  width,
}: {
  row: TimelineRow;
  from: LanePoint;
  to: LanePoint;
  width: number;
}) {
  const kind = slotKind(row);
  const clipped = from.clipped ?? to.clipped;
  const { align, ...position } = labelPlacement(from, to, width);
  return (
    <div
      className={`seq-label seq-label-${align}`}
      style={{ ...position, maxWidth: labelMaxWidth(from, to), top: ARROW_Y - LABEL_RISE }}
      data-testid="seq-label"
    >
      {row.findings && (
        <span
          className={`finding-badge sev-${row.findings.severity}`}
          title={`${row.findings.count} finding${row.findings.count === 1 ? '' : 's'}, worst: ${row.findings.severity}`}
          data-testid="finding-badge"
        >
          {row.findings.count > 99 ? '99+' : row.findings.count}
        </span>
      )}
      {clipped && (
        <span className="seq-offscreen">
          {clipped === 'left' ? `‹ ${row.stationId}` : `${row.stationId} ›`}
        </span>
      )}
      <span className="seq-text">
        {kind === 'error' ? (
          <>
            {row.action ? `${row.action} ` : ''}
            <span className="seq-code">{row.errorCode ?? 'error'}</span>
          </>
        ) : (
          arrowLabel(row)
        )}
      </span>
      {row.problem && <span className="seq-problem">{row.problem.kind}</span>}
      {row.flags?.map((flag) => (
        <span key={flag} className={`flag flag-${flag}`} data-flag={flag}>
          {FLAG_LABELS[flag]}
        </span>
      ))}
      {row.latencyMs !== undefined && (
        // formatDelta says "0" for no time at all, which over an arrow reads as a count.
        <span className="seq-latency">{row.latencyMs <= 0 ? '0 ms' : formatDelta(row.latencyMs)}</span>
      )}
    </div>
  );
}

export function ConnectionMark({ row, at, g }: { row: TimelineRow; at: LanePoint; g: LaneGeometry }) {
  const text = arrowLabel(row);
  return (
    <div
      className={`seq-event seq-event-${row.event ?? 'other'}${at.clipped ? ` seq-event-clip-${at.clipped}` : ''}`}
      style={{ left: at.x, top: ARROW_Y - 10, maxWidth: Math.max(g.stationLaneWidth * 1.8, 140) }}
      data-testid="seq-label"
    >
      {at.clipped ? `${row.stationId}: ${text}` : text}
    </div>
  );
}
