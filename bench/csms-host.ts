/**
 * The process the `csms` benchmark runs the mock CSMS in, so that its CPU is measured alone: the
 * CsmsServer with a live CaptureStore session analysed against the OCA schemas, as the CLI runs
 * it. Started by bench/csms.ts with an IPC channel; answers one request at a time.
 */
import { rm } from 'node:fs/promises';
import type { NewEntry } from '../src/shared/capture/entry';
import { parseCsmsConfig } from '../src/shared/csms/config';
import { CaptureStore } from '../src/main/services/capture/store';
import { FLUSH_INTERVAL_MS } from '../src/main/services/capture/writer';
import { CsmsServer } from '../src/main/services/csms/csms-server';
import { defaultAnswerFor } from '../src/main/services/csms/default-answer';
import { ocaSchemaRegistry } from '../src/main/services/validation/oca-schemas';

export type CsmsHostRequest = { op: 'open'; dir: string } | { op: 'begin' } | { op: 'end' } | { op: 'close' };

export interface CsmsHostStats {
  /** CALLs the CSMS received, and answers (CALLRESULT or CALLERROR) it sent. */
  callsIn: number;
  answersOut: number;
  entries: number;
  findings: number;
}

export type CsmsHostReply =
  | { op: 'ready' }
  | { op: 'opened'; url: string }
  | { op: 'cpu'; user: number; system: number }
  | { op: 'closed'; stats: CsmsHostStats }
  | { op: 'failed'; message: string };

if (process.send === undefined) throw new Error('csms-host: start me with an IPC channel (fork)');

const registry = ocaSchemaRegistry();
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
let running: { url: string; stats(): CsmsHostStats; close(): Promise<void> } | undefined;

async function open(dir: string): Promise<string> {
  const stats: CsmsHostStats = { callsIn: 0, answersOut: 0, entries: 0, findings: 0 };
  const store = new CaptureStore(
    dir,
    { onAppend: (_s, row) => (stats.findings += row.findings?.count ?? 0) },
    { registry },
  );
  await store.init();
  const session = await store.create('bench: csms', { createdBy: 'ocpp-scope bench' });
  const sink = {
    append(entry: NewEntry) {
      stats.entries++;
      // Counted by the first character after `[`: the bench's frames are well formed.
      if (entry.kind === 'frame') {
        if (entry.direction === 'toCsms' && entry.raw.startsWith('[2')) stats.callsIn++;
        else if (entry.direction === 'toStation') stats.answersOut++;
      }
      return store.append(session.id, entry);
    },
  };
  const csms = await CsmsServer.start({
    host: '127.0.0.1',
    port: 0,
    config: parseCsmsConfig({}),
    sink,
    registry,
    defaultAnswer: defaultAnswerFor(registry),
  });
  running = {
    url: csms.url,
    stats: () => ({ ...stats }),
    async close() {
      await csms.stop();
      await store.finish(session.id);
      await store.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return csms.url;
}

async function handle(request: CsmsHostRequest): Promise<CsmsHostReply> {
  switch (request.op) {
    case 'open':
      return { op: 'opened', url: await open(request.dir) };
    case 'begin':
    case 'end': {
      if (request.op === 'begin') gc();
      // The store writes its batches every FLUSH_INTERVAL_MS: the last one belongs to the window.
      else await new Promise((resolve) => setTimeout(resolve, FLUSH_INTERVAL_MS + 20));
      const { user, system } = process.cpuUsage();
      return { op: 'cpu', user, system };
    }
    case 'close': {
      const stats = running?.stats() ?? { callsIn: 0, answersOut: 0, entries: 0, findings: 0 };
      await running?.close();
      running = undefined;
      return { op: 'closed', stats };
    }
  }
}

process.on('message', (request: CsmsHostRequest) => {
  handle(request).then(
    (reply) => process.send!(reply),
    (error: unknown) =>
      process.send!({ op: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});
process.send({ op: 'ready' } satisfies CsmsHostReply);
process.once('disconnect', () => {
  void (running?.close() ?? Promise.resolve()).finally(() => process.exit(0));
});
