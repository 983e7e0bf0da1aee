/**
 * How the bridge cuts what a real pty delivers into lines: a frame trickling in small chunks with
 * pauses (cut inside a UTF-8 character and before its delimiter), several lines in one chunk, CRLF
 * line ends, delimiters other than `\n` (one straddling two chunks), an over-long line dropped
 * with an entry that says so, and line noise that never stops the bridge.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import type { ConnectionEntry, ConsoleEntry, Entry, FrameEntry } from '../../src/shared/capture/entry';
import { prng } from '../unit/support';
import { engineBridge, type EngineBridge } from './serial-harness';
import { PtyPair, SerialCharger, parseLine, serialScoped, SUITE_TIMEOUT_MS } from './serial-support';
import { startRawCsms, type Scope } from './proxy-support';
import type { SerialConfig } from '../../src/shared/serial/config';

async function bridged(
  scope: Scope,
  config: Omit<SerialConfig, 'port' | 'mockCsms'>,
  delimiter = '\n',
): Promise<{ bridge: EngineBridge; charger: SerialCharger }> {
  const pty = await PtyPair.create(scope);
  const bridge = await engineBridge(scope, {
    port: pty.bridgePath,
    mockCsms: true,
    stationId: 'CP-LINES',
    ...config,
  });
  await bridge.waitState((b) => b.linkState === 'open', 'the CSMS connection to open');
  const charger = await SerialCharger.open(scope, pty.chargerPath, { delimiter });
  return { bridge, charger };
}

const frames = (entries: readonly Entry[], direction: 'toCsms' | 'toStation') =>
  entries.flatMap((e) => (e.kind === 'frame' && e.direction === direction ? [e.raw] : []));
const consoleLines = (entries: readonly Entry[]) =>
  entries.filter((e): e is ConsoleEntry => e.kind === 'console');

/** Writes a CALL with id `id` in the way `write` does, and waits for its answer. */
async function callWritten(
  charger: SerialCharger,
  id: string,
  write: () => Promise<void>,
): Promise<{ line: string; answer: unknown[] }> {
  const answered = charger.answerTo(id);
  await write();
  const line = await answered;
  return { line, answer: parseLine(line)! };
}

void describe('serial bridge: lines on the wire', { timeout: SUITE_TIMEOUT_MS }, () => {
  void test('a frame in many small chunks with pauses is put back together, even cut inside a character', () =>
    serialScoped(async (scope) => {
      const { bridge, charger } = await bridged(scope, {});
      const id = charger.id();
      const frame = `[2,"${id}","BootNotification",{"chargePointVendor":"Čerpací Stanice Ř","chargePointModel":"Łódź-11kW"}]`;
      const bytes = Buffer.from(`${frame}\n`, 'utf8');
      // Every 7 bytes, plus a cut between the two bytes of "Č" and one right before the delimiter.
      const inside = bytes.indexOf(Buffer.from('Č', 'utf8')) + 1;
      const cuts = [
        ...new Set([
          ...Array.from({ length: Math.floor(bytes.length / 7) }, (_, i) => (i + 1) * 7),
          inside,
          bytes.length - 1,
        ]),
      ]
        .filter((c) => c > 0 && c < bytes.length)
        .sort((a, b) => a - b);
      assert.ok(cuts.length > 15);
      const answered = await callWritten(charger, id, () => charger.writeChunks(bytes, cuts, 4));
      assert.equal((answered.answer[2] as { status?: unknown }).status, 'Accepted');
      const entries = await bridge.recording.entries();
      assert.deepEqual(frames(entries, 'toCsms'), [frame]);
      assert.deepEqual(consoleLines(entries), [], 'a piece of the frame became a console line');
      const state = await bridge.waitState(
        (b) => b.counters.bytesIn === bytes.length,
        'every byte to be counted',
      );
      assert.equal(state.counters.frames.toCsms, 1);
    }));

  void test('several lines in one chunk, CRLF line ends and blank lines', () =>
    serialScoped(async (scope) => {
      const { bridge, charger } = await bridged(scope, {});
      const ids = [charger.id(), charger.id(), charger.id()];
      const sent = ids.map((id) => JSON.stringify([2, id, 'Heartbeat', {}]));
      const answers = ids.map((id) => charger.answerTo(id));
      await charger.write(
        `boot: reset reason POWERON\r\n${sent[0]}\r\n\r\n${sent[1]}\n  \n${sent[2]}\r\nboot: done\n`,
      );
      for (const answer of answers) assert.equal(parseLine(await answer)?.[0], 3);
      await bridge.recording.waitRow(
        (r) => r.kind === 'console' && r.summary === 'boot: done',
        'the last line',
      );
      const entries = await bridge.recording.entries();
      assert.deepEqual(frames(entries, 'toCsms'), sent, 'the \\r of CRLF was kept in a frame');
      // Empty lines and lines of only spaces (padding) are nothing to read.
      assert.deepEqual(
        consoleLines(entries).map((e) => e.text),
        ['boot: reset reason POWERON', 'boot: done'],
      );
      await bridge.recording.assertNoErrors();
    }));

  void test('a \\x1e delimiter: a pretty-printed frame keeps its newlines, answers end with \\x1e', () =>
    serialScoped(async (scope) => {
      const { bridge, charger } = await bridged(scope, { delimiter: '\\x1e' }, '\x1e');
      const id = charger.id();
      const frame = `[\n  2,\n  "${id}",\n  "StatusNotification",\n  {"connectorId": 1, "errorCode": "NoError", "status": "Available"}\n]`;
      const answered = await callWritten(charger, id, () =>
        charger.write(`log line one\nstill the same log line\x1e${frame}\x1e`),
      );
      assert.deepEqual(answered.answer, [3, id, {}]);
      const entries = await bridge.recording.entries();
      assert.deepEqual(frames(entries, 'toCsms'), [frame]);
      assert.deepEqual(frames(entries, 'toStation'), [answered.line]);
      assert.deepEqual(
        consoleLines(entries).map((e) => e.text),
        ['log line one\nstill the same log line'],
      );
      // The answer went out with the charger's delimiter and nothing else.
      const state = await bridge.waitState((b) => b.counters.bytesOut > 0, 'the answer counted');
      assert.equal(state.counters.bytesOut, Buffer.byteLength(answered.line) + 1);
    }));

  void test('a \\r\\n delimiter cut between its two bytes; a bare \\n stays inside the line', () =>
    serialScoped(async (scope) => {
      const { bridge, charger } = await bridged(scope, { delimiter: '\\r\\n' }, '\r\n');
      const id = charger.id();
      const frame = JSON.stringify([2, id, 'Heartbeat', {}]);
      const bytes = Buffer.from(`stack:\n  #0 main\r\n${frame}\r\n`, 'latin1');
      const afterCr = bytes.lastIndexOf('\r') + 1;
      const answered = await callWritten(charger, id, () =>
        charger.writeChunks(bytes, [bytes.indexOf('\r') + 1, afterCr], 20),
      );
      assert.equal(answered.answer[0], 3);
      const entries = await bridge.recording.entries();
      assert.deepEqual(frames(entries, 'toCsms'), [frame]);
      assert.deepEqual(
        consoleLines(entries).map((e) => e.text),
        ['stack:\n  #0 main'],
      );
    }));

  void test('what the CSMS sends is written as one line: a pretty-printed answer flattened, a binary frame kept off the line', () =>
    serialScoped(async (scope) => {
      const pty = await PtyPair.create(scope);
      const raw = await startRawCsms(scope, { protocol: 'ocpp1.6' });
      const bridge = await engineBridge(scope, {
        port: pty.bridgePath,
        upstream: raw.url,
        stationId: 'CP-RAW',
      });
      const socket = await raw.nextSocket();
      const charger = await SerialCharger.open(scope, pty.chargerPath);
      const id = charger.id();
      const answered = charger.answerTo(id);
      const heard = new Promise<string>((resolve) =>
        socket.once('message', (data: Buffer) => resolve(data.toString())),
      );
      await charger.writeFrame(JSON.stringify([2, id, 'Heartbeat', {}]));
      assert.equal(await heard, charger.sent[0]);
      const pretty = `[\r\n  3,\r\n  "${id}",\r\n  {"currentTime": "2026-11-21T10:00:00.000Z"}\r\n]`;
      socket.send(Buffer.from([0x00, 0xff, 0x0a]), { binary: true });
      socket.send(pretty);
      const line = await answered;
      assert.equal(line, pretty.replace(/[\r\n]/g, ' '));
      assert.deepEqual(parseLine(line), [3, id, { currentTime: '2026-11-21T10:00:00.000Z' }]);
      // The binary frame never reached the line: the answer is the first thing the charger read.
      assert.deepEqual(charger.lines, [line]);

      const entries = await bridge.recording.entries();
      const fromCsms = entries.filter(
        (e): e is FrameEntry => e.kind === 'frame' && e.direction === 'toStation',
      );
      assert.equal(fromCsms.length, 2);
      const [binary, flattened] = fromCsms;
      assert.equal(binary!.raw, Buffer.from([0x00, 0xff, 0x0a]).toString('base64'));
      assert.equal(binary!.binary, true);
      assert.deepEqual(binary!.flags, ['dropped']);
      assert.match(binary!.faults![0]!, /not written to the serial port: a binary frame cannot be a line/);
      assert.equal(flattened!.raw, line);
      assert.equal(flattened!.original, pretty);
      assert.deepEqual(flattened!.flags, ['modified']);
    }));

  void test('an over-long line is dropped with an entry that says so; the next line still works', () =>
    serialScoped(async (scope) => {
      const { bridge, charger } = await bridged(scope, { maxLineBytes: 64 });
      // A log line of 300 bytes, in chunks that cross the limit, then an over-long frame.
      const noise = Buffer.from(`DEBUG ${'x'.repeat(293)}\n`, 'latin1');
      await charger.writeChunks(noise, [40, 60, 70, 200], 5);
      const bigId = charger.id();
      const big = JSON.stringify([
        2,
        bigId,
        'BootNotification',
        { chargePointVendor: 'ACME', chargePointModel: 'Way-Too-Long' },
      ]);
      assert.ok(big.length > 64);
      await charger.writeFrame(big);
      const id = charger.id();
      const answered = await callWritten(charger, id, () =>
        charger.writeFrame(JSON.stringify([2, id, 'Heartbeat', {}])),
      );
      assert.equal(answered.answer[0], 3);
      // The bridge reads in order: both drops were recorded before the Heartbeat went out.
      const entries = await bridge.recording.entries();
      const errors = entries.filter(
        (e): e is ConnectionEntry => e.kind === 'connection' && e.event === 'error',
      );
      assert.equal(errors.length, 2);
      assert.ok(errors.every((e) => e.connectionId === 'port-1'));
      assert.match(
        errors[0]!.message!,
        /^a line of 299 bytes from the serial port was dropped: longer than the 64-byte limit \(a wrong baud rate, or a missing delimiter\?\); it began "DEBUG x+"$/,
      );
      assert.match(
        errors[1]!.message!,
        new RegExp(`^a line of ${big.length} bytes .* it began "\\[2,\\\\"${bigId}`),
      );
      // The over-long frame never reached the CSMS; nothing of either line became a console entry.
      assert.deepEqual(frames(entries, 'toCsms'), [JSON.stringify([2, id, 'Heartbeat', {}])]);
      assert.deepEqual(consoleLines(entries), []);
      assert.ok(!charger.lines.some((line) => parseLine(line)?.[1] === bigId));
      const state = await bridge.waitState((b) => b.counters.droppedLines === 2, 'two dropped lines counted');
      assert.equal(state.portState, 'open');
    }));

  void test('binary noise and invalid UTF-8 are kept as console entries and never stop the bridge', () =>
    serialScoped(async (scope) => {
      const { bridge, charger } = await bridged(scope, {});
      const random = prng(0x5e71a1);
      const noise = Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256)));
      // Starts like a frame but is not UTF-8: line noise, not a frame for the CSMS.
      const fake = Buffer.concat([
        Buffer.from('[2,"x","Heartbeat",{"a":"'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}]'),
      ]);
      // Valid UTF-8 full of control bytes (a NUL, a bell, colour escapes) is text all the same.
      const colours = Buffer.from('\u0000\u0007\u001b[31mE (77) uart: framing error\u001b[0m\tµs\n');
      const data = Buffer.concat([noise, Buffer.from('\n'), fake, Buffer.from('\n'), colours]);
      await charger.writeChunks(data, [1000, 2000, 3000, 4097, 4105], 5);
      const id = charger.id();
      const answered = await callWritten(charger, id, () =>
        charger.writeFrame(JSON.stringify([2, id, 'Heartbeat', {}])),
      );
      assert.equal(answered.answer[0], 3);

      // What the bridge must have kept: each non-empty line, a \r before \n dropped, as text or base64.
      const expected = splitLines(data).map((line) =>
        isUtf8(line) ? { text: line.toString('utf8') } : { text: line.toString('base64'), binary: true },
      );
      assert.ok(expected.filter((e) => e.binary === true).length > 5, 'the noise is too clean');
      assert.equal(expected.at(-2)?.binary, true, 'the fake frame is UTF-8');
      assert.equal(expected.at(-1)?.binary, undefined, 'the coloured line is not UTF-8');
      assert.ok(
        !expected.some((e) => e.binary !== true && /^\s*\[\s*[2-6]\s*,/.test(e.text)),
        'the noise holds a frame',
      );
      const entries = await bridge.recording.entries();
      assert.deepEqual(
        consoleLines(entries).map((e) => (e.binary ? { text: e.text, binary: true } : { text: e.text })),
        expected,
      );
      assert.deepEqual(frames(entries, 'toCsms'), [JSON.stringify([2, id, 'Heartbeat', {}])]);
      const state = await bridge.waitState((b) => b.counters.bytesIn >= data.length, 'the bytes counted');
      assert.equal(state.portState, 'open');
      assert.equal(state.linkState, 'open');
      assert.equal(state.counters.consoleLines, expected.length);
    }));
});

/** `data` cut at `\n`, a `\r` before it dropped, empty lines left out. */
function splitLines(data: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let at = data.indexOf(10); at >= 0; at = data.indexOf(10, start)) {
    let line = data.subarray(start, at);
    if (line.at(-1) === 13) line = line.subarray(0, -1);
    if (line.length > 0) lines.push(line);
    start = at + 1;
  }
  return lines;
}
