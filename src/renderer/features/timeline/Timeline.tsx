/**
 * The timeline: virtualized (only the rows on screen, plus a small overscan, are in the DOM),
 * rows fetched from main by page as they scroll into view.
 */
import { useRef, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useApp } from '../../state/store';
import { rowAt } from '../../state/view';
import { moveSelection, useViewWindow } from './view-navigation';
import { TimelineRowView } from './TimelineRowView';

export const ROW_HEIGHT = 24;

export function Timeline() {
  const opened = useApp((s) => s.opened);
  const total = useApp((s) => s.total);
  const pages = useApp((s) => s.pages);
  const selectedIndex = useApp((s) => s.selectedIndex);
  const filter = useApp((s) => s.filter);
  const scroller = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  useViewWindow(virtualizer);
  const items = virtualizer.getVirtualItems();

  if (!opened) {
    return (
      <section className="timeline empty-state">
        <p>
          Open a capture, trace, pcap or log of OCPP-J frames (button above, or drop the file anywhere) or
          pick a session on the left.
        </p>
      </section>
    );
  }

  const visibleRows = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 600) / ROW_HEIGHT) - 1);
  const onKeyDown = (event: KeyboardEvent) => moveSelection(event, visibleRows);

  return (
    <section className="timeline" aria-label="Timeline">
      <div className="timeline-head row-grid" role="row">
        <span>#</span>
        <span title="Findings about the entry: how many, coloured by the worst">!</span>
        <span>time (UTC)</span>
        <span>Δ</span>
        <span>station</span>
        <span />
        <span>type</span>
        <span>action</span>
        <span>message id</span>
        <span>latency</span>
      </div>
      <div
        className="timeline-scroll"
        ref={scroller}
        tabIndex={0}
        role="grid"
        aria-rowcount={total}
        onKeyDown={onKeyDown}
        data-testid="timeline"
        data-applied-filter={filter ?? ''}
        aria-label={
          filter === undefined
            ? 'Timeline rows. Arrows, Page Up/Down, Home/End move; Enter goes to the answer or its CALL.'
            : `Timeline rows matching ${filter}`
        }
      >
        {total === 0 && filter !== undefined && (
          <p className="muted timeline-waiting" data-testid="filter-empty">
            No entry matches the filter.
          </p>
        )}
        {total === 0 && opened.info.live && (
          <p className="muted timeline-waiting">Recording: entries appear here as they arrive.</p>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => (
            <TimelineRowView
              key={item.key}
              index={item.index}
              row={rowAt({ pages }, item.index)}
              selected={item.index === selectedIndex}
              top={item.start}
              height={ROW_HEIGHT}
            />
          ))}
        </div>
      </div>
    </section>
  );
}
