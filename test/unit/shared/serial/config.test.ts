import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_MAX_LINE_BYTES,
  MAX_LINE_BYTES_LIMIT,
  defaultStationId,
  describeLine,
  lineSettings,
  parseDelimiter,
  parseSerialProtocol,
  type SerialConfig,
} from '../../../../src/shared/serial/config';

const delimiter = (text: string): number[] => [...parseDelimiter(text)];

void describe('parseDelimiter', () => {
  void test('escapes as the engineer types them', () => {
    assert.deepEqual(delimiter('\\n'), [0x0a]);
    assert.deepEqual(delimiter('\\r\\n'), [0x0d, 0x0a]);
    assert.deepEqual(delimiter('\\t'), [0x09]);
    assert.deepEqual(delimiter('\\0'), [0x00]);
    assert.deepEqual(delimiter('\\\\'), [0x5c]);
    assert.deepEqual(delimiter('\\x1e'), [0x1e]);
    assert.deepEqual(delimiter('\\xFF\\x00'), [0xff, 0x00]);
    // Only two hex digits belong to \x: the next character is itself.
    assert.deepEqual(delimiter('\\x0d0'), [0x0d, 0x30]);
  });

  void test('other ASCII characters are themselves, mixed with escapes', () => {
    assert.deepEqual(delimiter(';'), [0x3b]);
    assert.deepEqual(delimiter('END\\r\\n'), [0x45, 0x4e, 0x44, 0x0d, 0x0a]);
    // A real newline (pasted, not typed as an escape) is a newline too.
    assert.deepEqual(delimiter('\n'), [0x0a]);
  });

  void test('an unknown or incomplete escape is refused, naming it and the escapes there are', () => {
    for (const [text, named] of [
      ['\\q', '\\q'],
      ['\\N', '\\N'],
      ['\\u000a', '\\u'],
      ['\\', '\\'],
      ['a\\', '\\'],
    ] as const) {
      assert.throws(
        () => parseDelimiter(text),
        (error: Error) =>
          error.message.includes(`unknown escape ${named}`) && error.message.includes('\\xHH'),
        text,
      );
    }
  });

  void test('a \\x escape without two hex digits says so', () => {
    for (const text of ['\\x4', '\\xZZ', '\\x']) {
      assert.throws(
        () => parseDelimiter(text),
        /has \\x without two hex digits after it \(e\.g\. \\x1e\)/,
        text,
      );
    }
  });

  void test('empty, too long and non-ASCII delimiters are refused with what to do', () => {
    assert.throws(() => parseDelimiter(''), /must not be empty \(the default is \\n\)/);
    assert.throws(() => parseDelimiter('x'.repeat(17)), /at most 16 bytes/);
    assert.deepEqual(delimiter('x'.repeat(16)).length, 16);
    assert.throws(() => parseDelimiter('\\x00'.repeat(17)), /at most 16 bytes/);
    assert.throws(() => parseDelimiter('é'), /non-ASCII character: write its bytes as \\xHH/);
    assert.throws(() => parseDelimiter('\\n→'), /non-ASCII/);
    assert.throws(() => parseDelimiter('🔚'), /non-ASCII/);
  });
});

void describe('lineSettings', () => {
  void test('defaults: 115200 8N1, no flow control, \\n, 1 MiB lines', () => {
    assert.deepEqual(lineSettings({ port: '/dev/ttyUSB0' }), {
      port: '/dev/ttyUSB0',
      baudRate: 115_200,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
      rtscts: false,
      delimiter: Uint8Array.from([0x0a]),
      maxLineBytes: DEFAULT_MAX_LINE_BYTES,
    });
    assert.equal(DEFAULT_MAX_LINE_BYTES, 1024 * 1024);
  });

  void test('every setting given is kept; the port is trimmed', () => {
    assert.deepEqual(
      lineSettings({
        port: '  COM3 ',
        baudRate: 9600,
        dataBits: 7,
        parity: 'even',
        stopBits: 2,
        rtscts: true,
        delimiter: '\\r\\n',
        maxLineBytes: 64,
      }),
      {
        port: 'COM3',
        baudRate: 9600,
        dataBits: 7,
        parity: 'even',
        stopBits: 2,
        rtscts: true,
        delimiter: Uint8Array.from([0x0d, 0x0a]),
        maxLineBytes: 64,
      },
    );
  });

  void test('the bounds themselves are accepted', () => {
    for (const config of [
      { baudRate: 50 },
      { baudRate: 20_000_000 },
      { maxLineBytes: 64 },
      { maxLineBytes: MAX_LINE_BYTES_LIMIT },
      { stopBits: 1.5 as const },
      { dataBits: 5 as const },
      { parity: 'space' as const },
    ])
      assert.doesNotThrow(() => lineSettings({ port: 'COM1', ...config }), JSON.stringify(config));
  });

  void test('each bad setting is refused by name, with the value given', () => {
    const cases: [Partial<SerialConfig>, RegExp][] = [
      [{ port: '' }, /give the serial port, e\.g\. \/dev\/ttyUSB0 or COM3/],
      [{ port: '   ' }, /give the serial port/],
      [{ baudRate: 49 }, /baud rate .* not 49$/],
      [{ baudRate: 20_000_001 }, /baud rate .* not 20000001$/],
      [{ baudRate: 9600.5 }, /baud rate must be a whole number/],
      [{ baudRate: Number.NaN }, /baud rate .* not NaN$/],
      [{ dataBits: 9 as 8 }, /data bits must be 5, 6, 7 or 8, not 9$/],
      [{ parity: 'evn' as 'even' }, /parity must be one of none, even, odd, mark, space, not evn$/],
      [{ stopBits: 3 as 2 }, /stop bits must be 1, 1\.5 or 2, not 3$/],
      [{ maxLineBytes: 63 }, /line limit must be from 64 bytes to 100 MiB, not 63$/],
      [{ maxLineBytes: MAX_LINE_BYTES_LIMIT + 1 }, /line limit .* not 104857601$/],
      [{ maxLineBytes: 1000.5 }, /line limit/],
      [{ delimiter: '\\q' }, /delimiter "\\\\q" has an unknown escape/],
      [{ delimiter: '' }, /delimiter must not be empty/],
    ];
    for (const [config, message] of cases)
      assert.throws(() => lineSettings({ port: '/dev/ttyS0', ...config }), message, JSON.stringify(config));
  });
});

void test('describeLine: baud, data bits, parity letter, stop bits, flow control', () => {
  const line = { baudRate: 115_200, dataBits: 8, parity: 'none', stopBits: 1, rtscts: false } as const;
  assert.equal(describeLine(line), '115200 8N1');
  assert.equal(
    describeLine({ ...line, baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 2 }),
    '9600 7E2',
  );
  assert.equal(describeLine({ ...line, parity: 'odd', rtscts: true }), '115200 8O1 RTS/CTS');
  assert.equal(describeLine({ ...line, parity: 'mark', stopBits: 1.5 }), '115200 8M1.5');
  assert.equal(describeLine({ ...line, parity: 'space' }), '115200 8S1');
  assert.equal(describeLine(lineSettings({ port: 'COM1' })), '115200 8N1');
});

void test('parseSerialProtocol: the subprotocol to offer, however the version is written', () => {
  assert.equal(parseSerialProtocol('ocpp1.6'), 'ocpp1.6');
  assert.equal(parseSerialProtocol('1.6'), 'ocpp1.6');
  assert.equal(parseSerialProtocol('1.6J'), 'ocpp1.6');
  assert.equal(parseSerialProtocol(' OCPP2.0.1 '), 'ocpp2.0.1');
  assert.equal(parseSerialProtocol('2.1'), 'ocpp2.1');
  for (const bad of ['', '1.5', 'ocpp2.0', '2', 'ocpp1.6s']) {
    assert.throws(
      () => parseSerialProtocol(bad),
      new RegExp(`protocol must be one of ocpp1\\.6, ocpp2\\.0\\.1, ocpp2\\.1, not ${JSON.stringify(bad)}`),
      bad,
    );
  }
});

void test('defaultStationId: the port name without its directory', () => {
  assert.equal(defaultStationId('/dev/ttyUSB0'), 'ttyUSB0');
  assert.equal(
    defaultStationId('/dev/serial/by-id/usb-FTDI_FT232R-if00-port0'),
    'usb-FTDI_FT232R-if00-port0',
  );
  assert.equal(defaultStationId('COM3'), 'COM3');
  assert.equal(defaultStationId('\\\\.\\COM12'), 'COM12');
  assert.equal(defaultStationId('/tmp/pty/bridge/'), 'bridge');
  assert.equal(defaultStationId('ttyACM0'), 'ttyACM0');
});
