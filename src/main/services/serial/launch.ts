/**
 * Starts a serial bridge from its configuration (the UI's form or the CLI's flags): checks the line
 * settings, reads the TLS files, starts the bridge's own mock CSMS when asked, creates the live
 * session, and opens the port. One path for both faces, as launchProxy is for the proxy.
 */
import type { Direction, Entry } from '../../../shared/capture/entry';
import { checkUpstream, parseAuth } from '../../../shared/proxy/config';
import { RpcError } from '../../../shared/rpc/errors';
import {
  defaultStationId,
  describeLine,
  lineSettings,
  type LineSettings,
  type SerialConfig,
  type SerialInfo,
} from '../../../shared/serial/config';
import type { CaptureStore } from '../capture/store';
import { liveSink, upstreamTls } from '../endpoint';
import type { InjectOptions, Injected } from '../injections';
import type { BackoffSettings } from './backoff';
import type { PortFactory } from './port-link';
import { SerialBridge, type SerialBridgeOptions } from './serial-bridge';

/** The mock CSMS a bridge runs against with `mockCsms`: started on loopback, stopped with it. */
export interface BridgeCsms {
  id: string;
  url: string;
  /** Stops it; `discard`: its session goes too (the bridge never started, nothing was recorded). */
  stop(discard?: boolean): Promise<void>;
}

export interface SerialLaunchOptions {
  store: CaptureStore;
  /** `ocpp-scope 0.1.0`, for the capture header. */
  createdBy: string;
  /** Starts the mock CSMS of a `mockCsms` bridge (the engine lists it with the others). */
  startMockCsms(name: string): Promise<BridgeCsms>;
  /** Told every entry recorded (the CLI prints connections and findings from it). */
  onEntry?: (entry: Entry) => void;
  /** The port or the CSMS connection changed state. */
  onChange?: () => void;
  portFactory?: PortFactory;
  retry?: { port?: BackoffSettings; link?: BackoffSettings };
}

export interface RunningSerial {
  readonly id: string;
  readonly sessionId: string;
  readonly mockCsmsId: string | undefined;
  info(): SerialInfo;
  /** The engineer's frame, as if from the CSMS (`toStation`) or the charger (`toCsms`). */
  inject(direction: Direction, raw: string, options?: InjectOptions): Injected;
  stop(): Promise<void>;
}

let launched = 0;

function badParams(error: unknown): never {
  throw new RpcError('bad-params', error instanceof Error ? error.message : String(error));
}

export async function launchSerial(
  config: SerialConfig,
  options: SerialLaunchOptions,
): Promise<RunningSerial> {
  let line: LineSettings;
  let auth: SerialBridgeOptions['auth'];
  try {
    line = lineSettings(config);
    if ((config.upstream === undefined) === (config.mockCsms !== true))
      throw new Error('give exactly one of a CSMS URL (upstream) and the mock CSMS');
    if (config.upstream !== undefined) checkUpstream(config.upstream);
    auth = parseAuth(config.auth);
    if (config.auth === 'passthrough')
      throw new Error('auth must be USER:PASS: a serial charger has no credentials to pass through');
  } catch (error) {
    badParams(error);
  }
  const stationId = config.stationId?.trim() || defaultStationId(line.port);
  const protocol = config.protocol ?? 'ocpp1.6';
  const warnings: string[] = [];
  const tls = await upstreamTls(config, warnings);

  const csms =
    config.mockCsms === true ? await options.startMockCsms(`Mock CSMS for serial ${line.port}`) : undefined;
  const upstream = csms?.url ?? config.upstream!;
  const session = await options.store.create(config.name ?? `Serial ${line.port}`, {
    createdBy: `${options.createdBy} serial`,
    ...(config.captureFile !== undefined ? { file: config.captureFile } : {}),
  });
  let bridge: SerialBridge;
  try {
    bridge = await SerialBridge.start({
      line,
      stationId,
      protocol,
      upstream,
      auth,
      upstreamTls: tls,
      sink: liveSink(options.store, session.id, options.onEntry),
      onChange: () => options.onChange?.(),
      ...(options.portFactory !== undefined ? { portFactory: options.portFactory } : {}),
      ...(options.retry !== undefined ? { retry: options.retry } : {}),
    });
  } catch (error) {
    // Nothing was recorded: the session would only be an empty line in the list.
    await options.store.finish(session.id);
    await options.store.delete(session.id);
    await csms?.stop(true);
    throw new RpcError('invalid', `cannot open the serial port: ${(error as Error).message}`);
  }
  const id = `serial-${++launched}`;
  const startedAt = new Date().toISOString();
  return {
    id,
    sessionId: session.id,
    mockCsmsId: csms?.id,
    info: () => {
      const link = bridge.csms;
      const lastError = bridge.lastPortError ?? link.lastError;
      return {
        id,
        port: line.port,
        settings: describeLine(line),
        stationId,
        protocol,
        upstream: link.target,
        ...(csms !== undefined ? { mockCsmsId: csms.id } : {}),
        sessionId: session.id,
        startedAt,
        portState: bridge.portState,
        linkState: link.state,
        ...(link.retryAt !== undefined ? { retryAt: link.retryAt } : {}),
        ...(link.subprotocol !== undefined ? { subprotocol: link.subprotocol } : {}),
        ...(lastError !== undefined ? { lastError } : {}),
        counters: { ...bridge.counters, frames: { ...bridge.counters.frames } },
        warnings,
      };
    },
    inject: (direction, raw, injectOptions) => bridge.inject(direction, raw, injectOptions),
    async stop() {
      await bridge.stop();
      await options.store.finish(session.id);
      await csms?.stop();
    },
  };
}
