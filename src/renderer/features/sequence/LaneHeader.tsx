import {
  HEADER_HEIGHT,
  laneKey,
  laneName,
  TIME_WIDTH,
  visibleStations,
  type LaneGeometry,
  type LaneRef,
} from './sequence-layout';

/**
 * The lanes' names, kept in view while the rows scroll (sticky). Hidden from screen readers: the
 * diagram's label names the lanes and every entry names its sender and receiver.
 */
export function LaneHeader({ g }: { g: LaneGeometry }) {
  const visible = visibleStations(g);
  const hiddenLeft = visible[0] ? g.stations.indexOf(visible[0].id) : 0;
  const hiddenRight = g.stations.length - hiddenLeft - visible.length;
  const pinned: { lane: LaneRef; x: number }[] = [{ lane: { kind: 'csms' }, x: g.csmsX }];
  if (g.proxyX !== undefined) pinned.unshift({ lane: { kind: 'proxy' }, x: g.proxyX });
  return (
    <div className="seq-header" style={{ height: HEADER_HEIGHT }} aria-hidden="true">
      <div className="seq-time seq-header-time" style={{ width: TIME_WIDTH }}>
        time (UTC)
      </div>
      <div className="seq-header-lanes" style={{ left: TIME_WIDTH, width: g.width }}>
        <div className="seq-header-stations" style={{ width: g.stationsWidth }}>
          {visible.map(({ id, x }) => (
            <Lane key={id} lane={{ kind: 'station', id }} x={x} width={g.stationLaneWidth} />
          ))}
          {hiddenLeft > 0 && (
            <span className="seq-more seq-more-left" title="Stations scrolled out of view (scroll sideways)">
              ‹ {hiddenLeft}
            </span>
          )}
          {hiddenRight > 0 && (
            <span className="seq-more seq-more-right" title="Stations scrolled out of view (scroll sideways)">
              {hiddenRight} ›
            </span>
          )}
        </div>
        <div
          className="seq-header-pinned"
          style={{ left: g.stationsWidth, width: g.width - g.stationsWidth }}
        />
        {pinned.map(({ lane, x }) => (
          <Lane key={lane.kind} lane={lane} x={x} width={g.pinnedLaneWidth} />
        ))}
      </div>
    </div>
  );
}

function Lane({ lane, x, width }: { lane: LaneRef; x: number; width: number }) {
  const name = laneName(lane);
  return (
    <span
      className={`seq-lane seq-lane-${lane.kind}`}
      style={{ left: x, maxWidth: width - 12 }}
      title={lane.kind === 'proxy' ? `${name}: injects, drops, delays or modifies frames` : name}
      data-testid="seq-lane"
      data-lane={laneKey(lane)}
    >
      {lane.kind === 'proxy' ? 'proxy' : name}
    </span>
  );
}
