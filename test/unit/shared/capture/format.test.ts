import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureHeader, ConsoleEntry, Entry } from '../../../../src/shared/capture/entry';
import {
  decodeEntry,
  decodeHeader,
  encodeEntry,
  encodeHeader,
  type Decoded,
} from '../../../../src/shared/capture/format';
import { readChunks } from '../../support';

const header: CaptureHeader = {
  format: 'ocpp-scope-capture',
  formatVersion: 1,
  id: 'abc',
  name: 'Test',
  createdAt: '2025-11-21T07:42:00.000Z',
};

function errorOf<T>(decoded: Decoded<T>): string {
  assert.equal(decoded.ok, false, 'expected a decoding error');
  if (decoded.ok) throw new Error('unreachable');
  assert.equal(typeof decoded.error, 'string');
  return decoded.error;
}

function valueOf<T>(decoded: Decoded<T>): T {
  if (!decoded.ok) assert.fail(`expected a value, got: ${decoded.error}`);
  return decoded.value;
}

void describe('decodeHeader', () => {
  void test('round-trips a header with its optional fields', () => {
    const full: CaptureHeader = { ...header, ocppVersion: 'ocpp1.6', createdBy: 'ocpp-scope 0.1.0 proxy' };
    assert.deepEqual(valueOf(decodeHeader(encodeHeader(full))), full);
    assert.deepEqual(valueOf(decodeHeader(encodeHeader(header))), header);
  });

  void test('drops unknown fields and optional fields of the wrong type', () => {
    const decoded = valueOf(
      decodeHeader(JSON.stringify({ ...header, extra: 1, ocppVersion: 16, createdBy: null })),
    );
    assert.deepEqual(decoded, header);
  });

  void test('a wrong format names the expected format', () => {
    assert.match(errorOf(decodeHeader(JSON.stringify({ ...header, format: 'pcap' }))), /ocpp-scope-capture/);
    assert.match(errorOf(decodeHeader(JSON.stringify({ ...header, format: undefined }))), /"format"/);
  });

  void test('an unsupported formatVersion says which version this build reads', () => {
    for (const formatVersion of [2, 0, '1', null]) {
      const error = errorOf(decodeHeader(JSON.stringify({ ...header, formatVersion })));
      assert.match(error, /version/);
      assert.match(error, /reads version 1/);
      assert.match(error, /update OCPP Scope/);
    }
    const { formatVersion: _dropped, ...withoutVersion } = header;
    assert.match(errorOf(decodeHeader(JSON.stringify(withoutVersion))), /not supported/);
  });

  void test('missing or non-string id, name or createdAt', () => {
    for (const field of ['id', 'name', 'createdAt'] as const) {
      const missing: Record<string, unknown> = { ...header };
      delete missing[field];
      assert.match(errorOf(decodeHeader(JSON.stringify(missing))), new RegExp(`"${field}"`));
      assert.match(
        errorOf(decodeHeader(JSON.stringify({ ...header, [field]: 1 }))),
        new RegExp(`"${field}"`),
      );
    }
  });

  void test('not JSON, or not an object', () => {
    for (const line of ['{"format":', '[1,2]', 'null', '"ocpp-scope-capture"', 'hello world']) {
      assert.match(
        errorOf(decodeHeader(line)),
        /not an OCPP Scope capture: its first line must be the capture header/,
        line,
      );
    }
  });
});

const frameEntry: Entry = {
  seq: 3,
  ts: 1763710937844.367,
  kind: 'frame',
  connectionId: 'c1',
  stationId: 'CP-1',
  source: 'proxy',
  direction: 'toCsms',
  raw: '[2,"1","Heartbeat",{}]',
};

const connectionEntry: Entry = {
  seq: 1,
  ts: 1000.5,
  kind: 'connection',
  connectionId: 'c1',
  stationId: 'CP-1',
  source: 'csms',
  event: 'opened',
  url: '/ocpp/CP-1',
  subprotocol: 'ocpp1.6',
  offeredSubprotocols: ['ocpp1.6', 'ocpp2.0.1'],
  remoteAddress: '10.0.0.1:1234',
  tls: true,
  headers: { authorization: 'Basic xyz' },
};

void describe('decodeEntry', () => {
  void test('round-trips frame and connection entries', () => {
    assert.deepEqual(valueOf(decodeEntry(encodeEntry(frameEntry))), frameEntry);
    assert.deepEqual(valueOf(decodeEntry(encodeEntry(connectionEntry))), connectionEntry);
    const closed: Entry = {
      ...connectionEntry,
      event: 'closed',
      code: 1006,
      reason: 'gone',
      closedBy: 'scope',
      message: 'x',
    };
    assert.deepEqual(valueOf(decodeEntry(encodeEntry(closed))), closed);
    const binary: Entry = { ...frameEntry, kind: 'frame', binary: true, flags: ['injected', 'modified'] };
    assert.deepEqual(valueOf(decodeEntry(encodeEntry(binary))), binary);
    // An edited frame keeps the text it arrived with next to the one sent.
    const edited: Entry = {
      ...frameEntry,
      kind: 'frame',
      flags: ['modified'],
      original: '[2,"1","Heartbeat", {}]',
    };
    assert.deepEqual(valueOf(decodeEntry(encodeEntry(edited))), edited);
    const notText = valueOf(decodeEntry(JSON.stringify({ ...frameEntry, original: 7 })));
    assert.equal(notText.kind === 'frame' ? notText.original : 'not a frame', undefined);
  });

  void test('every source and direction is accepted', () => {
    for (const source of ['proxy', 'csms', 'serial', 'replay', 'import']) {
      for (const direction of ['toCsms', 'toStation']) {
        const line: string = JSON.stringify({ ...frameEntry, source, direction });
        const entry: Entry = valueOf(decodeEntry(line));
        assert.equal(entry.source, source);
        assert.equal(entry.kind === 'frame' ? entry.direction : undefined, direction);
      }
    }
  });

  const required: [string, unknown[], RegExp][] = [
    ['seq', [undefined, '3', 0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, null], /"seq"/],
    ['ts', [undefined, '1', null, true], /"ts"/],
    ['connectionId', [undefined, 1, null], /"connectionId"/],
    ['stationId', [undefined, 1, null], /"stationId"/],
    ['source', [undefined, 'mitm', 1], /"source"/],
    ['kind', [undefined, 'frames', 1], /"kind"/],
    ['direction', [undefined, 'up', 1], /"direction"/],
    ['raw', [undefined, 1, null, ['x']], /"raw"/],
  ];
  for (const [field, values, pattern] of required) {
    void test(`"${field}" missing or of the wrong type is an error naming it`, () => {
      for (const value of values) {
        const line = JSON.stringify({ ...frameEntry, [field]: value });
        assert.match(errorOf(decodeEntry(line)), pattern, `${field}: ${String(value)}`);
      }
    });
  }

  void test('ts must be finite (1e999 parses as Infinity)', () => {
    const line = encodeEntry(frameEntry).replace(/"ts":[^,]+/, '"ts":1e999');
    assert.match(errorOf(decodeEntry(line)), /"ts"/);
  });

  void test('"event" missing or unknown on a connection entry is an error naming it', () => {
    for (const event of [undefined, 'reset', 3]) {
      assert.match(errorOf(decodeEntry(JSON.stringify({ ...connectionEntry, event }))), /"event"/);
    }
  });

  void test('unknown fields are dropped', () => {
    const decoded = valueOf(decodeEntry(JSON.stringify({ ...frameEntry, parsed: { a: 1 }, extra: 'x' })));
    assert.deepEqual(decoded, frameEntry);
    assert.equal(Object.hasOwn(decoded, 'extra'), false);
    const connection = valueOf(
      decodeEntry(JSON.stringify({ ...connectionEntry, direction: 'toCsms', raw: 'x' })),
    );
    assert.deepEqual(connection, connectionEntry);
  });

  void test('optional fields of the wrong type are dropped, not errors', () => {
    const decoded = valueOf(
      decodeEntry(
        JSON.stringify({
          ...connectionEntry,
          url: 1,
          tls: 'yes',
          code: '1000',
          closedBy: 'nobody',
          offeredSubprotocols: ['ocpp1.6', 2, null],
          headers: { a: 'b', c: 1 },
        }),
      ),
    );
    assert.equal(decoded.kind, 'connection');
    if (decoded.kind !== 'connection') return;
    assert.equal(decoded.url, undefined);
    assert.equal(decoded.tls, undefined);
    assert.equal(decoded.code, undefined);
    assert.equal(decoded.closedBy, undefined);
    assert.deepEqual(decoded.offeredSubprotocols, ['ocpp1.6']);
    assert.deepEqual(decoded.headers, { a: 'b' });
  });

  void test('flags are filtered to the known ones, and dropped when none is left', () => {
    const decoded = valueOf(
      decodeEntry(JSON.stringify({ ...frameEntry, flags: ['dropped', 'bogus', 1, 'delayed', null] })),
    );
    assert.deepEqual(decoded.kind === 'frame' ? decoded.flags : undefined, ['dropped', 'delayed']);
    const none = valueOf(decodeEntry(JSON.stringify({ ...frameEntry, flags: ['bogus'] })));
    assert.equal(Object.hasOwn(none, 'flags'), false);
    const notArray = valueOf(decodeEntry(JSON.stringify({ ...frameEntry, flags: 'injected' })));
    assert.equal(Object.hasOwn(notArray, 'flags'), false);
  });

  void test('binary is kept only when it is true', () => {
    const notTrue = valueOf(decodeEntry(JSON.stringify({ ...frameEntry, binary: 'true' })));
    assert.equal(Object.hasOwn(notTrue, 'binary'), false);
  });

  void test('not JSON, or not an object', () => {
    assert.match(errorOf(decodeEntry('{"seq":1,')), /not valid JSON/);
    assert.match(errorOf(decodeEntry('[1]')), /not a JSON object/);
    assert.match(errorOf(decodeEntry('')), /not valid JSON/);
  });
});

const consoleEntry: ConsoleEntry = {
  seq: 4,
  ts: 1772619301304.2,
  kind: 'console',
  connectionId: 'port-1',
  stationId: 'ESP32-AC22-0117',
  source: 'serial',
  text: '\u001b[0;32mI (1301) ocpp: BootNotification sent (id 1), waiting for the CSMS\u001b[0m',
};

void describe('decodeEntry: console lines', () => {
  void test('round-trip a text line, exactly (colour codes and all), and a binary one', () => {
    assert.deepEqual(valueOf(decodeEntry(encodeEntry(consoleEntry))), consoleEntry);
    const binary: ConsoleEntry = { ...consoleEntry, text: 'SSAoMjYxMSkgZXbz4IAeIGNsb3NlZP8=', binary: true };
    assert.deepEqual(valueOf(decodeEntry(encodeEntry(binary))), binary);
    const empty: ConsoleEntry = { ...consoleEntry, text: '', source: 'import' };
    assert.deepEqual(valueOf(decodeEntry(encodeEntry(empty))), empty);
  });

  void test('"text" missing or not a string is an error naming it', () => {
    for (const text of [undefined, 1, null, ['I (1) x']]) {
      assert.match(
        errorOf(decodeEntry(JSON.stringify({ ...consoleEntry, text }))),
        /"text" must be a string/,
      );
    }
  });

  void test('a binary line whose text is not base64 is refused, not shown as bytes it never had', () => {
    for (const text of ['I (1) not base64', 'abc', 'ab=c', '====']) {
      assert.match(
        errorOf(decodeEntry(JSON.stringify({ ...consoleEntry, text, binary: true }))),
        /binary console line's "text" must be base64/,
        text,
      );
    }
  });

  void test('frame and connection fields on a console line are dropped; binary only when true', () => {
    const decoded = valueOf(
      decodeEntry(
        JSON.stringify({ ...consoleEntry, direction: 'toCsms', raw: 'x', event: 'opened', binary: 1 }),
      ),
    );
    assert.deepEqual(decoded, consoleEntry);
  });

  void test('an unknown kind names itself and the kinds this build reads', () => {
    const error = errorOf(decodeEntry(JSON.stringify({ ...consoleEntry, kind: 'trace' })));
    assert.match(error, /"kind" "trace" is unknown/);
    assert.match(error, /"frame", "connection", "console"/);
  });

  void test('a capture of frames interleaved with console lines reads whole and in order', () => {
    const lines = [
      encodeHeader(header),
      encodeEntry({ ...consoleEntry, seq: 1, text: 'I (1234) ocpp: connecting' }),
      encodeEntry({ ...frameEntry, seq: 2, connectionId: 'port-1', source: 'serial' }),
      encodeEntry({ ...consoleEntry, seq: 3 }),
      encodeEntry({ ...frameEntry, seq: 4, connectionId: 'port-1', source: 'serial', raw: '[3,"1",{}]' }),
      JSON.stringify({ ...consoleEntry, seq: 5, text: 'x', binary: true }),
      encodeEntry({ ...consoleEntry, seq: 6, text: 'I (1400) ocpp: done' }),
    ];
    const read = readChunks([lines.join('\n') + '\n']);
    assert.deepEqual(
      read.entries.map((e) => [e.seq, e.kind]),
      [
        [1, 'console'],
        [2, 'frame'],
        [3, 'console'],
        [4, 'frame'],
        [6, 'console'],
      ],
    );
    // The one bad line is reported with its line number, and only it is skipped.
    assert.deepEqual(
      read.problems.map((p) => [p.line, p.kind]),
      [[6, 'bad-line']],
    );
    assert.match(read.problems[0]!.message, /base64/);
  });
});
