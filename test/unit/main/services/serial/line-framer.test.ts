import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineFramer, type FramedLine } from '../../../../../src/main/services/serial/line-framer';

/** A framed line as the tests compare it: the line's bytes as latin1 text, or what was dropped. */
type Seen = string | { overlong: number; head: string };

function seen(line: FramedLine): Seen {
  return line.kind === 'line'
    ? line.bytes.toString('latin1')
    : { overlong: line.bytes, head: line.head.toString('latin1') };
}

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

/** Pushes the chunks in order, then flushes: every line out, the unfinished one last. */
function frame(delimiter: string, max: number, chunks: readonly (string | Buffer)[], flush = true): Seen[] {
  const framer = new LineFramer(bytes(delimiter), max);
  const out: Seen[] = [];
  for (const chunk of chunks)
    for (const line of framer.push(typeof chunk === 'string' ? bytes(chunk) : chunk)) out.push(seen(line));
  const rest = flush ? framer.flush() : undefined;
  if (rest !== undefined) out.push(seen(rest));
  return out;
}

/**
 * The framing written as plainly as possible, to hold the framer's single-chunk output to: split at
 * the delimiter; with `\n` a CR before it goes; a line longer than the limit (as it would be
 * recorded, so without that CR) is dropped, saying its length before the delimiter and its head.
 */
function model(delimiter: string, max: number, stream: string): Seen[] {
  const pieces = stream.split(delimiter);
  const rest = pieces.pop()!;
  if (rest !== '') pieces.push(rest);
  return pieces.map((raw) => {
    const line = delimiter === '\n' && raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    return line.length > max ? { overlong: raw.length, head: raw.slice(0, 64) } : line;
  });
}

/** The stream cut at the given offsets. */
function cut(stream: string, at: readonly number[]): string[] {
  const points = [...new Set(at)].sort((a, b) => a - b);
  const chunks: string[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(stream.slice(from, point));
    from = point;
  }
  chunks.push(stream.slice(from));
  return chunks;
}

void describe('chunk boundaries do not change the lines', () => {
  // Self-overlapping (`~~\n` after `~`) and partial-prefix cases come up often with this alphabet.
  for (const delimiter of ['\n', '\r\n', '~~\n']) {
    void test(`any split of a stream, delimiter ${JSON.stringify(delimiter)}`, () => {
      const piece = fc.oneof(
        fc.constant(delimiter),
        fc.constantFrom('a', 'b', '\r', '\n', '~', '[', '\u00ff', '\u0000'),
        fc.string({ unit: fc.constantFrom('x', 'y', 'z'), maxLength: 12 }),
      );
      const stream = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));
      fc.assert(
        fc.property(
          stream,
          fc.integer({ min: 4, max: 16 }),
          fc.array(fc.nat(), { maxLength: 12 }),
          (text, max, offsets) => {
            const whole = frame(delimiter, max, [text]);
            assert.deepEqual(whole, model(delimiter, max, text));
            const at = offsets.map((o) => (text.length === 0 ? 0 : o % (text.length + 1)));
            assert.deepEqual(frame(delimiter, max, cut(text, at)), whole);
            // One byte at a time: every boundary at once.
            assert.deepEqual(frame(delimiter, max, [...text]), whole);
          },
        ),
        { numRuns: 500 },
      );
    });
  }
});

void describe('LineFramer', () => {
  void test('several lines in one chunk, the unfinished one held for the next chunk', () => {
    const framer = new LineFramer(bytes('\n'), 1024);
    assert.deepEqual(framer.push(bytes('one\ntwo\nthr')).map(seen), ['one', 'two']);
    assert.deepEqual(framer.push(bytes('ee\n')).map(seen), ['three']);
    assert.equal(framer.flush(), undefined);
  });

  void test('with the \\n delimiter a CR is stripped only right before the \\n', () => {
    assert.deepEqual(frame('\n', 1024, ['a\r\n', 'b\rc\n', '\rd\n', 'e\r\r\n']), ['a', 'b\rc', '\rd', 'e\r']);
    // Split between the CR and the LF, the CR still goes.
    assert.deepEqual(frame('\n', 1024, ['boot ok\r', '\n']), ['boot ok']);
  });

  void test('with other delimiters a CR is part of the line', () => {
    assert.deepEqual(frame('\r\n', 1024, ['a\r\r\n', 'b\r\n']), ['a\r', 'b']);
    assert.deepEqual(frame('\x1e', 1024, ['a\r\x1eb\r\n\x1e']), ['a\r', 'b\r\n']);
  });

  void test('empty lines are lines', () => {
    assert.deepEqual(frame('\n', 1024, ['\n\n', '\r\n', 'x\n\n']), ['', '', '', 'x', '']);
    assert.deepEqual(frame('\r\n', 1024, ['\r\n\r', '\n']), ['', '']);
  });

  void test('a delimiter straddling two chunks ends the line once, with none of its bytes in it', () => {
    assert.deepEqual(frame('\r\n', 1024, ['[2,"1","Heartbeat",{}]\r', '\n[3,"1",{}]\r\n']), [
      '[2,"1","Heartbeat",{}]',
      '[3,"1",{}]',
    ]);
    // A three-byte delimiter split 1+2 and 2+1, and across three chunks.
    assert.deepEqual(frame('<E>', 1024, ['one<', 'E>two<E', '>three<', 'E', '>']), ['one', 'two', 'three']);
    // A partial delimiter that does not complete stays in the line.
    assert.deepEqual(frame('<E>', 1024, ['a<', 'Eb<E>']), ['a<Eb']);
  });

  void test('a line of exactly the limit passes; one byte more is dropped, saying its size and head', () => {
    const max = 64;
    const exact = 'x'.repeat(max);
    const over = 'y'.repeat(max + 1);
    assert.deepEqual(frame('\n', max, [`${exact}\n${over}\nafter\n`]), [
      exact,
      { overlong: max + 1, head: over.slice(0, 64) },
      'after',
    ]);
    // A CRLF line of exactly the limit is within it: the CR is not recorded.
    assert.deepEqual(frame('\n', max, [`${exact}\r\n`]), [exact]);
  });

  void test('a line at the limit whose delimiter straddles two chunks passes', () => {
    const exact = 'x'.repeat(64);
    assert.deepEqual(frame('\r\n', 64, [`${exact}\r`, '\nnext\r\n']), [exact, 'next']);
    assert.deepEqual(frame('<E>', 64, [`${exact}<E`, '>next<E>']), [exact, 'next']);
    assert.deepEqual(frame('\n', 64, [`${exact}\r`, '\nnext\n']), [exact, 'next']);
  });

  void test('an over-long line whose delimiter straddles chunks ends there; the lines after it are intact', () => {
    const noise = 'n'.repeat(500);
    assert.deepEqual(
      frame('\r\n', 100, [noise.slice(0, 300), `${noise.slice(300)}\r`, '\n[2,"7","Heartbeat",{}]\r\n']),
      [{ overlong: 500, head: noise.slice(0, 64) }, '[2,"7","Heartbeat",{}]'],
    );
    assert.deepEqual(frame('<E>', 100, [noise, '<', 'E', '>ok<E>']), [
      { overlong: 500, head: noise.slice(0, 64) },
      'ok',
    ]);
  });

  void test('the head of a dropped line is its first bytes, even when they came in small chunks', () => {
    const text = Array.from({ length: 300 }, (_, i) => String.fromCharCode(0x21 + (i % 90))).join('');
    const chunks = cut(`${text}\nnext\n`, [1, 2, 3, 10, 50, 63, 64, 65, 100, 299]);
    assert.deepEqual(frame('\n', 100, chunks), [{ overlong: 300, head: text.slice(0, 64) }, 'next']);
  });

  void test('an over-long line is dropped as it arrives, not held until its delimiter', () => {
    const framer = new LineFramer(bytes('\n'), 1024 * 1024);
    const chunk = Buffer.alloc(1024 * 1024, 0x55);
    const before = process.memoryUsage().arrayBuffers;
    const chunks = 96;
    for (let i = 0; i < chunks; i++) assert.deepEqual(framer.push(chunk), []);
    // Had the framer kept (copies of) what it skipped, 96 MiB more would be alive now.
    const grown = process.memoryUsage().arrayBuffers - before;
    assert.ok(grown < 16 * 1024 * 1024, `${grown} bytes more held after 96 MiB of noise`);
    assert.deepEqual(framer.push(bytes('\n[2,"1","Heartbeat",{}]\n')).map(seen), [
      { overlong: chunks * chunk.length, head: 'U'.repeat(64) },
      '[2,"1","Heartbeat",{}]',
    ]);
  });

  void test('a kept line does not change when the chunk it came in is reused', () => {
    // serialport hands out views of a read pool that later reads overwrite.
    const framer = new LineFramer(bytes('\n'), 1024);
    const chunk = bytes('abc');
    framer.push(chunk);
    chunk.fill(0x2a);
    assert.deepEqual(framer.push(bytes('\n')).map(seen), ['abc']);
  });

  void test('flush gives the unfinished line once, an unfinished over-long line as dropped', () => {
    const framer = new LineFramer(bytes('\r\n'), 64);
    framer.push(bytes('done\r\npartial\r'));
    assert.deepEqual(seen(framer.flush()!), 'partial\r');
    assert.equal(framer.flush(), undefined);
    framer.push(bytes('z'.repeat(70)));
    assert.deepEqual(seen(framer.flush()!), { overlong: 70, head: 'z'.repeat(64) });
    assert.equal(framer.flush(), undefined);
    // After a flush the framer starts a fresh line.
    assert.deepEqual(framer.push(bytes('\r\nfresh\r\n')).map(seen), ['', 'fresh']);
  });

  void test('nothing pending: flush gives nothing', () => {
    const framer = new LineFramer(bytes('\n'), 64);
    assert.equal(framer.flush(), undefined);
    framer.push(bytes('a\n'));
    assert.equal(framer.flush(), undefined);
  });
});
