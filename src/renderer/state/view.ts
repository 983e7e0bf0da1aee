/**
 * The view: the rows the timeline and the sequence diagram show (the session, or what the applied
 * filter matches), fetched from main by page, and the selected entry.
 */
import type { FilterError } from '../../shared/filter/filter';
import type { TimelineRow } from '../../shared/timeline/row';
import { rememberFilter } from './filter-history';
import { client, PAGE_SIZE, report, useApp, type AppState } from './store';

/** Pages being fetched, by view: a page of an older view that arrives late is not placed. */
const loadingPages = new Set<string>();
/** Moves whenever the view changes (another session, another filter): late answers are dropped. */
let viewGeneration = 0;

/** Another session is shown (or none): pages still on their way are for the old one. */
export function newView(): void {
  viewGeneration++;
  loadingPages.clear();
}
/** The rows on screen, as last asked for by a view: what a refresh fetches again. */
let onScreen = { start: 0, end: 0 };

async function fetchRows(
  sessionId: string,
  filter: string | undefined,
  offset: number,
  limit: number,
): Promise<{ total: number; rows: TimelineRow[] }> {
  if (filter === undefined) return client().call('timeline.rows', { sessionId, offset, limit });
  const page = await client().call('timeline.filter', { sessionId, filter, offset, limit });
  // The filter compiled when it was applied: an error now is a bug, said as such.
  if (!page.ok) throw new Error(`The filter no longer compiles: ${page.error.message}`);
  return page;
}

/** Places a live delta in an unfiltered view: rows by their index in the session. */
export function placeDelta(
  total: number,
  rows: TimelineRow[],
  updated: { index: number; row: TimelineRow }[],
): void {
  const pages = new Map(useApp.getState().pages);
  const first = total - rows.length;
  const place = (index: number, row: TimelineRow) => {
    const pageIndex = Math.floor(index / PAGE_SIZE);
    const page = pages.get(pageIndex);
    // Placed by index, so a row that a page fetch already brought is simply written again; rows
    // of pages never fetched are left out: the page fetch brings them as they are now.
    if (page && index % PAGE_SIZE <= page.length) {
      const copy = page.slice();
      copy[index % PAGE_SIZE] = row;
      pages.set(pageIndex, copy);
    }
  };
  for (const { index, row } of updated) place(index, row);
  rows.forEach((row, k) => place(first + k, row));
  useApp.setState({ total, pages });
}

/** Makes sure the rows [start, end) of the view are fetched (by page). */
export function ensureRows(start: number, end: number): void {
  const { opened, pages, total, filter } = useApp.getState();
  if (!opened) return;
  onScreen = { start, end };
  const sessionId = opened.info.id;
  const generation = viewGeneration;
  const last = Math.min(end, total) - 1;
  for (let page = Math.floor(start / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++) {
    const have = pages.get(page);
    const expected = Math.min(PAGE_SIZE, total - page * PAGE_SIZE);
    const key = `${generation}:${page}`;
    if ((have && have.length >= expected) || loadingPages.has(key)) continue;
    loadingPages.add(key);
    fetchRows(sessionId, filter, page * PAGE_SIZE, PAGE_SIZE)
      .then(({ rows, total: now }) => {
        loadingPages.delete(key);
        if (generation !== viewGeneration) return;
        const state = useApp.getState();
        const next = new Map(state.pages).set(page, rows);
        // A filtered live view learns its new size with each page (main filtered the session as it is now).
        useApp.setState(filter === undefined ? { pages: next } : { pages: next, total: now });
        // A live session may have grown while the page was on its way, its deltas skipped because
        // the page was not there yet: fetch what is still missing.
        const want = Math.min(PAGE_SIZE, useApp.getState().total - page * PAGE_SIZE);
        if (rows.length < want) ensureRows(page * PAGE_SIZE, page * PAGE_SIZE + want);
      })
      .catch((error: unknown) => {
        loadingPages.delete(key);
        report(error);
      });
  }
}

/**
 * Fetches the view again where it is on screen (a filtered live session grew, the view was
 * paused, a new profile changed the findings); other pages are dropped and fetched on demand.
 */
export async function refreshView(): Promise<void> {
  const { opened, filter } = useApp.getState();
  if (!opened) return;
  const sessionId = opened.info.id;
  const generation = ++viewGeneration;
  const { start, end } = onScreen;
  const from = Math.floor(start / PAGE_SIZE) * PAGE_SIZE;
  const { total, rows } = await fetchRows(sessionId, filter, from, Math.max(end - from, 1) + PAGE_SIZE);
  if (generation !== viewGeneration) return;
  const pages = new Map<number, TimelineRow[]>();
  for (let k = 0; k < rows.length; k += PAGE_SIZE)
    pages.set((from + k) / PAGE_SIZE, rows.slice(k, k + PAGE_SIZE));
  // The selected entry keeps its place only if it is still where it was.
  const seq = useApp.getState().detail?.row.seq;
  const selectedIndex = useApp.getState().selectedIndex;
  const stillThere = selectedIndex !== undefined && rowAt({ pages }, selectedIndex)?.seq === seq;
  useApp.setState({ total, pages, ...(stillThere ? {} : { selectedIndex: await locate(seq) }) });
}

let refreshTimer: ReturnType<typeof setTimeout> | undefined;

/** A filtered live view is fetched again at most every 250 ms: main filters the whole session each time. */
export function scheduleViewRefresh(): void {
  if (refreshTimer !== undefined) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined;
    refreshView().catch(report);
  }, 250);
}

/** Where the entry `seq` is in the current view; undefined when the view leaves it out. */
async function locate(seq: number | undefined): Promise<number | undefined> {
  const { opened, filter } = useApp.getState();
  if (!opened || seq === undefined) return undefined;
  const { index } = await client().call('timeline.locate', { sessionId: opened.info.id, seq, filter });
  return index ?? undefined;
}

/**
 * Shows only the rows `filter` matches, once main has them (the old view stays until then).
 * Returns the error when the filter does not compile: the filter bar shows it where it is.
 */
export async function applyFilter(filter: string): Promise<FilterError | undefined> {
  const { opened, detail } = useApp.getState();
  if (!opened) return undefined;
  if (filter.trim() === '') {
    await clearFilter();
    return undefined;
  }
  const sessionId = opened.info.id;
  const page = await client().call('timeline.filter', { sessionId, filter, offset: 0, limit: PAGE_SIZE });
  if (!page.ok) return page.error;
  const seq = detail?.row.seq;
  const located =
    seq === undefined ? null : (await client().call('timeline.locate', { sessionId, seq, filter })).index;
  if (useApp.getState().opened?.info.id !== sessionId) return undefined;
  viewGeneration++;
  rememberFilter(filter);
  // The selected entry stays selected if the filter keeps it, and stays in the inspector if not.
  useApp.setState({
    filter,
    total: page.total,
    sessionTotal: page.sessionTotal,
    pages: new Map([[0, page.rows]]),
    selectedIndex: located ?? undefined,
  });
  return undefined;
}

/** Back to the whole session, the selected entry kept in view. */
export async function clearFilter(): Promise<void> {
  const { opened, filter } = useApp.getState();
  if (!opened || filter === undefined) return;
  viewGeneration++;
  const seq = useApp.getState().detail?.row.seq;
  useApp.setState((state) => ({ filter: undefined, total: state.sessionTotal, pages: new Map() }));
  useApp.setState({ selectedIndex: await locate(seq) });
}

/** Freezes a live view (the capture goes on), or brings it up to date again. */
export function setPaused(paused: boolean): void {
  useApp.setState({ paused });
  if (!paused) void refreshView().catch(report);
}

export function rowAt(state: Pick<AppState, 'pages'>, index: number): TimelineRow | undefined {
  return state.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
}

let detailRequest = 0;

/** Shows the entry at `index` of the view in the inspector. */
export function select(index: number): void {
  const state = useApp.getState();
  if (!state.opened || index < 0 || index >= state.total) return;
  const sessionId = state.opened.info.id;
  const filter = state.filter;
  const request = ++detailRequest;
  useApp.setState({ selectedIndex: index, detail: undefined });
  // A row far from what is loaded (End, a long jump) is fetched on its own first.
  const loaded = rowAt(state, index);
  const row = loaded
    ? Promise.resolve(loaded)
    : fetchRows(sessionId, filter, index, 1).then(({ rows }) => rows[0]);
  row
    .then((r) =>
      r && request === detailRequest ? client().call('timeline.entry', { sessionId, seq: r.seq }) : undefined,
    )
    .then((detail) => {
      if (detail && request === detailRequest) useApp.setState({ detail });
    }, report);
}

/** The selected entry again (it got a partner or a finding), the current detail kept meanwhile. */
export function refreshDetail(): void {
  const { opened, detail } = useApp.getState();
  if (!opened || !detail) return;
  const request = ++detailRequest;
  client()
    .call('timeline.entry', { sessionId: opened.info.id, seq: detail.row.seq })
    .then((again) => {
      if (request === detailRequest) useApp.setState({ detail: again });
    }, report);
}

/**
 * Selects the entry `seq` (go to partner, jump to a finding's entry), loaded or not. When the
 * filter hides it, the filter is cleared to show it: the user asked for that entry.
 */
export async function selectSeq(seq: number): Promise<void> {
  const { pages, opened } = useApp.getState();
  for (const [page, rows] of pages) {
    const k = rows.findIndex((r) => r?.seq === seq);
    if (k >= 0) {
      select(page * PAGE_SIZE + k);
      return;
    }
  }
  if (!opened) return;
  try {
    let index = await locate(seq);
    if (index === undefined && useApp.getState().filter !== undefined) {
      const found = await client().call('timeline.locate', { sessionId: opened.info.id, seq });
      if (found.index !== null) {
        await clearFilter();
        useApp.setState({
          notice: { kind: 'info', text: `The filter hid entry #${seq}: it was cleared to show it.` },
        });
        index = found.index;
      }
    }
    if (index === undefined) {
      useApp.setState({ notice: { kind: 'error', text: `This session has no entry #${seq}.` } });
    } else if (useApp.getState().opened?.info.id === opened.info.id) {
      select(index);
    }
  } catch (error) {
    report(error);
  }
}
