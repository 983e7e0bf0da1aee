/**
 * The rule fixtures: every capture in fixtures/ with a `<name>.findings.json` beside it is analysed
 * and must produce exactly the findings listed there (rule, severity, station, message ids, seqs,
 * in the order reported); every rule of the catalog must be triggered by at least one of them.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readCaptureFile } from '../../../../src/main/services/capture/read';
import { ocaSchemaRegistry } from '../../../../src/main/services/validation/oca-schemas';
import { RULES } from '../../../../src/shared/analysis/catalog';
import type { Finding } from '../../../../src/shared/analysis/finding';
import { parseOcppVersion } from '../../../../src/shared/ocpp/versions';
import { ROOT } from '../../support';

interface Expectation {
  /** Analysis options; strict profile and the 30 s timeout unless said. */
  profile?: 'strict' | 'lenient';
  ocppVersion?: string;
  callTimeoutMs?: number;
  findings: Pick<Finding, 'rule' | 'severity' | 'stationId' | 'messageIds' | 'seqs'>[];
}

function expectationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? expectationFiles(join(dir, d.name))
      : d.name.endsWith('.findings.json')
        ? [join(dir, d.name)]
        : [],
  );
}

const files = expectationFiles(join(ROOT, 'fixtures')).sort();
const triggered = new Set<string>();

void describe('rule fixtures', () => {
  for (const file of files) {
    const capture = file.replace(/\.findings\.json$/, '.jsonl');
    void test(relative(ROOT, capture), async () => {
      const expectation = JSON.parse(readFileSync(file, 'utf8')) as Expectation;
      const version =
        expectation.ocppVersion === undefined ? undefined : parseOcppVersion(expectation.ocppVersion);
      const { model, fileProblems } = await readCaptureFile(capture, {
        registry: ocaSchemaRegistry(),
        profile: expectation.profile ?? 'strict',
        ...(version !== undefined ? { version } : {}),
        ...(expectation.callTimeoutMs !== undefined ? { callTimeoutMs: expectation.callTimeoutMs } : {}),
      });
      assert.deepEqual(fileProblems, [], 'a rule fixture must be a readable capture');
      const actual = model.findings().map(({ rule, severity, stationId, messageIds, seqs }) => ({
        rule,
        severity,
        stationId,
        messageIds,
        seqs,
      }));
      assert.deepEqual(
        actual,
        expectation.findings,
        `findings of ${relative(ROOT, capture)}:\n${model
          .findings()
          .map((f) => `  ${f.rule} ${f.severity} seqs ${f.seqs.join(',')}: ${f.message}`)
          .join('\n')}`,
      );
      for (const finding of actual) triggered.add(finding.rule);
    });
  }

  void test('every rule of the catalog is triggered by a fixture', () => {
    const missing = RULES.map((r) => r.id).filter((id) => !triggered.has(id));
    assert.deepEqual(missing, [], 'rules with no fixture that triggers them');
  });
});
