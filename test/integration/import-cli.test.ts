/**
 * `ocpp-scope import` and `ocpp-scope export` as a user runs them: the built executable in its own
 * process. A capture exported to Open OCPP Trace and imported back has the same frames; what the
 * format cannot carry is said; what cannot be read is said with its line, and every good record
 * is kept; files are never written over; mistakes give their exit codes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FrameEntry } from '../../src/shared/capture/entry';
import { readCaptureText } from '../../src/main/services/capture/read';
import { FIXTURES, makeTempDir, removeDir, ROOT } from '../unit/support';

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
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    ),
  );
}

async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await makeTempDir('import-cli-');
  try {
    await body(dir);
  } finally {
    await removeDir(dir);
  }
}

function frames(text: string): string[] {
  return readCaptureText('capture.jsonl', text)
    .model.allEntries()
    .filter((e): e is FrameEntry => e.kind === 'frame')
    .map((f) => `${f.stationId} ${f.direction} ${f.ts.toFixed(3)} ${f.raw}`);
}

void describe('ocpp-scope export and import', () => {
  void test('a capture to Open OCPP Trace and back: the same frames, directions, stations and times', () =>
    inTempDir(async (dir) => {
      const oot = join(dir, 'session.oot.jsonl');
      const exported = await run(['export', FIXTURES.ocpp16, '--out', oot, '--no-redact']);
      assert.equal(exported.code, 0, exported.stderr);
      assert.match(exported.stdout, /: \d+ Open OCPP Trace records written to .*session\.oot\.jsonl/);
      assert.match(exported.stdout, /not in it: \d+ connection events/);
      assert.match(exported.stdout, /secrets NOT redacted/);
      const records = (await readFile(oot, 'utf8')).split('\n').filter(Boolean);
      assert.ok(
        records.every((line) => (JSON.parse(line) as { schemaVersion: string }).schemaVersion === '1.1'),
      );

      const capture = join(dir, 'back.jsonl');
      const imported = await run(['import', oot, '--capture', capture, '--data-dir', join(dir, 'data')]);
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(imported.stdout, /: Open OCPP Trace \(its first line is an Open OCPP Trace record\)\n/);
      assert.match(
        imported.stdout,
        new RegExp(`written to ${capture.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
      assert.deepEqual(
        frames(await readFile(capture, 'utf8')),
        frames(await readFile(FIXTURES.ocpp16, 'utf8')),
      );
    }));

  void test('to standard output: the records there, the summary on stderr, secrets redacted by default', () =>
    inTempDir(async () => {
      const out = await run(['export', FIXTURES.ocpp16]);
      assert.equal(out.code, 0, out.stderr);
      assert.ok(out.stdout.split('\n').filter(Boolean).length > 10);
      assert.match(out.stderr, /secrets redacted: \d+/);
      const jsonl = await run(['export', FIXTURES.ocpp16, '--format', 'jsonl']);
      const header = JSON.parse(jsonl.stdout.slice(0, jsonl.stdout.indexOf('\n'))) as { format: string };
      assert.equal(header.format, 'ocpp-scope-capture');
    }));

  void test('a log with bad lines: every good frame kept, each bad line said with its number', () =>
    inTempDir(async (dir) => {
      const log = join(dir, 'csms.log');
      await writeFile(
        log,
        [
          '2024-03-01T08:00:00.000Z CP-7 -> [2,"a1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]',
          'INFO something unrelated',
          '2024-03-01T08:00:00.120Z CP-7 <- [3,"a1",{"status":"Accepted","currentTime":"2024-03-01T08:00:00Z","interval":300}]',
          '2024-03-01T08:00:05.000Z CP-7 [2,"a2","Heartbeat",{}]',
        ].join('\n') + '\n',
      );
      const imported = await run(['import', log, '--data-dir', join(dir, 'data'), '--name', 'CSMS log']);
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(imported.stdout, /plain log/);
      assert.match(imported.stdout, /imported 3 frames/);
      assert.match(imported.stdout, /session "CSMS log" \(/);
      const path = /written to (\S+)/.exec(imported.stdout)?.[1];
      assert.ok(path !== undefined && existsSync(path), imported.stdout);
    }));

  void test('mistakes: a missing file, a file of no known format, an unknown --format, an export over a file', () =>
    inTempDir(async (dir) => {
      const missing = await run(['import', join(dir, 'nope.pcap'), '--data-dir', dir]);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /no such file/);

      const notes = join(dir, 'notes.txt');
      await writeFile(notes, 'shopping list\nmilk\n');
      const unknown = await run(['import', notes, '--data-dir', dir]);
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /notes\.txt cannot be imported: no OCPP frames found/);

      const usage = await run(['import', notes, '--format', 'har']);
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /--format must be auto, scope, oot, pcap, debugkit or lines/);

      const taken = join(dir, 'taken.jsonl');
      await writeFile(taken, 'keep me');
      const over = await run(['export', FIXTURES.ocpp16, '--out', taken]);
      assert.equal(over.code, 1);
      assert.match(over.stderr, /already exists/);
      assert.equal(await readFile(taken, 'utf8'), 'keep me');
    }));
});
