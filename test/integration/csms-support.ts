/**
 * Helpers for the mock CSMS integration tests: the CSMS on a free loopback port recording into a
 * MemorySink (or the engine, through RPC, recording into the real store), and a check that every
 * answer the CSMS sent is valid against the OCA schema of the CALL it answers. The peers, the
 * sink and the leak check are the proxy tests' (proxy-support.ts).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../src/main/engine';
import { CsmsServer } from '../../src/main/services/csms/csms-server';
import { defaultAnswerFor } from '../../src/main/services/csms/default-answer';
import { ocaSchemaRegistry } from '../../src/main/services/validation/oca-schemas';
import { parseCsmsConfig, type CsmsConfigInput } from '../../src/shared/csms/config';
import { versionFromSubprotocol } from '../../src/shared/ocpp/versions';
import { createClient, type RpcClient } from '../../src/shared/rpc/client';
import type { EventName, Events } from '../../src/shared/rpc/contract';
import { createMemoryChannel } from '../../src/shared/rpc/memory';
import { MemorySink, parse, type Scope } from './proxy-support';

export async function startMock(
  scope: Scope,
  config: CsmsConfigInput = {},
  extra: { tls?: { cert: string | Buffer; key: string | Buffer } } = {},
): Promise<{ csms: CsmsServer; sink: MemorySink; endpoint: string }> {
  const sink = new MemorySink();
  const registry = ocaSchemaRegistry();
  const csms = await CsmsServer.start({
    host: '127.0.0.1',
    port: 0,
    config: parseCsmsConfig(config),
    sink,
    registry,
    defaultAnswer: defaultAnswerFor(registry),
    ...extra,
  });
  scope.defer(() => csms.stop());
  return { csms, sink, endpoint: csms.url.replace(/\/$/, '') };
}

/**
 * Every CALLRESULT the CSMS sent on each connection, checked against the Response schema of the
 * CALL it answers; returns how many were checked.
 */
export function assertAnswersValid(sink: MemorySink): number {
  const registry = ocaSchemaRegistry();
  const versions = new Map<string, string>();
  for (const entry of sink.connections('opened')) versions.set(entry.connectionId, entry.subprotocol ?? '');
  const calls = new Map<string, string>();
  let checked = 0;
  for (const frame of sink.frames()) {
    const message = parse(frame.raw);
    const key = `${frame.connectionId}\u0000${String(message[1])}`;
    if (frame.direction === 'toCsms' && message[0] === 2) calls.set(key, String(message[2]));
    if (frame.direction !== 'toStation' || message[0] !== 3) continue;
    const action = calls.get(key);
    if (action === undefined) continue;
    const version = versionFromSubprotocol(versions.get(frame.connectionId));
    assert.ok(version, `no version for ${frame.connectionId}`);
    const issues = registry.validate(version, action, 'response', message[2]);
    assert.deepEqual(issues, [], `${action} answer ${frame.raw} is not valid for OCPP ${version}`);
    checked++;
  }
  return checked;
}

/** The engine over the memory transport, in a temp data dir, disposed with the scope. */
export async function startEngine(scope: Scope): Promise<{ engine: Engine; client: RpcClient; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'ocpp-scope-csms-'));
  scope.defer(() => rm(dir, { recursive: true, force: true }));
  const engine = await createEngine({
    dataDir: join(dir, 'data'),
    mode: 'test',
    version: '0.0.0-test',
    log: () => {},
  });
  scope.defer(() => engine.dispose());
  const channel = createMemoryChannel(engine.router);
  scope.defer(() => channel.close());
  return { engine, client: createClient(channel), dir };
}

/** Resolves with the first event for which `accept` is true. */
export function nextEvent<E extends EventName>(
  client: RpcClient,
  event: E,
  accept: (payload: Events[E]) => boolean = () => true,
): Promise<Events[E]> {
  return new Promise((resolve) => {
    const off = client.on(event, (payload) => {
      if (!accept(payload)) return;
      off();
      resolve(payload);
    });
  });
}

export const nowIso = (): string => new Date().toISOString();

/** A charger's CALL, its answer read as the JSON object it must be. */
export async function ask(
  cp: { call(action: string, payload: unknown): Promise<unknown> },
  action: string,
  payload: unknown,
): Promise<Record<string, unknown>> {
  const answer = await cp.call(action, payload);
  assert.ok(
    typeof answer === 'object' && answer !== null && !Array.isArray(answer),
    `${action}: not an object`,
  );
  return answer as Record<string, unknown>;
}
