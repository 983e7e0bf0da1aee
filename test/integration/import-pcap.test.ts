/**
 * pcap import against real captures: tcpdump records the loopback while ocpp-rpc peers (a CSMS
 * and a charging station) talk plain ws://, one OCPP 1.6 session with Basic auth and one OCPP
 * 2.0.1 session with permessage-deflate; the import must give back exactly the frames each peer
 * sent, in order, with their directions, the station, the subprotocol and the close.
 * With OCPP_SCOPE_WRITE_PCAP_FIXTURES=1 the captures are also copied to fixtures/pcap/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionEntry, FrameEntry } from '../../src/shared/capture/entry';
import { pcapImporter } from '../../src/main/services/interop/pcap/import';
import { importCapture, type Imported } from '../support/pcap-writer';
import { createRPCError } from 'ocpp-rpc';
import { charger, messageLog, scoped, startCsms, type Scope } from './proxy-support';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'pcap');
const WRITE_FIXTURES = process.env['OCPP_SCOPE_WRITE_PCAP_FIXTURES'] === '1';

interface Tcpdump {
  /** Waits until every packet sent so far is in the file, then stops tcpdump. */
  stop(): Promise<void>;
}

/**
 * tcpdump on lo for one TCP port, writing `file`. A UDP datagram to a second port marks the end:
 * once tcpdump prints it, every packet before it is in the file (loopback keeps order, -U writes
 * each packet as it comes).
 */
async function tcpdump(scope: Scope, port: number, file: string): Promise<Tcpdump> {
  const marker = createSocket('udp4');
  await new Promise<void>((resolve) => marker.bind(0, '127.0.0.1', resolve));
  scope.defer(() => new Promise<void>((resolve) => marker.close(() => resolve())));
  const markerPort = marker.address().port;
  const child = spawn(
    'tcpdump',
    [
      '-i',
      'lo',
      '-s',
      '0',
      '-U',
      '-l',
      '-n',
      '--immediate-mode',
      '--print',
      '-w',
      file,
      `tcp port ${port} or udp dst port ${markerPort}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  scope.defer(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    await exited;
  });
  let stdout = '';
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'ENOENT'
            ? 'tcpdump is not installed: apt-get install tcpdump (the pcap import tests capture real traffic)'
            : `tcpdump cannot start: ${error.message}`,
        ),
      ),
    );
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('listening on')) resolve();
    });
    void exited.then((code) =>
      reject(
        new Error(
          `tcpdump exited (${code}) before it listened: ${stderr.trim()} (run as root, apt-get install tcpdump)`,
        ),
      ),
    );
  });
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return {
    async stop() {
      const seen = new Promise<void>((resolve) => {
        const check = () => {
          if (stdout.includes(`.${markerPort}: UDP`)) resolve();
        };
        child.stdout.on('data', check);
        check();
      });
      marker.send('end', markerPort, '127.0.0.1');
      await seen;
      child.kill('SIGINT');
      assert.equal(await exited, 0, `tcpdump: ${stderr}`);
    },
  };
}

async function captured(
  scope: Scope,
  name: string,
  session: (port: number) => Promise<void>,
  port: number,
): Promise<Imported> {
  const dir = await mkdtemp(join(tmpdir(), 'ocpp-scope-pcap-'));
  scope.defer(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, name);
  const dump = await tcpdump(scope, port, file);
  await session(port);
  await dump.stop();
  if (WRITE_FIXTURES) await copyFile(file, join(FIXTURES, name));
  // Small chunks: blocks and packets cut across writes, as a streamed file is.
  return importCapture(pcapImporter, await readFile(file), 4093, name);
}

const answer = (result: Record<string, unknown>) => Promise.resolve(result);

const frames = (imported: Imported, direction: FrameEntry['direction']) =>
  imported.entries
    .filter((e): e is FrameEntry & { ts: number } => e.kind === 'frame' && e.direction === direction)
    .map((e) => e.raw);

const connection = (imported: Imported, event: ConnectionEntry['event']) =>
  imported.entries.find(
    (e): e is ConnectionEntry & { ts: number } => e.kind === 'connection' && e.event === event,
  );

void test('OCPP 1.6 with Basic auth: every frame both ways, the station, the close by the station', () =>
  scoped(async (scope) => {
    const csms = await startCsms(scope, { protocols: ['ocpp1.6'], strictMode: false }, (client) => {
      client.handle('BootNotification', () =>
        answer({
          status: 'Accepted',
          currentTime: new Date().toISOString(),
          interval: 300,
        }),
      );
      client.handle('StatusNotification', () => answer({}));
      client.handle('Authorize', () => answer({ idTagInfo: { status: 'Accepted' } }));
      client.handle('StartTransaction', () =>
        answer({
          transactionId: 42,
          idTagInfo: { status: 'Accepted' },
        }),
      );
      client.handle('StopTransaction', () => answer({ idTagInfo: { status: 'Accepted' } }));
      client.handle('DataTransfer', () =>
        Promise.reject(createRPCError('NotImplemented', 'vendor unknown') as Error),
      );
    });
    csms.server.auth((accept, reject, handshake) =>
      handshake.password?.toString() === 'pa:ss-16' ? accept() : reject(401, 'wrong password'),
    );
    const port = Number(new URL(csms.url).port);
    let log: ReturnType<typeof messageLog> | undefined;
    const imported = await captured(
      scope,
      'ocpp16-basic-auth.pcap',
      async () => {
        const cp = charger(scope, {
          endpoint: csms.url,
          identity: 'CP:16',
          password: 'pa:ss-16',
          protocols: ['ocpp1.6'],
        });
        log = messageLog(cp);
        cp.handle('GetConfiguration', () =>
          answer({
            configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }],
          }),
        );
        await cp.connect();
        await cp.call('BootNotification', { chargePointVendor: 'Scope', chargePointModel: 'pcap' });
        await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
        await cp.call('Authorize', { idTag: 'TAG-1' });
        const started = (await cp.call('StartTransaction', {
          connectorId: 1,
          idTag: 'TAG-1',
          meterStart: 0,
          timestamp: new Date().toISOString(),
        })) as { transactionId: number };
        await assert.rejects(cp.call('DataTransfer', { vendorId: 'nobody' }));
        const server = await csms.nextClient();
        await server.call('GetConfiguration', { key: ['HeartbeatInterval'] });
        await cp.call('StopTransaction', {
          transactionId: started.transactionId,
          meterStop: 10,
          timestamp: new Date().toISOString(),
        });
        await cp.close({ code: 1000, reason: 'session over' });
      },
      port,
    );
    assert.deepEqual(imported.problems, []);
    assert.equal(frames(imported, 'toCsms').length, 7);
    assert.deepEqual(frames(imported, 'toCsms'), log!.outbound);
    assert.deepEqual(frames(imported, 'toStation'), log!.inbound);
    assert.ok(
      log!.inbound.some((m) => m.startsWith('[4,')),
      'the CALLERROR is in the capture',
    );
    const opened = connection(imported, 'opened');
    assert.equal(opened?.stationId, 'CP:16');
    assert.equal(opened?.subprotocol, 'ocpp1.6');
    assert.deepEqual(opened?.offeredSubprotocols, ['ocpp1.6']);
    assert.equal(opened?.url, `ws://127.0.0.1:${port}/CP%3A16`);
    assert.equal(opened?.headers?.['authorization'], 'Basic user "CP:16", password redacted');
    assert.ok(!JSON.stringify(imported.entries).includes(Buffer.from('CP:16:pa:ss-16').toString('base64')));
    const closed = connection(imported, 'closed');
    assert.equal(closed?.code, 1000);
    assert.equal(closed?.reason, 'session over');
    assert.equal(closed?.closedBy, 'station');
    assert.equal(imported.result.ocppVersion, 'ocpp1.6');
    assert.match(
      imported.result.description,
      /^pcap \(Ethernet\): \d+ packets, 1 TCP stream: 1 OCPP WebSocket connection \(ocpp1\.6\)$/,
    );
  }));

void test('OCPP 2.0.1 with permessage-deflate (context takeover): every frame inflated, the close by the CSMS', () =>
  scoped(async (scope) => {
    const csms = await startCsms(
      scope,
      { protocols: ['ocpp2.0.1'], strictMode: false, wssOptions: { perMessageDeflate: { threshold: 0 } } },
      (client) => {
        client.handle('BootNotification', () =>
          answer({
            status: 'Accepted',
            currentTime: new Date().toISOString(),
            interval: 300,
          }),
        );
        client.handle('StatusNotification', () => answer({}));
        client.handle('DataTransfer', () => answer({ status: 'Accepted' }));
      },
    );
    const port = Number(new URL(csms.url).port);
    let log: ReturnType<typeof messageLog> | undefined;
    let extensions: string | undefined;
    const imported = await captured(
      scope,
      'ocpp201-deflate.pcap',
      async () => {
        const cp = charger(scope, {
          endpoint: csms.url,
          identity: 'CP-201',
          protocols: ['ocpp2.0.1', 'ocpp1.6'],
          wsOpts: { perMessageDeflate: { threshold: 0 } },
        });
        log = messageLog(cp);
        const { response } = (await cp.connect()) as { response: { headers: Record<string, string> } };
        extensions = response.headers['sec-websocket-extensions'];
        await cp.call('BootNotification', {
          reason: 'PowerUp',
          chargingStation: { model: 'pcap', vendorName: 'Scope' },
        });
        for (let i = 1; i <= 3; i++) {
          await cp.call('StatusNotification', {
            timestamp: new Date().toISOString(),
            connectorStatus: 'Available',
            evseId: 1,
            connectorId: i,
          });
        }
        // Random, so that it stays big compressed: more than a loopback segment (64 KiB) holds.
        await cp.call('DataTransfer', { vendorId: 'scope', data: randomBytes(60_000).toString('base64') });
        await cp.call('DataTransfer', { vendorId: 'scope', messageId: 'again' });
        const server = await csms.nextClient();
        await server.close({ code: 1001, reason: 'CSMS restart' });
      },
      port,
    );
    assert.match(extensions ?? '', /permessage-deflate/, 'the 101 carries permessage-deflate');
    assert.deepEqual(imported.problems, []);
    assert.equal(frames(imported, 'toCsms').length, 6);
    assert.deepEqual(frames(imported, 'toCsms'), log!.outbound);
    assert.deepEqual(frames(imported, 'toStation'), log!.inbound);
    const opened = connection(imported, 'opened');
    assert.equal(opened?.stationId, 'CP-201');
    assert.equal(opened?.subprotocol, 'ocpp2.0.1');
    assert.deepEqual(opened?.offeredSubprotocols, ['ocpp2.0.1', 'ocpp1.6']);
    assert.match(opened?.headers?.['sec-websocket-extensions'] ?? '', /permessage-deflate/);
    const closed = connection(imported, 'closed');
    assert.equal(closed?.code, 1001);
    assert.equal(closed?.reason, 'CSMS restart');
    assert.equal(closed?.closedBy, 'csms');
    assert.equal(imported.result.ocppVersion, 'ocpp2.0.1');
    assert.match(
      imported.result.description,
      /1 OCPP WebSocket connection \(ocpp2\.0\.1; 1 with permessage-deflate\)/,
    );
  }));

void test('the recorded fixtures import as their README says', async () => {
  const readme = await readFile(join(FIXTURES, 'README.md'), 'utf8');
  for (const [name, toCsms, toStation, version] of [
    ['ocpp16-basic-auth.pcap', 7, 7, 'ocpp1.6'],
    ['ocpp201-deflate.pcap', 6, 6, 'ocpp2.0.1'],
  ] as const) {
    assert.ok(readme.includes(name), `${name} is described in fixtures/pcap/README.md`);
    const imported = importCapture(pcapImporter, await readFile(join(FIXTURES, name)), 65536, name);
    assert.deepEqual(imported.problems, [], name);
    assert.equal(frames(imported, 'toCsms').length, toCsms, name);
    assert.equal(frames(imported, 'toStation').length, toStation, name);
    assert.equal(imported.result.ocppVersion, version);
  }
});
