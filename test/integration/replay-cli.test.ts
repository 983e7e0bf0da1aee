/**
 * `ocpp-scope replay` as a user runs it: the recorded 1.6 session replayed as the station against
 * a mock CSMS (started here through the engine), printed CALL by CALL with the diff at the end and
 * an exit code a CI pipeline can gate on; replayed as the CSMS for an ocpp-rpc charger; bad input
 * refused with the right exit code and a message that says what to do.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES, makeTempDir, removeDir } from '../unit/support';
import { closedPort, scoped, type Scope } from './proxy-support';
import { captureLines, runCli } from './cli-support';
import { startEngine } from './csms-support';
import { fixtureEntries, playStation, stationCalls } from './replay-support';
import type { ReplayStatus } from '../../src/shared/replay/types';

async function tempDir(scope: Scope): Promise<string> {
  const dir = await makeTempDir('replay-cli');
  scope.defer(() => removeDir(dir));
  return dir;
}

void describe('ocpp-scope replay', () => {
  void test('as the station: each CALL printed, the diff at the end, exit 0 when the same and 1 when not', () =>
    scoped(async (scope) => {
      const dir = await tempDir(scope);
      const { client } = await startEngine(scope);
      const csms = await client.call('csms.start', {
        listen: '127.0.0.1:0',
        config: { idempotency: 'naive', transactionIdStart: 48213 },
      });
      scope.defer(() => client.call('csms.stop', { csmsId: csms.id }));
      const capture = join(dir, 'replayed.jsonl');
      const args = ['replay', FIXTURES.ocpp16, '--as', 'station', '--target', csms.url, '--speed', 'max'];
      const first = runCli([...args, '--capture', capture, '--data-dir', join(dir, 'data')]);
      assert.equal(await first.exit, 0, first.stderr());
      const out = first.stdout();
      assert.match(
        out,
        /^replaying 26 CALLs of CP-ACME-0042 \(ocpp1\.6\) from ocpp16-charging-session\.jsonl as the station against ws:\/\/127\.0\.0\.1:\d+\/CP-ACME-0042, as fast as answers come\n/,
      );
      assert.match(out, /\n {2}seq 2 BootNotification -> CALLRESULT in \d+ ms\n/);
      assert.match(out, /\n {2}seq 52 StopTransaction -> CALLRESULT in \d+ ms\n/);
      assert.match(out, /diff of recorded vs replayed answers: no differences \(26 CALLs\)\n/);
      assert.match(
        out,
        /the other side's CALLs, recorded \/ in the replay: ChangeConfiguration 1\/0, GetConfiguration 1\/0, TriggerMessage 1\/0\n/,
      );
      assert.match(out, new RegExp(`capture: ${capture.replace(/[.]/g, '\\.')}\\n$`));
      const { lines } = await captureLines(capture);
      assert.equal(lines[0], 'opened');
      assert.equal(lines.filter((l) => l === 'toCsms StartTransaction').length, 1);

      // Naive: the same StartTransaction again gets a new transactionId.
      const second = runCli([...args, '--data-dir', join(dir, 'data')]);
      assert.equal(await second.exit, 1);
      assert.match(second.stdout(), /\n {2}seq 20 StartTransaction -> CALLRESULT in \d+ ms, 1 difference\n/);
      assert.match(
        second.stdout(),
        /diff of recorded vs replayed answers: 1 difference in 1 of 26 CALLs\n {2}seq 20 StartTransaction \(seq \d+ in the replay\)\n {4}transactionId: 48213 recorded, 48214 now\n/,
      );

      const json = runCli([...args, '--format', 'json', '--seqs', '2-3', '--data-dir', join(dir, 'data')]);
      assert.equal(await json.exit, 0);
      const status = JSON.parse(json.stdout()) as ReplayStatus;
      assert.equal(status.phase, 'finished');
      assert.equal(status.result?.diff.items.length, 1);
    }));

  void test('as the CSMS: waits for the station, then replays its commands', () =>
    scoped(async (scope) => {
      const dir = await tempDir(scope);
      const cli = runCli([
        'replay',
        FIXTURES.ocpp16,
        '--as',
        'csms',
        '--listen',
        '127.0.0.1:0',
        '--speed',
        'max',
        '--data-dir',
        dir,
      ]);
      const [, url] = await cli.waitFor(
        /point the station at (ws:\/\/\S+)<identity> \(recorded: CP-ACME-0042\)/,
      );
      const entries = fixtureEntries(FIXTURES.ocpp16);
      const keys = JSON.parse((entries.find((e) => e.seq === 9) as { raw: string }).raw) as unknown[];
      const { got } = await playStation(scope, url!, 'CP-ACME-0042', 'ocpp1.6', stationCalls(entries), {
        GetConfiguration: () => keys[2] as Record<string, unknown>,
        ChangeConfiguration: () => ({ status: 'Accepted' }),
        TriggerMessage: () => ({ status: 'Accepted' }),
      });
      assert.equal(await cli.exit, 0, cli.stderr());
      assert.match(cli.stdout(), /\n {2}seq 10 ChangeConfiguration -> CALLRESULT in \d+ ms\n/);
      assert.match(cli.stdout(), /no differences \(3 CALLs\)/);
      assert.equal((await got).length, 26);
    }));

  void test('bad input: exit 2 for a usage mistake, 3 when the replay cannot run', () =>
    scoped(async (scope) => {
      const dir = await tempDir(scope);
      const data = ['--data-dir', dir];
      const usage = async (args: string[], message: RegExp) => {
        const cli = runCli(['replay', ...args, ...data]);
        assert.equal(await cli.exit, 2, args.join(' '));
        assert.match(cli.stderr(), message);
      };
      await usage([FIXTURES.ocpp16, '--target', 'ws://x'], /--as must be station or csms/);
      await usage([FIXTURES.ocpp16, '--as', 'station'], /--target is required as the station/);
      await usage(
        [FIXTURES.ocpp16, '--as', 'station', '--target', 'csms.example.com'],
        /--target must be a ws:\/\/ or wss:\/\/ URL/,
      );
      await usage([FIXTURES.ocpp16, '--as', 'csms', '--target', 'ws://x'], /--target is for --as station/);
      await usage(
        [FIXTURES.ocpp16, '--as', 'station', '--target', 'ws://x', '--speed', 'fast'],
        /--speed must be a number above 0 or max/,
      );
      await usage(
        [FIXTURES.ocpp16, '--as', 'station', '--target', 'ws://x', '--seqs', '5-2'],
        /--seqs takes seqs and ranges/,
      );
      await usage(['--as', 'station'], /which capture\?/);

      const cannot = async (args: string[], message: RegExp) => {
        const cli = runCli(['replay', ...args, ...data]);
        assert.equal(await cli.exit, 3, args.join(' '));
        assert.match(cli.stderr(), message);
      };
      await cannot(
        [join(dir, 'nope.jsonl'), '--as', 'station', '--target', 'ws://127.0.0.1:9'],
        /no such file: .*nope\.jsonl/,
      );
      await cannot(
        [FIXTURES.ocpp16, '--as', 'station', '--target', 'ws://127.0.0.1:9', '--seqs', '3,5'],
        /the selection has no frames sent by the station/,
      );
      const port = await closedPort();
      await cannot(
        [FIXTURES.ocpp16, '--as', 'station', '--target', `ws://127.0.0.1:${port}`],
        /could not connect to the CSMS at ws:\/\/127\.0\.0\.1:\d+\/CP-ACME-0042: .*ECONNREFUSED/,
      );
    }));
});
