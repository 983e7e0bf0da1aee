/**
 * Renderer state. The renderer holds only what it shows: the session list, the opened session's
 * counts, the pages of timeline rows that have been on screen, and the selected entry's detail.
 * What changes it lives beside it: sessions.ts (the list, the opened session, live events) and
 * view.ts (the rows of the session or of its filter, the selection).
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

export function setCenterView(centerView: CenterView): void {
  useApp.setState({ centerView });
}

export function setFollowTail(followTail: boolean): void {
  useApp.setState({ followTail });
}

export function dismissNotice(): void {
  useApp.setState({ notice: undefined });
}
