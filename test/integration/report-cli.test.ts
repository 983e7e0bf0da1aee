/**
 * `ocpp-scope report` as a user runs it: the built executable (bin/ocpp-scope.js, so `npm run
 * build` first, as `npm ci` does) in its own process. Every file asked for is written and reads
 * as its format; the exit code follows --fail-on; the capture reported on is never touched, an
 * output naming it is refused, a capture export never overwrites a file; a missing capture, a
 * folder that does not exist and a usage mistake each say what is wrong, with their exit codes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RULES } from '../../src/shared/analysis/catalog';
import { readCaptureText } from '../../src/main/services/capture/read';
import { FIXTURES, makeTempDir, removeDir, ROOT } from '../unit/support';
import { childrenNamed, parseXml } from '../unit/shared/report/xml';

const BIN = join(ROOT, 'bin/ocpp-scope.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Promise<Run> {
  assert.ok(
    existsSync(join(ROOT, 'out/main/cli.js')),
    'the CLI is not built: run `npm run build` before the integration tests',
  );
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      [BIN, 'report', ...args],
      { cwd: ROOT, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    ),
  );
}

async function fingerprint(path: string): Promise<{ sha: string; mtimeMs: number; size: number }> {
  const [content, info] = await Promise.all([readFile(path), stat(path)]);
  return { sha: createHash('sha256').update(content).digest('hex'), mtimeMs: info.mtimeMs, size: info.size };
}

async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await makeTempDir('report-cli-');
  try {
    await body(dir);
  } finally {
    await removeDir(dir);
  }
}

void describe('ocpp-scope report', () => {
  void test('--html --junit --json --capture: every file written and readable, exit 0, the capture untouched', () =>
    inTempDir(async (dir) => {
      const capture = join(dir, 'session.jsonl');
      await copyFile(FIXTURES.ocpp16, capture);
      const before = await fingerprint(capture);
      const out = (name: string) => join(dir, name);
      const result = await run([
        capture,
        '--html',
        out('report.html'),
        '--junit',
        out('junit.xml'),
        '--json',
        out('report.json'),
        '--capture',
        out('export.jsonl'),
      ]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, '');
      assert.match(result.stdout, /stations: CP-ACME-0042 \(OCPP 1\.6\)\n/);
      assert.match(result.stdout, /rules: \d+ passed, 0 failed, \d+ not applicable \(profile strict\)\n/);
      assert.match(result.stdout, /\nOK \(fail-on error\)\n/);
      const written: [string, string][] = [
        ['HTML report', 'report.html'],
        ['JUnit report', 'junit.xml'],
        ['JSON report', 'report.json'],
        ['capture', 'export.jsonl'],
      ];
      for (const [what, name] of written)
        assert.match(
          result.stdout,
          new RegExp(`wrote the ${what}: ${out(name).replace(/[.]/g, '\\.')} \\(\\d`),
        );
      assert.deepEqual(await fingerprint(capture), before);

      const html = await readFile(out('report.html'), 'utf8');
      assert.match(html, /^<!DOCTYPE html>/);
      assert.match(html, /CP-ACME-0042/);
      assert.doesNotMatch(
        html,
        /<script|https?:\/\/(?!www\.w3\.org)/i,
        'self-contained: no script, nothing fetched',
      );

      const junit = parseXml(await readFile(out('junit.xml'), 'utf8'));
      const suites = childrenNamed(junit, 'testsuite');
      assert.deepEqual(
        suites.map((s) => s.attrs['name']),
        ['capture', 'frame', 'rpc', 'schema', 'tx16', 'tx20', 'session'],
      );
      assert.equal(junit.attrs['failures'], '0');
      assert.equal(suites.flatMap((s) => childrenNamed(s, 'testcase')).length, RULES.length + 1);

      const json = JSON.parse(await readFile(out('report.json'), 'utf8')) as Record<string, unknown>;
      assert.equal(json['format'], 'ocpp-scope-report');
      assert.equal(json['passed'], true);
      assert.equal(json['timeline'], undefined);
      assert.deepEqual(json['privacy'], { anonymized: false, pseudonyms: 0, redacted: true, redactions: 0 });
      assert.equal((json['transactions'] as { transactionId: string }[])[0]?.transactionId, '48213');

      // The capture export reads back with every entry (nothing in this one to redact).
      const exported = readCaptureText('export.jsonl', await readFile(out('export.jsonl'), 'utf8'));
      assert.equal(exported.model.size, 60);
      assert.deepEqual(exported.fileProblems, []);
      assert.equal(exported.header.privacy?.redacted, true);
    }));

  void test('exit 1 when a finding reaches --fail-on, 0 with --fail-on never; no output flag writes nothing', () =>
    inTempDir(async (dir) => {
      const failing = await run([FIXTURES.codecProblems, '--junit', join(dir, 'junit.xml')]);
      assert.equal(failing.code, 1);
      assert.match(failing.stdout, /\n {2}FAILED frame\.duplicate-key: 1 finding, /);
      assert.match(failing.stdout, /\nFAIL \(fail-on error\)\n/);
      assert.match(await readFile(join(dir, 'junit.xml'), 'utf8'), /<testsuites [^>]*failures="14"/);

      const never = await run([FIXTURES.codecProblems, '--fail-on', 'never']);
      assert.equal(never.code, 0);
      assert.match(
        never.stdout,
        /nothing written: give --html FILE, --junit FILE, --json FILE or --capture FILE\n$/,
      );
    }));

  void test('refused: an output naming the capture, two outputs on one file, a capture export over a file', () =>
    inTempDir(async (dir) => {
      const capture = join(dir, 'session.jsonl');
      await copyFile(FIXTURES.ocpp16, capture);
      const before = await fingerprint(capture);
      for (const flag of ['--html', '--json', '--junit', '--capture']) {
        const result = await run([capture, flag, join(dir, '.', 'session.jsonl')]);
        assert.equal(result.code, 2, flag);
        assert.match(
          result.stderr,
          new RegExp(`${flag} .* is the capture being reported on: choose another file`),
        );
      }
      // A link to it is the same file.
      await symlink(capture, join(dir, 'link.html'));
      const linked = await run([capture, '--html', join(dir, 'link.html')]);
      assert.equal(linked.code, 2);
      assert.match(linked.stderr, /is the capture being reported on/);
      const twins = await run([capture, '--html', join(dir, 'out'), '--json', join(dir, 'out')]);
      assert.equal(twins.code, 2);
      assert.match(twins.stderr, /--html and --json name the same file/);
      const existing = join(dir, 'existing.jsonl');
      await writeFile(existing, 'keep me\n');
      const clobber = await run([capture, '--capture', existing]);
      assert.equal(clobber.code, 1);
      assert.match(
        clobber.stderr,
        /existing\.jsonl already exists: choose another file, captures are never overwritten/,
      );
      assert.equal(await readFile(existing, 'utf8'), 'keep me\n');
      assert.deepEqual(await fingerprint(capture), before);
    }));

  void test('a missing capture, an output folder that does not exist, a usage mistake', () =>
    inTempDir(async (dir) => {
      const missing = await run([join(dir, 'nope.jsonl'), '--html', join(dir, 'r.html')]);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /^ocpp-scope report: no such file: .*nope\.jsonl\n$/);
      assert.equal(existsSync(join(dir, 'r.html')), false);

      const nowhere = await run([FIXTURES.ocpp16, '--json', join(dir, 'no', 'such', 'report.json')]);
      assert.equal(nowhere.code, 1);
      assert.match(nowhere.stderr, /cannot write .*report\.json: the folder .*such does not exist\n$/);

      const usage = await run([FIXTURES.ocpp16, '--profile', 'loose']);
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /--profile must be strict or lenient, not "loose"/);
      assert.match(usage.stderr, /Usage: ocpp-scope report <capture>/);
      const none = await run([]);
      assert.equal(none.code, 2);
      assert.match(none.stderr, /which capture\?/);
      const help = await run(['--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /--no-redact/);
    }));
});
