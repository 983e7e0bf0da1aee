import { join } from 'node:path';
import { defaultDataDir } from '../../data-dir';
import { createEngine } from '../../engine';
import { VERSION } from '../../version';
import { checkUpstream, parseListen } from '../../../shared/proxy/config';
import type { DiffItem } from '../../../shared/replay/diff';
import type { ReplayStartParams, ReplayStatus, ReplayStep } from '../../../shared/replay/types';
import { createClient } from '../../../shared/rpc/client';
import { RpcError } from '../../../shared/rpc/errors';
import { createMemoryChannel } from '../../../shared/rpc/memory';
import { parseCommandArgs, UsageError, type CliContext, type Command } from '../command';

/** The replay could not run at all: a bad capture, nothing to replay, an unreachable CSMS. */
const CANNOT_RUN = 3;
const FINAL = new Set(['finished', 'stopped', 'failed']);

/** `2-20,34,36` -> [2, ..., 20, 34, 36]. */
export function parseSeqs(text: string): number[] {
  const seqs: number[] = [];
  for (const part of text.split(',')) {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    const from = Number(match?.[1]);
    const to = match?.[2] === undefined ? from : Number(match[2]);
    if (match === null || from < 1 || to < from || to - from > 10_000_000)
      throw new UsageError(`--seqs takes seqs and ranges like 2-20,34, not ${JSON.stringify(text)}`);
    for (let seq = from; seq <= to; seq++) seqs.push(seq);
  }
  return seqs;
}

function outcome(step: ReplayStep): string {
  switch (step.outcome) {
    case 'result':
      return 'CALLRESULT';
    case 'error':
      return `CALLERROR ${step.code ?? ''}`.trim();
    case 'timeout':
      return 'no answer in time';
    case 'closed':
      return 'the connection closed';
    case 'not-sent':
      return 'not sent';
    case 'sent':
      return 'sent (SEND, not answered)';
  }
}

function stepLine(step: ReplayStep): string {
  const time = step.elapsedMs === undefined ? '' : ` in ${step.elapsedMs} ms`;
  const differences =
    step.differences === 0 ? '' : `, ${step.differences} difference${step.differences === 1 ? '' : 's'}`;
  return `  seq ${step.recordedSeq} ${step.action} -> ${outcome(step)}${time}${differences}\n`;
}

function itemText(item: DiffItem): string {
  const replayed = item.replayedSeq === undefined ? '' : ` (seq ${item.replayedSeq} in the replay)`;
  return `  seq ${item.recordedSeq} ${item.action}${replayed}\n${item.differences.map((d) => `    ${d.message}\n`).join('')}`;
}

function resultText(status: ReplayStatus, captureFile: string): string {
  const lines: string[] = [];
  const result = status.result;
  if (status.phase === 'failed') lines.push(`the replay failed: ${status.error ?? 'unknown error'}\n`);
  if (result !== undefined) {
    const { diff } = result;
    const changed = diff.items.filter((i) => i.differences.length > 0);
    lines.push(
      diff.identical
        ? `diff of recorded vs replayed answers: no differences (${diff.items.length} CALLs)\n`
        : `diff of recorded vs replayed answers: ${diff.differences} difference${diff.differences === 1 ? '' : 's'} in ${changed.length} of ${diff.items.length} CALLs\n`,
    );
    lines.push(...changed.map(itemText));
    if (result.reason !== undefined) lines.push(`ended early: ${result.reason}\n`);
    const peers = result.peerCalls.filter((p) => p.recorded !== p.replayed);
    if (peers.length > 0) {
      lines.push(
        `the other side's CALLs, recorded / in the replay: ${peers.map((p) => `${p.action} ${p.recorded}/${p.replayed}`).join(', ')}\n`,
      );
    }
  }
  lines.push(`capture: ${captureFile}\n`);
  return lines.join('');
}

function exitCode(status: ReplayStatus): number {
  if (status.phase === 'failed' || status.result === undefined) return CANNOT_RUN;
  return status.result.diff.identical && !status.result.incomplete ? 0 : 1;
}

async function replay(
  params: ReplayStartParams,
  dataDir: string,
  json: boolean,
  context: CliContext,
): Promise<number> {
  const engine = await createEngine({
    dataDir,
    mode: 'serve',
    version: VERSION,
    log: (m) => context.stderr(`${m}\n`),
  });
  const channel = createMemoryChannel(engine.router);
  const client = createClient(channel);
  const ended = new Map<string, (status: ReplayStatus) => void>();
  const finals = new Map<string, ReplayStatus>();
  let replayId: string | undefined;
  const early: ReplayStep[] = [];
  client.on('replay.progress', ({ replay, steps }) => {
    if (replayId === undefined) early.push(...steps);
    else if (replay.id === replayId && !json) for (const step of steps) context.stdout(stepLine(step));
    if (FINAL.has(replay.phase)) {
      finals.set(replay.id, replay);
      ended.get(replay.id)?.(replay);
    }
  });
  try {
    let status: ReplayStatus;
    try {
      status = await client.call('replay.start', params);
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      context.stderr(`ocpp-scope replay: ${error.message}\n`);
      return error.code === 'bad-params' ? 2 : CANNOT_RUN;
    }
    replayId = status.id;
    const captureFile = params.captureFile ?? join(engine.store.sessionsDir, `${status.sessionId}.jsonl`);
    if (!json) {
      const speed = status.speed === 'max' ? 'as fast as answers come' : `speed ${status.speed}`;
      context.stdout(
        status.as === 'station'
          ? `replaying ${status.calls} CALLs of ${status.stationId} (${status.subprotocol}) from ${status.source} as the station against ${status.url}, ${speed}\n`
          : `replaying ${status.calls} CALLs of the CSMS (${status.subprotocol}) from ${status.source}: point the station at ${status.url}<identity> (recorded: ${status.stationId}), ${speed}\n`,
      );
      for (const warning of status.warnings) context.stderr(`warning: ${warning}\n`);
      for (const step of early) context.stdout(stepLine(step));
    }
    const done = new Promise<ReplayStatus>((resolve) => {
      const already = finals.get(status.id);
      if (already !== undefined) resolve(already);
      else ended.set(status.id, resolve);
    });
    const last = await Promise.race([
      done,
      context.stopSignal.then(() => client.call('replay.stop', { replayId: status.id })),
    ]);
    if (json) context.stdout(`${JSON.stringify(last, null, 2)}\n`);
    else {
      for (const warning of last.warnings.slice(status.warnings.length))
        context.stderr(`warning: ${warning}\n`);
      context.stdout(resultText(last, captureFile));
    }
    return exitCode(last);
  } finally {
    channel.close();
    await engine.dispose();
  }
}

export const replayCommand: Command = {
  name: 'replay',
  summary: 'replay one side of a capture against a CSMS or for a station, and diff the answers',
  usage: `ocpp-scope replay <capture> --as station --target URL [options]
ocpp-scope replay <capture> --as csms [--listen HOST:PORT] [options]

  --as          station: send the station's recorded CALLs to a CSMS (same identity and subprotocol);
                csms: listen, wait for the station and send the CSMS's recorded CALLs to it
  --target      as the station: the CSMS URL, ws(s)://host/path (the identity is appended) or a
                template with {id}
  --listen      as the CSMS: where the station connects (default 127.0.0.1:0, any free port; printed)
  --speed       1 as recorded (default), N times faster (e.g. 10, 0.5), or max: each CALL as soon
                as the previous one is answered
  --seqs        replay only these entries, e.g. 2-20,34 (seqs as in the timeline)
  --connection  the recorded connection to replay when the capture has several (e.g. c2)
  --timeout     seconds an answer is waited for (default 30); as the CSMS, also how long the station
                may take for its next recorded step
  --unmatched   what a CALL of the other side gets when the recording never answered its action:
                error (NotImplemented; the default as the station) or default (a schema-valid answer;
                the default as the CSMS)
  --auth        as the station: Basic auth USER:PASS for the CSMS (captures keep no password)
  --insecure    as the station: do not verify the CSMS's TLS certificate (lab CSMSs only)
  --capture     record the replay into this file (never overwritten) instead of the data dir
  --name        the replay session's name
  --format      text (default): each CALL as it is answered, then the diff; json: the final status
  --data-dir    where sessions are kept

  Message ids are new (answers are matched by them); transactionIds the other side assigns anew
  replace the recorded ones in the CALLs that follow. The diff compares, per CALL, the outcome,
  the CALLERROR code, every transactionId and every status field of the recorded and new answers.
  Exit code: 0 when every CALL was replayed and answered as recorded, 1 when the diff has
  differences (or the replay ended early: Ctrl-C, a closed connection), 2 on usage errors,
  3 when the replay could not run (unreadable capture, nothing to replay, unreachable CSMS).`,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        as: { type: 'string' },
        target: { type: 'string' },
        listen: { type: 'string' },
        speed: { type: 'string' },
        seqs: { type: 'string' },
        connection: { type: 'string' },
        timeout: { type: 'string' },
        unmatched: { type: 'string' },
        auth: { type: 'string' },
        insecure: { type: 'boolean', default: false },
        capture: { type: 'string' },
        name: { type: 'string' },
        format: { type: 'string', default: 'text' },
        'data-dir': { type: 'string' },
      },
      { positionals: 1 },
    );
    if (values.help) {
      context.stdout(`${this.usage}\n`);
      return 0;
    }
    const file = positionals[0];
    if (file === undefined)
      throw new UsageError('which capture? ocpp-scope replay <capture> --as station|csms ...');
    if (values.as !== 'station' && values.as !== 'csms')
      throw new UsageError(
        `--as must be station or csms${values.as === undefined ? '' : `, not ${JSON.stringify(values.as)}`}`,
      );
    if (values.format !== 'text' && values.format !== 'json')
      throw new UsageError(`--format must be text or json, not ${JSON.stringify(values.format)}`);
    const params: ReplayStartParams = { file, as: values.as };
    if (values.as === 'station') {
      if (values.target === undefined)
        throw new UsageError('--target is required as the station, e.g. --target ws://csms.example.com/ocpp');
      if (values.listen !== undefined) throw new UsageError('--listen is for --as csms');
      try {
        checkUpstream(values.target);
      } catch {
        throw new UsageError(`--target must be a ws:// or wss:// URL, not ${JSON.stringify(values.target)}`);
      }
      params.target = values.target;
      if (values.auth !== undefined) params.auth = values.auth;
      if (values.insecure) params.insecure = true;
    } else {
      if (values.target !== undefined)
        throw new UsageError('--target is for --as station; as the CSMS give --listen');
      if (values.auth !== undefined || values.insecure)
        throw new UsageError('--auth and --insecure are for --as station');
      if (values.listen !== undefined) {
        try {
          parseListen(values.listen);
        } catch (error) {
          throw new UsageError((error as Error).message);
        }
        params.listen = values.listen;
      }
    }
    if (values.speed !== undefined) {
      const speed = values.speed === 'max' ? 'max' : Number(values.speed);
      if (speed !== 'max' && !(Number.isFinite(speed) && speed > 0))
        throw new UsageError(`--speed must be a number above 0 or max, not ${JSON.stringify(values.speed)}`);
      params.speed = speed;
    }
    if (values.timeout !== undefined) {
      const seconds = Number(values.timeout);
      if (!(Number.isFinite(seconds) && seconds > 0 && seconds <= 600))
        throw new UsageError(
          `--timeout must be seconds from 0 to 600, not ${JSON.stringify(values.timeout)}`,
        );
      params.timeoutMs = Math.max(1, Math.round(seconds * 1000));
    }
    if (values.unmatched !== undefined) {
      if (values.unmatched !== 'error' && values.unmatched !== 'default')
        throw new UsageError(`--unmatched must be error or default, not ${JSON.stringify(values.unmatched)}`);
      params.unmatched = values.unmatched;
    }
    if (values.seqs !== undefined) params.seqs = parseSeqs(values.seqs);
    if (values.connection !== undefined) params.connectionId = values.connection;
    if (values.capture !== undefined) params.captureFile = values.capture;
    if (values.name !== undefined) params.name = values.name;
    return replay(params, values['data-dir'] ?? defaultDataDir(), values.format === 'json', context);
  },
};
