/**
 * The opened session's counts. A finished session's are those it was opened with; a live one's
 * grow, and the snapshot's do not grow by themselves: they are read again while entries arrive, at
 * most once a second.
 */
import { useEffect, useState } from 'react';
import type { SessionInfo } from '../../../shared/rpc/contract';
import type { SessionStats } from '../../../shared/timeline/session-model';
import { client, report, useApp } from '../../state/store';

const REFRESH_MS = 1000;

export interface SessionFacts {
  info: SessionInfo;
  stats: SessionStats;
}

export function useSessionStats(): SessionFacts | undefined {
  const opened = useApp((s) => s.opened);
  const [fresh, setFresh] = useState<SessionFacts>();
  const sessionId = opened?.info.id;
  const live = opened?.info.live === true;
  useEffect(() => {
    if (sessionId === undefined || !live) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastRead = 0;
    let stopped = false;
    const read = () => {
      timer = undefined;
      lastRead = Date.now();
      client()
        .call('sessions.open', { sessionId })
        .then(({ info, stats }) => {
          // Answers may cross: an older count never replaces a newer one.
          if (!stopped)
            setFresh((prev) =>
              prev?.info.id === info.id && prev.stats.entries > stats.entries ? prev : { info, stats },
            );
        }, report);
    };
    const off = client().on('timeline.appended', (delta) => {
      // The first entries show at once, a steady flow once a second.
      if (delta.sessionId === sessionId)
        timer ??= setTimeout(read, Math.max(0, lastRead + REFRESH_MS - Date.now()));
    });
    return () => {
      stopped = true;
      off();
      clearTimeout(timer);
    };
  }, [sessionId, live]);
  if (!opened) return undefined;
  // The store's copy wins once the session has ended (it is read again then) or when it is newer.
  const freshWins = live && fresh?.info.id === opened.info.id && fresh.stats.entries >= opened.stats.entries;
  return freshWins
    ? { info: { ...opened.info, bytes: fresh.info.bytes }, stats: fresh.stats }
    : { info: opened.info, stats: opened.stats };
}
