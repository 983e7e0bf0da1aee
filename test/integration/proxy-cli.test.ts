/**
 * `ocpp-scope proxy` as a user runs it: a real CSMS and a real charger (the ocpp-rpc package, not
 * our code), the CLI in between recording to --capture FILE, stopped like Ctrl-C.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { makeTempDir, removeDir } from '../unit/support';
import { charger, scoped, startCsms } from './proxy-support';
import { captureLines, runCli } from './cli-support';

void describe('ocpp-scope proxy', () => {
  void test('forwards a charger to its CSMS, prints connections and findings, writes --capture FILE', () =>
    scoped(async (scope) => {
      const dir = await makeTempDir('proxy-cli');
      scope.defer(() => removeDir(dir));
      let seenPath = '';
      const csms = await startCsms(scope, { protocols: ['ocpp1.6'], strictMode: false }, (client) => {
        client.handle('BootNotification', () =>
          Promise.resolve({
            status: 'Accepted',
            interval: 300,
            currentTime: '2026-11-21T10:00:00.000Z',
          }),
        );
        // A CSMS bug the analysis must point out: the payload breaks the 1.6 schema.
        client.handle('Heartbeat', () => Promise.resolve({ currentTime: 'yesterday' }));
      });
      csms.server.auth((accept, _reject, handshake) => {
        seenPath = handshake.endpoint;
        accept();
      });
      const capture = join(dir, 'bench-run.jsonl');
      const cli = runCli([
        'proxy',
        '--listen',
        '127.0.0.1:0',
        '--upstream',
        `${csms.url}/ocpp`,
        '--capture',
        capture,
        '--data-dir',
        join(dir, 'data'),
      ]);
      scope.defer(async () => {
        cli.stop();
        await cli.exit;
      });
      const [, url] = await cli.waitFor(/chargers connect to (ws:\/\/\S+)<station identity>/);
      const station = charger(scope, {
        endpoint: url!.replace(/\/$/, ''),
        identity: 'CP-CLI-01',
        protocols: ['ocpp1.6'],
        strictMode: false,
      });
      await station.connect();
      await station.call('BootNotification', { chargePointVendor: 'ACME', chargePointModel: 'X1' });
      await station.call('Heartbeat', {});
      await cli.waitFor(/schema\.invalid-payload: HeartbeatResponse: currentTime/);
      await station.close({ code: 1000, reason: 'done' });
      await cli.waitFor(/CP-CLI-01 {2}closed 1000 by station done/);
      cli.stop();
      assert.equal(await cli.exit, 0, cli.stderr());

      // ocpp-rpc gives the path without the identity: the CSMS saw the upstream's path.
      assert.equal(seenPath, '/ocpp');
      assert.match(cli.stdout(), /CP-CLI-01 {2}opened ocpp1\.6 \/CP-CLI-01/);
      assert.match(cli.stdout(), /stopped: 1 error\(s\), 0 warning\(s\)/);
      const captured = await captureLines(capture);
      assert.deepEqual(captured.read.fileProblems, []);
      assert.deepEqual(captured.lines, [
        'opened',
        'toCsms BootNotification',
        'toStation BootNotification',
        'toCsms Heartbeat',
        'toStation Heartbeat',
        'closed',
      ]);
      assert.deepEqual(
        captured.read.model.findings().map((f) => [f.rule, f.seqs]),
        [['schema.invalid-payload', [5]]],
      );
    }));

  void test('bad flags are usage errors (exit 2); a port in use is exit 1 with a message', async () => {
    const cases: [string[], RegExp][] = [
      [['--upstream', 'ws://127.0.0.1:1/'], /--listen is required/],
      [['--listen', '127.0.0.1:0'], /--upstream is required/],
      [['--listen', 'nowhere', '--upstream', 'ws://x/'], /HOST:PORT/],
      [
        ['--listen', '127.0.0.1:0', '--upstream', 'ws://x/', '--tls-cert', 'a.pem'],
        /--tls-cert and --tls-key go together/,
      ],
      [
        ['--listen', '127.0.0.1:0', '--upstream', 'ws://x/', '--auth', 'nopassword'],
        /passthrough or USER:PASS/,
      ],
    ];
    for (const [args, message] of cases) {
      const cli = runCli(['proxy', ...args]);
      assert.equal(await cli.exit, 2, args.join(' '));
      assert.match(cli.stderr(), message);
    }
    const dir = await makeTempDir('proxy-cli');
    const first = runCli([
      'proxy',
      '--listen',
      '127.0.0.1:0',
      '--upstream',
      'ws://127.0.0.1:9/',
      '--data-dir',
      dir,
    ]);
    const [, port] = await first.waitFor(/ws:\/\/127\.0\.0\.1:(\d+)\//);
    const second = runCli([
      'proxy',
      '--listen',
      `127.0.0.1:${port}`,
      '--upstream',
      'ws://127.0.0.1:9/',
      '--data-dir',
      dir,
    ]);
    assert.equal(await second.exit, 1);
    assert.match(second.stderr(), /already in use: pick another port/);
    const bad = runCli([
      'proxy',
      '--listen',
      '127.0.0.1:0',
      '--upstream',
      'http://127.0.0.1:9/',
      '--data-dir',
      dir,
    ]);
    assert.equal(await bad.exit, 1);
    assert.match(bad.stderr(), /must be a ws:\/\/ or wss:\/\/ URL/);
    first.stop();
    assert.equal(await first.exit, 0);
    await removeDir(dir);
  });

  void test('--print-ca prints the local CA certificate, the same one each time', async () => {
    const dir = await makeTempDir('proxy-cli');
    try {
      const first = runCli(['proxy', '--print-ca', '--data-dir', dir]);
      assert.equal(await first.exit, 0);
      assert.match(first.stdout(), /^-----BEGIN CERTIFICATE-----\r?\n[\s\S]+-----END CERTIFICATE-----\s*$/);
      assert.match(first.stderr(), /^created .*ca\.pem\n$/);
      const second = runCli(['proxy', '--print-ca', '--data-dir', dir]);
      assert.equal(await second.exit, 0);
      assert.equal(second.stdout(), first.stdout());
      assert.doesNotMatch(second.stderr(), /created/);
      assert.doesNotMatch(first.stdout(), /PRIVATE KEY/);
    } finally {
      await removeDir(dir);
    }
  });
});
