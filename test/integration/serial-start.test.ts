/**
 * serial.start refusing what cannot work, over the engine's RPC as the UI calls it: a port that
 * is not there (or is no serial port) fails with a message that says what to check and leaves no
 * session and no mock CSMS behind; bad settings are refused before anything opens, naming the
 * field and what is wrong with it. Stopping a bridge ends its session and its mock CSMS.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RpcClient } from '../../src/shared/rpc/client';
import { RpcError } from '../../src/shared/rpc/errors';
import type { SerialConfig } from '../../src/shared/serial/config';
import { startEngine } from './csms-support';
import { engineBridge } from './serial-harness';
import { PtyPair, serialScoped, SUITE_TIMEOUT_MS } from './serial-support';

async function refused(
  client: RpcClient,
  config: SerialConfig,
  code: string,
  message: RegExp,
): Promise<void> {
  await assert.rejects(client.call('serial.start', config), (error: unknown) => {
    assert.ok(error instanceof RpcError, String(error));
    assert.equal(error.code, code, error.message);
    assert.match(error.message, message);
    return true;
  });
}

/** Nothing started, nothing recorded. */
async function nothingLeft(client: RpcClient): Promise<void> {
  assert.deepEqual(await client.call('serial.list', {}), []);
  assert.deepEqual(await client.call('csms.list', {}), []);
  assert.deepEqual(await client.call('sessions.list', {}), []);
}

void describe('serial.start: what cannot work is refused clearly', { timeout: SUITE_TIMEOUT_MS }, () => {
  void test('a port that does not exist, or is no serial port: refused, no session or mock CSMS left', () =>
    serialScoped(async (scope) => {
      const { client, dir } = await startEngine(scope);
      const missing = join(dir, 'ttyUSB9');
      await refused(
        client,
        { port: missing, mockCsms: true },
        'invalid',
        new RegExp(
          `^cannot open the serial port: there is no serial port ${missing} \\(is the adapter plugged in\\? is the path right\\?\\)$`,
        ),
      );
      await nothingLeft(client);
      const file = join(dir, 'not-a-tty.txt');
      await writeFile(file, 'just a file');
      await refused(
        client,
        { port: file, upstream: 'ws://127.0.0.1:9/ocpp' },
        'invalid',
        new RegExp(
          `^cannot open the serial port: ${file} is not a serial port \\(a plain file or another kind of device\\): give the serial device, e\\.g\\. /dev/ttyUSB0$`,
        ),
      );
      await nothingLeft(client);
    }));

  void test('bad settings are refused before the port is touched, naming the field', () =>
    serialScoped(async (scope) => {
      const { client } = await startEngine(scope);
      const port = '/dev/null';
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ baudRate: 12.5 }, /^serial\.start: "baudRate" must be an integer from 50 to 20000000$/],
        [{ baudRate: 0 }, /"baudRate" must be an integer from 50 to 20000000/],
        [{ dataBits: 9 }, /"dataBits"/],
        [{ parity: 'sometimes' }, /"parity"/],
        [
          { delimiter: '\\q' },
          /^the delimiter "\\\\q" has an unknown escape \\q: use \\n, \\r, \\t, \\0, \\xHH or \\\\$/,
        ],
        [{ delimiter: '' }, /"delimiter" must be a non-empty string/],
        [{ delimiter: '\\x4' }, /\\x without two hex digits/],
        [{ delimiter: '§' }, /non-ASCII character: write its bytes as \\xHH/],
        [{ maxLineBytes: 10 }, /"maxLineBytes" must be an integer from 64 to/],
        [{ protocol: 'ocpp1.5' }, /"protocol"/],
        [{ auth: 'passthrough' }, /a serial charger has no credentials to pass through/],
        [{ mockCsms: undefined }, /give exactly one of "upstream" \(a CSMS URL\) and "mockCsms": true/],
        [
          { upstream: 'ws://127.0.0.1:9' },
          /give exactly one of "upstream" \(a CSMS URL\) and "mockCsms": true/,
        ],
        [{ mockCsms: undefined, upstream: 'http://csms.example/ocpp' }, /ws:\/\/ or wss:\/\//],
        [{ port: '   ' }, /give the serial port, e\.g\. \/dev\/ttyUSB0 or COM3/],
      ];
      for (const [change, message] of cases) {
        // Sent as a careless client would: the types would not let these through.
        const config = { port, mockCsms: true, ...change } as unknown as SerialConfig;
        await refused(client, config, 'bad-params', message);
      }
      await nothingLeft(client);
    }));

  void test('serial.stop ends the session and the mock CSMS; the port can be opened again', () =>
    serialScoped(async (scope) => {
      const pty = await PtyPair.create(scope);
      const bridge = await engineBridge(scope, { port: pty.bridgePath, mockCsms: true });
      assert.equal(bridge.info.stationId, 'bridge', 'the default identity is the port’s name');
      await bridge.waitState((b) => b.linkState === 'open', 'the CSMS connection to open');
      await bridge.client.call('serial.stop', { bridgeId: bridge.info.id });
      assert.deepEqual(await bridge.client.call('serial.list', {}), []);
      assert.deepEqual(await bridge.client.call('csms.list', {}), []);
      const sessions = await bridge.client.call('sessions.list', {});
      assert.ok(
        sessions.every((s) => !s.live),
        'a session is still recording',
      );
      const entries = await bridge.recording.entries();
      assert.deepEqual(
        entries.map((e) =>
          e.kind === 'connection' ? `${e.connectionId} ${e.event} ${e.reason ?? ''}`.trim() : e.kind,
        ),
        [
          'port-1 opened',
          'c1 opened',
          'c1 closed the OCPP Scope serial bridge stopped',
          'port-1 closed the OCPP Scope serial bridge stopped',
        ],
      );
      await assert.rejects(
        bridge.client.call('serial.stop', { bridgeId: bridge.info.id }),
        /no running serial bridge/,
      );
      // The port was let go: another bridge opens it.
      const again = await bridge.client.call('serial.start', { port: pty.bridgePath, mockCsms: true });
      assert.equal(again.portState, 'open');
      await bridge.client.call('serial.stop', { bridgeId: again.id });
    }));
});
