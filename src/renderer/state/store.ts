/**
 * Renderer state. The renderer holds only what it shows: the session list, the opened session's
 * counts, the pages of timeline rows that have been on screen, and the selected entry's detail.
 */
import { create } from 'zustand';
import type { RpcClient } from '../../shared/rpc/client';
import type { AnalysisSummary, AppInfo, OpenedSession, SessionInfo } from '../../shared/rpc/contract';
import type { TimelineRow } from '../../shared/timeline/row';
import type { EntryDetail } from '../../shared/timeline/session-model';
import type { FilterError } from '../../shared/filter/filter';
import { rememberFilter } from './filter-history';

export const PAGE_SIZE = 200;

export interface AppState {
  client?: RpcClient;
  info?: AppInfo;
  fatal?: string;
  notice?: { kind: 'error' | 'info'; text: string };
  sessions: SessionInfo[];
  opened?: OpenedSession;
  /**
   * The rows the timeline and the sequence diagram show: the whole session, or the rows the
   * applied filter matches. `total`, `pages`, `selectedIndex` are indexes into this view.
   */
  filter?: string;
  total: number;
  /** Entries in the opened session, whatever the filter. */
  sessionTotal: number;
  /** Page index -> rows; a page is present once fetched. */
  pages: Map<number, TimelineRow[]>;
  selectedIndex?: number;
  detail?: EntryDetail;
  followTail: boolean;
  /** A live session's view is frozen (the capture goes on): `sessionTotal` still counts. */
  paused: boolean;
  /** The opened session's findings by rule and severity (refetched when its count changes). */
  summary?: AnalysisSummary;
  /** What the centre shows of the opened session (or of its filter). */
  centerView: CenterView;
}

export type CenterView = 'timeline' | 'sequence';

export const useApp = create<AppState>(() => ({
  sessions: [],
  total: 0,
  sessionTotal: 0,
  pages: new Map(),
  followTail: false,
  paused: false,
  centerView: 'timeline',
}));

export function client(): RpcClient {
  const c = useApp.getState().client;
  if (!c) throw new Error('not connected');
  return c;
}

/** A call whose error the caller shows next to itself (a form) instead of in the app-wide notice. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export async function attempt<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export function report(error: unknown): void {
  useApp.setState({
    notice: { kind: 'error', text: error instanceof Error ? error.message : String(error) },
  });
}

export function init(rpc: RpcClient): void {
  useApp.setState({ client: rpc });
  rpc.on('sessions.changed', ({ sessions }) => {
    // The opened session's info follows the list: a live session ends, or is renamed.
    const opened = useApp.getState().opened;
    const info = opened && sessions.find((s) => s.id === opened.info.id);
    useApp.setState(info && opened ? { sessions, opened: { ...opened, info } } : { sessions });
    // A live session's counts (stations, problems) are read once it has ended, a large file's
    // once it is read to the end (its end-of-capture findings come last).
    const ended = (was: SessionInfo, now: SessionInfo) =>
      (was.live && !now.live) || (was.loading && !now.loading);
    if (opened && info && ended(opened.info, info)) void reloadOpened().catch(report);
  });
  rpc.on('timeline.appended', (delta) => {
    const state = useApp.getState();
    if (state.opened?.info.id !== delta.sessionId) return;
    // A live session's stations as they connect (the counts of the snapshot do not grow by themselves).
    const stations = state.opened.stats.stations;
    const added = [...new Set(delta.rows.map((r) => r.stationId))].filter((id) => !stations.includes(id));
    const opened =
      added.length > 0
        ? { ...state.opened, stats: { ...state.opened.stats, stations: [...stations, ...added].sort() } }
        : state.opened;
    useApp.setState({ opened, sessionTotal: delta.total });
    if (delta.findings !== state.summary?.total) refreshSummary();
    if (state.paused) return;
    if (state.filter === undefined) placeDelta(delta.total, delta.rows, delta.updated);
    // Which new rows a filter matches (and which older ones now do) is main's to say.
    else scheduleViewRefresh();
    // The selected entry may be one that just got a partner or a finding.
    const seq = state.detail?.row.seq;
    if (seq !== undefined && delta.updated.some((u) => u.row.seq === seq)) refreshDetail();
  });
  void Promise.all([rpc.call('app.info', {}), rpc.call('sessions.list', {})]).then(
    ([info, sessions]) => useApp.setState({ info, sessions }),
    report,
  );
}

function showOpened(opened: OpenedSession): void {
  const filter = useApp.getState().filter;
  viewGeneration++;
  useApp.setState({
    opened,
    filter: undefined,
    total: opened.stats.entries,
    sessionTotal: opened.stats.entries,
    pages: new Map(),
    selectedIndex: undefined,
    detail: undefined,
    summary: undefined,
    // A live session shows its newest rows as they arrive, until the user scrolls away.
    followTail: opened.info.live,
    paused: false,
    notice:
      opened.fileProblems.length > 0
        ? { kind: 'info', text: opened.fileProblems.map((p) => p.message).join('\n') }
        : undefined,
  });
  refreshSummary();
  // The filter stays when another session is opened, as a display filter does.
  if (filter !== undefined) void applyFilter(filter).catch(report);
}

/**
 * Fetches the opened session again after its analysis changed (a new profile): counts, the rows
 * on screen (severity and rule filters may now match others), the summary and the selected entry.
 */
export async function reloadOpened(): Promise<void> {
  const { opened } = useApp.getState();
  if (!opened) return;
  const sessionId = opened.info.id;
  const again = await client().call('sessions.open', { sessionId });
  if (useApp.getState().opened?.info.id !== sessionId) return;
  useApp.setState({ opened: again, sessionTotal: again.stats.entries });
  refreshSummary();
  refreshDetail();
  await refreshView();
}

let summaryLoading = false;
let summaryStale = false;

/**
 * Fetches the findings summary of the opened session. Live deltas can ask for it every 50 ms:
 * one request at a time, and one more after it when asked meanwhile.
 */
export function refreshSummary(): void {
  if (summaryLoading) {
    summaryStale = true;
    return;
  }
  const sessionId = useApp.getState().opened?.info.id;
  if (sessionId === undefined) return;
  summaryLoading = true;
  summaryStale = false;
  client()
    .call('analysis.summary', { sessionId })
    .then((summary) => {
      if (useApp.getState().opened?.info.id === sessionId) useApp.setState({ summary });
    }, report)
    .finally(() => {
      summaryLoading = false;
      if (summaryStale) refreshSummary();
    });
}

export async function openSession(sessionId: string): Promise<void> {
  try {
    const previous = useApp.getState().opened?.info.id;
    const opened = await client().call('sessions.open', { sessionId });
    showOpened(opened);
    if (previous && previous !== sessionId) void client().call('sessions.close', { sessionId: previous });
  } catch (error) {
    report(error);
  }
}

/** An empty session (to replay into, to build by hand), opened. */
export async function createSession(name: string): Promise<void> {
  try {
    const info = await client().call('sessions.create', { name });
    await openSession(info.id);
  } catch (error) {
    report(error);
  }
}

export async function importFile(file: File): Promise<void> {
  try {
    useApp.setState({ notice: { kind: 'info', text: `Opening ${file.name}…` } });
    const content = await file.text();
    const opened = await client().call('sessions.import', { fileName: file.name, content });
    showOpened(opened);
  } catch (error) {
    report(error);
  }
}

export async function renameSession(sessionId: string, name: string): Promise<void> {
  try {
    const info = await client().call('sessions.rename', { sessionId, name });
    const opened = useApp.getState().opened;
    if (opened?.info.id === sessionId) useApp.setState({ opened: { ...opened, info } });
  } catch (error) {
    report(error);
  }
}

export async function deleteSession(sessionId: string): Promise<void> {
  try {
    await client().call('sessions.delete', { sessionId });
    if (useApp.getState().opened?.info.id === sessionId) {
      viewGeneration++;
      useApp.setState({
        opened: undefined,
        total: 0,
        sessionTotal: 0,
        pages: new Map(),
        selectedIndex: undefined,
        detail: undefined,
        summary: undefined,
      });
    }
  } catch (error) {
    report(error);
  }
}

export async function exportSession(sessionId: string): Promise<void> {
  try {
    const { fileName, content } = await client().call('sessions.export', { sessionId });
    const url = URL.createObjectURL(new Blob([content], { type: 'application/x-ndjson' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    report(error);
  }
}

// ---- the view: the rows of the session or of its filter, fetched by page --------------------

/** Pages being fetched, by view: a page of an older view that arrives late is not placed. */
const loadingPages = new Set<string>();
/** Moves whenever the view changes (another session, another filter): late answers are dropped. */
let viewGeneration = 0;
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
function placeDelta(
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
async function refreshView(): Promise<void> {
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
function scheduleViewRefresh(): void {
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
function refreshDetail(): void {
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

export function setCenterView(centerView: CenterView): void {
  useApp.setState({ centerView });
}

export function setFollowTail(followTail: boolean): void {
  useApp.setState({ followTail });
}

export function dismissNotice(): void {
  useApp.setState({ notice: undefined });
}
