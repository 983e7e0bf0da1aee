/**
 * The proxy side of the renderer state: the running proxies as main reports them, and the calls
 * that start, stop and steer them. Errors come back to the caller (the form shows them next to
 * itself) instead of going to the app-wide notice.
 */
import { create } from 'zustand';
import type { Direction } from '../../shared/capture/entry';
import type { ProxyConfig, ProxyInfo } from '../../shared/proxy/config';
import type { FaultRule } from '../../shared/proxy/faults';
import type { BreakpointRule, PausedFrame, ReleaseResult } from '../../shared/proxy/intercept';
import type { RpcClient } from '../../shared/rpc/client';
import { attempt, client, report, type Outcome } from './store';
import { openSession } from './sessions';
import { showConnections } from './panel';

export interface ProxyState {
  proxies: ProxyInfo[];
  /** The start dialog is open. */
  starting: boolean;
  /** Per proxy, the frames held at its breakpoints, oldest first. */
  paused: Partial<Record<string, PausedFrame[]>>;
}

export const useProxies = create<ProxyState>(() => ({ proxies: [], starting: false, paused: {} }));

/** The proxies as main reports them; the paused frames of a proxy that stopped go with it. */
function setProxies(proxies: ProxyInfo[]): void {
  const ids = new Set(proxies.map((p) => p.id));
  useProxies.setState((s) => ({
    proxies,
    paused: Object.fromEntries(Object.entries(s.paused).filter(([id]) => ids.has(id))),
  }));
}

/** Frame counters are not announced one by one: they are read again while frames flow. */
const REFRESH_MS = 500;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

function refreshSoon(): void {
  refreshTimer ??= setTimeout(() => {
    refreshTimer = undefined;
    client().call('proxy.list', {}).then(setProxies, report);
  }, REFRESH_MS);
}

export function initProxies(rpc: RpcClient): void {
  rpc.on('proxy.changed', ({ proxies }) => setProxies(proxies));
  rpc.on('proxy.paused', ({ proxyId, paused }) =>
    useProxies.setState((s) => ({ paused: { ...s.paused, [proxyId]: paused } })),
  );
  rpc.on('timeline.appended', ({ sessionId }) => {
    if (useProxies.getState().proxies.some((p) => p.sessionId === sessionId)) refreshSoon();
  });
  rpc.call('proxy.list', {}).then(async (proxies) => {
    setProxies(proxies);
    // A page opened while frames are already held (a reload) learns of them here, not from an event.
    for (const proxy of proxies) {
      const paused = await rpc.call('proxy.paused', { proxyId: proxy.id });
      useProxies.setState((s) => ({ paused: { ...s.paused, [proxy.id]: s.paused[proxy.id] ?? paused } }));
    }
  }, report);
}

export function showStartDialog(starting: boolean): void {
  useProxies.setState({ starting });
}

/** Starts a proxy and opens its live session in the timeline, with the Connections tab in front. */
export async function startProxy(config: ProxyConfig): Promise<Outcome<ProxyInfo>> {
  const outcome = await attempt(() => client().call('proxy.start', config));
  if (outcome.ok) {
    const info = outcome.value;
    useProxies.setState((s) => ({
      starting: false,
      proxies: s.proxies.some((p) => p.id === info.id) ? s.proxies : [...s.proxies, info],
    }));
    showConnections('proxy');
    await openSession(info.sessionId);
  }
  return outcome;
}

export async function stopProxy(proxyId: string): Promise<void> {
  try {
    await client().call('proxy.stop', { proxyId });
    setProxies(useProxies.getState().proxies.filter((p) => p.id !== proxyId));
  } catch (error) {
    report(error);
  }
}

export function injectFrame(
  proxyId: string,
  connectionId: string,
  direction: Direction,
  raw: string,
): Promise<Outcome<{ seq: number; messageId?: string }>> {
  return attempt(() => client().call('proxy.inject', { proxyId, connectionId, direction, raw }));
}

export async function setFaults(proxyId: string, rules: FaultRule[]): Promise<Outcome<ProxyInfo>> {
  const outcome = await attempt(() => client().call('proxy.setFaults', { proxyId, rules }));
  if (outcome.ok) {
    const info = outcome.value;
    useProxies.setState((s) => ({ proxies: s.proxies.map((p) => (p.id === info.id ? info : p)) }));
  }
  return outcome;
}

export async function setBreakpoints(
  proxyId: string,
  rules: BreakpointRule[],
  timeoutMs: number,
): Promise<Outcome<ProxyInfo>> {
  const outcome = await attempt(() => client().call('proxy.setBreakpoints', { proxyId, rules, timeoutMs }));
  if (outcome.ok) {
    const info = outcome.value;
    useProxies.setState((s) => ({ proxies: s.proxies.map((p) => (p.id === info.id ? info : p)) }));
  }
  return outcome;
}

/** Forwards a paused frame (as it is, or as edited in `raw`) or drops it; the list follows by event. */
export function releasePaused(
  proxyId: string,
  pauseId: string,
  decision: 'forward' | 'drop',
  edit?: { raw: string; force: boolean },
): Promise<Outcome<ReleaseResult>> {
  return attempt(() =>
    client().call('proxy.release', {
      proxyId,
      pauseId,
      decision,
      ...(edit ? { raw: edit.raw, ...(edit.force ? { force: true } : {}) } : {}),
    }),
  );
}
