/**
 * The sequence diagram's geometry and wording, as pure functions of the rows and the viewport:
 * which lanes exist and where, where a row's arrow starts and ends, what it says, and where time
 * passed that the diagram's even spacing hides. No React, no DOM: unit-tested on its own.
 */
import { MESSAGE_TYPE_NAMES } from '../../../shared/ocpp/frame';
import type { TimelineRow } from '../../../shared/timeline/row';
import { formatClock } from '../../format';

/** Every row gets the same height, so windowing by index is exact (no measuring, no jumps). */
export const SLOT_HEIGHT = 32;
export const HEADER_HEIGHT = 34;
/** The clock column on the left: a gap label over "#seq hh:mm:ss.mmm". */
export const TIME_WIDTH = 140;
/** A station id such as "EVB-P2231-0007" and a typical action stay readable at this width. */
export const MIN_LANE_WIDTH = 150;
/** The arrow's line, from the top of its slot; its label sits above it. */
export const ARROW_Y = 22;

/**
 * A pause this long gets a break marker. OCPP answers come within tens to hundreds of ms and a
 * station's own follow-ups within a second, so one second separates exchanges (heartbeats,
 * meter values, a driver arriving) without marking the inside of one; an answer that takes longer
 * is marked too, and that is worth seeing.
 */
export const GAP_MS = 1000;
/** From a minute on, the break is drawn heavier: the interval of heartbeats and meter values. */
export const LONG_GAP_MS = 60_000;

export type LaneRef = { kind: 'station'; id: string } | { kind: 'proxy' } | { kind: 'csms' };

/**
 * Where the lanes are, in px from the left of the lane area (right of the clock column). Stations
 * come first, as in the specification's diagrams (charging station left, CSMS right); the proxy
 * and the CSMS are pinned to the right edge, so with more stations than fit, the stations scroll
 * sideways under a CSMS lane that stays in view.
 */
export interface LaneGeometry {
  stations: readonly string[];
  /** Width of the lane area. */
  width: number;
  stationLaneWidth: number;
  pinnedLaneWidth: number;
  /** Visible width of the station part: [0, stationsWidth). */
  stationsWidth: number;
  /** Width of all station lanes side by side. */
  stationsContentWidth: number;
  /** How far the stations are scrolled (clamped to [0, maxScroll]). */
  scroll: number;
  maxScroll: number;
  proxyX?: number;
  csmsX: number;
}

export function laneGeometry(
  stations: readonly string[],
  showProxy: boolean,
  width: number,
  scroll: number,
): LaneGeometry {
  const pinned = showProxy ? 2 : 1;
  const even = width / (stations.length + pinned);
  const fits = even >= MIN_LANE_WIDTH;
  const pinnedLaneWidth = fits ? even : MIN_LANE_WIDTH;
  const stationLaneWidth = fits ? even : MIN_LANE_WIDTH;
  const stationsWidth = Math.max(0, width - pinned * pinnedLaneWidth);
  const stationsContentWidth = stations.length * stationLaneWidth;
  const maxScroll = Math.max(0, Math.ceil(stationsContentWidth - stationsWidth));
  const geometry: LaneGeometry = {
    stations,
    width,
    stationLaneWidth,
    pinnedLaneWidth,
    stationsWidth,
    stationsContentWidth,
    scroll: Math.min(Math.max(0, scroll), maxScroll),
    maxScroll,
    csmsX: stationsWidth + (pinned - 0.5) * pinnedLaneWidth,
  };
  if (showProxy) geometry.proxyX = stationsWidth + pinnedLaneWidth / 2;
  return geometry;
}

/** Where a lane's line is; `clipped`: the station is scrolled out of view on that side. */
export interface LanePoint {
  x: number;
  clipped?: 'left' | 'right';
}

export function laneX(g: LaneGeometry, lane: LaneRef): LanePoint | undefined {
  if (lane.kind === 'csms') return { x: g.csmsX };
  if (lane.kind === 'proxy') return g.proxyX === undefined ? undefined : { x: g.proxyX };
  const index = g.stations.indexOf(lane.id);
  if (index < 0) return undefined;
  const x = (index + 0.5) * g.stationLaneWidth - g.scroll;
  if (x < 0) return { x: 0, clipped: 'left' };
  if (x > g.stationsWidth) return { x: g.stationsWidth, clipped: 'right' };
  return { x };
}

/** The stations whose lanes are (at least half) in view, with their line's x. */
export function visibleStations(g: LaneGeometry): { id: string; x: number }[] {
  const first = Math.max(0, Math.floor(g.scroll / g.stationLaneWidth));
  const visible: { id: string; x: number }[] = [];
  for (let i = first; i < g.stations.length; i++) {
    const x = (i + 0.5) * g.stationLaneWidth - g.scroll;
    if (x > g.stationsWidth) break;
    if (x >= 0) visible.push({ id: g.stations[i]!, x });
  }
  return visible;
}

/** The scroll that brings a station's lane into view, or undefined when it is in view already. */
export function scrollToStation(g: LaneGeometry, stationId: string): number | undefined {
  const index = g.stations.indexOf(stationId);
  if (index < 0 || g.maxScroll === 0) return undefined;
  const left = index * g.stationLaneWidth;
  const right = left + g.stationLaneWidth;
  if (left >= g.scroll && right <= g.scroll + g.stationsWidth) return undefined;
  const centred = left + g.stationLaneWidth / 2 - g.stationsWidth / 2;
  return Math.min(Math.max(0, Math.round(centred)), g.maxScroll);
}

/** Labels are never narrower than this, even over a short arrow: they may run past its ends. */
export const MIN_LABEL_WIDTH = 240;

/**
 * Where an arrow's label goes (CSS px in the lane area). Centred over the arrow, as in the
 * specification's diagrams; an arrow cut at the edge of the station lanes has its visible end
 * only, so the label hangs from that end into the free lanes instead of being cut down to nothing.
 */
export function labelPlacement(
  from: LanePoint,
  to: LanePoint,
  width: number,
): { left: number; align: 'centre' | 'start' } | { right: number; align: 'end' } {
  const lo = Math.min(from.x, to.x);
  const hi = Math.max(from.x, to.x);
  const clipped = from.clipped ?? to.clipped;
  if (clipped === 'right') return { right: width - hi + 6, align: 'end' };
  if (clipped === 'left') return { left: lo + 12, align: 'start' };
  return { left: (lo + hi) / 2, align: 'centre' };
}

export function labelMaxWidth(from: LanePoint, to: LanePoint): number {
  return Math.max(Math.abs(to.x - from.x) - 12, MIN_LABEL_WIDTH);
}

export function laneKey(lane: LaneRef): string {
  return lane.kind === 'station' ? `station:${lane.id}` : lane.kind;
}

/**
 * What a slot draws: `call`, `result`, `error` (CALLERROR and CALLRESULTERROR), ... as arrows;
 * `connection` (an event) and `console` (a line the station logged) as marks on its lane.
 */
export type SlotKind =
  'call' | 'result' | 'error' | 'send' | 'malformed' | 'binary' | 'connection' | 'console';

export function slotKind(row: TimelineRow): SlotKind {
  if (row.kind === 'connection') return 'connection';
  if (row.kind === 'console') return 'console';
  if (row.binary) return 'binary';
  switch (row.messageType) {
    case 2:
      return 'call';
    case 3:
      return 'result';
    case 4:
    case 5:
      return 'error';
    case 6:
      return 'send';
    default:
      return 'malformed';
  }
}

/**
 * Who sent a frame and who got it. The proxy stands in for the side it pretends to be: an injected
 * frame starts at the proxy, a dropped one ends there. A frame both injected and dropped (never
 * written today) would start and end at the proxy.
 */
export function endpoints(row: TimelineRow, proxyShown: boolean): { from: LaneRef; to: LaneRef } {
  const station: LaneRef = { kind: 'station', id: row.stationId };
  const csms: LaneRef = { kind: 'csms' };
  const proxy: LaneRef = { kind: 'proxy' };
  const toCsms = row.direction !== 'toStation';
  let from: LaneRef = toCsms ? station : csms;
  let to: LaneRef = toCsms ? csms : station;
  if (proxyShown && row.flags?.includes('injected')) from = proxy;
  if (proxyShown && row.flags?.includes('dropped')) to = proxy;
  return { from, to };
}

/** An arrow's label: CALLs say their action, answers the action they answer and how it went. */
export function arrowLabel(row: TimelineRow): string {
  const kind = slotKind(row);
  const action = row.action;
  switch (kind) {
    case 'connection':
      return row.summary ?? row.event ?? 'connection';
    case 'console':
      return row.summary ?? '';
    case 'binary':
      return 'binary frame';
    case 'call':
    case 'send':
      return action ?? '(no action)';
    case 'result':
      return action ? `${action} result` : 'result';
    case 'error':
      return [action, row.errorCode ?? 'error'].filter(Boolean).join(' ');
    case 'malformed':
      return action ?? 'malformed';
  }
}

/** The time that passed since the previous row of the view, when it deserves a break marker. */
export interface Gap {
  ms: number;
  label: string;
  long: boolean;
}

/**
 * `previousTs` is the previous row of the view, when loaded: in a filter's view that row is not the
 * session's previous entry, and the pause that matters is the one between the rows shown. Until
 * it is loaded, the row's own delta (to the session's previous entry) stands in.
 */
export function gapBefore(row: TimelineRow, index: number, previousTs: number | undefined): Gap | undefined {
  if (index === 0) return undefined;
  const ms = previousTs === undefined ? row.deltaMs : row.ts - previousTs;
  if (!(ms >= GAP_MS)) return undefined;
  return { ms, label: `+${formatGap(ms)}`, long: ms >= LONG_GAP_MS };
}

/** "1.7 s", "42 s", "4 min 12 s", "2 h 5 min", "3 d 4 h": two units at most, rounded. */
export function formatGap(ms: number): string {
  if (ms < 9950) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return pair(Math.floor(seconds / 60), 'min', seconds % 60, 's');
  const minutes = Math.round(seconds / 60);
  if (minutes < 24 * 60) return pair(Math.floor(minutes / 60), 'h', minutes % 60, 'min');
  const hours = Math.round(minutes / 60);
  return pair(Math.floor(hours / 24), 'd', hours % 24, 'h');
}

function pair(big: number, bigUnit: string, small: number, smallUnit: string): string {
  return small === 0 ? `${big} ${bigUnit}` : `${big} ${bigUnit} ${small} ${smallUnit}`;
}

/** A lane's name in words, for headers and screen readers. */
export function laneName(lane: LaneRef): string {
  return lane.kind === 'station' ? lane.id : lane.kind === 'proxy' ? 'OCPP Scope proxy' : 'CSMS';
}

/** A slot in words, for screen readers: when, who to whom, what, and what is wrong with it. */
export function slotDescription(
  row: TimelineRow,
  route: { from: LaneRef; to: LaneRef } | undefined,
  gap: Gap | undefined,
): string {
  const parts = [`#${row.seq}`, formatClock(row.ts)];
  if (gap) parts.push(`after ${gap.label.slice(1)}`);
  if (!route) {
    parts.push(`${row.stationId}${row.kind === 'console' ? ' logged' : ''}: ${arrowLabel(row)}`);
    if (row.kind === 'console' && row.binary) parts.push('not UTF-8');
  } else {
    const type = row.messageType !== undefined ? MESSAGE_TYPE_NAMES[row.messageType] : 'frame';
    const what = slotKind(row) === 'malformed' ? type : `${type} ${arrowLabel(row)}`;
    parts.push(`${laneName(route.from)} to ${laneName(route.to)}: ${what}`);
    if (row.problem) parts.push(`malformed (${row.problem.kind})`);
    if (row.flags?.length) parts.push(row.flags.join(', '));
  }
  if (row.findings) parts.push(`${row.findings.count} finding${row.findings.count === 1 ? '' : 's'}`);
  return parts.join(', ');
}
