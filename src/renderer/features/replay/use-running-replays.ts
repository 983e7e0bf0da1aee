/**
 * How many replays are running, for the Replay tab's count. The panel is always on screen, so this
 * is also where the renderer starts following replays once it is connected.
 */
import { useEffect } from 'react';
import { initReplay, isFinal, useReplays } from '../../state/replay';
import { useApp } from '../../state/store';

export function useRunningReplays(): number {
  const rpc = useApp((s) => s.client);
  useEffect(() => {
    if (rpc) initReplay(rpc);
  }, [rpc]);
  return useReplays((s) => s.runs.filter((r) => !isFinal(r.status)).length);
}
