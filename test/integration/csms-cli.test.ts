/**
 * `ocpp-scope csms` as a user runs it: a real charger (ocpp-rpc) against the CLI recording to
 * --capture FILE, stopped like Ctrl-C; bad flags and bad config files refused with a message that
 * names the flag or the field.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, removeDir, ROOT } from '../unit/support';
import { charger, scoped } from './proxy-support';
import { captureLines, runCli } from './cli-support';
import { ask } from './csms-support';

void describe('ocpp-scope csms', () => {
  void test('serves a charger with the config file, prints connections and findings, writes --capture FILE', () =>
    scoped(async (scope) => {
      const dir = await makeTempDir('csms-cli');
      scope.defer(() => removeDir(dir));
      const capture = join(dir, 'csms-run.jsonl');
      const cli = runCli([
        'csms',
        '--listen',
        '127.0.0.1:0',
        '--config',
        join(ROOT, 'fixtures/csms/config.example.json'),
        '--idempotency',
        'naive',
        '--capture',
        capture,
        '--data-dir',
        join(dir, 'data'),
      ]);
      scope.defer(async () => {
        cli.stop();
        await cli.exit;
      });
      const [, url] = await cli.waitFor(
        /idempotency naive\): chargers connect to (ws:\/\/\S+)<station identity>/,
      );
      const cp = charger(scope, {
        endpoint: url!.replace(/\/$/, ''),
        identity: 'CP-ACME-0042',
        password: 'correct-horse-battery',
        protocols: ['ocpp1.6'],
        callTimeoutMs: 200,
      });
      await cp.connect();
      const boot = await ask(cp, 'BootNotification', { chargePointVendor: 'ACME', chargePointModel: 'X1' });
      assert.equal(boot.interval, 300);
      const start = {
        connectorId: 1,
        idTag: '04A2B3C4D5E6F7',
        meterStart: 5,
        timestamp: new Date().toISOString(),
      };
      // The config's first StartTransaction goes unanswered: the charger retries, and naive mode
      // hands out a second id for the same request.
      await assert.rejects(cp.call('StartTransaction', start), /Call timeout/);
      assert.equal((await ask(cp, 'StartTransaction', start)).transactionId, 1001);
      await cp.close({ code: 1000, reason: 'done' });
      await cli.waitFor(/CP-ACME-0042 {2}closed 1000 by station done/);
      cli.stop();
      assert.equal(await cli.exit, 0, cli.stderr());
      assert.match(cli.stdout(), /CP-ACME-0042 {2}opened ocpp1\.6 \/CP-ACME-0042/);
      const captured = await captureLines(capture);
      assert.deepEqual(captured.read.fileProblems, []);
      assert.deepEqual(captured.lines, [
        'opened',
        'toCsms BootNotification',
        'toStation BootNotification',
        'toCsms StartTransaction',
        'toCsms StartTransaction',
        'toStation StartTransaction',
        'closed',
      ]);
    }));

  void test('commands typed on stdin go to a station and their answers are printed', () =>
    scoped(async (scope) => {
      const dir = await makeTempDir('csms-cli-console');
      scope.defer(() => removeDir(dir));
      const cli = runCli(['csms', '--listen', '127.0.0.1:0', '--data-dir', join(dir, 'data')]);
      scope.defer(async () => {
        cli.stop();
        await cli.exit;
      });
      const [, url] = await cli.waitFor(/chargers connect to (ws:\/\/\S+)<station identity>/);
      const cp = charger(scope, {
        endpoint: url!.replace(/\/$/, ''),
        identity: 'CP 9',
        protocols: ['ocpp1.6'],
      });
      const resets: unknown[] = [];
      cp.handle(({ method, params }) => {
        if (method === 'Reset') resets.push(params);
        return Promise.resolve(
          method === 'GetConfiguration'
            ? { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '60' }] }
            : { status: 'Accepted' },
        );
      });
      await cp.connect();
      await ask(cp, 'BootNotification', { chargePointVendor: 'ACME', chargePointModel: 'X1' });

      cli.type('stations');
      await cli.waitFor(/^CP 9 {2}ocpp1\.6$/m);
      cli.type('actions "CP 9"');
      await cli.waitFor(/CP 9 \(OCPP 1\.6\): .*\bRemoteStartTransaction\b.*\bReset\b/);
      cli.type('send "CP 9" Reset {"type":"Hard"}');
      await cli.waitFor(/CP 9 Reset \(CALL seq \d+\) -> CALLRESULT in \d+ ms: \{"status":"Accepted"\}/);
      assert.deepEqual(resets, [{ type: 'Hard' }]);
      cli.type('send "CP 9" GetConfiguration');
      await cli.waitFor(/GetConfiguration \(CALL seq \d+\) -> CALLRESULT .*HeartbeatInterval/);
      // A payload its schema refuses is not sent unless forced (send!), to test the station on purpose.
      cli.type('send "CP 9" Reset {"type":"Sideways"}');
      cli.type('send! "CP 9" Reset {"type":"Sideways"}');
      // Orders run in turn: the refusal is printed before the forced one's answer comes.
      await cli.waitFor(/CP 9 Reset [^\n]*CALLRESULT[\s\S]*CP 9 Reset [^\n]*CALLRESULT/);
      assert.match(
        cli.stderr(),
        /Reset was not sent: type is "Sideways", which is not one of the allowed values/,
      );
      assert.deepEqual(resets, [{ type: 'Hard' }, { type: 'Sideways' }]);
      cli.type('send "CP 9" Reset {not json');
      cli.type('send CP-NONE Reset');
      cli.type('launch rockets');
      cli.type('help');
      await cli.waitFor(/send STATION ACTION \[JSON\]/);
      assert.match(cli.stderr(), /the payload is not JSON/);
      assert.match(cli.stderr(), /CP-NONE/);
      assert.match(cli.stderr(), /unknown command "launch": type help/);
      cli.stop();
      assert.equal(await cli.exit, 0, cli.stderr());
    }));

  void test('bad flags and bad config files are usage errors (exit 2) that name the flag or the field', async () => {
    const dir = await makeTempDir('csms-cli');
    try {
      const write = async (name: string, text: string) => {
        const path = join(dir, name);
        await writeFile(path, text);
        return path;
      };
      const cases: [string[], RegExp][] = [
        [[], /--listen is required/],
        [['--listen', 'nowhere'], /HOST:PORT/],
        [['--listen', '127.0.0.1:0', '--idempotency', 'sloppy'], /--idempotency must be correct or naive/],
        [['--listen', '127.0.0.1:0', '--tls-key', 'k.pem'], /--tls-cert and --tls-key go together/],
        [['--listen', '127.0.0.1:0', '--tls-auto', '--tls-cert', 'c.pem'], /exclude each other/],
        [['--listen', '127.0.0.1:0', '--bogus'], /Unknown option '--bogus'/],
        [['--listen', '127.0.0.1:0', '--config', join(dir, 'missing.json')], /cannot read it \(ENOENT\)/],
        [
          ['--listen', '127.0.0.1:0', '--config', await write('broken.json', '{"boot": ')],
          /broken\.json is not valid JSON/,
        ],
        [
          [
            '--listen',
            '127.0.0.1:0',
            '--config',
            await write('delay.json', '{"actions": {"Authorize": {"delayMs": -5}}}'),
          ],
          /delay\.json: actions\.Authorize\.delayMs: must be a non-negative integer/,
        ],
        [
          ['--listen', '127.0.0.1:0', '--config', await write('boot.json', '{"boot": {"status": "Maybe"}}')],
          /boot\.status: must be one of Accepted, Pending, Rejected, not "Maybe"/,
        ],
        [
          ['--listen', '127.0.0.1:0', '--config', await write('typo.json', '{"heartbeatIntervall": 60}')],
          /heartbeatIntervall: unknown field/,
        ],
      ];
      for (const [args, message] of cases) {
        const cli = runCli(['csms', ...args]);
        assert.equal(await cli.exit, 2, args.join(' '));
        assert.match(cli.stderr(), message);
      }
      const help = runCli(['csms', '--help']);
      assert.equal(await help.exit, 0);
      assert.match(help.stdout(), /ocpp-scope csms --listen HOST:PORT \[--config FILE\]/);
    } finally {
      await removeDir(dir);
    }
  });
});
