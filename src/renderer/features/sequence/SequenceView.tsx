/**
 * The sequence diagram of the opened session (or of its filter): a lane per station, the proxy's
 * when it altered frames, the CSMS's; one arrow per entry. Windowed like the timeline: one slot of
 * fixed height per row, only the slots on screen (plus overscan) in the DOM, rows fetched by page.
 */
import {
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type WheelEvent,
} from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useApp } from '../../state/store';
import { rowAt } from '../../state/view';
import { moveSelection, useViewWindow } from '../timeline/view-navigation';
import { LaneHeader } from './LaneHeader';
import { SequenceSlot, slotId } from './SequenceSlot';
import { HEADER_HEIGHT, laneGeometry, scrollToStation, SLOT_HEIGHT, TIME_WIDTH } from './sequence-layout';
import { useLanes } from './use-lanes';
import './sequence.css';

export function SequenceView() {
  const opened = useApp((s) => s.opened);
  const total = useApp((s) => s.total);
  const pages = useApp((s) => s.pages);
  const selectedIndex = useApp((s) => s.selectedIndex);
  const scroller = useRef<HTMLDivElement>(null);
  const sideways = useRef<HTMLDivElement>(null);
  const [clientWidth, setClientWidth] = useState(0);
  const [stationScroll, setStationScroll] = useState(0);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => SLOT_HEIGHT,
    overscan: 12,
    // The sticky lane header takes the top of the scrolled content.
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const rows = items.map((item) => rowAt({ pages }, item.index));
  const { stations, showProxy } = useLanes(rows);
  const geometry = useMemo(
    () => laneGeometry(stations, showProxy, Math.max(0, clientWidth - TIME_WIDTH), stationScroll),
    [stations, showProxy, clientWidth, stationScroll],
  );
  const latest = useRef(geometry);
  useEffect(() => {
    latest.current = geometry;
  });

  const hasSession = opened !== undefined;
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => setClientWidth(element.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasSession]);

  // One more before the first: the first slot's gap is measured from it.
  useViewWindow(virtualizer, 1);

  // A selection on a station scrolled out of view brings its lane in, once per selection: the
  // user may scroll sideways afterwards without being pulled back.
  const selectedStation =
    selectedIndex === undefined ? undefined : rowAt({ pages }, selectedIndex)?.stationId;
  useEffect(() => {
    if (selectedStation === undefined || !sideways.current) return;
    const target = scrollToStation(latest.current, selectedStation);
    if (target !== undefined) sideways.current.scrollLeft = target;
  }, [selectedIndex, selectedStation]);

  // The sideways scrollbar comes and goes with the station count: a new one starts where the
  // lanes are.
  const overflows = geometry.maxScroll > 0;
  useEffect(() => {
    if (overflows && sideways.current) sideways.current.scrollLeft = latest.current.scroll;
  }, [overflows]);

  if (!opened) {
    return (
      <section className="sequence empty-state">
        <p>
          Open a capture, trace, pcap or log of OCPP-J frames (button above, or drop the file anywhere) or
          pick a session on the left.
        </p>
      </section>
    );
  }

  const scrollSideways = (px: number) => {
    if (sideways.current) sideways.current.scrollLeft += px;
  };
  const visibleRows = Math.max(
    1,
    Math.floor(((scroller.current?.clientHeight ?? 600) - HEADER_HEIGHT) / SLOT_HEIGHT) - 1,
  );
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      scrollSideways((event.key === 'ArrowLeft' ? -1 : 1) * geometry.stationLaneWidth);
      return;
    }
    moveSelection(event, visibleRows);
  };
  // The diagram itself never overflows sideways: a trackpad's or shift+wheel's sideways motion
  // scrolls the station lanes instead.
  const onWheel = (event: WheelEvent) => {
    if (event.deltaX !== 0) scrollSideways(event.deltaX);
  };

  const lanes = [...geometry.stations, ...(showProxy ? ['OCPP Scope proxy'] : []), 'CSMS'].join(', ');
  const selectedInDom = selectedIndex !== undefined && selectedIndex >= first && selectedIndex <= last;
  return (
    <section className="sequence" aria-label="Sequence diagram" data-testid="sequence">
      <div
        className="seq-scroll"
        ref={scroller}
        tabIndex={0}
        role="listbox"
        aria-label={`Sequence diagram, lanes: ${lanes}`}
        aria-activedescendant={selectedInDom ? slotId(selectedIndex) : undefined}
        onKeyDown={onKeyDown}
        onWheel={onWheel}
        data-testid="sequence-diagram"
      >
        <div className="seq-canvas" style={{ height: virtualizer.getTotalSize() }}>
          <LaneHeader g={geometry} />
          {total === 0 && opened.info.live && (
            <p className="muted seq-waiting">Recording: entries appear here as they arrive.</p>
          )}
          {items.map((item, k) => (
            <SequenceSlot
              key={item.key}
              index={item.index}
              row={rows[k]}
              previousTs={item.index > 0 ? rowAt({ pages }, item.index - 1)?.ts : undefined}
              selected={item.index === selectedIndex}
              top={item.start}
              geometry={geometry}
            />
          ))}
        </div>
      </div>
      {overflows && (
        <div
          className="seq-sideways"
          ref={sideways}
          style={{ marginLeft: TIME_WIDTH, width: geometry.stationsWidth }}
          onScroll={(event) => setStationScroll(event.currentTarget.scrollLeft)}
          data-testid="seq-sideways"
        >
          <div style={{ width: geometry.stationsContentWidth, height: 1 }} />
        </div>
      )}
    </section>
  );
}
