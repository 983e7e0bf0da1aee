import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CaptureStore } from '../../../../../src/main/services/capture/store';
import { readCaptureFile, readCaptureText } from '../../../../../src/main/services/capture/read';
import type { CaptureHeader, Entry, NewEntry } from '../../../../../src/shared/capture/entry';
import { decodeHeader, encodeEntry, encodeHeader } from '../../../../../src/shared/capture/format';
import { RpcError } from '../../../../../src/shared/rpc/errors';
import type { TimelineRow } from '../../../../../src/shared/timeline/row';
import { FIXTURES, fixtureText, makeTempDir, removeDir, entryLine, rpcError } from '../../../support';

let dataDir: string;
let store: CaptureStore;
let changes = 0;
let appended: { sessionId: string; row: TimelineRow }[] = [];
let writeErrors: Error[] = [];

beforeEach(async () => {
  dataDir = await makeTempDir('store');
  changes = 0;
  appended = [];
  writeErrors = [];
  store = new CaptureStore(dataDir, {
    onChange: () => changes++,
    onAppend: (sessionId, row) => appended.push({ sessionId, row }),
    onWriteError: (_id, error) => writeErrors.push(error),
  });
  await store.init();
});

afterEach(async () => {
  await store.dispose();
  await removeDir(dataDir);
});

function header(id: string, name: string, createdAt = '2025-11-21T07:42:00.000Z'): string {
  const h: CaptureHeader = { format: 'ocpp-scope-capture', formatVersion: 1, id, name, createdAt };
  return encodeHeader(h);
}

function sessionPath(id: string): string {
  return join(dataDir, 'sessions', `${id}.jsonl`);
}

async function writeSession(id: string, text: string): Promise<void> {
  await writeFile(sessionPath(id), text);
}

const heartbeat = (raw = '[2,"1","Heartbeat",{}]', ts?: number): NewEntry => ({
  kind: 'frame',
  connectionId: 'c1',
  stationId: 'CP-1',
  source: 'csms',
  // Answers travel the other way, so that they pair with the CALLs.
  direction: raw.startsWith('[2') ? 'toCsms' : 'toStation',
  raw,
  ...(ts === undefined ? {} : { ts }),
});

function fileLines(text: string): string[] {
  return text.split('\n');
}

void describe('CaptureStore: live sessions', () => {
  void test('create() starts a live session whose file holds its header', async () => {
    const info = await store.create('Bench 1', { ocppVersion: 'ocpp1.6', createdBy: 'test' });
    assert.match(info.id, /^\d{8}-\d{6}-[0-9a-f]{6}$/);
    assert.equal(info.name, 'Bench 1');
    assert.equal(info.live, true);
    assert.equal(info.ocppVersion, 'ocpp1.6');
    const text = await readFile(sessionPath(info.id), 'utf8');
    assert.equal(info.bytes, Buffer.byteLength(text));
    const decoded = decodeHeader(fileLines(text)[0] ?? '');
    assert.ok(decoded.ok);
    assert.equal(decoded.value.id, info.id);
    assert.equal(decoded.value.name, 'Bench 1');
    assert.equal(decoded.value.createdBy, 'test');
    assert.equal(decoded.value.createdAt, info.createdAt);
    assert.equal(changes, 1);
  });

  void test('append() stamps seq (and ts unless given), announces each row, and the file holds them', async () => {
    const { id } = await store.create('Live');
    const before = Date.now();
    const first = store.append(id, heartbeat('[2,"1","Heartbeat",{}]'));
    const after = Date.now();
    const second = store.append(id, heartbeat('[3,"1",{"currentTime":"x"}]', 5000.25));
    const third = store.append(id, {
      kind: 'connection',
      connectionId: 'c1',
      stationId: 'CP-1',
      source: 'csms',
      event: 'closed',
      code: 1000,
      ts: 6000,
    });
    assert.deepEqual([first.seq, second.seq, third.seq], [1, 2, 3]);
    assert.ok(first.ts >= before && first.ts <= after);
    assert.equal(second.ts, 5000.25);
    assert.deepEqual(
      appended.map((a) => [a.sessionId, a.row.seq]),
      [
        [id, 1],
        [id, 2],
        [id, 3],
      ],
    );
    assert.equal(appended[0]?.row.action, 'Heartbeat');
    assert.equal(appended[1]?.row.partnerSeq, 1, 'rows are correlated live');

    await store.finish(id);
    const lines = fileLines(await readFile(sessionPath(id), 'utf8'));
    assert.deepEqual(lines.slice(1), [encodeEntry(first), encodeEntry(second), encodeEntry(third), '']);
    assert.equal(store.model(id).size, 3);
    assert.deepEqual(writeErrors, []);
  });

  void test('append() to a session that is not live throws', async () => {
    const { id } = await store.create('Live');
    await store.finish(id);
    assert.throws(() => store.append(id, heartbeat()), /not live/);
    assert.throws(() => store.append('nope', heartbeat()), /not live/);
  });

  void test('finish() ends recording: the session stays open and is no longer live', async () => {
    const { id } = await store.create('Live');
    store.append(id, heartbeat());
    await store.finish(id);
    const opened = await store.open(id);
    assert.equal(opened.info.live, false);
    assert.equal(opened.lastSeq, 1);
    await store.finish(id);
  });

  void test('open() of a live session describes what is in memory', async () => {
    const { id } = await store.create('Live');
    store.append(id, heartbeat());
    store.append(id, heartbeat('[3,"1",{}]'));
    const opened = await store.open(id);
    assert.equal(opened.info.live, true);
    assert.equal(opened.lastSeq, 2);
    assert.equal(opened.stats.frames, 2);
    assert.deepEqual(opened.fileProblems, []);
  });

  void test('dispose() flushes every live session', async () => {
    const { id } = await store.create('Live');
    const entry = store.append(id, heartbeat());
    await store.dispose();
    const lines = fileLines(await readFile(sessionPath(id), 'utf8'));
    assert.equal(lines[1], encodeEntry(entry));
  });

  void test('close() frees an opened session, but not a live one', async () => {
    await writeSession('s1', `${header('s1', 'one')}\n${entryLine(1)}\n`);
    await store.open('s1');
    assert.equal(store.model('s1').size, 1);
    store.close('s1');
    assert.throws(
      () => store.model('s1'),
      (e: unknown) => e instanceof RpcError && e.code === 'not-found',
    );
    const { id } = await store.create('Live');
    store.close(id);
    assert.equal(store.model(id).size, 0);
    store.append(id, heartbeat());
  });
});

void describe('CaptureStore: list and open', () => {
  void test('list() is newest first and leaves out files that are not captures', async () => {
    await writeSession('old', `${header('old', 'Old', '2025-01-01T00:00:00.000Z')}\n${entryLine(1)}\n`);
    await writeSession('new', `${header('new', 'New', '2025-06-01T00:00:00.000Z')}\n`);
    await writeSession('mid', `${header('mid', 'Mid', '2025-03-01T00:00:00.000Z')}`);
    await writeSession('not-a-capture', '{"hello":"world"}\n');
    await writeSession('empty', '');
    await writeSession('binary', '\u0000\u0001\u0002');
    await writeFile(join(dataDir, 'sessions', 'notes.txt'), header('notes', 'Notes') + '\n');
    await writeFile(join(dataDir, 'sessions', 'bad id.jsonl'), header('x', 'Bad id') + '\n');
    await writeFile(join(dataDir, 'sessions', 'new.jsonl.1a2b.tmp'), header('tmp', 'Tmp') + '\n');
    const list = await store.list();
    assert.deepEqual(
      list.map((s) => s.id),
      ['new', 'mid', 'old'],
    );
    assert.deepEqual(
      list.map((s) => s.name),
      ['New', 'Mid', 'Old'],
    );
    assert.ok(list.every((s) => !s.live));
    const old = list[2];
    assert.equal(
      old?.bytes,
      Buffer.byteLength(`${header('old', 'Old', '2025-01-01T00:00:00.000Z')}\n${entryLine(1)}\n`),
    );
  });

  void test('list() shows a session created now first, and live', async () => {
    await writeSession('old', `${header('old', 'Old', '2025-01-01T00:00:00.000Z')}\n`);
    const live = await store.create('Now');
    const list = await store.list();
    assert.deepEqual(
      list.map((s) => [s.id, s.live]),
      [
        [live.id, true],
        ['old', false],
      ],
    );
  });

  void test('list() leaves out a session whose file goes away while the list is made', async () => {
    // The engine lists sessions on every change, so a list can run while a session is deleted
    // (the serial CLI deletes the empty session of a port that would not open).
    const elsewhere = join(dataDir, 'elsewhere.jsonl');
    await store.create('External', { file: elsewhere });
    const kept = await store.create('Kept');
    await rm(elsewhere);
    assert.deepEqual(
      (await store.list()).map((s) => s.id),
      [kept.id],
    );
  });

  void test('open() of a file whose last line was cut keeps every whole line and reports the cut one', async () => {
    const text = [header('other-id', 'Crashed'), entryLine(1), entryLine(2), entryLine(3)].join('\n') + '\n';
    await writeSession('crashed', text + entryLine(4).slice(0, 50));
    const opened = await store.open('crashed');
    assert.equal(opened.info.id, 'crashed', 'the file name is the id, not the header');
    assert.equal(opened.info.name, 'Crashed');
    assert.equal(opened.stats.entries, 3);
    assert.equal(opened.lastSeq, 3);
    assert.equal(opened.fileProblems.length, 1);
    assert.equal(opened.fileProblems[0]?.kind, 'cut-line');
    assert.equal(opened.fileProblems[0]?.line, 5);
    assert.deepEqual(
      store
        .model('crashed')
        .rows(0, 10)
        .map((r) => r.seq),
      [1, 2, 3],
    );
  });

  void test('open() of a fixture gives its stats', async () => {
    await writeSession('f16', fixtureText(FIXTURES.ocpp16));
    const opened = await store.open('f16');
    assert.equal(opened.stats.entries, 60);
    assert.equal(opened.stats.frames, 58);
    assert.deepEqual(opened.stats.stations, ['CP-ACME-0042']);
    assert.equal(opened.info.ocppVersion, 'ocpp1.6');
  });

  void test('open() of a missing session is not-found; of a file that is not a capture, invalid', async () => {
    await rpcError(store.open('missing'), 'not-found');
    await writeSession('junk', 'hello\n');
    const error = await rpcError(store.open('junk'), 'invalid');
    assert.match(error.message, /junk\.jsonl/);
  });

  void test('model() of a session that is not open is not-found and says to open it', () => {
    assert.throws(
      () => store.model('s1'),
      (e: unknown) => e instanceof RpcError && e.code === 'not-found' && /open it first/.test(e.message),
    );
  });
});

void describe('CaptureStore: rename and delete', () => {
  void test('rename() rewrites the header and leaves the entries byte for byte', async () => {
    const entries =
      [entryLine(1), entryLine(2, '[2,"é€😀","X",{"a":"\\u2028"}]'), entryLine(3)].join('\r\n') + '\n';
    await writeSession('s1', `${header('s1', 'Before')}\n${entries}`);
    const info = await store.rename('s1', 'After ✓');
    assert.equal(info.name, 'After ✓');
    assert.equal(changes, 1);
    const bytes = await readFile(sessionPath('s1'));
    const nl = bytes.indexOf(0x0a);
    const decoded = decodeHeader(bytes.subarray(0, nl).toString('utf8'));
    assert.ok(decoded.ok);
    assert.equal(decoded.value.name, 'After ✓');
    assert.equal(decoded.value.id, 's1');
    assert.ok(bytes.subarray(nl + 1).equals(Buffer.from(entries, 'utf8')));
    assert.deepEqual(
      (await store.list()).map((s) => s.name),
      ['After ✓'],
    );
    // No temporary file is left behind.
    assert.deepEqual(await readdir(join(dataDir, 'sessions')), ['s1.jsonl']);
  });

  void test('rename() of an opened session updates what open() says', async () => {
    await writeSession('s1', `${header('s1', 'Before')}\n${entryLine(1)}\n`);
    await store.open('s1');
    await store.rename('s1', 'After');
    assert.equal((await store.open('s1')).info.name, 'After');
    assert.equal((await store.exportText('s1')).fileName, 'After.jsonl');
  });

  void test('rename() while live: appends before and after the rename all land in the file', async () => {
    const { id } = await store.create('Before');
    const a = store.append(id, heartbeat('[2,"a","Heartbeat",{}]'));
    const b = store.append(id, heartbeat('[3,"a",{}]'));
    const renaming = store.rename(id, 'After');
    const c = store.append(id, heartbeat('[2,"b","Heartbeat",{}]'));
    await renaming;
    const d = store.append(id, heartbeat('[3,"b",{}]'));
    await store.finish(id);
    const lines = fileLines(await readFile(sessionPath(id), 'utf8'));
    const decoded = decodeHeader(lines[0] ?? '');
    assert.ok(decoded.ok);
    assert.equal(decoded.value.name, 'After');
    assert.equal(decoded.value.id, id);
    assert.deepEqual(lines.slice(1), [a, b, c, d].map((e) => encodeEntry(e)).concat(''));
    assert.deepEqual(writeErrors, []);
  });

  void test('rename() of a session that does not exist is not-found', async () => {
    await rpcError(store.rename('missing', 'x'), 'not-found');
  });

  void test('rename() of a file that is not a capture is not-found', async () => {
    await writeSession('junk', 'hello\n');
    await rpcError(store.rename('junk', 'x'), 'not-found');
    assert.equal(await readFile(sessionPath('junk'), 'utf8'), 'hello\n');
  });

  void test('delete() removes the file and announces it', async () => {
    await writeSession('s1', `${header('s1', 'One')}\n`);
    await store.open('s1');
    await store.delete('s1');
    assert.deepEqual(await readdir(join(dataDir, 'sessions')), []);
    assert.deepEqual(await store.list(), []);
    assert.equal(changes, 1);
    assert.throws(() => store.model('s1'), RpcError);
    await rpcError(store.delete('s1'), 'not-found');
  });

  void test('delete() of a live session is refused with invalid; after finish() it works', async () => {
    const { id } = await store.create('Live');
    const error = await rpcError(store.delete(id), 'invalid');
    assert.match(error.message, /recording/);
    assert.equal((await store.list()).length, 1);
    await store.finish(id);
    await store.delete(id);
    assert.equal((await store.list()).length, 0);
  });
});

void describe('CaptureStore: import and export', () => {
  void test('importText() stores the capture under a new id, entry lines byte for byte', async () => {
    const text = fixtureText(FIXTURES.ocpp201);
    const opened = await store.importText('ocpp201.jsonl', text);
    assert.notEqual(opened.info.id, 'fixture-ocpp201');
    assert.match(opened.info.id, /^[A-Za-z0-9_-]+$/);
    assert.equal(opened.info.live, false);
    assert.equal(opened.stats.entries, 56);
    assert.deepEqual(opened.fileProblems, []);
    const stored = await readFile(sessionPath(opened.info.id), 'utf8');
    const nl = stored.indexOf('\n');
    assert.equal(stored.slice(nl + 1), text.slice(text.indexOf('\n') + 1));
    const decoded = decodeHeader(stored.slice(0, nl));
    assert.ok(decoded.ok);
    assert.equal(decoded.value.id, opened.info.id);
    assert.equal(decoded.value.name, opened.info.name);
    assert.equal(changes, 1);
    assert.equal(store.model(opened.info.id).size, 56);
  });

  void test('importText() twice gives two sessions', async () => {
    const text = fixtureText(FIXTURES.ocpp16);
    const a = await store.importText('a.jsonl', text);
    const b = await store.importText('b.jsonl', text);
    assert.notEqual(a.info.id, b.info.id);
    assert.equal((await store.list()).length, 2);
  });

  void test('importText() keeps bad lines in the file and reports them', async () => {
    const entries = [entryLine(1), 'this is not json', entryLine(3), entryLine(4).slice(0, 30)].join('\n');
    const opened = await store.importText('broken.jsonl', `${header('x', '')}\n${entries}`);
    assert.equal(opened.info.name, 'broken.jsonl', 'an empty name falls back to the file name');
    assert.equal(opened.stats.entries, 2);
    assert.deepEqual(
      opened.fileProblems.map((p) => [p.kind, p.line]),
      [
        ['bad-line', 3],
        ['cut-line', 5],
      ],
    );
    const stored = await readFile(sessionPath(opened.info.id), 'utf8');
    assert.equal(stored.slice(stored.indexOf('\n') + 1), entries);
  });

  void test('an imported capture reads back from its file exactly as imported (leading blank line)', async () => {
    // The reader skips blank lines before the header; the stored file must not then hold the old
    // header as an entry line.
    const text = `\n${header('x', 'Blank first')}\n${entryLine(1)}\n${entryLine(2)}\n`;
    const imported = await store.importText('blank.jsonl', text);
    assert.deepEqual(imported.fileProblems, []);
    const reread = await readCaptureFile(sessionPath(imported.info.id));
    assert.deepEqual(reread.fileProblems, []);
    assert.deepEqual(reread.model.allEntries(), store.model(imported.info.id).allEntries());
  });

  void test('importText() of something that is not a capture is invalid, naming the file', async () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['\n\n', /empty/],
      ['{"format":"har","log":{}}\n', /not an OCPP Scope capture/],
      [
        header('x', 'v2').replace('"formatVersion":1', '"formatVersion":2') + '\n',
        /version 2 is not supported/,
      ],
      ['{"format":"ocpp-scope-capture","formatVersion":1}\n', /"id"/],
    ];
    for (const [content, pattern] of cases) {
      const error = await rpcError(store.importText('upload.txt', content), 'invalid');
      assert.match(error.message, /^upload\.txt: /);
      assert.match(error.message, pattern);
    }
    assert.deepEqual(await readdir(join(dataDir, 'sessions')), [], 'nothing is stored');
    assert.equal(changes, 0);
  });

  void test('importText() of plain text or raw frames says the file is not a capture', async () => {
    for (const content of ['hello world\n', '[2,"1","Heartbeat",{}]\n[3,"1",{}]\n']) {
      const error = await rpcError(store.importText('frames.log', content), 'invalid');
      assert.match(error.message, /^frames\.log: /);
      assert.match(error.message, /OCPP Scope capture/, error.message);
    }
  });

  void test('exportText() without the privacy options gives the file as on disk; importing the export gives the same entries', async () => {
    const original = await store.importText('in.jsonl', fixtureText(FIXTURES.ocpp16));
    const exported = await store.exportText(original.info.id, { redact: false, anonymize: false });
    assert.equal(exported.content, await readFile(sessionPath(original.info.id), 'utf8'));
    // By default an export is redacted, and its header says so even when nothing needed it.
    const redacted = await store.exportText(original.info.id);
    assert.match(
      redacted.content.split('\n')[0]!,
      /"privacy":\{"redacted":true,"anonymized":false,"redactions":0/,
    );
    assert.equal(
      redacted.content.split('\n').slice(1).join('\n'),
      exported.content.split('\n').slice(1).join('\n'),
    );
    assert.match(exported.fileName, /^[\w.-]+\.jsonl$/);
    const again = await store.importText(exported.fileName, exported.content);
    assert.notEqual(again.info.id, original.info.id);
    assert.equal(again.info.name, original.info.name);
    assert.deepEqual(store.model(again.info.id).allEntries(), store.model(original.info.id).allEntries());
    assert.deepEqual(store.model(again.info.id).allRows(), store.model(original.info.id).allRows());
  });

  void test('exportText() of a live session includes what was just appended', async () => {
    const { id } = await store.create('Live / export: "1"');
    const entry = store.append(id, heartbeat());
    const exported = await store.exportText(id);
    assert.equal(fileLines(exported.content)[1], encodeEntry(entry));
    assert.equal(exported.fileName, 'Live_export_1_.jsonl');
  });

  void test('exportText() of a missing session is not-found', async () => {
    await rpcError(store.exportText('missing'), 'not-found');
  });
});

void describe('CaptureStore: ids are never paths', () => {
  const badIds = ['../x', '..', '../../etc/passwd', 'a/b', 'a\\b', '', 'x.jsonl', ' x', 'x\u0000'];

  for (const id of badIds) {
    void test(`${JSON.stringify(id)} is not-found everywhere`, async () => {
      await rpcError(store.open(id), 'not-found');
      await rpcError(store.rename(id, 'x'), 'not-found');
      await rpcError(store.delete(id), 'not-found');
      await rpcError(store.exportText(id), 'not-found');
      assert.throws(
        () => store.model(id),
        (e: unknown) => e instanceof RpcError && e.code === 'not-found',
      );
    });
  }

  void test('a capture file outside the sessions folder cannot be reached through ../', async () => {
    await writeFile(join(dataDir, 'outside.jsonl'), `${header('outside', 'Outside')}\n`);
    await mkdir(join(dataDir, 'sessions', 'sub'));
    await rpcError(store.open('../outside'), 'not-found');
    await rpcError(store.delete('../outside'), 'not-found');
    assert.equal(await readFile(join(dataDir, 'outside.jsonl'), 'utf8'), `${header('outside', 'Outside')}\n`);
  });
});

void describe('readCaptureFile and readCaptureText', () => {
  void test('a missing path is not-found', async () => {
    const error = await rpcError(readCaptureFile(join(dataDir, 'missing.jsonl')), 'not-found');
    assert.match(error.message, /missing\.jsonl/);
  });

  void test('a fixture reads into a model', async () => {
    const read = await readCaptureFile(FIXTURES.codecProblems);
    assert.equal(read.header.id, 'fixture-codec-problems');
    assert.equal(read.model.size, 16);
    assert.equal(read.model.stats().problems, 12);
    assert.deepEqual(read.fileProblems, []);
  });

  void test('readCaptureText of a non-capture is invalid, naming the file', () => {
    assert.throws(
      () => readCaptureText('x.txt', '{"a":1}\n'),
      (e: unknown) => e instanceof RpcError && e.code === 'invalid' && e.message.startsWith('x.txt: '),
    );
  });
});

void describe('CaptureStore: a large file opens at once and loads in the background', () => {
  const FRAMES = 20_000;

  /** A file of Heartbeat CALL/answer pairs, one station; the last CALL is never answered. */
  async function writeLarge(id: string): Promise<void> {
    const lines = [header(id, 'Large')];
    for (let seq = 1; seq <= FRAMES; seq++) {
      const n = Math.ceil(seq / 2);
      const raw =
        seq % 2 === 1 ? `[2,"${n}","Heartbeat",{}]` : `[3,"${n}",{"currentTime":"2025-11-21T07:42:00.000Z"}]`;
      lines.push(encodeEntry({ ...heartbeat(raw, 1000 + seq), seq } as Entry));
    }
    // One more CALL, unanswered: an end-of-capture finding only a finished read reports.
    lines.push(
      encodeEntry({ ...heartbeat('[2,"last","Heartbeat",{}]', 1000 + FRAMES + 1), seq: FRAMES + 1 } as Entry),
    );
    await writeSession(id, lines.join('\n') + '\n');
  }

  /** Resolves when the store announces a change (the load finished). */
  function nextChange(): Promise<void> {
    const before = changes;
    return new Promise((resolve) => {
      const poll = () => (changes > before ? resolve() : setImmediate(poll));
      poll();
    });
  }

  void test('open() answers with the first screens, loading; the rest streams in as rows; then it is finished', async () => {
    await writeLarge('large');
    const finished = nextChange();
    const opened = await store.open('large');
    assert.equal(opened.info.loading, true);
    assert.ok(opened.stats.entries >= 1000, `the first screens are there (${opened.stats.entries})`);
    assert.ok(opened.stats.entries < FRAMES, 'the answer came before the whole file was read');
    await finished;
    const model = store.model('large');
    assert.equal(model.size, FRAMES + 1);
    // The first screens are no delta; every row read after them is announced, once, in order
    // (some may be announced before open()'s answer leaves: deltas carry absolute positions).
    const seqs = appended.map((a) => a.row.seq);
    const first = seqs[0]!;
    assert.ok(first > 1000 && first <= opened.stats.entries + 1, `first announced: ${first}`);
    assert.deepEqual(
      seqs,
      Array.from({ length: FRAMES + 2 - first }, (_, k) => first + k),
    );
    const again = await store.open('large');
    assert.equal(again.info.loading, undefined);
    assert.equal(again.stats.entries, FRAMES + 1);
    // End-of-capture checks ran once the last line was read.
    assert.ok(model.findings().some((f) => f.rule === 'rpc.unanswered-call' && f.seqs.includes(FRAMES + 1)));
    // The same as reading it whole.
    const whole = await readCaptureFile(sessionPath('large'));
    assert.deepEqual(model.allRows(), whole.model.allRows());
    assert.deepEqual(model.findings(), whole.model.findings());
  });

  void test('two opens while the first screens are read share one load', async () => {
    await writeLarge('twice');
    const [a, b] = await Promise.all([store.open('twice'), store.open('twice')]);
    assert.equal(a.stats.entries, b.stats.entries);
    await nextChange();
    assert.equal(store.model('twice').size, FRAMES + 1);
  });

  void test('close() while loading stops reading: nothing more is announced', async () => {
    await writeLarge('closed');
    const opened = await store.open('closed');
    store.close('closed');
    const seen = appended.length;
    // Give a background read every chance to go on.
    for (let k = 0; k < 50; k++) await new Promise((resolve) => setImmediate(resolve));
    assert.ok(appended.length <= seen + 1000, 'at most the chunk in hand');
    assert.throws(() => store.model('closed'), RpcError);
    assert.ok(opened.info.loading);
  });

  void test('a new profile while loading keeps every entry, and finishes once', async () => {
    await writeLarge('profile');
    const finished = nextChange();
    await store.open('profile');
    store.setProfile('lenient');
    await finished;
    const model = store.model('profile');
    assert.equal(model.size, FRAMES + 1);
    assert.equal(model.findings().filter((f) => f.rule === 'rpc.unanswered-call').length, 1);
  });
});
