/**
 * The composition root: builds the services and the RPC router. The Electron shell, serve mode,
 * the CLI and the tests all start the app through here, so every face runs the same engine.
 */
import type { AppInfo } from '../shared/rpc/contract';
import { RpcError } from '../shared/rpc/errors';
import { Router, type Handlers } from '../shared/rpc/router';
import type { TimelineRow } from '../shared/timeline/row';
import { RULES } from '../shared/analysis/catalog';
import { summarize } from '../shared/analysis/summary';
import { FilteredViews } from './services/capture/filtered-view';
import { CaptureStore } from './services/capture/store';
import { launchProxy, type RunningProxy } from './services/proxy/launch';
import { launchCsms, type RunningCsms } from './services/csms/launch';
import { commandPalette } from './services/csms/palette';
import { sendCommand, sendFromCsms } from './services/csms/send-path';
import { releasePaused, sendThroughProxy } from './services/proxy/send-path';
import { frameTemplate, templateKind } from '../shared/send/template';
import type { ReplayStatus, ReplayStep } from '../shared/replay/types';
import { launchReplay, type RunningReplay } from './services/replay/launch';
import { launchSerial, type RunningSerial } from './services/serial/launch';
import { sendThroughSerial } from './services/serial/send-path';
import { listSystemPorts } from './services/serial/port-link';
import { parseCsmsConfig } from '../shared/csms/config';
import { isJsonObject } from '../shared/json-object';
import { ocaSchemaRegistry } from './services/validation/oca-schemas';
import { ImportUploads } from './services/interop/uploads';
import { interchangeHandlers } from './interchange-handlers';

/** Live rows are sent to the faces in batches at this period (architecture guide, "Live sync"). */
export const DELTA_INTERVAL_MS = 50;
/** A mock CSMS's station state changes are announced at most this often. */
export const CSMS_STATE_INTERVAL_MS = 250;
/** A serial bridge's counters and states are announced at most this often. */
export const SERIAL_INTERVAL_MS = 250;
/** How often live sessions look for CALLs that timed out while nothing else arrived. */
export const TIMEOUT_CHECK_MS = 1000;
/** Ended replays kept for their results. */
const MAX_REPLAYS = 50;

export interface EngineOptions {
  dataDir: string;
  mode: AppInfo['mode'];
  version: string;
  /** Prints an HTML document to an A4 PDF (the desktop shell gives Electron's; serve mode has none). */
  printToPdf?: (html: string) => Promise<Uint8Array>;
  /** Where write failures and other background trouble are told (stderr by default). */
  log?: (message: string) => void;
}

export interface Engine {
  router: Router;
  store: CaptureStore;
  dispose(): Promise<void>;
}

/** Runs `announce` once per microtask however often it is asked: many changes, one event. */
function coalesced(announce: () => void): () => void {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      announce();
    });
  };
}

export async function createEngine(options: EngineOptions): Promise<Engine> {
  const log = options.log ?? ((message: string) => process.stderr.write(message + '\n'));
  const pendingRows = new Map<string, TimelineRow[]>();
  let deltaTimer: ReturnType<typeof setTimeout> | undefined;

  const flushDeltas = () => {
    deltaTimer = undefined;
    for (const [sessionId, rows] of pendingRows) {
      let model;
      try {
        model = store.model(sessionId);
      } catch {
        continue; // closed meanwhile
      }
      const { updated, findings } = model.takeChanges();
      // A file still being read says how far it got, not every row: the faces fetch the pages
      // they show, and shipping 100k rows they never look at kept the page from drawing its first.
      if (store.isLoading(sessionId)) {
        router.emit('timeline.appended', { sessionId, total: model.size, rows: [], updated: [], findings });
        continue;
      }
      router.emit('timeline.appended', { sessionId, total: model.size, rows, updated, findings });
    }
    pendingRows.clear();
  };
  const queueDelta = (sessionId: string) => {
    if (!pendingRows.has(sessionId)) pendingRows.set(sessionId, []);
    deltaTimer ??= setTimeout(flushDeltas, DELTA_INTERVAL_MS);
  };

  const announceChange = coalesced(() => {
    store.list().then(
      (sessions) => router.emit('sessions.changed', { sessions }),
      (error: unknown) => log(`could not list sessions: ${String(error)}`),
    );
  });

  const store = new CaptureStore(
    options.dataDir,
    {
      onChange: announceChange,
      onAppend(sessionId, row) {
        queueDelta(sessionId);
        pendingRows.get(sessionId)!.push(row);
      },
      onWriteError(sessionId, error) {
        log(
          `session ${sessionId}: writing to disk failed (${error.message}); the entries are kept and retried`,
        );
      },
    },
    { registry: ocaSchemaRegistry() },
  );
  await store.init();
  const filtered = new FilteredViews();
  const uploads = new ImportUploads(store, `ocpp-scope ${options.version} import`);

  // A CALL that times out while the line is quiet is reported without waiting for the next entry.
  const timeoutTimer = setInterval(() => {
    for (const sessionId of store.advanceLive(Date.now())) queueDelta(sessionId);
  }, TIMEOUT_CHECK_MS);

  const registry = ocaSchemaRegistry();
  const proxies = new Map<string, RunningProxy>();
  const announceProxies = coalesced(() =>
    router.emit('proxy.changed', { proxies: [...proxies.values()].map((p) => p.info()) }),
  );
  // Many frames may pause or wait at once: the faces hear once per turn, with the whole list.
  const pausedAnnouncers = new Map<string, () => void>();
  const announcePaused = (proxyId: string) => {
    let announce = pausedAnnouncers.get(proxyId);
    if (announce === undefined) {
      announce = coalesced(() => {
        const proxy = proxies.get(proxyId);
        if (proxy !== undefined) router.emit('proxy.paused', { proxyId, paused: proxy.server.paused() });
      });
      pausedAnnouncers.set(proxyId, announce);
    }
    announce();
  };
  const runningProxy = (proxyId: string): RunningProxy => {
    const proxy = proxies.get(proxyId);
    if (!proxy) throw new RpcError('not-found', `no running proxy ${proxyId}`);
    return proxy;
  };

  const servers = new Map<string, RunningCsms>();
  const announceCsms = coalesced(() =>
    router.emit('csms.changed', { servers: [...servers.values()].map((c) => c.info()) }),
  );
  // State changes come with every frame; the faces hear of them at most every ~250 ms.
  let csmsStateTimer: ReturnType<typeof setTimeout> | undefined;
  const announceCsmsState = () => {
    csmsStateTimer ??= setTimeout(() => {
      csmsStateTimer = undefined;
      announceCsms();
    }, CSMS_STATE_INTERVAL_MS);
  };
  const runningCsms = (csmsId: string): RunningCsms => {
    const csms = servers.get(csmsId);
    if (!csms) throw new RpcError('not-found', `no running mock CSMS ${csmsId}`);
    return csms;
  };

  const bridges = new Map<string, RunningSerial>();
  // Counters move with every line: the faces hear of a bridge at most every ~250 ms.
  let serialTimer: ReturnType<typeof setTimeout> | undefined;
  const announceSerial = () => {
    serialTimer ??= setTimeout(() => {
      serialTimer = undefined;
      router.emit('serial.changed', { bridges: [...bridges.values()].map((b) => b.info()) });
    }, SERIAL_INTERVAL_MS);
  };
  const runningSerial = (bridgeId: string): RunningSerial => {
    const bridge = bridges.get(bridgeId);
    if (!bridge) throw new RpcError('not-found', `no running serial bridge ${bridgeId}`);
    return bridge;
  };
  const startCsms = async (params: Parameters<typeof launchCsms>[0]): Promise<RunningCsms> => {
    const csms = await launchCsms(params, {
      store,
      dataDir: options.dataDir,
      createdBy: `ocpp-scope ${options.version}`,
      onConnectionsChange: announceCsms,
      onStateChange: announceCsmsState,
    });
    servers.set(csms.id, csms);
    announceCsms();
    return csms;
  };
  const stopCsms = async (csmsId: string): Promise<void> => {
    const csms = runningCsms(csmsId);
    servers.delete(csmsId);
    await csms.stop();
    announceCsms();
  };

  const replays = new Map<string, RunningReplay>();
  // Progress of every replay, batched per turn: the latest status and every step since the last event.
  const replayEvents = new Map<string, { replay: ReplayStatus; steps: ReplayStep[] }>();
  const flushReplayEvents = coalesced(() => {
    for (const event of replayEvents.values()) router.emit('replay.progress', event);
    replayEvents.clear();
  });
  const replayChanged = (replay: ReplayStatus, steps: ReplayStep[]) => {
    const pending = replayEvents.get(replay.id);
    if (pending === undefined) replayEvents.set(replay.id, { replay, steps: [...steps] });
    else {
      pending.replay = replay;
      pending.steps.push(...steps);
    }
    flushReplayEvents();
  };
  const runningReplay = (replayId: string): RunningReplay => {
    const replay = replays.get(replayId);
    if (!replay) throw new RpcError('not-found', `no replay ${replayId}`);
    return replay;
  };

  const handlers: Handlers = {
    'app.info': () => ({
      name: 'OCPP Scope',
      version: options.version,
      mode: options.mode,
      dataDir: options.dataDir,
    }),
    'sessions.list': () => store.list(),
    'sessions.create': ({ name }) => store.create(name, { createdBy: `ocpp-scope ${options.version}` }),
    'sessions.open': ({ sessionId }) => store.open(sessionId),
    'sessions.close': ({ sessionId }) => {
      store.close(sessionId);
      filtered.forget(sessionId);
      return null;
    },
    'sessions.rename': ({ sessionId, name }) => store.rename(sessionId, name),
    'sessions.delete': async ({ sessionId }) => {
      // A session made by sessions.create is live with nobody writing to it: ended here, it can
      // go. One a proxy, mock CSMS or replay records into stays, and the store says so.
      const recording =
        [...proxies.values(), ...servers.values(), ...bridges.values()].some(
          (s) => s.sessionId === sessionId,
        ) ||
        [...replays.values()].some(
          (r) => r.status().sessionId === sessionId && r.status().finishedAt === undefined,
        );
      if (!recording) await store.finish(sessionId);
      await store.delete(sessionId);
      filtered.forget(sessionId);
      return null;
    },
    ...interchangeHandlers(store, uploads, options),
    'timeline.rows': ({ sessionId, offset, limit }) => {
      const model = store.model(sessionId);
      return { total: model.size, rows: model.rows(offset, limit) };
    },
    'timeline.filter': ({ sessionId, filter, offset, limit }) =>
      filtered.page(sessionId, store.model(sessionId), filter, offset, limit),
    'timeline.locate': ({ sessionId, seq, filter }) => {
      const model = store.model(sessionId);
      const index =
        filter === undefined ? model.indexOf(seq) : (filtered.locate(sessionId, model, filter, seq) ?? -1);
      return { index: index < 0 ? null : index };
    },
    'timeline.entry': ({ sessionId, seq }) => {
      const detail = store.model(sessionId).detail(seq);
      if (!detail) throw new RpcError('not-found', `session ${sessionId} has no entry with seq ${seq}`);
      return detail;
    },
    'analysis.rules': () => [...RULES],
    'analysis.summary': ({ sessionId }) => {
      const model = store.model(sessionId);
      return { ...summarize(model.findings()), profile: store.profile, versions: model.versions() };
    },
    'analysis.findings': ({ sessionId, rule, offset, limit }) => {
      const all = store.model(sessionId).findings();
      const chosen = rule === undefined ? all : all.filter((f) => f.rule === rule);
      return { total: chosen.length, findings: chosen.slice(offset, offset + limit) };
    },
    'analysis.setProfile': ({ profile }) => {
      store.setProfile(profile);
      return { profile };
    },
    'proxy.start': async (config) => {
      let proxyId = '';
      const proxy = await launchProxy(config, {
        store,
        dataDir: options.dataDir,
        createdBy: `ocpp-scope ${options.version}`,
        onEntry: (entry) => {
          if (entry.kind === 'connection') announceProxies();
        },
        onPausedChange: () => announcePaused(proxyId),
      });
      proxyId = proxy.id;
      proxies.set(proxy.id, proxy);
      announceProxies();
      return proxy.info();
    },
    'proxy.stop': async ({ proxyId }) => {
      const proxy = runningProxy(proxyId);
      proxies.delete(proxyId);
      await proxy.stop();
      pausedAnnouncers.delete(proxyId);
      announceProxies();
      return null;
    },
    'proxy.list': () => [...proxies.values()].map((p) => p.info()),
    'proxy.inject': ({ proxyId, connectionId, direction, raw, messageId }) => {
      // The answer of an injected CALL is recorded; this method does not wait for it (send.frame does).
      const { seq, messageId: sentId } = runningProxy(proxyId).server.inject(
        connectionId,
        direction,
        raw,
        messageId !== undefined ? { messageId } : {},
      );
      return sentId === undefined ? { seq } : { seq, messageId: sentId };
    },
    'proxy.setFaults': ({ proxyId, rules }) => {
      const proxy = runningProxy(proxyId);
      proxy.server.setFaults(rules);
      announceProxies();
      return proxy.info();
    },
    'proxy.setBreakpoints': ({ proxyId, rules, timeoutMs }) => {
      const proxy = runningProxy(proxyId);
      proxy.server.setBreakpoints(rules, timeoutMs);
      announceProxies();
      return proxy.info();
    },
    'proxy.paused': ({ proxyId }) => runningProxy(proxyId).server.paused(),
    'proxy.release': ({ proxyId, ...release }) => releasePaused(runningProxy(proxyId), release, registry),
    'send.frame': ({ target, ...frame }) =>
      target.kind === 'proxy'
        ? sendThroughProxy(runningProxy(target.proxyId), { ...frame, ...target }, registry)
        : target.kind === 'serial'
          ? sendThroughSerial(
              runningSerial(target.bridgeId),
              { ...frame, direction: target.direction },
              registry,
            )
          : sendFromCsms(runningCsms(target.csmsId), { ...frame, stationId: target.stationId }, registry),
    'replay.start': async (params) => {
      const replay = await launchReplay(params, {
        store,
        registry,
        createdBy: `ocpp-scope ${options.version}`,
        onChange: replayChanged,
      });
      replays.set(replay.id, replay);
      // Ended replays are kept for their results; the oldest are forgotten first.
      for (const [id, old] of replays) {
        if (replays.size <= MAX_REPLAYS) break;
        if (old.status().finishedAt !== undefined) replays.delete(id);
      }
      return replay.status();
    },
    'replay.stop': ({ replayId }) => runningReplay(replayId).stop(),
    'replay.status': ({ replayId }) => runningReplay(replayId).status(),
    'replay.list': () => [...replays.values()].map((r) => r.status()),
    'send.template': ({ version, action, direction, kind }) => {
      const chosen = kind ?? templateKind(version, action, direction);
      const template =
        chosen === undefined ? undefined : frameTemplate(registry, version, action, chosen, new Date());
      if (template === undefined)
        throw new RpcError(
          'not-found',
          `OCPP ${version} has no ${action}${kind === undefined ? '' : ` ${kind}`}`,
        );
      return template;
    },
    'send.schema': ({ version, action, kind }) => {
      const schema = registry.schema(version, action, kind);
      if (schema === undefined) throw new RpcError('not-found', `OCPP ${version} has no ${action} ${kind}`);
      return { schema: { ...schema } };
    },
    'serial.ports': async () => {
      try {
        return { ports: await listSystemPorts() };
      } catch (error) {
        return {
          ports: [],
          error: `the system could not list its serial ports: ${(error as Error).message}`,
        };
      }
    },
    'serial.start': async (config) => {
      const bridge = await launchSerial(config, {
        store,
        createdBy: `ocpp-scope ${options.version}`,
        onChange: announceSerial,
        startMockCsms: async (name) => {
          const csms = await startCsms({ listen: '127.0.0.1:0', name });
          // The engineer may have stopped it from the Connections view already.
          const stop = async (discard = false) => {
            if (servers.has(csms.id)) await stopCsms(csms.id);
            if (discard) await store.delete(csms.sessionId);
          };
          return { id: csms.id, url: csms.info().url, stop };
        },
      });
      bridges.set(bridge.id, bridge);
      announceSerial();
      return bridge.info();
    },
    'serial.stop': async ({ bridgeId }) => {
      const bridge = runningSerial(bridgeId);
      bridges.delete(bridgeId);
      await bridge.stop();
      announceSerial();
      return null;
    },
    'serial.list': () => [...bridges.values()].map((b) => b.info()),
    'csms.start': async (params) => (await startCsms(params)).info(),
    'csms.stop': async ({ csmsId }) => {
      await stopCsms(csmsId);
      return null;
    },
    'csms.list': () => [...servers.values()].map((c) => c.info()),
    'csms.state': ({ csmsId }) => runningCsms(csmsId).state(),
    'csms.setConfig': ({ csmsId, config }) => {
      const csms = runningCsms(csmsId);
      // The params check has filled in the defaults (params.ts): this is a whole CsmsConfig.
      csms.setConfig(parseCsmsConfig(config));
      announceCsms();
      return csms.info();
    },
    'csms.palette': ({ csmsId, stationId }) => {
      const station = runningCsms(csmsId).server.station(stationId);
      return commandPalette(station.stationId, station.version, registry);
    },
    'csms.send': ({ csmsId, payload, ...command }) => {
      if (!isJsonObject(payload))
        throw new RpcError('bad-params', 'csms.send: "payload" must be a JSON object');
      return sendCommand(runningCsms(csmsId), { ...command, payload }, registry);
    },
  };
  // Built last: the store's callbacks above only run after start-up, when it exists.
  const router = new Router(handlers);

  return {
    router,
    store,
    async dispose() {
      clearInterval(timeoutTimer);
      if (csmsStateTimer !== undefined) clearTimeout(csmsStateTimer);
      if (serialTimer !== undefined) clearTimeout(serialTimer);
      await Promise.all([...replays.values()].map((r) => r.stop()));
      await Promise.all([...bridges.values()].map((b) => b.stop()));
      bridges.clear();
      await Promise.all([...proxies.values()].map((p) => p.stop()));
      proxies.clear();
      await Promise.all([...servers.values()].map((c) => c.stop()));
      servers.clear();
      if (deltaTimer !== undefined) {
        clearTimeout(deltaTimer);
        flushDeltas();
      }
      await store.dispose();
    },
  };
}
