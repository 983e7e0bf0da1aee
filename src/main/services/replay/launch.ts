/**
 * Starts a replay from its parameters (the UI's dialog or `ocpp-scope replay`): reads the
 * recording, plans it, meets the peer (as the station it connects first, so that an unreachable
 * CSMS is an error of the start itself; as the CSMS it listens and waits), records everything into
 * a new live session with source `replay`, and ends with the diff of recorded vs new answers.
 */
import type { NewEntry } from '../../../shared/capture/entry';
import { parseAuth, parseListen } from '../../../shared/proxy/config';
import { checkUpstream } from '../../../shared/proxy/config';
import { diffReplay } from '../../../shared/replay/diff';
import { planReplay, ReplayPlanError, type ReplayPlan } from '../../../shared/replay/plan';
import type { ReplayStartParams, ReplayStatus, ReplayStep } from '../../../shared/replay/types';
import { RpcError } from '../../../shared/rpc/errors';
import { DEFAULT_SEND_TIMEOUT_MS } from '../../../shared/send/send';
import type { SchemaRegistry } from '../../../shared/validation/registry';
import type { CaptureStore } from '../capture/store';
import { listenError } from '../endpoint';
import { Conversation } from './conversation';
import { connectAsStation, ReplayListener, type Link } from './links';
import { loadRecording } from './source';

export interface ReplayLaunchOptions {
  store: CaptureStore;
  registry: SchemaRegistry;
  /** `ocpp-scope 0.1.0`, for the capture header. */
  createdBy: string;
  /** The status changed; `steps` are the CALLs done since the last call. */
  onChange(status: ReplayStatus, steps: ReplayStep[]): void;
}

export interface RunningReplay {
  readonly id: string;
  status(): ReplayStatus;
  /** Ends it early (what is not sent yet is reported as not replayed); resolves when it has ended. */
  stop(): Promise<ReplayStatus>;
  /** Resolves when it has ended, however it ended. */
  readonly done: Promise<ReplayStatus>;
}

let launched = 0;

const FINAL = new Set(['finished', 'stopped', 'failed']);

function bad(message: string): never {
  throw new RpcError('bad-params', message);
}

function checkParams(params: ReplayStartParams): void {
  if (params.as === 'station') {
    if (params.target === undefined)
      bad('as the station, the replay needs the CSMS URL to connect to (target)');
    try {
      checkUpstream(params.target);
      parseAuth(params.auth);
    } catch (error) {
      bad((error as Error).message.replace('the upstream', 'the target'));
    }
    if (params.listen !== undefined)
      bad('listen is for a replay as the CSMS; as the station give the target');
  } else {
    if (params.target !== undefined)
      bad('as the CSMS, the replay listens for the station: give listen, not target');
    if (params.auth !== undefined || params.insecure !== undefined)
      bad('auth and insecure are for a replay as the station');
    try {
      parseListen(params.listen ?? '127.0.0.1:0');
    } catch (error) {
      bad((error as Error).message);
    }
  }
  const speed = params.speed;
  if (
    speed !== undefined &&
    speed !== 'max' &&
    !(typeof speed === 'number' && speed > 0 && Number.isFinite(speed))
  )
    bad('the speed must be a number above 0 (1 as recorded, 10 ten times faster) or max');
}

export async function launchReplay(
  params: ReplayStartParams,
  options: ReplayLaunchOptions,
): Promise<RunningReplay> {
  checkParams(params);
  const recording = await loadRecording(params, options.store);
  let plan: ReplayPlan;
  try {
    plan = planReplay(recording.entries, {
      side: params.as,
      ...(params.seqs !== undefined ? { seqs: params.seqs } : {}),
      ...(params.connectionId !== undefined ? { connectionId: params.connectionId } : {}),
      ...(recording.headerVersion !== undefined ? { headerVersion: recording.headerVersion } : {}),
    });
  } catch (error) {
    if (error instanceof ReplayPlanError)
      throw new RpcError('invalid', `${recording.name}: ${error.message}`);
    throw error;
  }
  const timeoutMs = params.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  const side = params.as === 'station' ? 'the station' : 'the CSMS';

  // As the station: connect before anything is recorded, so an unreachable CSMS leaves no session.
  let sessionReady = false;
  let ended = false;
  let link: Link | undefined;
  let listener: ReplayListener | undefined;
  let url: string;
  if (params.as === 'station') {
    const auth = parseAuth(params.auth);
    const connected = await connectAsStation(params.target!, plan.identitySegment, plan.subprotocol, {
      ...(auth !== 'passthrough' ? { auth } : {}),
      ...(params.insecure !== undefined ? { insecure: params.insecure } : {}),
      timeoutMs,
    });
    link = connected;
    url = connected.url;
  } else {
    const listen = parseListen(params.listen ?? '127.0.0.1:0');
    try {
      listener = await ReplayListener.start(
        listen.host,
        listen.port,
        plan.subprotocol,
        // A station refused before the session exists (or after it ended) is not recorded.
        (stationId, message) => {
          if (sessionReady && !ended) record({ kind: 'connection', event: 'error', message }, stationId);
        },
      );
    } catch (error) {
      throw listenError(error, params.listen ?? '127.0.0.1:0', listen.host);
    }
    url = listener.url;
  }

  let session;
  try {
    session = await options.store.create(params.name ?? `Replay of ${recording.name} as ${side}`, {
      createdBy: `${options.createdBy} replay`,
      ocppVersion: plan.subprotocol,
      ...(params.captureFile !== undefined ? { file: params.captureFile } : {}),
    });
  } catch (error) {
    link?.socket.terminate();
    await listener?.close();
    throw error;
  }
  const sessionId = session.id;
  // Connection events of the replay's one connection (its frames are the conversation's).
  function record(
    entry: Omit<Extract<NewEntry, { kind: 'connection' }>, 'connectionId' | 'stationId' | 'source'>,
    stationId?: string,
  ) {
    return options.store.append(sessionId, {
      ...entry,
      connectionId: 'c1',
      stationId: stationId ?? status.stationId,
      source: 'replay',
    });
  }

  const id = `replay-${++launched}`;
  const status: ReplayStatus = {
    id,
    as: params.as,
    phase: link !== undefined ? 'running' : 'waiting',
    sessionId,
    source: recording.name,
    connectionId: plan.connectionId,
    stationId: link?.stationId ?? plan.stationId,
    subprotocol: plan.subprotocol,
    url,
    speed: params.speed ?? 1,
    startedAt: new Date().toISOString(),
    calls: plan.calls.length,
    sent: 0,
    done: 0,
    answered: 0,
    warnings: [...plan.warnings],
  };
  sessionReady = true;
  const snapshot = (): ReplayStatus => ({ ...status, warnings: [...status.warnings] });
  const changed = (steps: ReplayStep[] = []) => options.onChange(snapshot(), steps);

  let conversation: Conversation | undefined;
  let stopping = false;
  const run = async (): Promise<ReplayStatus> => {
    try {
      let peer = link;
      if (peer === undefined) {
        peer = await Promise.race([listener!.next(), stopped.then(() => undefined)]);
        if (peer === undefined) {
          status.phase = 'stopped';
          status.error = 'stopped before the station connected';
          return snapshot();
        }
        status.stationId = peer.stationId;
        if (peer.stationId !== plan.stationId)
          status.warnings.push(`${peer.stationId} connected; the recording is of ${plan.stationId}`);
        status.phase = 'running';
      }
      record(peer.opened);
      changed();
      conversation = new Conversation({
        plan,
        socket: peer.socket,
        sink: { append: (entry) => options.store.append(sessionId, entry) },
        stationId: status.stationId,
        speed: status.speed,
        timeoutMs,
        unmatched: params.unmatched ?? (params.as === 'station' ? 'error' : 'default'),
        registry: options.registry,
        onSent: () => {
          status.sent++;
          changed();
        },
        onStep: (step) => {
          status.done++;
          changed([step]);
        },
        onAnswered: () => {
          status.answered++;
          changed();
        },
        onWarning: (message) => {
          status.warnings.push(message);
          changed();
        },
      });
      if (stopping) conversation.stop('stopped');
      const end = await conversation.run();
      const socket = peer.socket;
      if (socket.readyState === socket.OPEN) {
        const reason = stopping ? 'the replay was stopped' : 'the replay finished';
        socket.close(1000, reason);
        record({ kind: 'connection', event: 'closed', code: 1000, reason, closedBy: 'scope' });
      }
      const recorded = new Set([...Object.keys(plan.peerCalls), ...Object.keys(end.peerCalls)]);
      status.result = {
        diff: diffReplay(end.exchanges),
        peerCalls: [...recorded].sort().map((action) => ({
          action,
          recorded: plan.peerCalls[action] ?? 0,
          replayed: end.peerCalls[action] ?? 0,
        })),
        incomplete: end.incomplete !== undefined,
        ...(end.incomplete !== undefined ? { reason: end.incomplete } : {}),
      };
      status.phase = stopping ? 'stopped' : 'finished';
      return snapshot();
    } catch (error) {
      status.phase = 'failed';
      status.error = error instanceof Error ? error.message : String(error);
      return snapshot();
    } finally {
      status.finishedAt = new Date().toISOString();
      ended = true;
      conversation?.detach();
      await listener?.close();
      await options.store.finish(sessionId);
      changed();
    }
  };
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  changed();
  const done = run();
  return {
    id,
    status: snapshot,
    done,
    async stop() {
      if (!FINAL.has(status.phase)) {
        stopping = true;
        stop();
        conversation?.stop('stopped');
      }
      return done;
    },
  };
}
