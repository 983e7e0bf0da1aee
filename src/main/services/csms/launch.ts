/**
 * Starts a mock CSMS from its start parameters (the UI's form or the CLI's flags): reads the
 * certificate files, creates the live session it records into, and ties the two together. One
 * path for both faces, as launchProxy is for the proxy.
 */
import type { Entry } from '../../../shared/capture/entry';
import { parseCsmsConfig, type CsmsConfig } from '../../../shared/csms/config';
import type { CsmsInfo, CsmsStartParams, CsmsState } from '../../../shared/csms/info';
import { parseListen } from '../../../shared/proxy/config';
import { RpcError } from '../../../shared/rpc/errors';
import type { SchemaRegistry } from '../../../shared/validation/registry';
import type { CaptureStore } from '../capture/store';
import { downstreamTls, listenError, liveSink } from '../endpoint';
import { ocaSchemaRegistry } from '../validation/oca-schemas';
import { CsmsServer } from './csms-server';
import { defaultAnswerFor } from './default-answer';

export interface CsmsLaunchOptions {
  store: CaptureStore;
  dataDir: string;
  /** `ocpp-scope 0.1.0`, for the capture header. */
  createdBy: string;
  registry?: SchemaRegistry;
  /** Told every entry recorded (the CLI prints connections and findings from it). */
  onEntry?: (entry: Entry) => void;
  /** A station connected or left. */
  onConnectionsChange?: () => void;
  /** A station's state changed. */
  onStateChange?: () => void;
}

export interface RunningCsms {
  readonly id: string;
  readonly server: CsmsServer;
  readonly sessionId: string;
  info(): CsmsInfo;
  state(): CsmsState;
  setConfig(config: CsmsConfig): void;
  stop(): Promise<void>;
}

let launched = 0;

export async function launchCsms(params: CsmsStartParams, options: CsmsLaunchOptions): Promise<RunningCsms> {
  let listen: { host: string; port: number };
  let config: CsmsConfig;
  try {
    listen = parseListen(params.listen);
    config = parseCsmsConfig(params.config ?? {});
  } catch (error) {
    throw new RpcError('bad-params', error instanceof Error ? error.message : String(error));
  }
  const warnings: string[] = [];
  const { tls, caCertPath } = await downstreamTls(params.tls, listen.host, options.dataDir, warnings);
  const registry = options.registry ?? ocaSchemaRegistry();
  const session = await options.store.create(params.name ?? `Mock CSMS on ${params.listen}`, {
    createdBy: `${options.createdBy} csms`,
    ...(params.captureFile !== undefined ? { file: params.captureFile } : {}),
  });
  const sink = liveSink(options.store, session.id, options.onEntry);
  let server: CsmsServer;
  try {
    server = await CsmsServer.start({
      host: listen.host,
      port: listen.port,
      config,
      sink,
      registry,
      defaultAnswer: defaultAnswerFor(registry),
      ...(tls !== undefined ? { tls } : {}),
      ...(options.onConnectionsChange !== undefined
        ? { onConnectionsChange: options.onConnectionsChange }
        : {}),
      ...(options.onStateChange !== undefined ? { onStateChange: options.onStateChange } : {}),
    });
  } catch (error) {
    await options.store.finish(session.id);
    throw listenError(error, params.listen, listen.host);
  }
  const id = `csms-${++launched}`;
  const startedAt = new Date().toISOString();
  return {
    id,
    server,
    sessionId: session.id,
    info: () => ({
      id,
      url: server.url,
      sessionId: session.id,
      startedAt,
      config: server.config,
      connections: server.list(),
      stateVersion: server.stateVersion,
      warnings,
      ...(caCertPath !== undefined ? { caCertPath } : {}),
    }),
    state: () => ({ csmsId: id, stateVersion: server.stateVersion, stations: server.stations() }),
    setConfig: (next) => server.setConfig(next),
    async stop() {
      await server.stop();
      await options.store.finish(session.id);
    },
  };
}
