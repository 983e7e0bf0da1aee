import { useMemo, useState } from 'react';
import type { TimelineRow } from '../../../shared/timeline/row';
import { useApp } from '../../state/store';

interface Seen {
  sessionId?: string;
  proxy: boolean;
  stations: string[];
}

/**
 * The lanes to draw: the session's stations, and whether the proxy gets a lane. The session's
 * counts say so up front; rows on screen can add to them (a live session's altered frames are not
 * counted until it ends, and a station may show up in a row before its count). What was seen once
 * stays for the session, so lanes never appear and vanish as rows scroll by.
 */
export function useLanes(rows: readonly (TimelineRow | undefined)[]): {
  stations: string[];
  showProxy: boolean;
} {
  const opened = useApp((s) => s.opened);
  const sessionId = opened?.info.id;
  const base = opened?.stats.stations;
  const altered = (opened?.stats.altered ?? 0) > 0;
  const [seen, setSeen] = useState<Seen>({ proxy: false, stations: [] });
  const current: Seen = seen.sessionId === sessionId ? seen : { sessionId, proxy: false, stations: [] };

  let proxy = current.proxy;
  let added: string[] | undefined;
  for (const row of rows) {
    if (!row) continue;
    if (!proxy && row.flags !== undefined && row.flags.length > 0) proxy = true;
    const id = row.stationId;
    if (!base?.includes(id) && !current.stations.includes(id) && !added?.includes(id)) {
      (added ??= []).push(id);
    }
  }
  // Derived state kept across renders: React's "adjusting state while rendering" pattern, so the
  // first frame that shows a flagged row already has its proxy lane.
  if (current !== seen || proxy !== current.proxy || added) {
    setSeen({ sessionId, proxy, stations: added ? [...current.stations, ...added] : current.stations });
  }

  const extra = current.stations;
  const stations = useMemo(
    () => (extra.length === 0 ? (base ?? []) : [...new Set([...(base ?? []), ...extra])].sort()),
    [base, extra],
  );
  return { stations, showProxy: altered || proxy };
}
