/**
 * Starts a proxy from its configuration (the UI's form or the CLI's flags): reads the certificate
 * files, creates the live session it records into, and ties the two together. One path for both
 * faces, so they cannot drift apart.
 */
import type { Entry } from '../../../shared/capture/entry';
import {
  checkUpstream,
  parseAuth,
  parseListen,
  type ProxyConfig,
  type ProxyInfo,
} from '../../../shared/proxy/config';
import { RpcError } from '../../../shared/rpc/errors';
import type { CaptureStore } from '../capture/store';
import { downstreamTls, listenError, liveSink, upstreamTls } from '../endpoint';
import { ProxyServer, type ProxyOptions } from './proxy-server';

export interface LaunchOptions {
  store: CaptureStore;
  dataDir: string;
  /** `ocpp-scope 0.1.0`, for the capture header. */
  createdBy: string;
  /** Told every entry recorded (the CLI prints connections and findings from it). */
  onEntry?: (entry: Entry) => void;
  /** A frame was paused at a breakpoint or released. */
  onPausedChange?: () => void;
}

export interface RunningProxy {
  readonly id: string;
  readonly server: ProxyServer;
  readonly sessionId: string;
  info(): ProxyInfo;
  stop(): Promise<void>;
}

let launched = 0;

function badParams(error: unknown): never {
  throw new RpcError('bad-params', error instanceof Error ? error.message : String(error));
}

export async function launchProxy(config: ProxyConfig, options: LaunchOptions): Promise<RunningProxy> {
  let listen: { host: string; port: number };
  let auth: ProxyOptions['auth'];
  try {
    listen = parseListen(config.listen);
    auth = parseAuth(config.auth);
    checkUpstream(config.upstream);
  } catch (error) {
    badParams(error);
  }
  const warnings: string[] = [];
  const { tls, caCertPath } = await downstreamTls(config.tls, listen.host, options.dataDir, warnings);
  const toCsms = await upstreamTls(config, warnings);

  const session = await options.store.create(config.name ?? `Proxy to ${config.upstream}`, {
    createdBy: `${options.createdBy} proxy`,
    ...(config.captureFile !== undefined ? { file: config.captureFile } : {}),
  });
  const sink = liveSink(options.store, session.id, options.onEntry);
  let server: ProxyServer;
  try {
    server = await ProxyServer.start({
      host: listen.host,
      port: listen.port,
      upstream: config.upstream,
      sink,
      auth,
      upstreamTls: toCsms,
      ...(tls !== undefined ? { tls } : {}),
      ...(config.faults !== undefined ? { faults: config.faults } : {}),
      ...(config.breakpoints !== undefined ? { breakpoints: config.breakpoints } : {}),
      ...(config.interceptTimeoutMs !== undefined ? { interceptTimeoutMs: config.interceptTimeoutMs } : {}),
      ...(options.onPausedChange !== undefined ? { onPausedChange: options.onPausedChange } : {}),
    });
  } catch (error) {
    await options.store.finish(session.id);
    throw listenError(error, config.listen, listen.host);
  }
  const id = `proxy-${++launched}`;
  const startedAt = new Date().toISOString();
  return {
    id,
    server,
    sessionId: session.id,
    info: () => ({
      id,
      url: server.url,
      upstream: config.upstream,
      sessionId: session.id,
      startedAt,
      connections: server.connections(),
      faults: [...server.faultRules],
      intercept: server.interceptSettings,
      warnings,
      ...(caCertPath !== undefined ? { caCertPath } : {}),
    }),
    async stop() {
      await server.stop();
      await options.store.finish(session.id);
    },
  };
}
