import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CaptureWriter, FLUSH_INTERVAL_MS } from '../../../../../src/main/services/capture/writer';
import { makeTempDir, removeDir } from '../../../support';

let dir: string | undefined;
let writers: CaptureWriter[] = [];
let errors: Error[] = [];

beforeEach(async () => {
  dir = await makeTempDir('writer');
  writers = [];
  errors = [];
});

afterEach(async () => {
  await Promise.all(writers.map((w) => w.close()));
  await removeDir(dir);
  dir = undefined;
});

async function createWriter(name = 'session.jsonl', header = '{"h":1}'): Promise<CaptureWriter> {
  assert.ok(dir);
  const writer = await CaptureWriter.create(join(dir, name), header, (error) => errors.push(error));
  writers.push(writer);
  return writer;
}

void describe('CaptureWriter', () => {
  void test('flushes every ~100 ms at the latest', () => {
    assert.equal(FLUSH_INTERVAL_MS, 100);
  });

  void test('create() writes the header line at once', async () => {
    const writer = await createWriter();
    assert.equal(await readFile(writer.path, 'utf8'), '{"h":1}\n');
  });

  void test('create() never overwrites an existing file', async () => {
    assert.ok(dir);
    const path = join(dir, 'existing.jsonl');
    await writeFile(path, 'keep me\n');
    await assert.rejects(
      CaptureWriter.create(path, '{}', () => {}),
      (error: NodeJS.ErrnoException) => error.code === 'EEXIST',
    );
    assert.equal(await readFile(path, 'utf8'), 'keep me\n');
  });

  void test('appended lines are in the file, in order, after flush()', async () => {
    const writer = await createWriter();
    writer.append('{"seq":1}');
    writer.append('{"seq":2}');
    await writer.flush();
    assert.equal(await readFile(writer.path, 'utf8'), '{"h":1}\n{"seq":1}\n{"seq":2}\n');
    writer.append('{"seq":3}');
    await writer.flush();
    await writer.flush();
    assert.equal(await readFile(writer.path, 'utf8'), '{"h":1}\n{"seq":1}\n{"seq":2}\n{"seq":3}\n');
    assert.deepEqual(errors, []);
  });

  void test('flush() with nothing appended leaves the file as it is', async () => {
    const writer = await createWriter();
    await writer.flush();
    assert.equal(await readFile(writer.path, 'utf8'), '{"h":1}\n');
  });

  void test('many lines (over the 1 MiB batch size) all arrive, in order', async () => {
    const writer = await createWriter();
    const lines = Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify({ seq: i + 1, pad: 'x'.repeat(700) }),
    );
    for (const line of lines) writer.append(line);
    await writer.flush();
    assert.equal(await readFile(writer.path, 'utf8'), ['{"h":1}', ...lines].join('\n') + '\n');
  });

  void test('multi-byte text, a line larger than a batch and reused batch buffers keep every byte', async () => {
    const writer = await createWriter();
    const lines: string[] = [];
    for (let batch = 0; batch < 4; batch++) {
      for (let i = 0; i < 1500; i++)
        lines.push(JSON.stringify({ batch, i, text: 'Grüße ⚡ 充電 🚗'.repeat(40) }));
      lines.push(JSON.stringify({ batch, huge: '€'.repeat(3 * 1024 * 1024) }));
      for (const line of lines.slice(-1501)) writer.append(line);
      await writer.flush();
    }
    assert.equal(await readFile(writer.path, 'utf8'), ['{"h":1}', ...lines].join('\n') + '\n');
  });

  void test('close() flushes; append() after close throws; close() twice is fine', async () => {
    const writer = await createWriter();
    writer.append('{"seq":1}');
    await writer.close();
    assert.equal(await readFile(writer.path, 'utf8'), '{"h":1}\n{"seq":1}\n');
    assert.throws(() => writer.append('{"seq":2}'), /closed/);
    await writer.close();
    assert.equal(await readFile(writer.path, 'utf8'), '{"h":1}\n{"seq":1}\n');
  });

  void test('exclusive() runs with everything flushed, and appends go on after it', async () => {
    const writer = await createWriter();
    writer.append('{"seq":1}');
    let seen = '';
    await writer.exclusive(async () => {
      seen = await readFile(writer.path, 'utf8');
      await writeFile(writer.path, seen.replace('{"h":1}', '{"h":2}'));
    });
    assert.equal(seen, '{"h":1}\n{"seq":1}\n');
    writer.append('{"seq":2}');
    await writer.flush();
    assert.equal(await readFile(writer.path, 'utf8'), '{"h":2}\n{"seq":1}\n{"seq":2}\n');
  });

  void test('lines appended while exclusive() runs land after it', async () => {
    const writer = await createWriter();
    const done = writer.exclusive(async () => {
      const text = await readFile(writer.path, 'utf8');
      await writeFile(writer.path, text.replace('{"h":1}', '{"h":3}'));
    });
    writer.append('{"seq":1}');
    await done;
    await writer.flush();
    assert.equal(await readFile(writer.path, 'utf8'), '{"h":3}\n{"seq":1}\n');
  });

  void test('a failing exclusive() task rejects, and the writer still works', async () => {
    const writer = await createWriter();
    await assert.rejects(
      writer.exclusive(() => Promise.reject(new Error('boom'))),
      /boom/,
    );
    writer.append('{"seq":1}');
    await writer.flush();
    assert.equal(await readFile(writer.path, 'utf8'), '{"h":1}\n{"seq":1}\n');
  });
});
