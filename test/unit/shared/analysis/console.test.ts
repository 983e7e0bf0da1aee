/**
 * Console lines (firmware logs between the frames of a serial line) go through the analyzer
 * without being analysed: they are never parsed, never pair, never count towards version
 * detection, and never make a rule fire; only their timestamp moves the analyzer's clock.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer } from '../../../../src/shared/analysis/analyzer';
import type { Finding } from '../../../../src/shared/analysis/finding';
import { CaptureBuilder, registry } from './capture-builder';

const T0 = 1_772_619_300_000;
const BOOT16 = { chargePointVendor: 'ACME', chargePointModel: 'AC22-ESP32' };
const BOOT16_CONF = { status: 'Accepted', currentTime: '2026-03-04T10:15:01Z', interval: 300 };

function serial(subprotocol?: string): CaptureBuilder {
  return new CaptureBuilder({
    start: T0,
    stationId: 'ESP32-AC22-0117',
    connectionId: 'port-1',
    ...(subprotocol !== undefined ? { subprotocol } : {}),
  });
}

const described = (findings: readonly Finding[]) => findings.map((f) => `${f.rule} ${f.seqs.join(',')}`);

void describe('Analyzer: console lines', () => {
  void test('log lines between a CALL and its answer: the answer still pairs, nothing is found', () => {
    const capture = serial('ocpp1.6');
    capture.at(0).open();
    capture.at(10).console('\u001b[0;32mI (1234) ocpp: connecting\u001b[0m');
    const boot = capture.at(20).call('station', 'BootNotification', BOOT16);
    const logs = [
      capture.at(25).console('I (1301) ocpp: BootNotification sent (id 1), waiting for the CSMS'),
      capture.at(60).console('W (1340) meter: modbus read timed out, retrying'),
    ];
    const answer = capture.at(100).result(boot.id, BOOT16_CONF);
    capture.at(110).console('I (1388) ocpp: boot accepted');

    const analyzer = new Analyzer({ registry });
    const analyses = capture.entries.map((entry) => ({ entry, analysis: analyzer.add(entry) }));
    const finished = analyzer.finish();
    const ofSeq = (seq: number) => analyses.find((a) => a.entry.seq === seq)!.analysis;
    assert.equal(ofSeq(answer).call?.seq, boot.seq);
    assert.equal(ofSeq(answer).latencyMs, 80);
    for (const log of logs) {
      assert.deepEqual(ofSeq(log.seq), { findings: [] }, 'a console line is not parsed nor paired');
    }
    // Every rule set, the transaction and session rules included.
    assert.deepEqual(described(analyzer.findings), []);
    assert.deepEqual(finished, []);
  });

  void test('a line that reads like a frame (firmware echoing what it sends) is still only a line', () => {
    const capture = serial('ocpp1.6');
    capture.at(0).open();
    const boot = capture.at(10).call('station', 'BootNotification', BOOT16);
    // The same id again, an answer to nothing, a CALL never answered, and garbage: all as text.
    capture.at(11).console(`[2,"${boot.id}","BootNotification",${JSON.stringify(BOOT16)}]`);
    capture.at(12).console('[3,"no-such-call",{}]');
    capture.at(13).console('[2,"x","Heartbeat",{}]');
    capture.at(14).console('[2,"1"');
    capture.at(50).result(boot.id, BOOT16_CONF);
    const { analyzer, findings } = capture.analyse();
    assert.deepEqual(described(findings), []);
    assert.deepEqual(
      analyzer.versions().map((v) => [v.connectionId, v.version, v.source]),
      [['port-1', '1.6', 'subprotocol']],
    );
  });

  void test('version detection counts frames only: 250 log lines do not exhaust its window', () => {
    const capture = serial();
    capture.at(0).open();
    for (let k = 1; k <= 250; k++) capture.at(k).console(`I (${k}) main: waiting for network`);
    capture.at(300).call('station', 'BootNotification', BOOT16);
    capture.at(310).result('1', BOOT16_CONF);
    const { analyzer, findings } = capture.analyse();
    assert.deepEqual(described(findings), []);
    const [version] = analyzer.versions();
    assert.deepEqual([version?.version, version?.source], ['1.6', 'detected']);
  });

  void test('log lines of a port with no connection make no connection of their own', () => {
    const capture = serial('ocpp1.6');
    capture.at(0).console('ets Jul 29 2019 12:21:46', 'port-2');
    capture.at(1).console('rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)', 'port-2');
    const { analyzer, findings } = capture.analyse();
    assert.deepEqual(described(findings), []);
    assert.deepEqual(analyzer.versions(), []);
  });

  void test('a log line is a reading of the clock: a CALL times out at the first entry past it, whatever its kind', () => {
    const capture = serial('ocpp1.6');
    capture.at(0).open();
    const call = capture.at(10).call('csms', 'Reset', { type: 'Soft' });
    const quiet = capture.at(30_000).console('I (30000) main: idle');
    const late = capture.at(30_011).console('I (30011) main: still idle');
    const answer = capture.at(31_000).result(call.id, { status: 'Accepted' }, 'station');
    const analyzer = new Analyzer({ registry });
    const reported = new Map<number, string[]>();
    for (const entry of capture.entries) reported.set(entry.seq, described(analyzer.add(entry).findings));
    assert.deepEqual(reported.get(quiet.seq), []);
    assert.deepEqual(reported.get(late.seq), [`rpc.unanswered-call ${call.seq}`]);
    // The late answer still pairs with its CALL.
    assert.deepEqual(reported.get(answer), []);
  });
});
