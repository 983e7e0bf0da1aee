import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { CliContext } from '../../../../src/main/cli/command';
import { main } from '../../../../src/main/cli/main';
import { VERSION } from '../../../../src/main/version';
import { writeFile } from 'node:fs/promises';
import { RULES } from '../../../../src/shared/analysis/catalog';
import { expectedCodecProblems, fixtureText, FIXTURES, makeTempDir, removeDir, ROOT } from '../../support';

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
  void test('a clean capture: exit 0 and OK, with the version and where it came from', async () => {
    for (const path of [FIXTURES.ocpp16, FIXTURES.ocpp201]) {
      const result = await run('check', path);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /^OK \(fail-on error\): 0 error\(s\), 0 warning\(s\), 0 info/m);
      assert.match(result.stdout, /OCPP (1\.6|2\.0\.1) \(negotiated subprotocol\), 1 connection/);
      assert.equal(result.stderr, '');
    }
    const result = await run('check', FIXTURES.ocpp16);
    assert.match(result.stdout, /CP-ACME-0042/);
    assert.match(result.stdout, /58 frames, 2 connection events; profile strict/);
  });

  void test('a serial capture with firmware logs between the frames: OK, the log lines counted apart', async () => {
    const file = join(ROOT, 'fixtures/sessions/serial-with-logs.jsonl');
    const result = await run('check', file);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /6 frames, 1 connection events, 14 console lines; profile strict/);
    assert.match(result.stdout, /CALL 3, CALLRESULT 3\n/);
    assert.match(
      result.stdout,
      /^OK \(fail-on error\): 0 error\(s\), 0 warning\(s\), 0 info, 0 file problem\(s\)/m,
    );
    const json = parseJsonReport((await run('check', '--format', 'json', file)).stdout);
    assert.deepEqual(
      [json.summary['frames'], json.summary['connectionEvents'], json.summary['consoleLines']],
      [6, 1, 14],
    );
    assert.deepEqual(json.findings, []);
  });

  void test('a path relative to the working directory works', async () => {
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      const result = await run('check', 'fixtures/sessions/ocpp16-charging-session.jsonl');
      assert.equal(result.code, 0);
      assert.match(result.stdout, /^OK/m);
    } finally {
      process.chdir(cwd);
    }
  });

  void test('the codec-problems capture: exit 1, every problem seq listed with its rule and severity', async () => {
    const result = await run('check', FIXTURES.codecProblems);
    assert.equal(result.code, 1);
    const expected = expectedCodecProblems();
    for (const { seq, problem } of expected) {
      assert.match(
        result.stdout,
        new RegExp(`seq ${seq}\\s+CP-BROKEN-01\\s+error\\s+frame\\.${problem}: `),
        `seq ${seq}`,
      );
    }
    const listed = [...result.stdout.matchAll(/^\s*seq (\d+)\s+\S+\s+\S+\s+frame\./gm)].map((m) =>
      Number(m[1]),
    );
    assert.deepEqual(
      listed,
      expected.map((p) => p.seq),
    );
    // The malformed CALLs whose id could be read were never answered before the station left.
    assert.match(
      result.stdout,
      /seq 15\s+CP-BROKEN-01\s+error\s+rpc\.unanswered-call: The connection closed/,
    );
    assert.match(result.stdout, /^\s+5\s+error\s+rpc\.unanswered-call\s+CALL never answered$/m);
    assert.match(result.stdout, /^FAIL \(fail-on error\): 20 error\(s\), 0 warning\(s\)/m);
  });

  void test('--format json: findings[] with rule, severity, stationId, messageIds, seqs, message', async () => {
    const result = await run('check', '--format', 'json', FIXTURES.codecProblems);
    assert.equal(result.code, 1);
    const { findings, summary } = parseJsonReport(result.stdout);
    const frameFindings = findings.filter((f) => f.rule.startsWith('frame.'));
    assert.deepEqual(
      frameFindings.map((f) => [f.seqs, f.rule]),
      expectedCodecProblems().map((p) => [[p.seq], `frame.${p.problem}`]),
    );
    assert.deepEqual(
      findings.filter((f) => f.rule === 'rpc.unanswered-call').map((f) => f.seqs),
      [[6], [9], [10], [11], [15]],
    );
    for (const finding of findings) {
      assert.equal(finding.severity, 'error');
      assert.equal(finding.stationId, 'CP-BROKEN-01');
      assert.ok(finding.messageIds.every((id) => typeof id === 'string'));
      assert.ok(finding.message.length > 10);
    }
    const bySeq = new Map(frameFindings.map((f) => [f.seqs[0], f]));
    assert.deepEqual(bySeq.get(4)?.messageIds, [], 'invalid JSON: no id could be read');
    assert.deepEqual(bySeq.get(8)?.messageIds, [], 'bad-id: no id');
    assert.deepEqual(bySeq.get(9)?.messageIds, ['10500000-0000-4000-8000-0000000000005']);
    assert.deepEqual(bySeq.get(15)?.messageIds, ['111']);
    assert.equal(summary['entries'], 16);
    assert.equal(summary['frames'], 14);
    assert.equal(summary['passed'], false);
    assert.deepEqual(summary['fileProblems'], []);
    const tally = summary['findings'] as { total: number; bySeverity: Record<string, number> };
    assert.equal(tally.total, 20);
    assert.deepEqual(tally.bySeverity, { error: 20, warning: 0, info: 0 });
  });

  void test('--format json on a clean capture: no findings, the version per connection, exit 0', async () => {
    const result = await run('check', FIXTURES.ocpp201, '--format=json');
    assert.equal(result.code, 0);
    const { findings, summary } = parseJsonReport(result.stdout);
    assert.deepEqual(findings, []);
    assert.deepEqual(summary['stations'], ['EVB-P2231-0007']);
    assert.deepEqual(summary['versions'], [
      { connectionId: 'c1', stationId: 'EVB-P2231-0007', source: 'subprotocol', version: '2.0.1' },
    ]);
    assert.equal(summary['profile'], 'strict');
  });

  void test('--fail-on never exits 0 whatever is found; --fail-on warning fails on a warning', async () => {
    assert.equal((await run('check', '--fail-on', 'never', FIXTURES.codecProblems)).code, 0);
    const dir = await makeTempDir('cli-check');
    try {
      // The capture ends 1 s after a CALL: an unanswered CALL at the end is a warning, not an error.
      const lines = fixtureText(FIXTURES.ocpp16).trimEnd().split('\n');
      const cut = join(dir, 'cut.jsonl');
      await writeFile(cut, lines.slice(0, 3).join('\n') + '\n');
      assert.equal((await run('check', cut)).code, 0);
      const warned = await run('check', '--fail-on', 'warning', cut);
      assert.equal(warned.code, 1);
      assert.match(
        warned.stdout,
        /warning\s+rpc\.unanswered-call: The capture ends with the CALL BootNotification/,
      );
    } finally {
      await removeDir(dir);
    }
  });

  void test('no version anywhere: detected from the messages, and said so', async () => {
    const dir = await makeTempDir('cli-check');
    try {
      const text = fixtureText(FIXTURES.ocpp16)
        .replace(/,"ocppVersion":"ocpp1\.6"/, '')
        .replace(/"subprotocol":"ocpp1\.6",/, '');
      const path = join(dir, 'no-version.jsonl');
      await writeFile(path, text);
      const result = await run('check', path);
      assert.equal(result.code, 0, result.stdout);
      assert.match(
        result.stdout,
        /OCPP 1\.6 \(detected from the BootNotification payload, which fits the OCPP 1\.6 schema only\), 1 connection/,
      );
      const forced = await run('check', '--ocpp-version', '2.0.1', path);
      assert.equal(forced.code, 1, 'a 1.6 conversation read as 2.0.1 breaks the schemas');
      assert.match(forced.stdout, /OCPP 2\.0\.1 \(--ocpp-version\)/);
      assert.match(
        forced.stdout,
        /schema\.unknown-action: OCPP 2\.0\.1 has no action "StartTransaction" \(it is an OCPP 1\.6 action\)/,
      );
    } finally {
      await removeDir(dir);
    }
  });

  void test('--format junit: a suite per rule category plus the file, a case per rule, failures for the failing rules', async () => {
    const result = await run('check', '--format', 'junit', FIXTURES.codecProblems);
    assert.equal(result.code, 1);
    assert.match(
      result.stdout,
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="ocpp-scope: [^"]*codec-problems\.jsonl"/,
    );
    const cases = [...result.stdout.matchAll(/<testcase /g)].length;
    assert.equal(cases, RULES.length + 1);
    const suites = [...result.stdout.matchAll(/<testsuite name="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(suites, ['capture', 'frame', 'rpc', 'schema', 'tx16', 'tx20', 'session']);
    // 12 frame rules, rpc.unanswered-call and rpc.answer-unknown-id (the broken CALLERRORs) fail.
    assert.match(result.stdout, /<testsuites [^>]*tests="\d+" failures="14"/);
    assert.match(result.stdout, /<testsuite name="frame" tests="13" failures="12"/);
    assert.match(
      result.stdout,
      /name="frame\.duplicate-key: A JSON key appears twice in one object">\s*<failure type="error"/,
    );
    assert.match(
      result.stdout,
      /seq 15 CP-BROKEN-01 \[111\] \(error\): The key &#34;idTag&#34; appears twice/,
    );
    // The 1.6 transaction rules had no StartTransaction to look at: skipped, saying so.
    assert.match(
      result.stdout,
      /name="tx16\.duplicate-transaction: [^"]*">\s*<skipped message="No StartTransaction [^"]*"\/>/,
    );
    const clean = await run('check', '--format', 'junit', FIXTURES.ocpp16);
    assert.equal(clean.code, 0);
    assert.match(clean.stdout, /failures="0"/);
    assert.doesNotMatch(clean.stdout, /<failure/);
  });

  void test('--rules lists the catalog: id, severity, versions, explanation, reference', async () => {
    const text = await run('check', '--rules');
    assert.equal(text.code, 0);
    for (const rule of RULES)
      assert.match(text.stdout, new RegExp(`^${rule.id.replace('.', '\\.')}  \\[`, 'm'));
    assert.match(
      text.stdout,
      /^rpc\.concurrent-call {2}\[error, warning in 1\.6\] {2}OCPP 1\.6, 2\.0\.1, 2\.1$/m,
    );
    assert.match(text.stdout, /^schema\.field-deviation {2}\[error, warning when lenient\]/m);
    const json = await run('check', '--rules', '--format', 'json');
    const rules = JSON.parse(json.stdout) as { id: string; reference: string }[];
    assert.deepEqual(
      rules.map((r) => r.id),
      RULES.map((r) => r.id),
    );
    assert.ok(rules.every((r) => r.reference.length > 0));
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

  void test('bad option values are exit 2 with the usage', async () => {
    const cases: [string[], RegExp][] = [
      [['--format', 'xml'], /--format must be text, json or junit, not "xml"/],
      [['--profile', 'loose'], /--profile must be strict or lenient, not "loose"/],
      [['--fail-on', 'info'], /--fail-on must be error, warning or never, not "info"/],
      [['--ocpp-version', '1.5'], /--ocpp-version must be 1\.6, 2\.0\.1 or 2\.1, not "1\.5"/],
      [['--call-timeout', '0'], /--call-timeout must be a number of seconds above 0, not "0"/],
    ];
    for (const [args, message] of cases) {
      const result = await run('check', ...args, FIXTURES.ocpp16);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, message);
      assert.match(result.stderr, /Usage: ocpp-scope check/);
      assert.equal(result.stdout, '');
    }
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
