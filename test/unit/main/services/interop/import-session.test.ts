/**
 * An import from file to session, whatever the format: detection by content (and what it says
 * when it cannot tell), the session written with where it came from, its problems kept with it
 * and read back when it is opened again, a file of the user's choosing, and the chunked uploads
 * the UI sends (cut anywhere, cut short, overrun, cancelled).
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CaptureStore } from '../../../../../src/main/services/capture/store';
import { importFromFile } from '../../../../../src/main/services/interop/import-session';
import { ImportUploads } from '../../../../../src/main/services/interop/uploads';
import { decodeHeader } from '../../../../../src/shared/capture/format';
import type { FrameEntry } from '../../../../../src/shared/capture/entry';
import { FIXTURES, makeTempDir, removeDir, rpcError } from '../../../support';

const CREATED_BY = 'ocpp-scope test import';

/** An Open OCPP Trace of two stations, with a bad line (3) and a CALL without action (5). */
const OOT =
  [
    '{"schemaVersion":"1.1","timestamp":"2024-01-15T10:00:00.000Z","ocppVersion":"1.6","transport":"json","chargePointId":"CP-A","direction":"cp-to-csms","messageType":"CALL","messageId":"1","action":"Heartbeat","payload":{},"raw":"[2,\\"1\\",\\"Heartbeat\\",{}]"}',
    '{"schemaVersion":"1.1","timestamp":"2024-01-15T10:00:00.250Z","ocppVersion":"1.6","transport":"json","chargePointId":"CP-A","direction":"csms-to-cp","messageType":"CALLRESULT","messageId":"1","payload":{"currentTime":"2024-01-15T10:00:00Z"}}',
    '{"schemaVersion":"1.1", this is not json',
    '{"schemaVersion":"1.1","timestamp":"2024-01-15T10:00:01.000Z","ocppVersion":"1.6","transport":"json","chargePointId":"CP-B","direction":"cp-to-csms","messageType":"CALL","messageId":"7","action":"Heartbeat","payload":{}}',
    '{"schemaVersion":"1.1","timestamp":"2024-01-15T10:00:02.000Z","ocppVersion":"1.6","transport":"json","chargePointId":"CP-B","direction":"cp-to-csms","messageType":"CALL","messageId":"8","payload":{}}',
  ].join('\n') + '\n';

let dataDir: string;
let store: CaptureStore;

beforeEach(async () => {
  dataDir = await makeTempDir('import');
  store = new CaptureStore(dataDir);
  await store.init();
});

afterEach(async () => {
  await store.dispose();
  await removeDir(dataDir);
});

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(dataDir, name);
  await writeFile(path, content);
  return path;
}

async function headerOf(sessionId: string) {
  const text = await readFile(join(store.sessionsDir, `${sessionId}.jsonl`), 'utf8');
  const header = decodeHeader(text.slice(0, text.indexOf('\n')));
  assert.ok(header.ok);
  return header.value;
}

void describe('importFromFile', () => {
  void test('an Open OCPP Trace becomes a session that says where it came from, its bad lines kept with it', async () => {
    const done = await importFromFile(store, await file('bench.log', OOT), { createdBy: CREATED_BY });
    assert.equal(done.format, 'oot');
    assert.match(done.detected, /^Open OCPP Trace \(its first line is an Open OCPP Trace record\)$/);
    assert.equal(done.problemCount, 2);
    const { info, stats, fileProblems } = done.opened;
    assert.equal(info.name, 'bench.log');
    assert.equal(info.ocppVersion, 'ocpp1.6');
    assert.equal(stats.frames, 3);
    assert.deepEqual(stats.stations, ['CP-A', 'CP-B']);
    assert.deepEqual(
      fileProblems.map((p) => [p.kind, p.unit ?? 'line', p.line]),
      [
        ['import-skipped', 'line', 3],
        ['import-skipped', 'line', 5],
      ],
    );

    const header = await headerOf(info.id);
    assert.equal(header.createdBy, CREATED_BY);
    assert.equal(header.imported?.fileName, 'bench.log');
    assert.equal(header.imported?.format, 'oot');
    assert.equal(header.imported?.problemCount, 2);
    assert.equal(header.imported?.description, done.description);

    // The answer without raw was composed from its fields; times come from the trace.
    const model = store.model(info.id);
    const frames = model.allEntries().filter((e): e is FrameEntry => e.kind === 'frame');
    assert.deepEqual(
      frames.map((f) => [f.direction, f.stationId, f.raw, new Date(f.ts).toISOString()]),
      [
        ['toCsms', 'CP-A', '[2,"1","Heartbeat",{}]', '2024-01-15T10:00:00.000Z'],
        ['toStation', 'CP-A', '[3,"1",{"currentTime":"2024-01-15T10:00:00Z"}]', '2024-01-15T10:00:00.250Z'],
        ['toCsms', 'CP-B', '[2,"7","Heartbeat",{}]', '2024-01-15T10:00:01.000Z'],
      ],
    );
    assert.ok(frames.every((f) => f.source === 'import'));

    // Closed and opened again (a restart): the problems come back from the header.
    store.close(info.id);
    const again = await store.open(info.id);
    assert.deepEqual(again.fileProblems, fileProblems);
    assert.equal(again.stats.frames, 3);
  });

  void test('an OCPP Scope capture is copied as it is', async () => {
    const done = await importFromFile(store, FIXTURES.ocpp16, { createdBy: CREATED_BY });
    assert.equal(done.format, 'scope');
    assert.ok(done.opened.stats.frames > 0);
    assert.equal(done.problemCount, 0);
  });

  void test('--format names the format; a file that is not of it says so', async () => {
    const path = await file('trace.jsonl', OOT);
    const error = await rpcError(
      importFromFile(store, path, { createdBy: CREATED_BY, format: 'pcap' }),
      'invalid',
    );
    assert.match(error.message, /^trace\.jsonl cannot be imported as pcap\/pcapng packet capture: /);
  });

  void test('what it cannot tell, it says, naming the formats it reads', async () => {
    for (const [name, content, expected] of [
      ['empty.txt', '', /the file is empty/],
      ['blank.txt', '\n  \n', /the file is empty/],
      [
        'notes.txt',
        'hello\nworld\n',
        /no OCPP frames found at the start of this file: import an Open OCPP Trace/,
      ],
      [
        'blob.bin',
        Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00]),
        /a binary file of a kind OCPP Scope does not read/,
      ],
    ] as const) {
      const error = await rpcError(
        importFromFile(store, await file(name, content), { createdBy: CREATED_BY }),
        'invalid',
      );
      assert.match(error.message, expected, name);
      assert.ok(error.message.startsWith(`${name} cannot be imported`), error.message);
    }
    assert.deepEqual(await store.list(), [], 'no session is left behind by a failed import');
  });

  void test('a missing file is not-found, a folder is refused', async () => {
    await rpcError(
      importFromFile(store, join(dataDir, 'nope.jsonl'), { createdBy: CREATED_BY }),
      'not-found',
    );
    await mkdir(join(dataDir, 'folder'));
    const error = await rpcError(
      importFromFile(store, join(dataDir, 'folder'), { createdBy: CREATED_BY }),
      'invalid',
    );
    assert.match(error.message, /is a folder/);
  });

  void test("into a file of the user's choosing, never over one that exists", async () => {
    const source = await file('t.jsonl', OOT);
    const target = join(dataDir, 'out.jsonl');
    const done = await importFromFile(store, source, {
      createdBy: CREATED_BY,
      file: target,
      name: 'Bench A',
    });
    assert.equal(done.opened.info.name, 'Bench A');
    const text = await readFile(target, 'utf8');
    assert.equal(text.split('\n').filter(Boolean).length, 4);
    const error = await rpcError(
      importFromFile(store, source, { createdBy: CREATED_BY, file: target }),
      'invalid',
    );
    assert.match(error.message, /already exists/);
  });
});

void describe("ImportUploads: the UI's chunked uploads", () => {
  const bytes = Buffer.from(OOT, 'utf8');

  void test('chunks cut anywhere give the same session as the whole file, with real progress', async () => {
    const uploads = new ImportUploads(store, CREATED_BY);
    const { importId } = uploads.begin('cut.jsonl', bytes.length);
    let last;
    for (let at = 0; at < bytes.length; at += 7) {
      last = uploads.chunk(importId, bytes.subarray(at, at + 7).toString('base64'));
    }
    assert.equal(last?.bytes, bytes.length);
    assert.equal(last?.format, 'oot');
    const done = await uploads.finish(importId);
    assert.equal(done.opened.stats.frames, 3);
    assert.equal(done.problemCount, 2);
    await rpcError(uploads.finish(importId), 'not-found');
  });

  void test('cut short, overrun, cancelled, or too many at once: each refused in words', async () => {
    const uploads = new ImportUploads(store, CREATED_BY);
    const short = uploads.begin('short.jsonl', bytes.length);
    uploads.chunk(short.importId, bytes.subarray(0, 10).toString('base64'));
    assert.match(
      (await rpcError(uploads.finish(short.importId), 'invalid')).message,
      /stopped at 10 of \d+ bytes/,
    );

    const over = uploads.begin('over.jsonl', 4);
    assert.throws(
      () => uploads.chunk(over.importId, bytes.subarray(0, 10).toString('base64')),
      /more bytes came than its size/,
    );

    const cancelled = uploads.begin('c.jsonl', bytes.length);
    uploads.cancel(cancelled.importId);
    assert.throws(() => uploads.chunk(cancelled.importId, 'AAAA'), /no import .* under way/);

    const ids = [1, 2, 3, 4].map((n) => uploads.begin(`${n}.jsonl`, 1).importId);
    assert.throws(() => uploads.begin('5.jsonl', 1), /4 imports are already under way/);
    for (const id of ids) uploads.cancel(id);
    assert.deepEqual(await store.list(), []);
  });
});
