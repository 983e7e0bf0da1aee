/**
 * Starts a proxy from its configuration (the UI's form or the CLI's flags): reads the certificate
 * files, creates the live session it records into, and ties the two together. One path for both
 * faces, so they cannot drift apart.
 */
import { readFile } from 'node:fs/promises';
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
import { ensureLocalTls, tlsHostnamesFor } from './certificates';
import { ProxyServer, type ProxyOptions } from './proxy-server';

export interface LaunchOptions {
  store: CaptureStore;
  dataDir: string;
  /** `ocpp-scope 0.1.0`, for the capture header. */
  createdBy: string;
  /** Told every entry recorded (the CLI prints connections and findings from it). */
  onEntry?: (entry: Entry) => void;
}

export interface RunningProxy {
  readonly id: string;
  readonly server: ProxyServer;
  readonly sessionId: string;
  info(): ProxyInfo;
  stop(): Promise<void>;
}

let launched = 0;

async function readPem(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new RpcError(
      'invalid',
      `cannot read the ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

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
  let tls: ProxyOptions['tls'];
  let caCertPath: string | undefined;
  if (config.tls === 'auto') {
    const local = await ensureLocalTls(options.dataDir, tlsHostnamesFor(listen.host));
    tls = { cert: local.cert, key: local.key };
    caCertPath = local.caCertPath;
    if (local.created.ca)
      warnings.push(`a new local CA was created: install ${local.caCertPath} on the chargers`);
  } else if (config.tls !== undefined) {
    tls = {
      cert: await readPem(config.tls.certFile, 'TLS certificate'),
      key: await readPem(config.tls.keyFile, 'TLS key'),
    };
  }
  const upstreamTls: NonNullable<ProxyOptions['upstreamTls']> = {};
  if (config.upstreamCaFile !== undefined)
    upstreamTls.ca = await readPem(config.upstreamCaFile, 'upstream CA');
  if ((config.clientCertFile === undefined) !== (config.clientKeyFile === undefined)) {
    throw new RpcError('bad-params', 'a client certificate needs both its certificate and its key file');
  }
  if (config.clientCertFile !== undefined && config.clientKeyFile !== undefined) {
    upstreamTls.cert = await readPem(config.clientCertFile, 'client certificate');
    upstreamTls.key = await readPem(config.clientKeyFile, 'client key');
  }
  if (config.insecure === true) {
    upstreamTls.insecure = true;
    warnings.push('the CSMS certificate is NOT verified (insecure): use this only with a lab CSMS');
  }

  const session = await options.store.create(config.name ?? `Proxy to ${config.upstream}`, {
    createdBy: `${options.createdBy} proxy`,
    ...(config.captureFile !== undefined ? { file: config.captureFile } : {}),
  });
  const sink = {
    append: (entry: Parameters<CaptureStore['append']>[1]) => {
      const stamped = options.store.append(session.id, entry);
      options.onEntry?.(stamped);
      return stamped;
    },
  };
  let server: ProxyServer;
  try {
    server = await ProxyServer.start({
      host: listen.host,
      port: listen.port,
      upstream: config.upstream,
      sink,
      auth,
      upstreamTls,
      ...(tls !== undefined ? { tls } : {}),
      ...(config.faults !== undefined ? { faults: config.faults } : {}),
    });
  } catch (error) {
    await options.store.finish(session.id);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new RpcError('invalid', `${config.listen} is already in use: pick another port`);
    if (code === 'EADDRNOTAVAIL')
      throw new RpcError('invalid', `${listen.host} is not an address of this machine`);
    if (code === 'EACCES')
      throw new RpcError(
        'invalid',
        `not allowed to listen on ${config.listen} (ports below 1024 need privileges)`,
      );
    throw error;
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
      warnings,
      ...(caCertPath !== undefined ? { caCertPath } : {}),
    }),
    async stop() {
      await server.stop();
      await options.store.finish(session.id);
    },
  };
}
