/**
 * Renderer state. The renderer holds only what it shows: the session list, the opened session's
 * counts, the pages of timeline rows that have been on screen, and the selected entry's detail.
 */
import { create } from 'zustand';
import type { RpcClient } from '../../shared/rpc/client';
import type { AppInfo, OpenedSession, SessionInfo } from '../../shared/rpc/contract';
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
}

export const useApp = create<AppState>(() => ({
  sessions: [],
  total: 0,
  pages: new Map(),
  followTail: false,
}));

const loadingPages = new Set<string>();

function client(): RpcClient {
  const c = useApp.getState().client;
  if (!c) throw new Error('not connected');
  return c;
}

function report(error: unknown): void {
  useApp.setState({
    notice: { kind: 'error', text: error instanceof Error ? error.message : String(error) },
  });
}

export function init(rpc: RpcClient): void {
  useApp.setState({ client: rpc });
  rpc.on('sessions.changed', ({ sessions }) => useApp.setState({ sessions }));
  rpc.on('timeline.appended', ({ sessionId, total, rows }) => {
    const state = useApp.getState();
    if (state.opened?.info.id !== sessionId) return;
    const pages = new Map(state.pages);
    const first = total - rows.length;
    rows.forEach((row, k) => {
      const index = first + k;
      const page = pages.get(Math.floor(index / PAGE_SIZE));
      // Placed by index, so a row that a page fetch already brought is simply written again.
      if (page && index % PAGE_SIZE <= page.length) {
        const copy = page.slice();
        copy[index % PAGE_SIZE] = row;
        pages.set(Math.floor(index / PAGE_SIZE), copy);
      }
    });
    useApp.setState({ total, pages });
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
    notice:
      opened.fileProblems.length > 0
        ? { kind: 'info', text: opened.fileProblems.map((p) => p.message).join('\n') }
        : undefined,
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
        if (useApp.getState().opened?.info.id !== sessionId) return;
        const next = new Map(useApp.getState().pages);
        next.set(page, rows);
        useApp.setState({ pages: next });
      }, report)
      .finally(() => loadingPages.delete(key));
  }
}

export function rowAt(state: Pick<AppState, 'pages'>, index: number): TimelineRow | undefined {
  return state.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
}

let detailRequest = 0;

export function select(index: number): void {
  const state = useApp.getState();
  if (!state.opened || index < 0 || index >= state.total) return;
  const sessionId = state.opened.info.id;
  const request = ++detailRequest;
  useApp.setState({ selectedIndex: index, detail: undefined });
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

/** Selects the row holding `seq` when it is loaded (the inspector's "go to partner"). */
export function selectSeq(seq: number): void {
  const { pages } = useApp.getState();
  for (const [page, rows] of pages) {
    const k = rows.findIndex((r) => r?.seq === seq);
    if (k >= 0) {
      select(page * PAGE_SIZE + k);
      return;
    }
  }
}

export function setFollowTail(followTail: boolean): void {
  useApp.setState({ followTail });
}

export function dismissNotice(): void {
  useApp.setState({ notice: undefined });
}
