/**
 * A serial bridge under test, two ways: through the engine's RPC as the UI and the CLI start it
 * (the default retry waits), or through launchSerial with a store of its own, where a test sets
 * short retry waits. Either way the recording is followed row by row as the store appends it, and
 * read back whole from the capture file. Also: an ocpp-rpc CSMS for OCPP 1.6 that logs every
 * message it reads and writes, and the charging session the charger plays.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Entry } from '../../src/shared/capture/entry';
import type { Finding } from '../../src/shared/analysis/finding';
import type { RpcClient } from '../../src/shared/rpc/client';
import type { SerialConfig, SerialInfo } from '../../src/shared/serial/config';
import type { TimelineRow } from '../../src/shared/timeline/row';
import { CaptureStore } from '../../src/main/services/capture/store';
import type { BackoffSettings } from '../../src/main/services/serial/backoff';
import { launchSerial, type RunningSerial } from '../../src/main/services/serial/launch';
import { ocaSchemaRegistry } from '../../src/main/services/validation/oca-schemas';
import { makeTempDir, readText, removeDir } from '../unit/support';
import { startEngine } from './csms-support';
import { startCsms, type Csms, type Scope, type ServerClient } from './proxy-support';
import { within, type Called, type SerialCharger, resultOf } from './serial-support';

/** What a bridge recorded: rows as they are appended, the capture file, the findings. */
export class Recording {
  readonly rows: TimelineRow[] = [];
  private waiters: { match: (row: TimelineRow) => boolean; resolve: (row: TimelineRow) => void }[] = [];

  constructor(
    private readonly read: () => Promise<string>,
    private readonly analyse: () => Promise<readonly Finding[]>,
  ) {}

  add(row: TimelineRow): void {
    this.rows.push(row);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(row)) return true;
      w.resolve(row);
      return false;
    });
  }

  /** The first row (recorded already or still to come) that matches. */
  waitRow(match: (row: TimelineRow) => boolean, what: string): Promise<TimelineRow> {
    const found = this.rows.find(match);
    if (found !== undefined) return Promise.resolve(found);
    return within(new Promise((resolve) => this.waiters.push({ match, resolve })), what);
  }

  /** The entries of the capture file as it is on disk now (flushed first). */
  async entries(): Promise<Entry[]> {
    const read = readText(await this.read());
    assert.deepEqual(read.problems, [], 'the capture file has problems');
    return read.entries;
  }

  findings(): Promise<readonly Finding[]> {
    return this.analyse();
  }

  /** Fails, listing them, when the analysis found errors. */
  async assertNoErrors(): Promise<void> {
    const errors = (await this.findings()).filter((f) => f.severity === 'error');
    assert.deepEqual(
      errors.map((f) => `${f.rule}: ${f.message}`),
      [],
      'the analysis found errors in the session',
    );
  }
}

/** Waits for a bridge state that `match` accepts: the current one, or one `check` is told of later. */
function stateWaiter(): {
  check(info: SerialInfo | undefined): void;
  wait(
    match: (info: SerialInfo) => boolean,
    what: string,
    now: () => SerialInfo | undefined,
  ): Promise<SerialInfo>;
} {
  let waiters: { match: (info: SerialInfo) => boolean; resolve: (info: SerialInfo) => void }[] = [];
  return {
    check(info) {
      if (info === undefined) return;
      waiters = waiters.filter((w) => {
        if (!w.match(info)) return true;
        w.resolve(info);
        return false;
      });
    },
    wait(match, what, now) {
      const current = now();
      if (current !== undefined && match(current)) return Promise.resolve(current);
      return within(
        new Promise((resolve) => waiters.push({ match, resolve })),
        () => `${what} (the bridge: ${JSON.stringify(now())})`,
      );
    },
  };
}

export interface EngineBridge {
  client: RpcClient;
  /** The bridge as serial.start returned it. */
  info: SerialInfo;
  recording: Recording;
  /** The first state serial.list or serial.changed shows that `match` accepts. */
  waitState: (match: (info: SerialInfo) => boolean, what: string) => Promise<SerialInfo>;
}

/** The engine (memory RPC, temp data dir) and a bridge started through serial.start. */
export async function engineBridge(scope: Scope, config: SerialConfig): Promise<EngineBridge> {
  const { client } = await startEngine(scope);
  const recordings = new Map<string, Recording>();
  const recordingOf = (sessionId: string): Recording => {
    let recording = recordings.get(sessionId);
    if (recording === undefined) {
      recording = new Recording(
        async () => (await client.call('sessions.export', { sessionId })).content,
        async () => (await client.call('analysis.findings', { sessionId, offset: 0, limit: 5000 })).findings,
      );
      recordings.set(sessionId, recording);
    }
    return recording;
  };
  // Subscribed before the start: the port's opened entry comes in the first batch.
  client.on('timeline.appended', ({ sessionId, rows }) => {
    for (const row of rows) recordingOf(sessionId).add(row);
  });
  let latest: SerialInfo | undefined;
  const states = stateWaiter();
  client.on('serial.changed', ({ bridges }) => {
    if (latest === undefined) return;
    latest = bridges.find((b) => b.id === latest!.id) ?? {
      ...latest,
      portState: 'closed',
      linkState: 'closed',
    };
    states.check(latest);
  });
  const info = await client.call('serial.start', config);
  latest = info;
  scope.defer(async () => {
    if ((await client.call('serial.list', {})).some((b) => b.id === info.id))
      await client.call('serial.stop', { bridgeId: info.id });
  });
  return {
    client,
    info,
    recording: recordingOf(info.sessionId),
    waitState: (match, what) => states.wait(match, what, () => latest),
  };
}

export interface DirectBridge {
  running: RunningSerial;
  recording: Recording;
  /** The first state the bridge reports (as it changes) that `match` accepts. */
  waitState: (match: (info: SerialInfo) => boolean, what: string) => Promise<SerialInfo>;
}

/** A bridge started by launchSerial into a store of its own, with the retry waits given. */
export async function directBridge(
  scope: Scope,
  config: SerialConfig,
  retry: { port?: BackoffSettings; link?: BackoffSettings },
): Promise<DirectBridge> {
  const dir = await makeTempDir('serial-store');
  scope.defer(() => removeDir(dir));
  // Rows are appended while launchSerial runs, before it has returned the bridge.
  const launched: { bridge?: RunningSerial } = {};
  const sessionId = (): string => {
    assert.ok(launched.bridge, 'the bridge has not started');
    return launched.bridge.sessionId;
  };
  const recording = new Recording(
    async () => (await store.exportText(sessionId())).content,
    () => Promise.resolve(store.model(sessionId()).findings()),
  );
  const store = new CaptureStore(
    join(dir, 'data'),
    { onAppend: (_sessionId, row) => recording.add(row) },
    { registry: ocaSchemaRegistry() },
  );
  await store.init();
  scope.defer(() => store.dispose());
  const states = stateWaiter();
  const started = await launchSerial(config, {
    store,
    createdBy: 'ocpp-scope test',
    startMockCsms: () => Promise.reject(new Error('these tests give the bridge a CSMS of their own')),
    onChange: () => states.check(launched.bridge?.info()),
    retry,
  });
  launched.bridge = started;
  scope.defer(() => started.stop());
  return {
    running: started,
    recording,
    waitState: (match, what) => states.wait(match, what, () => started.info()),
  };
}

/** An ocpp-rpc CSMS's connection and every message on it, as text, both ways. */
export interface CsmsPeer {
  client: ServerClient;
  inbound: string[];
  outbound: string[];
  closed: Promise<{ code: number; reason: string }>;
}

/**
 * An ocpp-rpc CSMS for OCPP 1.6 in strict mode (it refuses CALLs that break the schema and checks
 * its own answers) that answers a whole charging session.
 */
export async function rpcCsms(
  scope: Scope,
): Promise<{ csms: Csms; peers: CsmsPeer[]; next: () => Promise<CsmsPeer> }> {
  const peers: CsmsPeer[] = [];
  const waiting: ((peer: CsmsPeer) => void)[] = [];
  let taken = 0;
  const csms = await startCsms(scope, { protocols: ['ocpp1.6'], strictMode: true }, (client) => {
    const peer: CsmsPeer = {
      client,
      inbound: [],
      outbound: [],
      closed: new Promise((resolve) =>
        client.once('close', (event: { code: number; reason: Buffer | string }) =>
          resolve({ code: event.code, reason: String(event.reason) }),
        ),
      ),
    };
    client.on('message', (event: { message: Buffer | string; outbound: boolean }) => {
      const text = typeof event.message === 'string' ? event.message : event.message.toString('utf8');
      (event.outbound ? peer.outbound : peer.inbound).push(text);
    });
    const now = () => new Date().toISOString();
    const answer = (action: string, result: () => Record<string, unknown>) =>
      client.handle(action, () => Promise.resolve(result()));
    answer('BootNotification', () => ({ status: 'Accepted', currentTime: now(), interval: 300 }));
    answer('Heartbeat', () => ({ currentTime: now() }));
    answer('StatusNotification', () => ({}));
    answer('Authorize', () => ({ idTagInfo: { status: 'Accepted' } }));
    answer('StartTransaction', () => ({ transactionId: 4711, idTagInfo: { status: 'Accepted' } }));
    answer('MeterValues', () => ({}));
    answer('StopTransaction', () => ({ idTagInfo: { status: 'Accepted' } }));
    peers.push(peer);
    waiting.shift()?.(peer);
  });
  return {
    csms,
    peers,
    next: () => {
      const existing = peers[taken++];
      if (existing !== undefined) return Promise.resolve(existing);
      return within(new Promise((resolve) => waiting.push(resolve)), 'the bridge to connect to the CSMS');
    },
  };
}

/**
 * A whole OCPP 1.6 charging session from the charger: boot, heartbeat, status, authorize, start,
 * meter values, stop. `log` is written between the frames, as firmware prints while it works.
 * The boot frame is written by hand (spaces, a non-ASCII vendor, an escaped character) so that a
 * re-encoding anywhere on the way would show.
 */
export async function chargingSession(
  charger: SerialCharger,
  log: (step: string) => Promise<void> = () => Promise.resolve(),
): Promise<{ calls: Called[]; transactionId: number }> {
  const calls: Called[] = [];
  const call = async (action: string, payload: unknown, text?: (id: string) => string) => {
    await log(action);
    const called = await charger.call(action, payload, text);
    calls.push(called);
    return resultOf(called);
  };
  const at = () => new Date().toISOString();
  const boot = await call(
    'BootNotification',
    undefined,
    (id) =>
      `[2, "${id}", "BootNotification", {"chargePointVendor": "Ünïtec GmbH", "chargePointModel": "Wallbox \\u00b5-11", "firmwareVersion": "1.4.2"}]`,
  );
  assert.equal(boot.status, 'Accepted');
  await call('Heartbeat', {});
  const status = (status: string) =>
    call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status, timestamp: at() });
  await status('Available');
  const idTag = '04A2B3C4D5E6F7';
  const authorized = await call('Authorize', { idTag });
  assert.deepEqual(authorized.idTagInfo, { status: 'Accepted' });
  await status('Preparing');
  const started = await call('StartTransaction', {
    connectorId: 1,
    idTag,
    meterStart: 1250,
    timestamp: at(),
  });
  const transactionId = started.transactionId;
  assert.ok(typeof transactionId === 'number', `StartTransaction answered ${JSON.stringify(started)}`);
  await status('Charging');
  await call('MeterValues', {
    connectorId: 1,
    transactionId,
    meterValue: [
      {
        timestamp: at(),
        sampledValue: [{ value: '1480.5', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
      },
    ],
  });
  await call('StopTransaction', { transactionId, idTag, meterStop: 2100, timestamp: at(), reason: 'Local' });
  await status('Finishing');
  await status('Available');
  return { calls, transactionId };
}

/** The frames of one connection in the order recorded, as `direction raw`. */
export function wire(entries: readonly Entry[], connectionId?: string): string[] {
  return entries
    .filter((e) => e.kind === 'frame' && (connectionId === undefined || e.connectionId === connectionId))
    .map((e) => (e.kind === 'frame' ? `${e.direction} ${e.raw}` : ''));
}

/** What the charger wrote and read, as `direction raw`, in the order of the conversation. */
export function conversation(calls: readonly Called[]): string[] {
  return calls.flatMap((c) => [`toCsms ${c.sent}`, `toStation ${c.line}`]);
}
