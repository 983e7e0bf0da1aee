/**
 * CSMS-initiated commands through RPC, as the UI sends them: the palette of the station's version
 * (every template valid against the OCA schema), commands with their correlated answers, a
 * CALLERROR answer, a timeout, the state view and the csms.changed event.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ocaSchemaRegistry } from '../../src/main/services/validation/oca-schemas';
import { parseOcppVersion } from '../../src/shared/ocpp/versions';
import { charger, scoped } from './proxy-support';
import { ask, nextEvent, startEngine } from './csms-support';

const CASES = {
  'ocpp1.6': {
    start: ['RemoteStartTransaction', { connectorId: 1, idTag: 'TAG1' }],
    read: ['GetConfiguration', { key: ['HeartbeatInterval'] }],
    expected: [
      'RemoteStartTransaction',
      'GetConfiguration',
      'Reset',
      'ChangeAvailability',
      'ChangeConfiguration',
      'TriggerMessage',
      'UnlockConnector',
      'SetChargingProfile',
      'ClearCache',
      'GetDiagnostics',
      'UpdateFirmware',
      'DataTransfer',
      'RemoteStopTransaction',
    ],
  },
  'ocpp2.0.1': {
    start: ['RequestStartTransaction', { remoteStartId: 1, idToken: { idToken: 'TAG1', type: 'ISO14443' } }],
    read: [
      'GetVariables',
      {
        getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }],
      },
    ],
    expected: [
      'RequestStartTransaction',
      'RequestStopTransaction',
      'SetVariables',
      'GetVariables',
      'GetBaseReport',
      'TriggerMessage',
      'Reset',
    ],
  },
} as const;

for (const version of ['ocpp1.6', 'ocpp2.0.1'] as const) {
  void test(`${version}: palette, commands and their answers over RPC`, () =>
    scoped(async (scope) => {
      const { client } = await startEngine(scope);
      const info = await client.call('csms.start', { listen: '127.0.0.1:0', name: 'commands' });
      scope.defer(() => client.call('csms.stop', { csmsId: info.id }));
      const connected = nextEvent(client, 'csms.changed', (e) => e.servers[0]?.connections.length === 1);
      const cp = charger(scope, {
        endpoint: info.url.replace(/\/$/, ''),
        identity: 'CP-cmd',
        protocols: [version],
        strictMode: true,
      });
      const seen: string[] = [];
      cp.handle(({ method, params }) => {
        const answer = (): Record<string, unknown> => {
          seen.push(String(method));
          if (method === 'RemoteStartTransaction' || method === 'RequestStartTransaction')
            return { status: 'Accepted' };
          if (method === 'GetConfiguration')
            return { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] };
          if (method === 'GetVariables') {
            const [data] = (params as { getVariableData: Record<string, unknown>[] }).getVariableData;
            return { getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: '300', ...data }] };
          }
          throw Object.assign(new Error('not here'), { rpcErrorCode: 'NotSupported' });
        };
        return Promise.resolve().then(answer);
      });
      await cp.connect();
      await connected;

      const palette = await client.call('csms.palette', { csmsId: info.id, stationId: 'CP-cmd' });
      const ocpp = parseOcppVersion(version);
      assert.ok(ocpp);
      assert.equal(palette.version, ocpp);
      const actions = palette.actions.map((a) => a.action);
      for (const action of CASES[version].expected)
        assert.ok(actions.includes(action), `${action} in the palette`);
      const registry = ocaSchemaRegistry();
      for (const entry of palette.actions) {
        assert.deepEqual(
          registry.validate(ocpp, entry.action, 'request', entry.template),
          [],
          `${entry.action} template`,
        );
      }

      const [startAction, startPayload] = CASES[version].start;
      const started = await client.call('csms.send', {
        csmsId: info.id,
        stationId: 'CP-cmd',
        action: startAction,
        payload: startPayload,
      });
      assert.equal(started.outcome, 'result');
      assert.deepEqual(started.outcome === 'result' ? started.payload : undefined, { status: 'Accepted' });
      assert.ok(started.answerSeq !== undefined && started.answerSeq > started.callSeq);
      await client.call('sessions.open', { sessionId: info.sessionId });
      const answerRow = await client.call('timeline.entry', {
        sessionId: info.sessionId,
        seq: started.answerSeq,
      });
      // The palette and the timeline tell the same latency for the same pair.
      assert.equal(answerRow.row.partnerSeq, started.callSeq);
      assert.equal(answerRow.row.latencyMs, started.elapsedMs);

      const [readAction, readPayload] = CASES[version].read;
      const read = await client.call('csms.send', {
        csmsId: info.id,
        stationId: 'CP-cmd',
        action: readAction,
        payload: readPayload,
      });
      assert.equal(read.outcome, 'result');
      assert.match(JSON.stringify(read), /"300"/);

      // Sent together: the second waits for the first answer (one outstanding CALL per direction).
      const [reset, clear] = await Promise.all([
        client.call('csms.send', {
          csmsId: info.id,
          stationId: 'CP-cmd',
          action: 'Reset',
          payload: { type: version === 'ocpp1.6' ? 'Soft' : 'OnIdle' },
        }),
        client.call('csms.send', { csmsId: info.id, stationId: 'CP-cmd', action: 'ClearCache', payload: {} }),
      ]);
      assert.equal(reset.outcome, 'error');
      assert.equal(reset.outcome === 'error' ? reset.code : '', 'NotSupported');
      assert.equal(clear.outcome, 'error');
      assert.deepEqual(seen, [startAction, readAction, 'Reset', 'ClearCache']);

      await ask(cp, 'Heartbeat', {});
      const state = await client.call('csms.state', { csmsId: info.id });
      assert.equal(state.stations[0]?.stationId, 'CP-cmd');
      assert.ok(state.stations[0]?.lastHeartbeat);
      // Four commands went out and were answered, and one Heartbeat came in and was answered.
      const [listed] = await client.call('csms.list', {});
      const counted = listed?.connections[0];
      assert.deepEqual(counted && { frames: counted.frames, pings: counted.pings }, {
        frames: { toCsms: 5, toStation: 5 },
        pings: 0,
      });

      await assert.rejects(
        client.call('csms.send', { csmsId: info.id, stationId: 'nobody', action: 'Reset', payload: {} }),
        /not connected/,
      );
    }));
}

void test('a command the station never answers times out; csms.start refuses a bad config naming the field', () =>
  scoped(async (scope) => {
    const { client } = await startEngine(scope);
    await assert.rejects(
      client.call('csms.start', {
        listen: '127.0.0.1:0',
        config: { actions: { Authorize: { delayMs: -1 } } },
      }),
      /actions\.Authorize\.delayMs: must be a non-negative integer/,
    );
    const info = await client.call('csms.start', { listen: '127.0.0.1:0' });
    scope.defer(() => client.call('csms.stop', { csmsId: info.id }));
    const cp = charger(scope, {
      endpoint: info.url.replace(/\/$/, ''),
      identity: 'CP-mute',
      protocols: ['ocpp1.6'],
    });
    cp.handle('Reset', () => new Promise(() => undefined));
    await cp.connect();
    await nextEvent(client, 'csms.changed', (e) => e.servers[0]?.connections.length === 1);
    const answer = await client.call('csms.send', {
      csmsId: info.id,
      stationId: 'CP-mute',
      action: 'Reset',
      payload: { type: 'Soft' },
      timeoutMs: 100,
    });
    assert.equal(answer.outcome, 'timeout');
    const updated = await client.call('csms.setConfig', {
      csmsId: info.id,
      config: { heartbeatInterval: 42 },
    });
    assert.equal(updated.config.heartbeatInterval, 42);
    assert.equal(
      (await ask(cp, 'BootNotification', { chargePointVendor: 'v', chargePointModel: 'm' })).interval,
      42,
    );
  }));
