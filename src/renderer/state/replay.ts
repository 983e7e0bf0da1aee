/**
 * Replays as the renderer sees them: every replay main knows of (started here, from the CLI of the
 * same engine, or before a reload), the CALLs each has done, which one the Replay tab shows, and
 * the start dialog. Progress comes from `replay.progress`; a replay's diff is in its final status.
 */
import { create } from 'zustand';
import type { ReplayStartParams, ReplayStatus, ReplayStep } from '../../shared/replay/types';
import type { RpcClient } from '../../shared/rpc/client';
import { MAX_ROWS_PER_CALL } from '../../shared/rpc/params';
import { setPanelTab } from './panel';
import { openSession } from './sessions';
import { attempt, client, report, useApp, type Outcome } from './store';
import { selectSeq } from './view';

export interface ReplayRun {
  status: ReplayStatus;
  /** The latest CALLs done, oldest first (at most STEPS_KEPT). */
  steps: ReplayStep[];
  /** The stored session replayed, when it was started here: its recorded entries are linkable. */
  recordedSessionId?: string;
}

export interface ReplayStore {
  /** Oldest first, as main lists them. */
  runs: ReplayRun[];
  /** The run the Replay tab shows; the newest when unset. */
  shownId?: string;
  dialog: boolean;
}

/** A progress list, not a log: the whole story is in the replay's session and its diff. */
const STEPS_KEPT = 200;

const FINAL_PHASES: ReadonlySet<ReplayStatus['phase']> = new Set(['finished', 'stopped', 'failed']);

export const isFinal = (status: ReplayStatus): boolean => FINAL_PHASES.has(status.phase);

export const useReplays = create<ReplayStore>(() => ({ runs: [], dialog: false }));

/**
 * Takes a status (and the steps that came with it) in. A status that is not newer than the one
 * held is ignored: `replay.start` answers with the status of the moment it started, and progress
 * events sent meanwhile may already have overtaken it.
 */
function upsert(status: ReplayStatus, steps: readonly ReplayStep[], recordedSessionId?: string): void {
  useReplays.setState((s) => {
    const at = s.runs.findIndex((r) => r.status.id === status.id);
    if (at < 0) {
      const run: ReplayRun = { status, steps: steps.slice(-STEPS_KEPT) };
      if (recordedSessionId !== undefined) run.recordedSessionId = recordedSessionId;
      return { runs: [...s.runs, run] };
    }
    const held = s.runs[at]!;
    const older = isFinal(held.status) || (held.status.done > status.done && !isFinal(status));
    const run: ReplayRun = {
      status: older && !isFinal(status) ? held.status : status,
      steps: steps.length === 0 ? held.steps : [...held.steps, ...steps].slice(-STEPS_KEPT),
    };
    const recorded = held.recordedSessionId ?? recordedSessionId;
    if (recorded !== undefined) run.recordedSessionId = recorded;
    const runs = s.runs.slice();
    runs[at] = run;
    return { runs };
  });
}

let watched: RpcClient | undefined;

/** Follows the replays of `rpc`'s engine (once per client: the panel and the app may both ask). */
export function initReplay(rpc: RpcClient): void {
  if (watched === rpc) return;
  watched = rpc;
  rpc.on('replay.progress', ({ replay, steps }) => upsert(replay, steps));
  rpc.call('replay.list', {}).then((list) => {
    for (const status of list) upsert(status, []);
  }, report);
}

export function showReplayDialog(dialog: boolean): void {
  useReplays.setState({ dialog });
  // The dialog lives in the Replay tab, where the replay it starts is followed.
  if (dialog) setPanelTab('replay');
}

export function showRun(replayId: string): void {
  useReplays.setState({ shownId: replayId });
}

/** Starts a replay of a stored session and brings it into the Replay tab. */
export async function startReplay(params: ReplayStartParams): Promise<Outcome<ReplayStatus>> {
  const outcome = await attempt(() => client().call('replay.start', params));
  if (outcome.ok) {
    upsert(outcome.value, [], params.sessionId);
    useReplays.setState({ shownId: outcome.value.id, dialog: false });
    setPanelTab('replay');
  }
  return outcome;
}

export async function stopReplay(replayId: string): Promise<void> {
  try {
    upsert(await client().call('replay.stop', { replayId }), []);
  } catch (error) {
    report(error);
  }
}

/** Opens `sessionId` (unless it is open) and selects its entry `seq` in the timeline. */
export async function showEntry(sessionId: string, seq: number): Promise<void> {
  if (useApp.getState().opened?.info.id !== sessionId) {
    await openSession(sessionId);
    if (useApp.getState().opened?.info.id !== sessionId) return;
  }
  await selectSeq(seq);
}

/** The seqs of every row the filter matches, read page by page (main filters the whole session). */
export async function filterSeqs(sessionId: string, filter: string): Promise<number[]> {
  const seqs: number[] = [];
  for (let offset = 0; ; offset += MAX_ROWS_PER_CALL) {
    const page = await client().call('timeline.filter', {
      sessionId,
      filter,
      offset,
      limit: MAX_ROWS_PER_CALL,
    });
    if (!page.ok) throw new Error(`The filter no longer compiles: ${page.error.message}`);
    for (const row of page.rows) seqs.push(row.seq);
    if (page.rows.length === 0 || offset + page.rows.length >= page.total) return seqs;
  }
}
