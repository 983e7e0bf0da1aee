/**
 * Helpers for the replay integration tests: a replay started over RPC and followed to its end,
 * the recorded fixture's frames, and a charger (ocpp-rpc) that plays the station's side of a
 * recording against a replay that plays the CSMS.
 */
import type { RPCClient } from 'ocpp-rpc';
import type { Entry, FrameEntry } from '../../src/shared/capture/entry';
import type { ReplayStartParams, ReplayStatus, ReplayStep } from '../../src/shared/replay/types';
import type { RpcClient } from '../../src/shared/rpc/client';
import { fixtureText, readText } from '../unit/support';
import { charger, parse, type Scope } from './proxy-support';

export interface Followed {
  started: ReplayStatus;
  steps: ReplayStep[];
  done: Promise<ReplayStatus>;
}

/** Starts a replay and collects its steps until it has ended. */
export async function followReplay(client: RpcClient, params: ReplayStartParams): Promise<Followed> {
  const steps = new Map<string, ReplayStep[]>();
  const finals = new Map<string, ReplayStatus>();
  const waiting = new Map<string, (status: ReplayStatus) => void>();
  const off = client.on('replay.progress', ({ replay, steps: more }) => {
    steps.set(replay.id, [...(steps.get(replay.id) ?? []), ...more]);
    if (replay.finishedAt === undefined) return;
    finals.set(replay.id, replay);
    waiting.get(replay.id)?.(replay);
  });
  let started: ReplayStatus;
  try {
    started = await client.call('replay.start', params);
  } catch (error) {
    off();
    throw error;
  }
  const collected: ReplayStep[] = [];
  const done = new Promise<ReplayStatus>((resolve) => {
    const already = finals.get(started.id);
    if (already !== undefined) resolve(already);
    else waiting.set(started.id, resolve);
  }).then((status) => {
    off();
    collected.push(...(steps.get(started.id) ?? []));
    return status;
  });
  return { started, steps: collected, done };
}

export function fixtureEntries(path: string): Entry[] {
  return readText(fixtureText(path)).entries;
}

/** The station's recorded CALLs, as [action, payload]. */
export function stationCalls(entries: readonly Entry[]): [string, Record<string, unknown>][] {
  return entries
    .filter((e): e is FrameEntry => e.kind === 'frame' && e.direction === 'toCsms')
    .map((e) => parse(e.raw))
    .filter((m) => m[0] === 2)
    .map((m) => [m[2] as string, m[3] as Record<string, unknown>]);
}

/**
 * An ocpp-rpc charger that connects to `url` and sends the recording's station CALLs in order,
 * answering the CSMS's commands with `answers`; returns the answers it got.
 */
export async function playStation(
  scope: Scope,
  url: string,
  identity: string,
  protocol: string,
  calls: [string, Record<string, unknown>][],
  answers: Record<string, () => Record<string, unknown> | Promise<Record<string, unknown>>>,
): Promise<{ cp: RPCClient; got: Promise<{ action: string; answer: unknown }[]> }> {
  const cp = charger(scope, {
    endpoint: url.replace(/\/$/, ''),
    identity,
    protocols: [protocol],
    callTimeoutMs: 5000,
  });
  for (const [action, answer] of Object.entries(answers)) cp.handle(action, () => Promise.resolve(answer()));
  await cp.connect();
  const got = (async () => {
    const out: { action: string; answer: unknown }[] = [];
    for (const [action, payload] of calls) out.push({ action, answer: await cp.call(action, payload) });
    return out;
  })();
  return { cp, got };
}
