import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { CliContext } from '../../../../src/main/cli/command';
import { main } from '../../../../src/main/cli/main';
import { VERSION } from '../../../../src/main/version';
import { expectedCodecProblems, FIXTURES, ROOT } from '../../support';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const context: CliContext = {
    rendererDir: join(ROOT, 'out/renderer'),
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    // check and version never wait for it.
    stopSignal: new Promise<void>(() => {}),
  };
  const code = await main(argv, context);
  return { code, stdout, stderr };
}

interface JsonFinding {
  rule: string;
  severity: string;
  stationId: string;
  messageIds: string[];
  seqs: number[];
  message: string;
}

function parseJsonReport(text: string): { findings: JsonFinding[]; summary: Record<string, unknown> } {
  const value = JSON.parse(text) as unknown;
  assert.ok(typeof value === 'object' && value !== null);
  const { findings, summary } = value as { findings: unknown; summary: unknown };
  assert.ok(Array.isArray(findings));
  assert.ok(typeof summary === 'object' && summary !== null);
  return { findings: findings as JsonFinding[], summary: summary as Record<string, unknown> };
}

void describe('cli main', () => {
  void test('--help prints the commands, exit 0', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const result = await run(flag);
      assert.equal(result.code, 0, flag);
      assert.match(result.stdout, /Usage: ocpp-scope <command>/);
      for (const name of ['serve', 'check', 'version'])
        assert.match(result.stdout, new RegExp(`\\n  ${name} `));
      assert.equal(result.stderr, '');
    }
  });

  void test('no arguments prints the help, exit 2', async () => {
    const result = await run();
    assert.equal(result.code, 2);
    assert.match(result.stdout + result.stderr, /Usage: ocpp-scope <command>/);
  });

  void test('an unknown command is exit 2 with a message', async () => {
    const result = await run('frobnicate', 'x');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown command "frobnicate"/);
    assert.equal(result.stdout, '');
  });

  void test('version and --version print the version', async () => {
    for (const args of [['version'], ['--version'], ['-v']]) {
      const result = await run(...args);
      assert.equal(result.code, 0);
      assert.equal(result.stdout, `ocpp-scope ${VERSION} (node ${process.versions.node})\n`);
    }
    assert.match(VERSION, /^\d+\.\d+\.\d+/);
  });

  void test('version with an unexpected argument is a usage error', async () => {
    const result = await run('version', 'extra');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unexpected argument|extra/);
    assert.match(result.stderr, /Usage: ocpp-scope version/);
  });
});

void describe('cli check', () => {
  void test('a clean capture: exit 0 and OK', async () => {
    for (const path of [FIXTURES.ocpp16, FIXTURES.ocpp201]) {
      const result = await run('check', path);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /^OK: /m);
      assert.doesNotMatch(result.stdout, /unanswered/);
      assert.equal(result.stderr, '');
    }
    const result = await run('check', FIXTURES.ocpp16);
    assert.match(result.stdout, /CP-ACME-0042/);
    assert.match(result.stdout, /58 frames, 2 connection events/);
  });

  void test('a path relative to the working directory works', async () => {
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      const result = await run('check', 'fixtures/sessions/ocpp16-charging-session.jsonl');
      assert.equal(result.code, 0);
      assert.match(result.stdout, /OK/);
    } finally {
      process.chdir(cwd);
    }
  });

  void test('the codec-problems capture: exit 1, and every problem seq is listed with its rule', async () => {
    const result = await run('check', FIXTURES.codecProblems);
    assert.equal(result.code, 1);
    const expected = expectedCodecProblems();
    for (const { seq, problem } of expected) {
      assert.match(
        result.stdout,
        new RegExp(`seq ${seq}\\s+CP-BROKEN-01\\s+frame\\.${problem}: `),
        `seq ${seq}`,
      );
    }
    const listed = [...result.stdout.matchAll(/^\s*seq (\d+)\s+\S+\s+frame\./gm)].map((m) => Number(m[1]));
    assert.deepEqual(
      listed,
      expected.map((p) => p.seq),
    );
    assert.match(result.stdout, /FAIL: 12 frame problem\(s\), 0 file problem\(s\)/);
    assert.doesNotMatch(result.stdout, /^OK/m);
  });

  void test('--format json: findings[] with rule, severity, stationId, messageIds, seqs, message', async () => {
    const result = await run('check', '--format', 'json', FIXTURES.codecProblems);
    assert.equal(result.code, 1);
    const { findings, summary } = parseJsonReport(result.stdout);
    const expected = expectedCodecProblems();
    assert.deepEqual(
      findings.map((f) => [f.seqs, f.rule]),
      expected.map((p) => [[p.seq], `frame.${p.problem}`]),
    );
    for (const finding of findings) {
      assert.equal(finding.severity, 'error');
      assert.equal(finding.stationId, 'CP-BROKEN-01');
      assert.ok(Array.isArray(finding.messageIds));
      assert.ok(finding.messageIds.every((id) => typeof id === 'string'));
      assert.equal(typeof finding.message, 'string');
      assert.ok(finding.message.length > 10);
    }
    const bySeq = new Map(findings.map((f) => [f.seqs[0], f]));
    assert.deepEqual(bySeq.get(4)?.messageIds, [], 'invalid JSON: no id could be read');
    assert.deepEqual(bySeq.get(8)?.messageIds, [], 'bad-id: no id');
    assert.deepEqual(bySeq.get(9)?.messageIds, ['10500000-0000-4000-8000-0000000000005']);
    assert.deepEqual(bySeq.get(15)?.messageIds, ['111']);
    assert.equal(summary['entries'], 16);
    assert.equal(summary['frames'], 14);
    assert.deepEqual(summary['fileProblems'], []);
  });

  void test('--format json on a clean capture: no findings, exit 0', async () => {
    const result = await run('check', FIXTURES.ocpp201, '--format=json');
    assert.equal(result.code, 0);
    const { findings, summary } = parseJsonReport(result.stdout);
    assert.deepEqual(findings, []);
    assert.deepEqual(summary['stations'], ['EVB-P2231-0007']);
    assert.deepEqual(summary['unansweredCalls'], []);
  });

  void test('a missing file: exit 1 with a message', async () => {
    const missing = join(ROOT, 'fixtures/sessions/does-not-exist.jsonl');
    const result = await run('check', missing);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /does-not-exist\.jsonl/);
    assert.match(result.stderr, /no such file/);
    assert.equal(result.stdout, '');
  });

  void test('a file that is not a capture: exit 1 with a message', async () => {
    const result = await run('check', FIXTURES.codecProblemsExpected);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /codec-problems\.expected\.json/);
  });

  void test('a bad --format is exit 2 with the usage', async () => {
    const result = await run('check', '--format', 'xml', FIXTURES.ocpp16);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--format must be text or json, not "xml"/);
    assert.match(result.stderr, /Usage: ocpp-scope check/);
    assert.equal(result.stdout, '');
  });

  void test('no capture, an unknown option or two captures are exit 2', async () => {
    for (const args of [[], ['--frobnicate', FIXTURES.ocpp16], [FIXTURES.ocpp16, FIXTURES.ocpp201]]) {
      const result = await run('check', ...args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, /Usage: ocpp-scope check/);
    }
  });

  void test('check --help prints its usage, exit 0', async () => {
    const result = await run('check', '--help');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /ocpp-scope check <capture>/);
  });
});
