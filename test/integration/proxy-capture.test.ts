/**
 * The proxy writing into the real capture store: a clean 1.6 and 2.0.1 exchange between ocpp-rpc
 * peers, read back from the session file, is analysed without a single finding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaptureStore } from '../../src/main/services/capture/store';
import { readCaptureFile } from '../../src/main/services/capture/read';
import { charger, endpointOf, once, scoped, startCsms } from './proxy-support';
import { ProxyServer } from '../../src/main/services/proxy/proxy-server';

const now = () => new Date().toISOString();

void test('a clean exchange captured through the store has no findings', () =>
  scoped(async (scope) => {
    const dir = await mkdtemp(join(tmpdir(), 'ocpp-scope-proxy-'));
    scope.defer(() => rm(dir, { recursive: true, force: true }));
    const store = new CaptureStore(join(dir, 'data'));
    await store.init();
    scope.defer(() => store.dispose());
    const session = await store.create('proxy integration', { createdBy: 'ocpp-scope test proxy' });

    const csms = await startCsms(scope, { protocols: ['ocpp2.0.1', 'ocpp1.6'] }, (client) => {
      client.handle('BootNotification', () =>
        Promise.resolve({ currentTime: now(), interval: 300, status: 'Accepted' }),
      );
      client.handle('Heartbeat', () => Promise.resolve({ currentTime: now() }));
      client.handle('StatusNotification', () => Promise.resolve({}));
    });
    const proxy = await ProxyServer.start({
      host: '127.0.0.1',
      port: 0,
      upstream: csms.url,
      sink: { append: (entry) => store.append(session.id, entry) },
    });
    scope.defer(() => proxy.stop());

    const cp16 = charger(scope, { endpoint: endpointOf(proxy), identity: 'CP-16', protocols: ['ocpp1.6'] });
    cp16.handle('GetConfiguration', () =>
      Promise.resolve({ configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] }),
    );
    await cp16.connect();
    const csms16 = await csms.nextClient();
    await cp16.call('BootNotification', { chargePointVendor: 'Scope', chargePointModel: 'Test 1' });
    await cp16.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
    await cp16.call('Heartbeat', {});
    await csms16.call('GetConfiguration', { key: ['HeartbeatInterval'] });

    const cp201 = charger(scope, {
      endpoint: endpointOf(proxy),
      identity: 'CP-201',
      protocols: ['ocpp2.0.1'],
    });
    const variable = { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } };
    cp201.handle('GetVariables', () =>
      Promise.resolve({
        getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: '300', ...variable }],
      }),
    );
    await cp201.connect();
    const csms201 = await csms.nextClient();
    await cp201.call('BootNotification', {
      reason: 'PowerUp',
      chargingStation: { model: 'Test 2', vendorName: 'Scope' },
    });
    await cp201.call('StatusNotification', {
      timestamp: now(),
      connectorStatus: 'Available',
      evseId: 1,
      connectorId: 1,
    });
    await cp201.call('Heartbeat', {});
    await csms201.call('GetVariables', { getVariableData: [variable] });

    for (const cp of [cp16, cp201]) {
      const closed = once(cp, 'close');
      await cp.close({ code: 1000 });
      await closed;
    }
    await proxy.stop();
    await store.finish(session.id);

    const read = await readCaptureFile(join(store.sessionsDir, `${session.id}.jsonl`));
    assert.deepEqual(read.fileProblems, []);
    const entries = read.model.allEntries();
    const frames = entries.filter((e) => e.kind === 'frame');
    assert.equal(frames.length, 16);
    assert.deepEqual(
      entries.filter((e) => e.kind === 'connection').map((e) => [e.stationId, e.event, e.subprotocol]),
      [
        ['CP-16', 'opened', 'ocpp1.6'],
        ['CP-201', 'opened', 'ocpp2.0.1'],
        ['CP-16', 'closed', undefined],
        ['CP-201', 'closed', undefined],
      ],
    );
    assert.deepEqual(
      entries.map((e) => e.seq),
      entries.map((_, k) => k + 1),
    );
    assert.deepEqual(
      read.model.findings().map((f) => `${f.rule}: ${f.message}`),
      [],
    );
  }));
