/**
 * Breakpoints in the proxy, through the engine's RPC (as the UI drives them) with ocpp-rpc on both
 * ends: a paused frame edited and forwarded (both texts in the capture, the answer still paired),
 * an edit that breaks the schema refused unless forced, auto-forward after the timeout, a dropped
 * frame, frames behind a paused one kept in order while the other direction flows, breakpoints
 * turned off, a connection closing on a paused frame, and an answer edited on its way back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import rpc from 'ocpp-rpc';
import type { BreakpointRule, PausedFrame } from '../../src/shared/proxy/intercept';
import type { RpcClient } from '../../src/shared/rpc/client';
import { charger, parse, scoped, startCsms, type Scope } from './proxy-support';
import { nextEvent, nowIso, startEngine } from './csms-support';

const BOOT = { chargePointVendor: 'Scope', chargePointModel: 'Original' };

/** An ocpp-rpc CSMS (1.6) behind a proxy started over RPC, and one ocpp-rpc charger through it. */
async function setup(scope: Scope, breakpoints: BreakpointRule[], interceptTimeoutMs?: number) {
  const { engine, client } = await startEngine(scope);
  const received: unknown[][] = [];
  let transactionId = 500;
  const csms = await startCsms(scope, { protocols: ['ocpp1.6'], strictMode: true }, (c) => {
    c.on('message', (event: { message: Buffer | string; outbound: boolean }) => {
      if (!event.outbound) received.push(parse(event.message.toString()));
    });
    c.handle('BootNotification', () =>
      Promise.resolve({ currentTime: nowIso(), interval: 300, status: 'Accepted' }),
    );
    c.handle('Heartbeat', () => Promise.resolve({ currentTime: nowIso() }));
    c.handle('StatusNotification', () => Promise.resolve({}));
    c.handle('StartTransaction', () =>
      Promise.resolve({ transactionId: transactionId++, idTagInfo: { status: 'Accepted' } }),
    );
  });
  const info = await client.call('proxy.start', {
    listen: '127.0.0.1:0',
    upstream: csms.url,
    breakpoints,
    ...(interceptTimeoutMs !== undefined ? { interceptTimeoutMs } : {}),
  });
  scope.defer(() => client.call('proxy.stop', { proxyId: info.id }).catch(() => undefined));
  await client.call('sessions.open', { sessionId: info.sessionId });
  const cp = charger(scope, {
    endpoint: info.url.replace(/\/$/, ''),
    identity: 'CP-BRK',
    protocols: ['ocpp1.6'],
    callTimeoutMs: 5000,
    callConcurrency: 2,
  });
  await cp.connect();
  const atCsms = await csms.nextClient();
  return { engine, client, info, cp, atCsms, received };
}

function pausedFrame(
  client: RpcClient,
  match: (p: PausedFrame) => boolean = () => true,
): Promise<PausedFrame> {
  return nextEvent(client, 'proxy.paused', (e) => e.paused.some(match)).then((e) => e.paused.find(match)!);
}

async function entry(client: RpcClient, sessionId: string, seq: number) {
  return client.call('timeline.entry', { sessionId, seq });
}

void test('a paused CALL is edited and forwarded: the CSMS gets the edit, both texts are captured, the answer pairs', () =>
  scoped(async (scope) => {
    const { engine, client, info, cp, received } = await setup(scope, [
      { name: 'boot', action: 'Boot*', direction: 'toCsms' },
    ]);
    const paused = pausedFrame(client);
    const answer = cp.call('BootNotification', BOOT);
    const frame = await paused;
    assert.equal(frame.action, 'BootNotification');
    assert.equal(frame.rule, 'boot');
    assert.equal(frame.stationId, 'CP-BRK');
    assert.equal(frame.direction, 'toCsms');
    assert.ok(frame.forwardAt - frame.pausedAt === 30_000, 'the default auto-forward timeout is 30 s');
    assert.deepEqual(received, [], 'nothing reaches the CSMS while the frame is paused');

    const edited = JSON.stringify([
      2,
      frame.messageId,
      'BootNotification',
      { ...BOOT, chargePointModel: 'Edited' },
    ]);
    const released = await client.call('proxy.release', {
      proxyId: info.id,
      pauseId: frame.pauseId,
      decision: 'forward',
      raw: edited,
    });
    assert.equal(released.status, 'released');
    assert.equal(((await answer) as { status: string }).status, 'Accepted');
    assert.deepEqual(received[0]?.[3], { ...BOOT, chargePointModel: 'Edited' });
    assert.deepEqual(await client.call('proxy.paused', { proxyId: info.id }), []);

    const seq = released.status === 'released' ? released.seq : 0;
    const detail = await entry(client, info.sessionId, seq);
    assert.equal(detail.entry.kind, 'frame');
    if (detail.entry.kind !== 'frame') return;
    assert.equal(detail.entry.raw, edited);
    assert.equal(detail.entry.original, frame.raw);
    assert.deepEqual(detail.entry.flags, ['modified']);
    assert.match(
      detail.entry.faults?.[0] ?? '',
      /paused at breakpoint "boot" for [\d.]+ s; edited by the engineer/,
    );
    // The CSMS's answer pairs with the CALL as sent.
    assert.ok(detail.row.partnerSeq !== undefined);
    const answerRow = await entry(client, info.sessionId, detail.row.partnerSeq);
    assert.equal(answerRow.row.partnerSeq, seq);

    await client.call('proxy.stop', { proxyId: info.id });
    const lines = (await readFile(join(engine.store.sessionsDir, `${info.sessionId}.jsonl`), 'utf8')).split(
      '\n',
    );
    const written = lines
      .filter((l) => l.includes('"original"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(written.length, 1);
    assert.equal(written[0]?.raw, edited);
    assert.equal(written[0]?.original, frame.raw);
  }));

void test('an edit that breaks the schema is refused with its issues, and forwarded when forced', () =>
  scoped(async (scope) => {
    const { client, info, cp, received } = await setup(scope, [
      { name: 'boot', action: 'BootNotification', direction: 'toCsms' },
    ]);
    const paused = pausedFrame(client);
    const answer = cp.call('BootNotification', BOOT).then(
      () => 'answered',
      (error: unknown) => (error instanceof rpc.RPCError ? error.rpcErrorCode : String(error)),
    );
    const frame = await paused;
    const broken = JSON.stringify([2, frame.messageId, 'BootNotification', { chargePointVendor: 'Scope' }]);
    const refused = await client.call('proxy.release', {
      proxyId: info.id,
      pauseId: frame.pauseId,
      decision: 'forward',
      raw: broken,
    });
    assert.equal(refused.status, 'invalid');
    assert.deepEqual(refused.status === 'invalid' ? refused.issues.map((i) => [i.keyword, i.path]) : [], [
      ['required', ['chargePointModel']],
    ]);
    assert.equal((await client.call('proxy.paused', { proxyId: info.id })).length, 1, 'still paused');

    const forced = await client.call('proxy.release', {
      proxyId: info.id,
      pauseId: frame.pauseId,
      decision: 'forward',
      raw: broken,
      force: true,
    });
    assert.equal(forced.status, 'released');
    assert.equal(forced.status === 'released' ? forced.issues[0]?.keyword : '', 'required');
    // The strict ocpp-rpc CSMS refuses it: the invalid frame really went out.
    assert.match(await answer, /Occur+enceConstraintViolation|FormationViolation|ProtocolError/);
    assert.deepEqual(received[0]?.[3], { chargePointVendor: 'Scope' });
  }));

void test('a paused frame forwards itself unchanged after the timeout', () =>
  scoped(async (scope) => {
    const { client, info, cp, received } = await setup(
      scope,
      [{ name: 'hb', action: 'Heartbeat', direction: 'toCsms' }],
      150,
    );
    const paused = pausedFrame(client);
    const answer = cp.call('Heartbeat', {});
    const frame = await paused;
    assert.equal(frame.forwardAt - frame.pausedAt, 150);
    await answer;
    assert.equal(received[0]?.[2], 'Heartbeat');
    const rows = await client.call('timeline.rows', { sessionId: info.sessionId, offset: 0, limit: 100 });
    const call = rows.rows.find(
      (r) => r.kind === 'frame' && r.action === 'Heartbeat' && r.direction === 'toCsms',
    );
    assert.ok(call !== undefined);
    const detail = await entry(client, info.sessionId, call.seq);
    assert.equal(detail.entry.kind === 'frame' ? detail.entry.raw : '', frame.raw);
    assert.deepEqual(detail.entry.kind === 'frame' ? detail.entry.flags : [], ['delayed']);
    assert.match(
      detail.entry.kind === 'frame' ? (detail.entry.faults?.[0] ?? '') : '',
      /forwarded unchanged when its auto-forward timeout ran out/,
    );
  }));

void test('a dropped frame never reaches the CSMS and is captured as dropped', () =>
  scoped(async (scope) => {
    const { client, info, cp, received } = await setup(scope, [
      { name: 'status', action: 'StatusNotification' },
    ]);
    const paused = pausedFrame(client);
    const answer = cp.call(
      'StatusNotification',
      { connectorId: 1, errorCode: 'NoError', status: 'Available' },
      {
        callTimeoutMs: 200,
      },
    );
    const frame = await paused;
    const released = await client.call('proxy.release', {
      proxyId: info.id,
      pauseId: frame.pauseId,
      decision: 'drop',
    });
    await assert.rejects(answer, (error: unknown) => error instanceof rpc.TimeoutError);
    await cp.call('Heartbeat', {});
    assert.deepEqual(
      received.map((m) => m[2]),
      ['Heartbeat'],
    );
    const detail = await entry(client, info.sessionId, released.status === 'released' ? released.seq : 0);
    assert.deepEqual(detail.entry.kind === 'frame' ? detail.entry.flags : [], ['dropped']);
    await assert.rejects(
      client.call('proxy.release', { proxyId: info.id, pauseId: frame.pauseId, decision: 'drop' }),
      /no frame p\d+ is paused/,
    );
  }));

void test('frames behind a paused one wait in order; the other direction keeps flowing', () =>
  scoped(async (scope) => {
    const { client, info, cp, atCsms, received } = await setup(scope, [
      { name: 'status', action: 'StatusNotification', direction: 'toCsms' },
    ]);
    cp.handle('GetConfiguration', () => Promise.resolve({ configurationKey: [] }));
    const paused = pausedFrame(client);
    const status = cp.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Preparing',
    });
    const frame = await paused;
    const waiting = nextEvent(client, 'proxy.paused', (e) => e.paused[0]?.waiting === 1);
    const heartbeat = cp.call('Heartbeat', {});
    assert.equal((await waiting).paused[0]?.pauseId, frame.pauseId);

    // The CSMS's CALL reaches the charger; the charger's answer waits behind the paused frame.
    const configuration = atCsms.call('GetConfiguration', {});
    const behind = nextEvent(client, 'proxy.paused', (e) => e.paused[0]?.waiting === 2);
    assert.equal((await behind).paused.length, 1);
    assert.deepEqual(received, []);

    await client.call('proxy.release', { proxyId: info.id, pauseId: frame.pauseId, decision: 'forward' });
    await Promise.all([status, heartbeat, configuration]);
    assert.deepEqual(
      received.map((m) => (m[0] === 2 ? m[2] : 'answer')),
      ['StatusNotification', 'Heartbeat', 'answer'],
    );
  }));

void test('turning the breakpoints off forwards what is paused; a closing connection records what was held', () =>
  scoped(async (scope) => {
    const { client, info, cp, received } = await setup(scope, [{ name: 'any', direction: 'toCsms' }]);
    let paused = pausedFrame(client);
    const heartbeat = cp.call('Heartbeat', {});
    await paused;
    const off = await client.call('proxy.setBreakpoints', { proxyId: info.id, rules: [] });
    assert.deepEqual(off.intercept.rules, []);
    await heartbeat;
    assert.equal(received.length, 1);

    await client.call('proxy.setBreakpoints', {
      proxyId: info.id,
      rules: [{ name: 'again', action: 'Heartbeat' }],
      timeoutMs: 60_000,
    });
    paused = pausedFrame(client);
    void cp.call('Heartbeat', {}).catch(() => undefined);
    await paused;
    const cleared = nextEvent(client, 'proxy.paused', (e) => e.paused.length === 0);
    await cp.close({ force: true });
    await cleared;
    const rows = await client.call('timeline.rows', { sessionId: info.sessionId, offset: 0, limit: 100 });
    const held = rows.rows.filter(
      (r) => r.kind === 'frame' && r.action === 'Heartbeat' && r.direction === 'toCsms',
    );
    const last = await entry(client, info.sessionId, held[held.length - 1]!.seq);
    assert.deepEqual(last.entry.kind === 'frame' ? last.entry.flags : [], ['dropped']);
    assert.match(
      last.entry.kind === 'frame' ? (last.entry.faults?.[0] ?? '') : '',
      /paused at breakpoint "again" when the connection closed: never forwarded/,
    );
  }));

void test("an answer pauses by its CALL's action and reaches the charger as edited", () =>
  scoped(async (scope) => {
    const { client, info, cp } = await setup(scope, [
      { name: 'tx', action: 'StartTransaction', direction: 'toStation' },
    ]);
    const paused = pausedFrame(client);
    const start = cp.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG',
      meterStart: 0,
      timestamp: nowIso(),
    });
    const frame = await paused;
    assert.equal(frame.messageType, 3);
    assert.equal(frame.action, 'StartTransaction');
    const refused = await client.call('proxy.release', {
      proxyId: info.id,
      pauseId: frame.pauseId,
      decision: 'forward',
      raw: JSON.stringify([
        3,
        frame.messageId,
        { transactionId: 'not a number', idTagInfo: { status: 'Accepted' } },
      ]),
    });
    assert.equal(refused.status, 'invalid', 'checked against the StartTransaction response schema');
    await client.call('proxy.release', {
      proxyId: info.id,
      pauseId: frame.pauseId,
      decision: 'forward',
      raw: JSON.stringify([3, frame.messageId, { transactionId: 4242, idTagInfo: { status: 'Accepted' } }]),
    });
    assert.equal(((await start) as { transactionId: number }).transactionId, 4242);
  }));
