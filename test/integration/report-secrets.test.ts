/**
 * `ocpp-scope report` of a capture seeded with a secret in every known place, as a user runs it:
 * the built executable (bin/ocpp-scope.js, so `npm run build` first). Nothing it writes (HTML,
 * JUnit, JSON, the capture) nor prints holds a secret, in any encoding; with --no-redact they are
 * there (so the check can fail); --anonymize leaves no station id and no idTag / idToken.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, removeDir, ROOT } from '../unit/support';
import { leaks, SECRETS_FIXTURE, secretsList } from '../support/privacy-leaks';

const BIN = join(ROOT, 'bin/ocpp-scope.js');
const OUTPUTS = ['html', 'junit', 'json', 'capture'] as const;
type Output = (typeof OUTPUTS)[number];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  files: Record<Output, string>;
}

/** Runs the built CLI on the fixture with every output into a fresh folder. */
async function report(extra: string[]): Promise<Run> {
  assert.ok(
    existsSync(join(ROOT, 'out/main/cli.js')),
    'the CLI is not built: run `npm run build` before the integration tests',
  );
  const dir = await makeTempDir('report-secrets-');
  try {
    const paths: Record<Output, string> = {
      html: join(dir, 'report.html'),
      junit: join(dir, 'junit.xml'),
      json: join(dir, 'report.json'),
      capture: join(dir, 'capture.jsonl'),
    };
    const args = [BIN, 'report', SECRETS_FIXTURE, ...OUTPUTS.flatMap((o) => [`--${o}`, paths[o]]), ...extra];
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(
      (resolve) =>
        execFile(process.execPath, args, { cwd: ROOT, timeout: 60_000 }, (error, out, err) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout: out, stderr: err }),
        ),
    );
    const files = {} as Record<Output, string>;
    for (const o of OUTPUTS) files[o] = await readFile(paths[o], 'utf8');
    return { code, stdout, stderr, files };
  } finally {
    await removeDir(dir);
  }
}

const list = secretsList();
const names = [...list.stationIds, ...list.idTags];

void describe('ocpp-scope report: secrets never leave (the built executable)', { timeout: 180_000 }, () => {
  void test('redacted by default: no secret in the HTML, JUnit, JSON, capture or the printed summary', async () => {
    const run = await report([]);
    // The fixture's binary frame and broken frame are errors: exit 1, as `check`.
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stderr, '');
    for (const o of OUTPUTS) assert.deepEqual(leaks(run.files[o], list.secrets), [], `--${o}`);
    assert.deepEqual(leaks(run.stdout, list.secrets), [], 'stdout');
    assert.match(run.stdout, new RegExp(`secrets redacted: ${list.redactions} values`));
    const json = JSON.parse(run.files.json) as { privacy: unknown };
    assert.deepEqual(json.privacy, {
      redacted: true,
      anonymized: false,
      redactions: list.redactions,
      pseudonyms: 0,
    });
    // The capture export reads back, with the note of what was done.
    const header = JSON.parse(run.files.capture.slice(0, run.files.capture.indexOf('\n'))) as {
      privacy: unknown;
    };
    assert.deepEqual(header.privacy, json.privacy);
    // Redaction hides secrets, not the session: the station ids are all there.
    assert.deepEqual(leaks(run.files.html, list.stationIds), list.stationIds);
  });

  void test('--no-redact: the secrets are in the outputs', async () => {
    const run = await report(['--no-redact']);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(leaks(run.files.capture, list.secrets), list.secrets);
    assert.ok(leaks(run.files.html, list.secrets).includes('S3CRET-AUTHKEY-0005'));
    assert.ok(leaks(run.files.json, list.secrets).includes('S3CRET-MALFORMED-0009'));
    assert.match(run.stdout, /secrets NOT redacted/);
  });

  void test('--anonymize: no station id, idTag or idToken, and still no secret', async () => {
    const run = await report(['--anonymize']);
    assert.equal(run.code, 1, run.stderr);
    for (const o of OUTPUTS) {
      assert.deepEqual(leaks(run.files[o], [...names, ...list.secrets]), [], `--${o}`);
    }
    assert.deepEqual(leaks(run.stdout, [...names, ...list.secrets]), [], 'stdout');
    for (const pseudonym of ['station-1', 'station-4', 'token-1', 'token-7'])
      assert.ok(run.files.html.includes(pseudonym), pseudonym);
    const json = JSON.parse(run.files.json) as { privacy: unknown };
    assert.deepEqual(json.privacy, {
      redacted: true,
      anonymized: true,
      redactions: list.redactions,
      pseudonyms: list.pseudonyms,
    });
  });
});
