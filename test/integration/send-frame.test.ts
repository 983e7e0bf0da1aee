/**
 * The engineer's send path through the engine's RPC (as the editor drives it), against real
 * ocpp-rpc peers: a frame from a template sent through a live proxy connection in both directions
 * with its answer correlated; a frame that breaks its schema refused with the issues, sent when
 * forced; a pinned message id; and the same from the mock CSMS to a connected station (`send.frame`
 * and `csms.send`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { charger, parse, scoped, startCsms, type Scope } from './proxy-support';
import { nextEvent, nowIso, startEngine } from './csms-support';

async function throughProxy(scope: Scope) {
  const { client } = await startEngine(scope);
  const atCsms: unknown[][] = [];
  const csms = await startCsms(scope, { protocols: ['ocpp2.0.1'], strictMode: true }, (c) => {
    c.on('message', (event: { message: Buffer | string; outbound: boolean }) => {
      if (!event.outbound) atCsms.push(parse(event.message.toString()));
    });
    c.handle('Heartbeat', () => Promise.resolve({ currentTime: nowIso() }));
  });
  const info = await client.call('proxy.start', { listen: '127.0.0.1:0', upstream: csms.url });
  scope.defer(() => client.call('proxy.stop', { proxyId: info.id }));
  const cp = charger(scope, {
    endpoint: info.url.replace(/\/$/, ''),
    identity: 'CP-SEND',
    protocols: ['ocpp2.0.1'],
    strictMode: true,
  });
  const atCharger: unknown[][] = [];
  cp.on('message', (event: { message: Buffer | string; outbound: boolean }) => {
    if (!event.outbound) atCharger.push(parse(event.message.toString()));
  });
  cp.handle('GetVariables', () =>
    Promise.resolve({
      getVariableResult: [
        {
          attributeStatus: 'Accepted',
          attributeValue: '300',
          component: { name: 'OCPPCommCtrlr' },
          variable: { name: 'HeartbeatInterval' },
        },
      ],
    }),
  );
  const connected = nextEvent(client, 'proxy.changed', (e) => e.proxies[0]?.connections.length === 1);
  await cp.connect();
  const connectionId = (await connected).proxies[0]!.connections[0]!.connectionId;
  return { client, info, cp, atCsms, atCharger, connectionId };
}

void test('through a proxy: templates sent both ways, answers correlated, invalid frames refused unless forced, ids pinned', () =>
  scoped(async (scope) => {
    const { client, info, atCsms, atCharger, connectionId } = await throughProxy(scope);
    const toCsms = { kind: 'proxy' as const, proxyId: info.id, connectionId, direction: 'toCsms' as const };
    const toStation = { ...toCsms, direction: 'toStation' as const };

    const heartbeat = await client.call('send.template', {
      version: '2.0.1',
      action: 'Heartbeat',
      direction: 'toCsms',
    });
    assert.equal(heartbeat.kind, 'request');
    const sent = await client.call('send.frame', { target: toCsms, raw: heartbeat.raw });
    assert.equal(sent.status, 'sent');
    if (sent.status !== 'sent') return;
    assert.equal(sent.sessionId, info.sessionId);
    assert.notEqual(sent.messageId, 'new', 'a fresh id replaces the template id');
    assert.equal(atCsms[0]?.[1], sent.messageId);
    assert.equal(sent.answer?.outcome, 'result');
    assert.equal(sent.answer?.callSeq, sent.seq);
    assert.ok(
      sent.answer?.outcome === 'result' &&
        typeof (sent.answer.payload as { currentTime?: unknown }).currentTime === 'string',
    );
    assert.deepEqual(atCharger, [], 'the answer to an injected CALL never reaches the charger');

    const read = await client.call('send.template', {
      version: '2.0.1',
      action: 'GetVariables',
      direction: 'toStation',
    });
    const pinned = await client.call('send.frame', {
      target: toStation,
      raw: read.raw,
      messageId: 'pinned-1',
    });
    assert.equal(pinned.status === 'sent' ? pinned.messageId : '', 'pinned-1');
    assert.equal(atCharger[0]?.[1], 'pinned-1');
    assert.equal(pinned.status === 'sent' ? pinned.answer?.outcome : '', 'result');

    // Heartbeat is the station's: from the CSMS side it is refused (direction) unless forced.
    const wrongWay = await client.call('send.frame', { target: toStation, raw: heartbeat.raw });
    assert.equal(wrongWay.status, 'invalid');
    assert.deepEqual(wrongWay.status === 'invalid' ? wrongWay.issues.map((i) => i.keyword) : [], [
      'direction',
    ]);
    const invalid = '[2,"x","Heartbeat",{"unexpected":1}]';
    const refused = await client.call('send.frame', { target: toCsms, raw: invalid });
    assert.equal(refused.status, 'invalid');
    assert.equal(refused.status === 'invalid' ? refused.issues[0]?.keyword : '', 'additionalProperties');
    assert.equal(atCsms.length, 1, 'nothing sent');

    const forced = await client.call('send.frame', { target: toCsms, raw: invalid, force: true });
    assert.equal(forced.status, 'sent');
    if (forced.status !== 'sent') return;
    assert.equal(forced.issues[0]?.keyword, 'additionalProperties');
    assert.equal(forced.answer?.outcome, 'error', 'the strict CSMS refuses what it got');
    assert.ok(forced.answer?.outcome === 'error' && /Violation/.test(forced.answer.code));

    const notJson = await client.call('send.frame', { target: toCsms, raw: '[2,"x","Heartbeat",' });
    assert.equal(notJson.status === 'invalid' ? notJson.issues[0]?.keyword : '', 'frame');

    await client.call('sessions.open', { sessionId: info.sessionId });
    const call = await client.call('timeline.entry', { sessionId: info.sessionId, seq: sent.seq });
    assert.deepEqual(call.entry.kind === 'frame' ? call.entry.flags : [], ['injected']);
    assert.equal(call.row.partnerSeq, sent.answer?.answerSeq);
  }));

void test('a CALL sent through a proxy that is never answered times out; a closed connection says so', () =>
  scoped(async (scope) => {
    const { client, info, cp, connectionId } = await throughProxy(scope);
    cp.handle('Reset', () => new Promise(() => undefined));
    const target = {
      kind: 'proxy' as const,
      proxyId: info.id,
      connectionId,
      direction: 'toStation' as const,
    };
    const mute = await client.call('send.frame', {
      target,
      raw: '[2,"x","Reset",{"type":"OnIdle"}]',
      timeoutMs: 100,
    });
    assert.equal(mute.status === 'sent' ? mute.answer?.outcome : '', 'timeout');
    const pending = client.call('send.frame', { target, raw: '[2,"y","Reset",{"type":"OnIdle"}]' });
    await nextEvent(client, 'timeline.appended', () => true);
    await cp.close({ force: true });
    const closed = await pending;
    assert.equal(closed.status === 'sent' ? closed.answer?.outcome : '', 'closed');
    await assert.rejects(
      client.call('send.frame', { target, raw: '[2,"z","Reset",{"type":"OnIdle"}]' }),
      /no open proxied connection/,
    );
  }));

void test('from the mock CSMS: send.frame and csms.send check, pin and correlate', () =>
  scoped(async (scope) => {
    const { client } = await startEngine(scope);
    const info = await client.call('csms.start', { listen: '127.0.0.1:0' });
    scope.defer(() => client.call('csms.stop', { csmsId: info.id }));
    const cp = charger(scope, {
      endpoint: info.url.replace(/\/$/, ''),
      identity: 'CP-MOCK',
      protocols: ['ocpp1.6'],
    });
    const seen: unknown[][] = [];
    cp.on('message', (event: { message: Buffer | string; outbound: boolean }) => {
      if (!event.outbound) seen.push(parse(event.message.toString()));
    });
    cp.handle('Reset', () => Promise.resolve({ status: 'Accepted' }));
    cp.handle('ClearCache', () => Promise.resolve({ status: 'Rejected' }));
    await cp.connect();
    await nextEvent(client, 'csms.changed', (e) => e.servers[0]?.connections.length === 1);
    const target = { kind: 'csms' as const, csmsId: info.id, stationId: 'CP-MOCK' };

    const reset = await client.call('send.frame', {
      target,
      raw: '[2,"new","Reset",{"type":"Hard"}]',
      messageId: 'dup-1',
    });
    assert.equal(reset.status, 'sent');
    assert.equal(reset.status === 'sent' ? reset.answer?.outcome : '', 'result');
    assert.deepEqual(
      reset.status === 'sent' && reset.answer?.outcome === 'result' ? reset.answer.payload : {},
      {
        status: 'Accepted',
      },
    );
    assert.equal(seen[0]?.[1], 'dup-1');

    const wrong = await client.call('send.frame', { target, raw: '[2,"new","Reset",{"type":"Sometimes"}]' });
    assert.equal(wrong.status === 'invalid' ? wrong.issues[0]?.keyword : '', 'enum');
    assert.equal(seen.length, 1);

    await assert.rejects(
      client.call('csms.send', {
        csmsId: info.id,
        stationId: 'CP-MOCK',
        action: 'Reset',
        payload: { type: 'Sometimes' },
      }),
      /Reset was not sent: .*type.* \(send it with force to send it anyway\)/,
    );
    const forced = await client.call('csms.send', {
      csmsId: info.id,
      stationId: 'CP-MOCK',
      action: 'ClearCache',
      payload: { extra: true },
      force: true,
      messageId: 'dup-1',
    });
    assert.equal(forced.messageId, 'dup-1');
    assert.equal(seen[1]?.[1], 'dup-1', 'the pinned id went out even though it was used before');
    assert.equal(forced.outcome, 'result');

    // An answer nobody asked for goes out as it is (an orphan on purpose), without an answer to wait for.
    const orphan = await client.call('send.frame', { target, raw: '[3,"never-sent",{}]', force: true });
    assert.equal(orphan.status === 'sent' ? orphan.answer : 'x', undefined);
    assert.equal(
      orphan.status === 'sent' ? orphan.unchecked : '',
      'the action of the CALL it answers is not known',
    );
  }));
