/**
 * What every service chargers connect to says about a connected station, and the counters that
 * some services keep per connection (the proxy does; a service without them leaves them out).
 */
import type { Direction } from '../../../shared/capture/entry';

export interface StationLink {
  connectionId: string;
  stationId: string;
  /** The negotiated subprotocol, empty when none was. */
  subprotocol: string;
  /** ms since the epoch. */
  openedAt: number;
  frames?: Record<Direction, number>;
  pings?: number;
  pongs?: number;
}

export interface LinkTotals {
  stations: number;
  /** Absent when the service does not count frames. */
  frames?: Record<Direction, number>;
  /** Absent when the service does not count WebSocket pings and pongs. */
  pings?: number;
  pongs?: number;
}

/** The counters of a service's connected stations added up (stations that left are not in them). */
export function linkTotals(links: readonly StationLink[]): LinkTotals {
  const totals: LinkTotals = { stations: new Set(links.map((l) => l.stationId)).size };
  for (const link of links) {
    if (link.frames) {
      const frames = (totals.frames ??= { toCsms: 0, toStation: 0 });
      frames.toCsms += link.frames.toCsms;
      frames.toStation += link.frames.toStation;
    }
    if (link.pings !== undefined) totals.pings = (totals.pings ?? 0) + link.pings;
    if (link.pongs !== undefined) totals.pongs = (totals.pongs ?? 0) + link.pongs;
  }
  return totals;
}

/** How long something has run, in whole units that stay readable as it ticks. */
export function formatUptime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
