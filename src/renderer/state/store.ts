/**
 * Renderer state. The renderer holds only what it shows: the session list, the opened session's
 * counts, the pages of timeline rows that have been on screen, and the selected entry's detail.
 */
import { create } from 'zustand';
import type { RpcClient } from '../../shared/rpc/client';
import type { AnalysisSummary, AppInfo, OpenedSession, SessionInfo } from '../../shared/rpc/contract';
import type { TimelineRow } from '../../shared/timeline/row';
import type { EntryDetail } from '../../shared/timeline/session-model';

export const PAGE_SIZE = 200;

export interface AppState {
  client?: RpcClient;
  info?: AppInfo;
  fatal?: string;
  notice?: { kind: 'error' | 'info'; text: string };
  sessions: SessionInfo[];
  opened?: OpenedSession;
  total: number;
  /** Page index -> rows; a page is present once fetched. */
  pages: Map<number, TimelineRow[]>;
  selectedIndex?: number;
  detail?: EntryDetail;
  followTail: boolean;
  /** The opened session's findings by rule and severity (refetched when its count changes). */
  summary?: AnalysisSummary;
  /** What the centre shows of the opened session (or of its filter). */
  centerView: CenterView;
}

export type CenterView = 'timeline' | 'sequence';

export const useApp = create<AppState>(() => ({
  sessions: [],
  total: 0,
  pages: new Map(),
  followTail: false,
  centerView: 'timeline',
}));

const loadingPages = new Set<string>();

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
    // A live session's counts (stations, problems) are read once it has ended.
    if (opened?.info.live && info && !info.live) void reloadOpened().catch(report);
  });
  rpc.on('timeline.appended', ({ sessionId, total, rows, updated, findings }) => {
    const state = useApp.getState();
    if (state.opened?.info.id !== sessionId) return;
    const pages = new Map(state.pages);
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
    // A live session's stations as they connect (the counts of the snapshot do not grow by themselves).
    const stations = state.opened.stats.stations;
    const added = [...new Set(rows.map((r) => r.stationId))].filter((id) => !stations.includes(id));
    const opened =
      added.length > 0
        ? { ...state.opened, stats: { ...state.opened.stats, stations: [...stations, ...added].sort() } }
        : state.opened;
    useApp.setState({ total, pages, opened });
    if (findings !== state.summary?.total) refreshSummary();
    // The selected entry may be one that just got a partner or a finding.
    const selected = state.selectedIndex;
    if (selected !== undefined && updated.some((u) => u.index === selected)) select(selected, true);
  });
  void Promise.all([rpc.call('app.info', {}), rpc.call('sessions.list', {})]).then(
    ([info, sessions]) => useApp.setState({ info, sessions }),
    report,
  );
}

function showOpened(opened: OpenedSession): void {
  loadingPages.clear();
  useApp.setState({
    opened,
    total: opened.stats.entries,
    pages: new Map(),
    selectedIndex: undefined,
    detail: undefined,
    summary: undefined,
    // A live session shows its newest rows as they arrive, until the user scrolls away.
    followTail: opened.info.live,
    notice:
      opened.fileProblems.length > 0
        ? { kind: 'info', text: opened.fileProblems.map((p) => p.message).join('\n') }
        : undefined,
  });
  refreshSummary();
}

/**
 * Fetches the opened session again after its analysis changed (a new profile): counts, the pages
 * on screen (kept shown until their new version arrives, so the timeline does not blank out),
 * the summary and the selected entry.
 */
export async function reloadOpened(): Promise<void> {
  const { opened, pages } = useApp.getState();
  if (!opened) return;
  const sessionId = opened.info.id;
  const again = await client().call('sessions.open', { sessionId });
  if (useApp.getState().opened?.info.id !== sessionId) return;
  useApp.setState({ opened: again, total: again.stats.entries });
  refreshSummary();
  const selected = useApp.getState().selectedIndex;
  if (selected !== undefined) select(selected, true);
  await Promise.all(
    [...pages.keys()].map(async (page) => {
      const { rows } = await client().call('timeline.rows', {
        sessionId,
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
      });
      if (useApp.getState().opened?.info.id !== sessionId) return;
      useApp.setState({ pages: new Map(useApp.getState().pages).set(page, rows) });
    }),
  );
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
      useApp.setState({
        opened: undefined,
        total: 0,
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

/** Makes sure the rows [start, end) are fetched (by page). */
export function ensureRows(start: number, end: number): void {
  const { opened, pages, total } = useApp.getState();
  if (!opened) return;
  const sessionId = opened.info.id;
  const last = Math.min(end, total) - 1;
  for (let page = Math.floor(start / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++) {
    const have = pages.get(page);
    const expected = Math.min(PAGE_SIZE, total - page * PAGE_SIZE);
    const key = `${sessionId}:${page}`;
    if ((have && have.length >= expected) || loadingPages.has(key)) continue;
    loadingPages.add(key);
    client()
      .call('timeline.rows', { sessionId, offset: page * PAGE_SIZE, limit: PAGE_SIZE })
      .then(({ rows }) => {
        loadingPages.delete(key);
        if (useApp.getState().opened?.info.id !== sessionId) return;
        const next = new Map(useApp.getState().pages);
        next.set(page, rows);
        useApp.setState({ pages: next });
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

export function rowAt(state: Pick<AppState, 'pages'>, index: number): TimelineRow | undefined {
  return state.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
}

let detailRequest = 0;

/** `refresh`: the same row again (it changed), keeping the current detail on screen meanwhile. */
export function select(index: number, refresh = false): void {
  const state = useApp.getState();
  if (!state.opened || index < 0 || index >= state.total) return;
  const sessionId = state.opened.info.id;
  const request = ++detailRequest;
  useApp.setState(refresh ? { selectedIndex: index } : { selectedIndex: index, detail: undefined });
  // A row far from what is loaded (End, a long jump) is fetched on its own first.
  const loaded = rowAt(state, index);
  const row = loaded
    ? Promise.resolve(loaded)
    : client()
        .call('timeline.rows', { sessionId, offset: index, limit: 1 })
        .then(({ rows }) => rows[0]);
  row
    .then((r) =>
      r && request === detailRequest ? client().call('timeline.entry', { sessionId, seq: r.seq }) : undefined,
    )
    .then((detail) => {
      if (detail && request === detailRequest) useApp.setState({ detail });
    }, report);
}

/** Selects the row holding `seq`, loaded or not (go to partner, jump to a finding's entry). */
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
    const index = await indexOfSeq(opened.info.id, seq);
    if (index === undefined) {
      useApp.setState({ notice: { kind: 'error', text: `This session has no entry #${seq}.` } });
    } else if (useApp.getState().opened?.info.id === opened.info.id) {
      select(index);
    }
  } catch (error) {
    report(error);
  }
}

/**
 * The index of the row holding `seq`, asking main for single rows. Seqs increase with the index
 * and are nearly always consecutive, so `seq - firstSeq` is tried first; a capture with gaps
 * falls back to a binary search (about 17 fetches for 100k rows).
 */
async function indexOfSeq(sessionId: string, seq: number): Promise<number | undefined> {
  const seqAt = async (index: number) => {
    const loaded = rowAt(useApp.getState(), index);
    if (loaded) return loaded.seq;
    const { rows } = await client().call('timeline.rows', { sessionId, offset: index, limit: 1 });
    return rows[0]?.seq;
  };
  let lo = 0;
  let hi = useApp.getState().total - 1;
  const firstSeq = await seqAt(0);
  if (firstSeq === undefined || seq < firstSeq) return undefined;
  const guess = seq - firstSeq;
  if (guess <= hi) {
    const guessed = await seqAt(guess);
    if (guessed === seq) return guess;
    // Gaps only make seqs run ahead of indexes: the row is before the guess.
    if (guessed !== undefined && guessed > seq) hi = guess - 1;
  }
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const midSeq = await seqAt(mid);
    if (midSeq === undefined) return undefined;
    if (midSeq === seq) return mid;
    if (midSeq < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
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
