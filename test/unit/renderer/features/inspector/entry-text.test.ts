import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConsoleEntry } from '../../../../../src/shared/capture/entry';
import type { TimelineRow } from '../../../../../src/shared/timeline/row';
import {
  captureLine,
  payloadText,
  shownText,
} from '../../../../../src/renderer/features/inspector/entry-text';

const line: ConsoleEntry = {
  seq: 12,
  ts: 1772619302483.9,
  kind: 'console',
  connectionId: 'port-1',
  stationId: 'ESP32-AC22-0117',
  source: 'serial',
  text: '\u001b[0;31mE (2480) rfid: PN532 not found on I2C bus 0 (addr 0x24)\u001b[0m',
};
const row: TimelineRow = {
  seq: 12,
  ts: line.ts,
  deltaMs: 0,
  kind: 'console',
  connectionId: 'port-1',
  stationId: 'ESP32-AC22-0117',
  source: 'serial',
};

void describe('the inspector text of a console line', () => {
  void test('raw: exactly as it came; pretty: as a terminal shows it, and says what it left out', () => {
    assert.deepEqual(shownText(line, row, 'raw'), { text: line.text, language: 'plaintext' });
    const pretty = shownText(line, row, 'pretty');
    assert.equal(pretty.text, 'E (2480) rfid: PN532 not found on I2C bus 0 (addr 0x24)');
    assert.equal(pretty.language, 'plaintext');
    assert.match(pretty.note ?? '', /Colour codes/);
    const plain = { ...line, text: 'I (1234) ocpp: connecting' };
    assert.deepEqual(shownText(plain, row, 'pretty'), { text: plain.text, language: 'plaintext' });
  });

  void test('a line that is not UTF-8: a hex dump of its bytes, or the base64 the capture stores', () => {
    const bytes = Buffer.from([...Buffer.from('I (2611) ev'), 0xf3, 0xe0, 0x80, 0x1e, 0xff]);
    const binary: ConsoleEntry = { ...line, text: bytes.toString('base64'), binary: true };
    const pretty = shownText(binary, { ...row, binary: true }, 'pretty');
    assert.equal(
      pretty.text,
      '00000000  49 20 28 32 36 31 31 29 20 65 76 f3 e0 80 1e ff  |I (2611) ev.....|',
    );
    assert.match(pretty.note ?? '', /not UTF-8.*16 bytes, shown as hex/);
    assert.equal(pretty.columns, true, 'a hex dump is not wrapped');
    const raw = shownText(binary, { ...row, binary: true }, 'raw');
    assert.equal(raw.text, binary.text);
    assert.match(raw.note ?? '', /base64/);
  });

  void test('no payload to copy; the capture line round-trips', () => {
    assert.equal(payloadText(line), undefined);
    assert.deepEqual(JSON.parse(captureLine(line)), line);
  });
});
