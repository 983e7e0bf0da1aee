/**
 * The composition root: builds the services and the RPC router. The Electron shell, serve mode,
 * the CLI and the tests all start the app through here, so every face runs the same engine.
 */
import type { AppInfo } from '../shared/rpc/contract';
import { RpcError } from '../shared/rpc/errors';
import { Router, type Handlers } from '../shared/rpc/router';
import type { TimelineRow } from '../shared/timeline/row';
import { CaptureStore } from './services/capture/store';

/** Live rows are sent to the faces in batches at this period (architecture guide, "Live sync"). */
export const DELTA_INTERVAL_MS = 50;

export interface EngineOptions {
  dataDir: string;
  mode: AppInfo['mode'];
  version: string;
  /** Where write failures and other background trouble are told (stderr by default). */
  log?: (message: string) => void;
}

export interface Engine {
  router: Router;
  store: CaptureStore;
  dispose(): Promise<void>;
}

export async function createEngine(options: EngineOptions): Promise<Engine> {
  const log = options.log ?? ((message: string) => process.stderr.write(message + '\n'));
  const pendingRows = new Map<string, { rows: TimelineRow[]; total: number }>();
  let deltaTimer: ReturnType<typeof setTimeout> | undefined;

  const flushDeltas = () => {
    deltaTimer = undefined;
    for (const [sessionId, { rows, total }] of pendingRows) {
      router.emit('timeline.appended', { sessionId, total, rows });
    }
    pendingRows.clear();
  };

  let changeQueued = false;
  const announceChange = () => {
    if (changeQueued) return;
    changeQueued = true;
    queueMicrotask(() => {
      changeQueued = false;
      store.list().then(
        (sessions) => router.emit('sessions.changed', { sessions }),
        (error: unknown) => log(`could not list sessions: ${String(error)}`),
      );
    });
  };

  const store = new CaptureStore(options.dataDir, {
    onChange: announceChange,
    onAppend(sessionId, row, total) {
      const pending = pendingRows.get(sessionId);
      if (pending) {
        pending.rows.push(row);
        pending.total = total;
      } else {
        pendingRows.set(sessionId, { rows: [row], total });
      }
      deltaTimer ??= setTimeout(flushDeltas, DELTA_INTERVAL_MS);
    },
    onWriteError(sessionId, error) {
      log(
        `session ${sessionId}: writing to disk failed (${error.message}); the entries are kept and retried`,
      );
    },
  });
  await store.init();

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
      return null;
    },
    'sessions.rename': ({ sessionId, name }) => store.rename(sessionId, name),
    'sessions.delete': async ({ sessionId }) => {
      await store.delete(sessionId);
      return null;
    },
    'sessions.import': ({ fileName, content }) => store.importText(fileName, content),
    'sessions.export': ({ sessionId }) => store.exportText(sessionId),
    'timeline.rows': ({ sessionId, offset, limit }) => {
      const model = store.model(sessionId);
      return { total: model.size, rows: model.rows(offset, limit) };
    },
    'timeline.entry': ({ sessionId, seq }) => {
      const detail = store.model(sessionId).detail(seq);
      if (!detail) throw new RpcError('not-found', `session ${sessionId} has no entry with seq ${seq}`);
      return detail;
    },
  };
  // Built last: the store's callbacks above only run after start-up, when it exists.
  const router = new Router(handlers);

  return {
    router,
    store,
    async dispose() {
      if (deltaTimer !== undefined) {
        clearTimeout(deltaTimer);
        flushDeltas();
      }
      await store.dispose();
    },
  };
}
