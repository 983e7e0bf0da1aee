/**
 * The engineer's frames through a serial bridge over a real pty (socat), through the engine's RPC
 * as the Send frame dialog sends them: a RemoteStartTransaction to the charger as the CSMS, and a
 * DataTransfer to an ocpp-rpc CSMS as the charger. Each answer comes back in the SendResult, is
 * recorded with its CALL (injected, dropped), and never reaches the side that did not send the CALL.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Entry, FrameEntry } from '../../src/shared/capture/entry';
import { engineBridge, rpcCsms } from './serial-harness';
import { PtyPair, SerialCharger, parseLine, serialScoped, within, SUITE_TIMEOUT_MS } from './serial-support';

/** A frame of the capture by its message id and type, as `direction raw [flags]`. */
function recorded(entries: readonly Entry[], type: number, id: string): string {
  const found = entries.find(
    (e): e is FrameEntry =>
      e.kind === 'frame' && parseLine(e.raw)?.[0] === type && parseLine(e.raw)?.[1] === id,
  );
  assert.ok(found, `no frame of type ${type} with id ${id} was recorded`);
  return `${found.direction} ${found.raw} [${(found.flags ?? []).join(', ')}]`;
}

void describe('serial bridge: send.frame through it', { timeout: SUITE_TIMEOUT_MS }, () => {
  void test('as the CSMS to the charger, and as the charger to an ocpp-rpc CSMS: answers handed back, not passed on', () =>
    serialScoped(async (scope) => {
      const pty = await PtyPair.create(scope);
      const { csms, next } = await rpcCsms(scope);
      const bridge = await engineBridge(scope, {
        port: pty.bridgePath,
        upstream: csms.url,
        stationId: 'CP-SEND-SERIAL',
      });
      const peer = await next();
      peer.client.handle('DataTransfer', ({ params }) => {
        const asked: unknown = params?.['messageId'];
        return Promise.resolve({
          status: 'Accepted',
          data: `pong ${typeof asked === 'string' ? asked : ''}`,
        });
      });
      await bridge.waitState((b) => b.linkState === 'open', 'the CSMS connection to open');
      const charger = await SerialCharger.open(scope, pty.chargerPath);
      charger.handle('RemoteStartTransaction', () => ({ status: 'Accepted' }));
      const { client, info } = bridge;

      const toCharger = await within(
        client.call('send.frame', {
          target: { kind: 'serial', bridgeId: info.id, direction: 'toStation' },
          raw: JSON.stringify(
            [2, 'draft', 'RemoteStartTransaction', { connectorId: 1, idTag: '04A2B3C4' }],
            null,
            2,
          ),
        }),
        'the charger to answer RemoteStartTransaction',
      );
      assert.equal(toCharger.status, 'sent');
      assert.ok(toCharger.status === 'sent' && toCharger.messageId !== undefined);
      assert.equal(toCharger.sessionId, info.sessionId);
      assert.deepEqual(toCharger.issues, []);
      assert.equal(toCharger.answer?.outcome, 'result');
      assert.deepEqual(toCharger.answer.outcome === 'result' && toCharger.answer.payload, {
        status: 'Accepted',
      });
      const remoteStart = `[2,"${toCharger.messageId}","RemoteStartTransaction",{"connectorId":1,"idTag":"04A2B3C4"}]`;
      assert.deepEqual(charger.lines, [remoteStart], 'the charger read other bytes than one line');

      const toCsms = await within(
        client.call('send.frame', {
          target: { kind: 'serial', bridgeId: info.id, direction: 'toCsms' },
          raw: '[2,"draft","DataTransfer",{"vendorId":"ACME","messageId":"ping"}]',
          messageId: 'pinned-dt-1',
        }),
        'the CSMS to answer DataTransfer',
      );
      assert.ok(toCsms.status === 'sent');
      assert.equal(toCsms.messageId, 'pinned-dt-1');
      assert.deepEqual(toCsms.answer?.outcome === 'result' && toCsms.answer.payload, {
        status: 'Accepted',
        data: 'pong ping',
      });

      // The charger's own next CALL shows what each side was sent meanwhile (in order on each link).
      const heartbeat = await charger.call('Heartbeat', {});
      const chargerAnswer = charger.sent[0]!;
      assert.deepEqual(peer.inbound, [
        '[2,"pinned-dt-1","DataTransfer",{"vendorId":"ACME","messageId":"ping"}]',
        heartbeat.sent,
      ]);
      assert.ok(!peer.inbound.includes(chargerAnswer), 'the CSMS saw the answer to a CALL it never sent');
      assert.deepEqual(
        charger.lines,
        [remoteStart, heartbeat.line],
        'the charger saw the answer to a CALL it never sent',
      );

      const entries = await bridge.recording.entries();
      assert.deepEqual(
        [
          recorded(entries, 2, toCharger.messageId),
          recorded(entries, 3, toCharger.messageId),
          recorded(entries, 2, 'pinned-dt-1'),
          recorded(entries, 3, 'pinned-dt-1'),
        ],
        [
          `toStation ${remoteStart} [injected]`,
          `toCsms ${chargerAnswer} [dropped]`,
          'toCsms [2,"pinned-dt-1","DataTransfer",{"vendorId":"ACME","messageId":"ping"}] [injected]',
          `toStation ${peer.outbound[0]!} [dropped]`,
        ],
      );
      assert.equal(
        toCharger.answer.answerSeq,
        entries.find((e) => e.kind === 'frame' && e.raw === chargerAnswer)?.seq,
      );
      await bridge.recording.assertNoErrors();
    }));

  void test('refused clearly: a frame that breaks its schema, an unknown bridge, a bad target', () =>
    serialScoped(async (scope) => {
      const pty = await PtyPair.create(scope);
      const bridge = await engineBridge(scope, { port: pty.bridgePath, mockCsms: true });
      const { client, info } = bridge;
      const charger = await SerialCharger.open(scope, pty.chargerPath);
      const invalid = await client.call('send.frame', {
        target: { kind: 'serial', bridgeId: info.id, direction: 'toStation' },
        raw: '[2,"x","RemoteStartTransaction",{}]',
      });
      assert.equal(invalid.status, 'invalid');
      assert.match(
        invalid.status === 'invalid' ? invalid.issues.map((i) => i.message).join('; ') : '',
        /idTag/,
      );
      await assert.rejects(
        client.call('send.frame', {
          target: { kind: 'serial', bridgeId: 'serial-404', direction: 'toCsms' },
          raw: '[2,"x","Heartbeat",{}]',
        }),
        /no running serial bridge serial-404/,
      );
      await assert.rejects(
        client.call('send.frame', {
          target: { kind: 'serial', bridgeId: info.id } as never,
          raw: '[2,"x","Heartbeat",{}]',
        }),
        /"target.direction" must be toCsms \(as the charger, to the CSMS\) or toStation/,
      );
      // Nothing reached the charger: its own frame is the first thing the bridge passes on.
      const heartbeat = await charger.call('Heartbeat', {});
      assert.deepEqual(charger.lines, [heartbeat.line]);
    }));
});
