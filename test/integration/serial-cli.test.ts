/**
 * `ocpp-scope serial` as a user runs it: the built executable (bin/ocpp-scope.js, so `npm run
 * build` first, as `npm ci` does) in its own process on one end of a socat pty pair, the scripted
 * charger on the other; a command typed on its stdin, the pty unplugged and plugged back, Ctrl-C
 * (SIGINT), exit 0, and `ocpp-scope check` of the capture it names. Also `--list` and the exit
 * codes of a port that will not open and of a usage mistake.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeDir, ROOT } from '../unit/support';
import type { Scope } from './proxy-support';
import { chargingSession } from './serial-harness';
import { PtyPair, SerialCharger, serialScoped, within, SUITE_TIMEOUT_MS } from './serial-support';

const BIN = join(ROOT, 'bin/ocpp-scope.js');

interface Cli {
  stdout(): string;
  stderr(): string;
  /** The first match in stdout, now or later. */
  waitFor(pattern: RegExp, what: string): Promise<RegExpMatchArray>;
  type(line: string): void;
  signal(signal: NodeJS.Signals): void;
  /** How it ended, once it has. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs the built CLI; the scope kills it if the test did not end it. */
function runBuilt(scope: Scope, args: string[]): Cli {
  assert.ok(
    existsSync(join(ROOT, 'out/main/cli.js')),
    'the CLI is not built: run `npm run build` before the integration tests',
  );
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    waiters = waiters.filter((w) => {
      const match = w.pattern.exec(out);
      if (match) w.resolve(match);
      return !match;
    });
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  scope.defer(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exit;
  });
  return {
    stdout: () => out,
    stderr: () => err,
    waitFor(pattern, what) {
      const match = pattern.exec(out);
      if (match) return Promise.resolve(match);
      return within(
        new Promise<RegExpMatchArray>((resolve) => waiters.push({ pattern, resolve })),
        () => `${what}; stdout so far:\n${out}\nstderr:\n${err}`,
      );
    },
    type: (line) => child.stdin.write(`${line}\n`),
    signal: (signal) => child.kill(signal),
    // A process starts slower than a promise resolves, on a loaded machine all the more.
    exited: () => within(exit, () => `ocpp-scope ${args.join(' ')} to exit; stderr:\n${err}`, 10_000),
  };
}

const ISO = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`;

void describe('ocpp-scope serial (the built executable)', { timeout: SUITE_TIMEOUT_MS }, () => {
  void test('bridges a charger to its mock CSMS, takes a command on stdin, survives an unplug, stops on SIGINT', () =>
    serialScoped(async (scope) => {
      const pty = await PtyPair.create(scope);
      const dir = await makeTempDir('serial-cli');
      scope.defer(() => removeDir(dir));
      const cli = runBuilt(scope, [
        'serial',
        '--port',
        pty.bridgePath,
        '--mock-csms',
        '--station',
        'CP-CLI',
        '--data-dir',
        join(dir, 'data'),
      ]);
      const escaped = pty.bridgePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      await cli.waitFor(
        new RegExp(
          `^OCPP Scope serial bridge: ${escaped} \\(115200 8N1\\) as CP-CLI \\(ocpp1\\.6\\) to a mock CSMS at ws://127\\.0\\.0\\.1:\\d+/CP-CLI$`,
          'm',
        ),
        'the banner',
      );
      const [, capture] = await cli.waitFor(/^capture: (\S+\.jsonl)$/m, 'the capture line');
      assert.ok(capture!.startsWith(join(dir, 'data')), capture);
      await cli.waitFor(new RegExp(`^${ISO}  CP-CLI  opened ocpp1\\.6`, 'm'), 'the CSMS connection line');

      const charger = await SerialCharger.open(scope, pty.chargerPath);
      const { calls } = await chargingSession(charger, (step) => charger.write(`[fw] ${step}\n`));

      charger.handle('GetConfiguration', () => ({ configurationKey: [], unknownKey: ['Nope'] }));
      cli.type('send CP-CLI GetConfiguration {"key":["Nope"]}');
      await cli.waitFor(
        /^CP-CLI GetConfiguration \(CALL seq \d+\) -> CALLRESULT in \d+ ms: \{"configurationKey":\[\],"unknownKey":\["Nope"\]\}$/m,
        'the answer of the typed command',
      );

      // Unplugged and plugged back (socat killed and started again): the CLI says so and goes on.
      await pty.kill();
      await cli.waitFor(new RegExp(`^${ISO}  CP-CLI  closed .*serial port was lost`, 'm'), 'the port lost');
      await pty.start();
      // The bridge reopens the port and the CSMS connection by itself (after 250 ms, then longer).
      await cli.waitFor(
        new RegExp(`serial port was lost[\\s\\S]*^${ISO}  CP-CLI  opened ocpp1\\.6`, 'm'),
        'the CSMS connection opened again',
      );
      const again = await SerialCharger.open(scope, pty.chargerPath, { idPrefix: 'again' });
      const heartbeat = await again.call('Heartbeat', {});
      assert.equal(heartbeat.answer[0], 3);

      cli.signal('SIGINT');
      assert.deepEqual(await cli.exited(), { code: 0, signal: null }, cli.stderr());
      assert.match(
        cli.stdout(),
        new RegExp(
          `^stopped: 0 error\\(s\\), \\d+ warning\\(s\\), \\d+ info; the capture: ocpp-scope check ${capture!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
          'm',
        ),
      );
      assert.match(cli.stderr(), /press Ctrl-C to stop/);

      const check = runBuilt(scope, ['check', capture!, '--format', 'json']);
      const checked = await check.exited();
      assert.equal(checked.code, 0, check.stdout() + check.stderr());
      const { findings, summary } = JSON.parse(check.stdout()) as {
        findings: unknown[];
        summary: { passed: boolean; consoleLines: number; actions: Record<string, number> };
      };
      assert.deepEqual(findings, []);
      assert.equal(summary.passed, true);
      assert.equal(summary.consoleLines, calls.length);
      assert.equal(summary.actions['StatusNotification'], 5);
      assert.equal(summary.actions['GetConfiguration'], 1);
      assert.equal(summary.actions['Heartbeat'], 2);
    }));

  void test('--list prints the ports the system reports and exits 0', () =>
    serialScoped(async (scope) => {
      const cli = runBuilt(scope, ['serial', '--list']);
      assert.deepEqual(await cli.exited(), { code: 0, signal: null }, cli.stderr());
      const lines = cli.stdout().trimEnd().split('\n');
      assert.ok(lines.length > 0);
      for (const line of lines)
        assert.match(
          line,
          /^(\/dev\/\S+( {2}.+)?|no serial ports found \(a pty or another path can still be given with --port\))$/,
        );
    }));

  void test('a port that will not open exits 1 with the reason; a usage mistake exits 2', () =>
    serialScoped(async (scope) => {
      const dir = await makeTempDir('serial-cli-bad');
      scope.defer(() => removeDir(dir));
      const missing = join(dir, 'ttyACM7');
      const cli = runBuilt(scope, [
        'serial',
        '--port',
        missing,
        '--mock-csms',
        '--data-dir',
        join(dir, 'data'),
      ]);
      assert.deepEqual(await cli.exited(), { code: 1, signal: null });
      assert.equal(
        cli.stderr(),
        `ocpp-scope serial: cannot open the serial port: there is no serial port ${missing} (is the adapter plugged in? is the path right?)\n`,
      );
      const usage = runBuilt(scope, ['serial', '--port', missing, '--mock-csms', '--baud', 'fast']);
      assert.deepEqual(await usage.exited(), { code: 2, signal: null });
      assert.match(usage.stderr(), /--baud must be a number, not "fast"/);
    }));
});
