import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureLineReader, CaptureReadError } from '../../../../src/shared/capture/reader';
import { FIXTURES, fixtureText, prng, readChunks, readText, entryLine } from '../../support';

const HEADER =
  '{"format":"ocpp-scope-capture","formatVersion":1,"id":"t","name":"Test","createdAt":"2025-11-21T07:42:00.000Z"}';

const FIXTURE_PATHS = [FIXTURES.ocpp16, FIXTURES.ocpp201, FIXTURES.codecProblems];

void describe('CaptureLineReader: chunking', () => {
  for (const path of FIXTURE_PATHS) {
    const name = path.slice(path.lastIndexOf('/') + 1);

    void test(`${name}: one character at a time gives the same result as one chunk`, () => {
      const text = fixtureText(path);
      const whole = readText(text);
      assert.ok(whole.header);
      assert.ok(whole.entries.length > 10);
      assert.deepEqual(whole.problems, []);
      assert.deepEqual(readChunks([...text]), whole);
    });

    void test(`${name}: random chunk sizes give the same result as one chunk`, () => {
      const text = fixtureText(path);
      const whole = readText(text);
      const random = prng(text.length);
      for (let round = 0; round < 20; round++) {
        const chunks: string[] = [];
        for (let at = 0; at < text.length;) {
          const size = 1 + Math.floor(random() * (round < 10 ? 16 : 600));
          chunks.push(text.slice(at, at + size));
          at += size;
        }
        assert.deepEqual(readChunks(chunks), whole, `round ${round}`);
      }
    });

    void test(`${name}: empty chunks change nothing`, () => {
      const text = fixtureText(path);
      const middle = text.indexOf('\n', 500);
      assert.deepEqual(
        readChunks(['', text.slice(0, middle), '', '', text.slice(middle), '']),
        readText(text),
      );
    });
  }

  void test('the fixtures hold the entry counts their README states', () => {
    assert.equal(readText(fixtureText(FIXTURES.ocpp16)).entries.length, 60);
    assert.equal(readText(fixtureText(FIXTURES.ocpp201)).entries.length, 56);
    assert.equal(readText(fixtureText(FIXTURES.codecProblems)).entries.length, 16);
  });
});

void describe('CaptureLineReader: line endings and blank lines', () => {
  void test('CRLF lines read like LF lines, also when \\r and \\n fall in different chunks', () => {
    const lf = readText(fixtureText(FIXTURES.ocpp16));
    const crlfText = fixtureText(FIXTURES.ocpp16).replace(/\n/g, '\r\n');
    assert.deepEqual(readText(crlfText), lf);
    const split: string[] = [];
    let at = 0;
    for (let cr = crlfText.indexOf('\r'); cr !== -1; cr = crlfText.indexOf('\r', cr + 1)) {
      split.push(crlfText.slice(at, cr + 1));
      at = cr + 1;
    }
    split.push(crlfText.slice(at));
    assert.deepEqual(readChunks(split), lf);
  });

  void test('blank lines (also before the header) are skipped but still counted', () => {
    const read = readText(
      ['', HEADER, '', '   ', entryLine(1), '\t', 'garbage', entryLine(2), ''].join('\n'),
    );
    assert.equal(read.header?.id, 't');
    assert.deepEqual(
      read.entries.map((e) => e.seq),
      [1, 2],
    );
    assert.deepEqual(
      read.problems.map((p) => [p.line, p.kind]),
      [[7, 'bad-line']],
    );
  });

  void test('a header alone, with or without newline, is an empty capture', () => {
    for (const text of [HEADER, HEADER + '\n', HEADER + '\r\n\n\n']) {
      const read = readText(text);
      assert.equal(read.header?.name, 'Test');
      assert.deepEqual(read.entries, []);
      assert.deepEqual(read.problems, []);
    }
  });
});

void describe('CaptureLineReader: problems', () => {
  void test('a bad line in the middle is reported with its 1-based line number; the lines after it are kept', () => {
    const text = [HEADER, entryLine(1), entryLine(2), '{"seq":3,"ts":', entryLine(4), entryLine(5), ''].join(
      '\n',
    );
    const read = readText(text);
    assert.deepEqual(
      read.entries.map((e) => e.seq),
      [1, 2, 4, 5],
    );
    assert.equal(read.problems.length, 1);
    const [problem] = read.problems;
    assert.equal(problem?.kind, 'bad-line');
    assert.equal(problem?.line, 4);
    assert.match(problem?.message ?? '', /line 4/);
    assert.match(problem?.message ?? '', /not valid JSON/);
  });

  void test('a line that is JSON but not an entry is a bad-line naming the field', () => {
    const text = [HEADER, entryLine(1), JSON.stringify({ seq: 2, ts: 1 }), entryLine(3)].join('\n') + '\n';
    const read = readText(text);
    assert.deepEqual(
      read.entries.map((e) => e.seq),
      [1, 3],
    );
    assert.equal(read.problems[0]?.kind, 'bad-line');
    assert.equal(read.problems[0]?.line, 3);
    assert.match(read.problems[0]?.message ?? '', /"connectionId"/);
  });

  void test('a cut last line (no newline, truncated JSON) is cut-line; every whole line is kept', () => {
    const whole = [HEADER, entryLine(1), entryLine(2), entryLine(3)].join('\n') + '\n';
    const cut = entryLine(4).slice(0, 40);
    const read = readText(whole + cut);
    assert.deepEqual(
      read.entries.map((e) => e.seq),
      [1, 2, 3],
    );
    assert.equal(read.problems.length, 1);
    assert.equal(read.problems[0]?.kind, 'cut-line');
    assert.equal(read.problems[0]?.line, 5);
    assert.match(read.problems[0]?.message ?? '', /cut/);
    // Same when the cut line arrives in pieces.
    assert.deepEqual(
      readChunks([whole.slice(0, 100), whole.slice(100), cut.slice(0, 7), cut.slice(7)]),
      read,
    );
  });

  void test('a cut fixture: every whole line of the real file kept', () => {
    const text = fixtureText(FIXTURES.ocpp16);
    const lastNl = text.lastIndexOf('\n', text.length - 2);
    const truncated = text.slice(0, lastNl + 1) + text.slice(lastNl + 1, lastNl + 60);
    const read = readText(truncated);
    assert.equal(read.entries.length, 59);
    assert.deepEqual(
      read.problems.map((p) => [p.kind, p.line]),
      [['cut-line', 61]],
    );
  });

  void test('a complete last line without a trailing newline is accepted', () => {
    const read = readText([HEADER, entryLine(1), entryLine(2)].join('\n'));
    assert.deepEqual(
      read.entries.map((e) => e.seq),
      [1, 2],
    );
    assert.deepEqual(read.problems, []);
  });

  void test('out-of-order seqs are renumbered, with a seq-order problem', () => {
    const text = [HEADER, entryLine(1), entryLine(5), entryLine(3), entryLine(5), entryLine(9)].join('\n');
    const read = readText(text);
    assert.deepEqual(
      read.entries.map((e) => e.seq),
      [1, 5, 6, 7, 9],
    );
    assert.deepEqual(
      read.problems.map((p) => [p.kind, p.line]),
      [
        ['seq-order', 4],
        ['seq-order', 5],
      ],
    );
    assert.match(read.problems[0]?.message ?? '', /seq 3 does not follow 5; kept as seq 6/);
    // The renumbered entry keeps everything else.
    assert.equal(read.entries[2]?.ts, 1003);
  });
});

void describe('CaptureLineReader: not a capture', () => {
  function readError(text: string): CaptureReadError {
    try {
      readText(text);
    } catch (error) {
      assert.ok(error instanceof CaptureReadError, `expected a CaptureReadError, got ${String(error)}`);
      return error;
    }
    assert.fail('expected a CaptureReadError');
  }

  void test('empty text throws CaptureReadError', () => {
    assert.match(readError('').message, /empty/);
    assert.match(readError('\n\n  \r\n').message, /empty/);
  });

  void test('a first line that is not a header throws, naming the line', () => {
    assert.match(readError(entryLine(1) + '\n').message, /line 1: .*ocpp-scope-capture/);
    assert.match(
      readError('\n' + HEADER.replace('"formatVersion":1', '"formatVersion":2')).message,
      /line 2:/,
    );
  });

  void test('the header error is thrown by write() as soon as the line is complete', () => {
    const reader = new CaptureLineReader({ header: () => {}, entry: () => {}, problem: () => {} });
    reader.write('{"format":"x"');
    assert.throws(() => reader.write('}\n'), CaptureReadError);
  });
});
