import { memo } from 'react';
import type { TimelineRow } from '../../../shared/timeline/row';
import { formatClock, formatDelta } from '../../format';
import { select } from '../../state/view';
import {
  endpoints,
  gapBefore,
  laneKey,
  laneX,
  SLOT_HEIGHT,
  slotDescription,
  slotKind,
  TIME_WIDTH,
  type LaneGeometry,
  type LaneRef,
} from './sequence-layout';
import { Arrow, Lifelines } from './SlotGraphics';
import { ConsoleNote } from './ConsoleNote';
import { ArrowLabel, ConnectionMark } from './SlotLabels';

interface Props {
  index: number;
  row: TimelineRow | undefined;
  /** The previous row of the view, when loaded: the gap is measured from it. */
  previousTs: number | undefined;
  selected: boolean;
  top: number;
  geometry: LaneGeometry;
}

const TEST_IDS = { frame: 'seq-arrow', connection: 'seq-event', console: 'seq-note' } as const;

export function slotId(index: number): string {
  return `seq-slot-${index}`;
}

export const SequenceSlot = memo(function SequenceSlot({
  index,
  row,
  previousTs,
  selected,
  top,
  geometry: g,
}: Props) {
  const style = { transform: `translateY(${top}px)`, height: SLOT_HEIGHT };
  const lanesStyle = { left: TIME_WIDTH, width: g.width };
  const timeStyle = { width: TIME_WIDTH };
  if (!row) {
    return (
      <div
        className="seq-slot seq-loading"
        style={style}
        data-row={index}
        role="option"
        aria-selected={selected}
        aria-label="loading"
      >
        <div className="seq-time muted" style={timeStyle}>
          …
        </div>
        <div className="seq-lanes" style={lanesStyle}>
          <svg width={g.width} height={SLOT_HEIGHT} aria-hidden="true">
            <Lifelines g={g} broken={false} />
          </svg>
        </div>
      </div>
    );
  }
  const kind = slotKind(row);
  const gap = gapBefore(row, index, previousTs);
  const proxyShown = g.proxyX !== undefined;
  const classes = ['seq-slot', `seq-slot-${kind}`];
  if (selected) classes.push('seq-selected');
  if (gap) classes.push(gap.long ? 'seq-gap seq-gap-long' : 'seq-gap');
  if (row.findings) classes.push(`seq-finding-${row.findings.severity}`);

  let body;
  let route: { from: LaneRef; to: LaneRef } | undefined;
  if (row.kind === 'connection' || row.kind === 'console') {
    const at = laneX(g, { kind: 'station', id: row.stationId });
    if (at) {
      body =
        row.kind === 'console' ? (
          <ConsoleNote row={row} at={at} g={g} />
        ) : (
          <ConnectionMark row={row} at={at} g={g} />
        );
    }
  } else {
    route = endpoints(row, proxyShown);
    const from = laneX(g, route.from);
    const to = laneX(g, route.to);
    body = from && to && (
      <>
        <svg width={g.width} height={SLOT_HEIGHT} aria-hidden="true">
          <Lifelines g={g} broken={gap !== undefined} />
          <Arrow
            from={from}
            to={to}
            kind={kind}
            direction={row.direction ?? 'toCsms'}
            flags={row.flags ?? []}
            proxyX={g.proxyX}
          />
        </svg>
        <ArrowLabel row={row} from={from} to={to} width={g.width} />
      </>
    );
  }

  return (
    <div
      id={slotId(index)}
      className={classes.join(' ')}
      style={style}
      role="option"
      aria-selected={selected}
      aria-label={slotDescription(row, route, gap)}
      title={row.problem?.message}
      onClick={() => select(index)}
      data-testid={TEST_IDS[row.kind]}
      data-row={index}
      data-seq={row.seq}
      data-kind={kind}
      data-from={route && laneKey(route.from)}
      data-to={route && laneKey(route.to)}
      data-flags={row.flags?.join(' ')}
      data-malformed={row.problem ? true : undefined}
    >
      <div className="seq-time" style={timeStyle}>
        {gap && (
          <span
            className="seq-gap-label"
            data-testid="seq-gap"
            title={`${formatDelta(gap.ms)} with no entry in this view`}
          >
            {gap.label}
          </span>
        )}
        <span className="seq-num">{row.seq}</span>
        <span className="seq-clock">{formatClock(row.ts)}</span>
      </div>
      <div className="seq-lanes" style={lanesStyle}>
        {route === undefined && (
          <svg width={g.width} height={SLOT_HEIGHT} aria-hidden="true">
            <Lifelines g={g} broken={gap !== undefined} />
          </svg>
        )}
        {body}
      </div>
    </div>
  );
});
