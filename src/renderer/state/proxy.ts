/**
 * The proxy side of the renderer state: the running proxies as main reports them, and the calls
 * that start, stop and steer them. Errors come back to the caller (the form shows them next to
 * itself) instead of going to the app-wide notice.
 */
import { create } from 'zustand';
import type { Direction } from '../../shared/capture/entry';
import type { ProxyConfig, ProxyInfo } from '../../shared/proxy/config';
import type { FaultRule } from '../../shared/proxy/faults';
import type { RpcClient } from '../../shared/rpc/client';
import { attempt, client, report, type Outcome } from './store';
import { openSession } from './sessions';
import { showConnections } from './panel';

export interface ProxyState {
  proxies: ProxyInfo[];
  /** The start dialog is open. */
  starting: boolean;
}

export const useProxies = create<ProxyState>(() => ({ proxies: [], starting: false }));

/** Frame counters are not announced one by one: they are read again while frames flow. */
const REFRESH_MS = 500;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

function refreshSoon(): void {
  refreshTimer ??= setTimeout(() => {
    refreshTimer = undefined;
    client()
      .call('proxy.list', {})
      .then((proxies) => useProxies.setState({ proxies }), report);
  }, REFRESH_MS);
}

export function initProxies(rpc: RpcClient): void {
  rpc.on('proxy.changed', ({ proxies }) => useProxies.setState({ proxies }));
  rpc.on('timeline.appended', ({ sessionId }) => {
    if (useProxies.getState().proxies.some((p) => p.sessionId === sessionId)) refreshSoon();
  });
  rpc.call('proxy.list', {}).then((proxies) => useProxies.setState({ proxies }), report);
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
    useProxies.setState((s) => ({ proxies: s.proxies.filter((p) => p.id !== proxyId) }));
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
