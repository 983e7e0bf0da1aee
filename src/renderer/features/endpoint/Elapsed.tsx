/**
 * How long ago `since` was, kept current: ticks on its own so that what surrounds it (a card, a
 * table with an injection form open) does not re-render every second.
 */
import { formatUptime } from './station-link';
import { useNow } from './use-now';

export function Elapsed({ since }: { since: number }) {
  const now = useNow();
  return <>{formatUptime(now - since)}</>;
}
