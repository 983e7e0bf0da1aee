/**
 * The sessions: the list, the opened one (with its findings summary) and what comes live from
 * main (new rows, a session that ended or finished loading).
 */
import type { RpcClient } from '../../shared/rpc/client';
import type { OpenedSession, SessionInfo } from '../../shared/rpc/contract';
import { client, report, useApp } from './store';
import { applyFilter, newView, placeDelta, refreshDetail, refreshView, scheduleViewRefresh } from './view';

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

/** Shows `opened` in the timeline; `notice` replaces the default (its file problems, if any). */
export function showOpened(opened: OpenedSession, notice?: string): void {
  const filter = useApp.getState().filter;
  newView();
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
      notice !== undefined
        ? { kind: 'info', text: notice }
        : opened.fileProblems.length > 0
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
      newView();
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
