/**
 * The mock CSMS side of the renderer state: the running servers as main announces them, each one's
 * stations (fetched again when its stateVersion moves), the commands sent from the palette with
 * their answers, and the calls that start, steer and stop them. Errors of the calls a form makes
 * come back to the form (Outcome) instead of going to the app-wide notice.
 */
import { create } from 'zustand';
import type { CsmsConfigInput } from '../../shared/csms/config';
import type {
  CommandAnswer,
  CsmsInfo,
  CsmsPalette,
  CsmsStartParams,
  CsmsState,
} from '../../shared/csms/info';
import type { RpcClient } from '../../shared/rpc/client';
import { attempt, client, report, type Outcome } from './store';
import { openSession } from './sessions';
import { showConnections } from './panel';

export interface SentCommand {
  key: number;
  stationId: string;
  action: string;
  payload: unknown;
  /** ms since the epoch. */
  sentAt: number;
  /** Absent while the command waits for its answer. */
  answer?: CommandAnswer;
  /** Main did not send it (the station left, a payload it refused). */
  error?: string;
}

/** The settings dialog: starting a new CSMS, or changing the behaviour of a running one. */
export type CsmsDialog = { mode: 'start' } | { mode: 'edit'; csmsId: string };

export interface CsmsStore {
  servers: CsmsInfo[];
  states: Partial<Record<string, CsmsState>>;
  /** Per CSMS, newest first. */
  history: Partial<Record<string, SentCommand[]>>;
  dialog?: CsmsDialog;
}

export const HISTORY_LENGTH = 20;

export const useCsms = create<CsmsStore>(() => ({ servers: [], states: {}, history: {} }));

/** CSMS id -> whether its state moved again while it was being fetched. */
const fetching = new Map<string, boolean>();

function refreshState(csmsId: string): void {
  if (fetching.has(csmsId)) {
    fetching.set(csmsId, true);
    return;
  }
  fetching.set(csmsId, false);
  const running = () => useCsms.getState().servers.some((s) => s.id === csmsId);
  client()
    .call('csms.state', { csmsId })
    .then(
      (state) => {
        if (running()) useCsms.setState((s) => ({ states: { ...s.states, [csmsId]: state } }));
      },
      (error: unknown) => {
        // A CSMS stopped while its state was on the way is not a problem worth saying.
        if (running()) report(error);
      },
    )
    .finally(() => {
      const stale = fetching.get(csmsId);
      fetching.delete(csmsId);
      if (stale === true && running()) refreshState(csmsId);
    });
}

function setServers(servers: CsmsInfo[]): void {
  const ids = new Set(servers.map((s) => s.id));
  const keep = <T>(record: Partial<Record<string, T>>) =>
    Object.fromEntries(Object.entries(record).filter(([id]) => ids.has(id)));
  useCsms.setState((s) => ({ servers, states: keep(s.states), history: keep(s.history) }));
  const { states } = useCsms.getState();
  for (const server of servers) {
    if (states[server.id]?.stateVersion !== server.stateVersion) refreshState(server.id);
  }
}

/**
 * Per-connection counters, like the proxy's, are not announced frame by frame: the list is read
 * again while frames flow into a CSMS's session.
 */
const REFRESH_MS = 500;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

function refreshSoon(): void {
  refreshTimer ??= setTimeout(() => {
    refreshTimer = undefined;
    client().call('csms.list', {}).then(setServers, report);
  }, REFRESH_MS);
}

export function initCsms(rpc: RpcClient): void {
  rpc.on('csms.changed', ({ servers }) => setServers(servers));
  rpc.on('timeline.appended', ({ sessionId }) => {
    if (useCsms.getState().servers.some((s) => s.sessionId === sessionId)) refreshSoon();
  });
  rpc.call('csms.list', {}).then(setServers, report);
}

export function showCsmsDialog(dialog: CsmsDialog | undefined): void {
  useCsms.setState({ dialog });
}

/** Starts a mock CSMS and opens its live session in the timeline, with the Connections tab in front. */
export async function startCsms(params: CsmsStartParams): Promise<Outcome<CsmsInfo>> {
  const outcome = await attempt(() => client().call('csms.start', params));
  if (outcome.ok) {
    const info = outcome.value;
    const { servers } = useCsms.getState();
    setServers(servers.some((s) => s.id === info.id) ? servers : [...servers, info]);
    showCsmsDialog(undefined);
    showConnections('csms');
    await openSession(info.sessionId);
  }
  return outcome;
}

export async function setCsmsConfig(csmsId: string, config: CsmsConfigInput): Promise<Outcome<CsmsInfo>> {
  const outcome = await attempt(() => client().call('csms.setConfig', { csmsId, config }));
  if (outcome.ok) {
    const info = outcome.value;
    setServers(useCsms.getState().servers.map((s) => (s.id === info.id ? info : s)));
    showCsmsDialog(undefined);
  }
  return outcome;
}

export async function stopCsms(csmsId: string): Promise<void> {
  try {
    await client().call('csms.stop', { csmsId });
    setServers(useCsms.getState().servers.filter((s) => s.id !== csmsId));
  } catch (error) {
    report(error);
  }
}

export function fetchPalette(csmsId: string, stationId: string): Promise<Outcome<CsmsPalette>> {
  return attempt(() => client().call('csms.palette', { csmsId, stationId }));
}

let commandKeys = 0;

/** A key for a new row of a CSMS's command history. */
export function nextCommandKey(): number {
  return ++commandKeys;
}

export function updateHistory(csmsId: string, change: (list: SentCommand[]) => SentCommand[]): void {
  useCsms.setState((s) => ({ history: { ...s.history, [csmsId]: change(s.history[csmsId] ?? []) } }));
}
