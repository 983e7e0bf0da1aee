/** The SVG of one slot: lifelines (broken where time was compressed) and the arrow. */
import type { FrameFlag } from '../../../shared/capture/entry';
import {
  ARROW_Y,
  SLOT_HEIGHT,
  visibleStations,
  type LaneGeometry,
  type LanePoint,
  type SlotKind,
} from './sequence-layout';

const HEAD = 8;

export function Lifelines({ g, broken }: { g: LaneGeometry; broken: boolean }) {
  // Where time was compressed each line is cut at the top of the slot and marked with a double
  // slash, the usual "axis break" of a chart.
  const top = broken ? 8 : 0;
  const line = (x: number, className: string) => (
    <g key={`${className}-${x}`} className={className}>
      <line x1={x} x2={x} y1={top} y2={SLOT_HEIGHT} />
      {broken && <path className="seq-break" d={`M${x - 4} 5 l8 -4 M${x - 4} 9 l8 -4`} />}
    </g>
  );
  return (
    <>
      <rect
        className="seq-pinned-band"
        x={g.stationsWidth}
        width={g.width - g.stationsWidth}
        height={SLOT_HEIGHT}
      />
      {visibleStations(g).map((s) => line(s.x, 'seq-lifeline'))}
      {g.proxyX !== undefined && line(g.proxyX, 'seq-lifeline seq-lifeline-proxy')}
      {line(g.csmsX, 'seq-lifeline seq-lifeline-csms')}
    </>
  );
}

interface ArrowProps {
  from: LanePoint;
  to: LanePoint;
  kind: SlotKind;
  direction: 'toCsms' | 'toStation';
  flags: readonly FrameFlag[];
  proxyX: number | undefined;
}

/**
 * CALL and SEND: solid line, filled head. Answers: dashed, open head (the specification's
 * convention). A dropped frame ends at the proxy in a cross; an injected one starts there at a dot.
 */
export function Arrow({ from, to, kind, direction, flags, proxyX }: ArrowProps) {
  const y = ARROW_Y;
  const dir = to.x >= from.x ? 1 : -1;
  const dropped = flags.includes('dropped');
  const filled = kind === 'call' || kind === 'send';
  const end = dropped ? to.x - dir * 6 : filled ? to.x - dir * HEAD : to.x;
  const passesProxy =
    proxyX !== undefined && Math.min(from.x, to.x) <= proxyX && proxyX <= Math.max(from.x, to.x);
  return (
    <g className={`seq-shape seq-dir-${direction} seq-kind-${kind}`}>
      <line className="seq-line" x1={from.x} x2={end} y1={y} y2={y} />
      {dropped ? (
        <path className="seq-cross" d={`M${to.x - 5} ${y - 5} l10 10 M${to.x - 5} ${y + 5} l10 -10`} />
      ) : filled ? (
        <path className="seq-head-filled" d={`M${to.x} ${y} l${-dir * HEAD} -4.5 v9 z`} />
      ) : (
        <path
          className="seq-head-open"
          d={`M${to.x - dir * HEAD} ${y - 4.5} L${to.x} ${y} L${to.x - dir * HEAD} ${y + 4.5}`}
        />
      )}
      {flags.includes('injected') && (
        <circle className="seq-origin flag-injected" cx={from.x} cy={y} r={3.5} />
      )}
      {passesProxy && flags.includes('modified') && (
        <path className="seq-modified" d={`M${proxyX} ${y - 5} l5 5 l-5 5 l-5 -5 z`}>
          <title>modified by OCPP Scope</title>
        </path>
      )}
      {passesProxy && flags.includes('delayed') && (
        <g className="seq-delayed">
          <title>delayed by a fault rule</title>
          <circle cx={proxyX} cy={y} r={5} />
          <path d={`M${proxyX} ${y - 3} v3 h2.5`} />
        </g>
      )}
      {from.clipped && <path className="seq-clip" d={clipMark(from.x, y, from.clipped)} />}
      {to.clipped && <path className="seq-clip" d={clipMark(to.x, y, to.clipped)} />}
    </g>
  );
}

/** A chevron at the edge where a station scrolled out of view: the arrow goes on over there. */
function clipMark(x: number, y: number, side: 'left' | 'right'): string {
  const d = side === 'left' ? 1 : -1;
  return `M${x + d * 7} ${y - 5} l${-d * 5} 5 l${d * 5} 5`;
}
