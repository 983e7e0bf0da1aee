/**
 * A console line in the sequence: a small note hanging off its station's lifeline, muted and in
 * monospace like a terminal, so the arrows stay what the eye follows.
 */
import type { TimelineRow } from '../../../shared/timeline/row';
import { ARROW_Y, type LaneGeometry, type LanePoint } from './sequence-layout';
import './console-note.css';

const MIN_NOTE_WIDTH = 160;

export function ConsoleNote({ row, at, g }: { row: TimelineRow; at: LanePoint; g: LaneGeometry }) {
  const text = row.summary ?? '';
  // Up to the next lane on the right (the proxy's or the CSMS's), whose lifeline stays in sight; a
  // note never shrinks below a readable width for it.
  const left = at.clipped === 'right' ? at.x - 6 : at.x + 6;
  const room = (g.proxyX ?? g.csmsX) - left - 12;
  const maxWidth = Math.max(MIN_NOTE_WIDTH, at.clipped === 'right' ? left : room);
  const classes = ['seq-note'];
  if (at.clipped) classes.push(`seq-note-clip-${at.clipped}`);
  return (
    <div
      className={classes.join(' ')}
      // Off the lifeline to its right (or, for a lane scrolled away right, to its left).
      style={{ left, top: ARROW_Y - 9, maxWidth }}
      data-testid="seq-label"
      title={text}
    >
      {at.clipped && <span className="seq-note-station">{row.stationId}</span>}
      {row.binary && <span className="seq-note-binary">not UTF-8</span>}
      <span className="seq-note-text">{text}</span>
    </div>
  );
}
