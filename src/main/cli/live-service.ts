/**
 * What `ocpp-scope proxy` and `ocpp-scope csms` do once their flags are read: start the service
 * through the engine's RPC (the same path as the UI), print each charger that connects or leaves
 * and each finding as the live analysis reports it, optionally serve the UI, and on Ctrl-C stop
 * and print the verdict with the command that re-checks the capture.
 */
import { join } from 'node:path';
import { createEngine } from '../engine';
import { startServeHost } from '../host/serve';
import { VERSION } from '../version';
import { createClient, type RpcClient } from '../../shared/rpc/client';
import { RpcError } from '../../shared/rpc/errors';
import { createMemoryChannel } from '../../shared/rpc/memory';
import type { CliContext } from './command';

interface LiveInfo {
  sessionId: string;
  warnings: string[];
  caCertPath?: string;
}

export interface LiveService<Info extends LiveInfo> {
  command: string;
  dataDir: string;
  serve: boolean;
  /** The capture file the user chose, if any (otherwise the session's file in the data dir). */
  captureFile: string | undefined;
  start(client: RpcClient): Promise<Info>;
  /** The first line: where chargers connect. */
  banner(info: Info): string;
  stop(client: RpcClient, info: Info): Promise<unknown>;
  /** Runs while the service does (e.g. commands typed on stdin); returns how to end it. */
  whileRunning?(client: RpcClient, info: Info): () => void;
}

export async function runLiveService<Info extends LiveInfo>(
  context: CliContext,
  service: LiveService<Info>,
): Promise<number> {
  const engine = await createEngine({
    dataDir: service.dataDir,
    mode: 'serve',
    version: VERSION,
    log: (m) => context.stderr(`${m}\n`),
  });
  const channel = createMemoryChannel(engine.router);
  const client = createClient(channel);
  let info: Info;
  try {
    info = await service.start(client);
  } catch (error) {
    channel.close();
    await engine.dispose();
    if (error instanceof RpcError) {
      context.stderr(`ocpp-scope ${service.command}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const sessionId = info.sessionId;
  const captureFile = service.captureFile ?? join(engine.store.sessionsDir, `${sessionId}.jsonl`);
  let printed = 0;
  // Connections and findings are printed as the engine reports them, like any other face. Console
  // lines (a serial bridge's firmware logs) stay in the capture: printed, they would bury both.
  client.on('timeline.appended', (delta) => {
    if (delta.sessionId !== sessionId) return;
    for (const row of delta.rows) {
      if (row.kind === 'connection')
        context.stdout(`${new Date(row.ts).toISOString()}  ${row.stationId}  ${row.summary ?? row.event}\n`);
    }
    if (delta.findings > printed) {
      const from = printed;
      printed = delta.findings;
      void client
        .call('analysis.findings', { sessionId, offset: from, limit: delta.findings - from })
        .then(({ findings }) => {
          for (const f of findings)
            context.stdout(
              `  seq ${f.seqs[0] ?? '-'}  ${f.stationId}  ${f.severity}  ${f.rule}: ${f.message}\n`,
            );
        });
    }
  });
  await client.call('sessions.open', { sessionId });
  context.stdout(`${service.banner(info)}\n`);
  for (const warning of info.warnings) context.stderr(`warning: ${warning}\n`);
  if (info.caCertPath !== undefined)
    context.stdout(`install this CA certificate on the chargers: ${info.caCertPath}\n`);
  context.stdout(`capture: ${captureFile}\n`);
  let ui;
  if (service.serve) {
    ui = await startServeHost({
      router: engine.router,
      rendererDir: context.rendererDir,
      host: '127.0.0.1',
      port: 0,
    });
    context.stdout(`OCPP Scope serving at ${ui.url}\n`);
  }
  const endWhileRunning = service.whileRunning?.(client, info);
  context.stderr('press Ctrl-C to stop\n');
  await context.stopSignal;
  endWhileRunning?.();
  await service.stop(client, info);
  const summary = await client.call('analysis.summary', { sessionId });
  context.stdout(
    `stopped: ${summary.bySeverity.error} error(s), ${summary.bySeverity.warning} warning(s), ${summary.bySeverity.info} info; the capture: ocpp-scope check ${captureFile}\n`,
  );
  await ui?.close();
  channel.close();
  await engine.dispose();
  return 0;
}
