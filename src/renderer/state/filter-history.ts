/**
 * The filters applied lately, newest first, kept across restarts in the renderer's local storage
 * (per machine, like a shell history): engineers come back to the same few filters all day.
 */
const KEY = 'ocpp-scope.recent-filters';
export const MAX_RECENT_FILTERS = 20;

export function recentFilters(): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(value)
      ? value.filter((item): item is string => typeof item === 'string').slice(0, MAX_RECENT_FILTERS)
      : [];
  } catch {
    // A hand-edited or corrupt entry is no reason to lose the filter bar.
    return [];
  }
}

export function rememberFilter(filter: string): void {
  const list = [filter, ...recentFilters().filter((item) => item !== filter)].slice(0, MAX_RECENT_FILTERS);
  try {
    localStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // Storage full or disabled: the history is a convenience, the filter still applies.
  }
}
