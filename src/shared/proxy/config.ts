/**
 * How a proxy is started (from the UI over RPC, or from `ocpp-scope proxy`), and what the faces
 * see of a running one.
 */
import type { Direction } from '../capture/entry';
import type { FaultRule } from './faults';
import type { BreakpointRule, InterceptSettings } from './intercept';

export interface ProxyConfig {
  /** `HOST:PORT` chargers connect to; port 0 picks a free one. */
  listen: string;
  /** The CSMS: a `ws://` or `wss://` base URL (the identity is appended) or a template with `{id}`. */
  upstream: string;
  /** The session's name; by default "Proxy to <upstream>". */
  name?: string;
  /** Record into this file (never overwritten) instead of the data dir. */
  captureFile?: string;
  /** Downstream wss: the engineer's certificate and key files, or `auto` (a local CA in the data dir). */
  tls?: 'auto' | { certFile: string; keyFile: string };
  /** Upstream wss: an extra CA file to trust, no verification at all, a client certificate. */
  upstreamCaFile?: string;
  insecure?: boolean;
  clientCertFile?: string;
  clientKeyFile?: string;
  /** `passthrough` (default): the charger's Authorization header; `USER:PASS`: this one instead. */
  auth?: string;
  faults?: FaultRule[];
  /** Pause matching frames until the engineer forwards, edits or drops them. */
  breakpoints?: BreakpointRule[];
  /** A paused frame forwards itself unchanged after this long (default 30 s). */
  interceptTimeoutMs?: number;
}

export interface ProxiedConnection {
  connectionId: string;
  stationId: string;
  subprotocol: string;
  openedAt: number;
  frames: Record<Direction, number>;
  pings: number;
  pongs: number;
}

export interface ProxyInfo {
  id: string;
  /** Where chargers connect, e.g. `ws://127.0.0.1:8080/` + identity. */
  url: string;
  upstream: string;
  /** The live session the proxy records into. */
  sessionId: string;
  startedAt: string;
  connections: ProxiedConnection[];
  faults: FaultRule[];
  /** The breakpoints and the auto-forward timeout (the paused frames: `proxy.paused`). */
  intercept: InterceptSettings;
  /** With `tls: 'auto'`: the CA certificate to install on chargers. */
  caCertPath?: string;
  /** Said once at start, e.g. that upstream certificates are not verified. */
  warnings: string[];
}

/** `HOST:PORT`, `[v6]:PORT`, or `PORT` alone (loopback). */
export function parseListen(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(text.trim()) ?? /^()()(\d+)$/.exec(text.trim());
  const port = match === null ? NaN : Number(match[3]);
  if (match === null || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `listen address must be HOST:PORT (e.g. 0.0.0.0:8080, 127.0.0.1:0), not ${JSON.stringify(text)}`,
    );
  }
  return { host: match[1] || match[2] || '127.0.0.1', port };
}

/** `USER:PASS` -> the Basic-auth credentials the proxy sends upstream instead of the charger's. */
export function parseAuth(text: string | undefined): 'passthrough' | { user: string; password: string } {
  if (text === undefined || text === 'passthrough') return 'passthrough';
  const colon = text.indexOf(':');
  if (colon <= 0) throw new Error('auth must be passthrough or USER:PASS');
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** Checks the upstream URL or `{id}` template before anything is started. */
export function checkUpstream(template: string): void {
  // Shared code has no URL class everywhere it runs; the scheme and a host are what matter here.
  if (!/^wss?:\/\/[^/?#\s]+/i.test(template)) {
    throw new Error(`the upstream must be a ws:// or wss:// URL, not ${JSON.stringify(template)}`);
  }
}
