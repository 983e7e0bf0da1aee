import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readCaptureText } from '../../../../src/main/services/capture/read';
import { Analyzer, type AnalyzerOptions } from '../../../../src/shared/analysis/analyzer';
import type { Finding } from '../../../../src/shared/analysis/finding';
import type { Entry, FrameEntry } from '../../../../src/shared/capture/entry';
import { CaptureBuilder, registry } from './capture-builder';

const T0 = 1_763_730_000_000;
const STATION = 'CP-TEST-0001';

/** Entries at T0 + the offset given, on connection c1 unless told. */
class Capture extends CaptureBuilder {
  constructor() {
    super({ start: T0, stationId: STATION, opened: { url: `/ocpp/${STATION}` }, closed: { code: 1000 } });
  }

  opened(at: number, subprotocol?: string, connectionId = 'c1'): void {
    this.at(at).open(connectionId, subprotocol);
  }

  closed(at: number, connectionId = 'c1'): Entry {
    return this.at(at).close(connectionId).entries.at(-1)!;
  }

  station(at: number, message: unknown, connectionId = 'c1'): FrameEntry {
    return this.at(at).frame('station', message, connectionId);
  }

  csms(at: number, message: unknown, connectionId = 'c1'): FrameEntry {
    return this.at(at).frame('csms', message, connectionId);
  }
}

const analyse = (capture: Capture, options: AnalyzerOptions = {}) => capture.analyse(OWN, options);

// The rules of the pipeline itself; the transaction and session rule sets have tests of their own.
const OWN = /^(frame|rpc|schema)\./;
const own = (findings: readonly Finding[]) => findings.filter((f) => OWN.test(f.rule));
const rules = (findings: readonly Finding[]) =>
  own(findings).map((f) => `${f.rule} ${f.severity} ${f.seqs.join(',')}`);

const BOOT16 = { chargePointVendor: 'ACME', chargePointModel: 'Wallbox-22' };
const BOOT16_CONF = { status: 'Accepted', currentTime: '2025-11-21T13:00:00.000Z', interval: 300 };
const BOOT2X = { reason: 'PowerUp', chargingStation: { model: 'P2231', vendorName: 'EVBox' } };
const BOOT2X_CONF = { currentTime: '2025-11-21T13:00:00.000Z', interval: 300, status: 'Accepted' };
const BAD_STATUS16 = {
  connectorId: 1,
  errorCode: 'NoError',
  status: 'Avaliable',
  timestamp: '2025-11-21T13:00:01Z',
};

void describe('Analyzer: the version of a connection', () => {
  void test('a negotiated subprotocol wins over the option and the header', () => {
    const capture = new Capture();
    capture.opened(0, 'ocpp2.0.1');
    capture.station(10, [2, '1', 'BootNotification', BOOT2X]);
    for (const versionSource of ['option', 'header'] as const) {
      const { analyzer, findings } = analyse(capture, { version: '1.6', versionSource });
      assert.deepEqual(analyzer.versions(), [
        { connectionId: 'c1', stationId: 'CP-TEST-0001', version: '2.0.1', source: 'subprotocol' },
      ]);
      assert.deepEqual(rules(findings), ['rpc.unanswered-call warning 2']);
    }
  });

  void test('without an OCPP subprotocol: the option, or the header, as the caller says', () => {
    const capture = new Capture();
    capture.opened(0, 'ocpp1.5');
    capture.station(10, [2, '1', 'BootNotification', BOOT2X]);
    capture.csms(20, [3, '1', BOOT2X_CONF]);
    const option = analyse(capture, { version: '2.0.1' });
    assert.deepEqual(option.analyzer.versions()[0], {
      connectionId: 'c1',
      stationId: 'CP-TEST-0001',
      version: '2.0.1',
      source: 'option',
    });
    assert.deepEqual(option.findings, []);
    const header = analyse(capture, { version: '1.6', versionSource: 'header' });
    assert.equal(header.analyzer.versions()[0]?.source, 'header');
    // Given 1.6, the 2.x BootNotification is validated as 1.6 and fails: the version is not detected.
    assert.ok(rules(header.findings).includes('schema.invalid-payload error 2'));
  });

  void test('the capture store: option > header > detection', () => {
    const lines = (ocppVersion?: string) =>
      [
        JSON.stringify({
          format: 'ocpp-scope-capture',
          formatVersion: 1,
          id: 'x',
          name: 'x',
          createdAt: '2025-11-21T13:00:00.000Z',
          ...(ocppVersion !== undefined ? { ocppVersion } : {}),
        }),
        JSON.stringify({
          seq: 1,
          ts: T0,
          kind: 'connection',
          connectionId: 'c1',
          stationId: 'S',
          source: 'proxy',
          event: 'opened',
        }),
        JSON.stringify({
          seq: 2,
          ts: T0 + 1,
          kind: 'frame',
          connectionId: 'c1',
          stationId: 'S',
          source: 'proxy',
          direction: 'toCsms',
          raw: JSON.stringify([2, '1', 'BootNotification', BOOT16]),
        }),
      ].join('\n') + '\n';
    const source = (text: string, options: Parameters<typeof readCaptureText>[2] = {}) =>
      readCaptureText('x.jsonl', text, { registry, ...options }).model.versions()[0];
    assert.deepEqual(
      [
        source(lines('ocpp2.0.1'), { version: '2.1' })?.source,
        source(lines('ocpp2.0.1'), { version: '2.1' })?.version,
      ],
      ['option', '2.1'],
    );
    assert.deepEqual([source(lines('2.0.1'))?.source, source(lines('2.0.1'))?.version], ['header', '2.0.1']);
    const detected = source(lines());
    assert.equal(detected?.source, 'detected');
    assert.equal(detected?.version, '1.6');
    assert.equal(detected?.reason, 'from the BootNotification payload, which fits the OCPP 1.6 schema only');
  });

  void test('detection: by an action only one family has, or a payload only one family fits', () => {
    const cases: [unknown, string, string][] = [
      [
        [
          2,
          '1',
          'StartTransaction',
          { connectorId: 1, idTag: 'A', meterStart: 0, timestamp: '2025-11-21T13:00:00Z' },
        ],
        '1.6',
        'from StartTransaction, which only OCPP 1.6 has',
      ],
      [
        [2, '1', 'BootNotification', BOOT2X],
        '2.0.1',
        'from the BootNotification payload, which fits the OCPP 2.0.1 and 2.1 schema only',
      ],
      [
        [2, '1', 'NotifyEvent', { generatedAt: '2025-11-21T13:00:00.000Z', seqNo: 0, eventData: [] }],
        '2.0.1',
        'from NotifyEvent, which only OCPP 2.0.1 and 2.1 have',
      ],
      [
        [2, '1', 'AFRRSignal', { timestamp: '2025-11-21T13:00:00.000Z', signal: 1 }],
        '2.1',
        'from AFRRSignal, which only OCPP 2.1 has',
      ],
      [
        [
          6,
          '1',
          'NotifyPeriodicEventStream',
          { id: 1, pending: 0, basetime: '2025-11-21T13:00:00.000Z', data: [] },
        ],
        '2.1',
        'from a message of type 6, which only OCPP 2.1 has',
      ],
    ];
    for (const [message, version, reason] of cases) {
      const capture = new Capture();
      capture.opened(0);
      capture.station(10, message);
      const { analyzer } = analyse(capture);
      assert.deepEqual(analyzer.versions()[0], {
        connectionId: 'c1',
        stationId: 'CP-TEST-0001',
        version,
        source: 'detected',
        reason,
      });
    }
  });

  void test('frames without an "opened" entry use the fallback version too', () => {
    const capture = new Capture();
    capture.station(10, [2, '1', 'StatusNotification', BAD_STATUS16]);
    const { analyzer, findings } = analyse(capture, { version: '1.6' });
    assert.equal(analyzer.versions()[0]?.source, 'option');
    assert.deepEqual(rules(findings), ['schema.invalid-payload error 1', 'rpc.unanswered-call warning 1']);
  });

  void test('without a registry nothing is validated or detected', () => {
    const capture = new Capture();
    capture.opened(0);
    capture.station(10, [2, '1', 'StatusNotification', BAD_STATUS16]);
    capture.csms(20, [3, '1', {}]);
    capture.closed(30);
    const analyzer = new Analyzer();
    for (const entry of capture.entries) analyzer.add(entry);
    assert.deepEqual(own(analyzer.finish()), []);
    assert.deepEqual(own(analyzer.findings), []);
    assert.equal(analyzer.versions()[0]?.source, 'unknown');
  });
});

void describe('Analyzer: detection buffering', () => {
  void test('frames held before the version is known are checked once it is, in order', () => {
    const capture = new Capture();
    capture.opened(0);
    capture.station(10, [2, '1', 'Heartbeat', {}]);
    capture.csms(20, [3, '1', {}]); // Heartbeat.conf without currentTime
    capture.station(30, [2, '2', 'StatusNotification', BAD_STATUS16]);
    capture.csms(40, [3, '2', {}]);
    const boot = capture.station(50, [2, '3', 'BootNotification', BOOT16]);
    capture.csms(60, [3, '3', BOOT16_CONF]);
    const analyzer = new Analyzer({ registry });
    const before: Finding[] = [];
    for (const entry of capture.entries) {
      const findings = own(analyzer.add(entry).findings);
      if (entry.seq < boot.seq) before.push(...findings);
      else if (entry.seq === boot.seq) {
        assert.deepEqual(rules(findings), [
          'schema.invalid-payload error 3',
          'schema.invalid-payload error 4',
        ]);
        assert.deepEqual(findings[0]!.location, { seq: 3, path: [2, 'currentTime'] });
        assert.deepEqual(findings[1]!.location, { seq: 4, path: [3, 'status'] });
      } else assert.deepEqual(findings, []);
    }
    assert.deepEqual(before, [], 'nothing is reported while the frames are held');
    assert.equal(analyzer.versions()[0]?.version, '1.6');
    assert.deepEqual(own(analyzer.finish()), []);
  });

  void test('RPC findings do not wait for the version', () => {
    const capture = new Capture();
    capture.opened(0);
    capture.station(10, [2, '1', 'Heartbeat', {}]);
    const stray = capture.csms(20, [3, '9', { currentTime: '2025-11-21T13:00:00Z' }]);
    const analyzer = new Analyzer({ registry });
    for (const entry of capture.entries) {
      const { findings } = analyzer.add(entry);
      if (entry === stray) assert.deepEqual(rules(findings), ['rpc.answer-unknown-id error 3']);
    }
  });

  void test('no version after 200 frames: reported once, at the 200th, and analysis goes on without one', () => {
    const capture = new Capture();
    capture.opened(0);
    for (let k = 1; k <= 150; k++) {
      capture.station(k * 1000, [2, String(k), 'Heartbeat', {}]);
      capture.csms(k * 1000 + 50, [3, String(k), { currentTime: '2025-11-21T13:00:00Z' }]);
    }
    capture.station(200_000, [2, 'b', 'BootNotification', BOOT16]);
    capture.closed(200_100);
    const analyzer = new Analyzer({ registry });
    const reportedAt: number[] = [];
    for (const entry of capture.entries) {
      if (analyzer.add(entry).findings.some((f) => f.rule === 'schema.version-unknown'))
        reportedAt.push(entry.seq);
    }
    analyzer.finish();
    assert.deepEqual(reportedAt, [201]);
    const unknown = analyzer.findings.filter((f) => f.rule === 'schema.version-unknown');
    assert.equal(unknown.length, 1);
    assert.deepEqual([unknown[0]!.severity, unknown[0]!.seqs, unknown[0]!.messageIds], ['info', [2], []]);
    assert.equal(analyzer.versions()[0]?.source, 'unknown');
  });

  void test('a connection that closes undetected is reported when it closes; one never closed, at the end', () => {
    const capture = new Capture();
    capture.opened(0, undefined, 'c1');
    capture.station(10, [2, '1', 'Heartbeat', {}], 'c1');
    capture.csms(20, [3, '1', { currentTime: '2025-11-21T13:00:00Z' }], 'c1');
    capture.opened(25, undefined, 'c2');
    capture.station(26, [2, '1', 'Heartbeat', {}], 'c2');
    capture.csms(27, [3, '1', { currentTime: '2025-11-21T13:00:00Z' }], 'c2');
    const close = capture.closed(30, 'c1');
    const analyzer = new Analyzer({ registry });
    for (const entry of capture.entries) {
      const { findings } = analyzer.add(entry);
      if (entry === close) assert.deepEqual(rules(findings), ['schema.version-unknown info 2']);
    }
    assert.deepEqual(rules(analyzer.finish()), ['schema.version-unknown info 5']);
  });
});

void describe('Analyzer: severities', () => {
  const deviations = () => {
    const capture = new Capture();
    capture.opened(0, 'ocpp1.6');
    capture.station(10, [
      2,
      '1',
      'StatusNotification',
      { ...BAD_STATUS16, status: 'Available', timestamp: '2025-11-21T14:00:01+01' },
    ]);
    capture.csms(20, [3, '1', {}]);
    capture.station(30, [2, '2', 'StatusNotification', BAD_STATUS16]);
    capture.csms(40, [3, '2', {}]);
    capture.station(50, [2, '3', 'Heartbeat', {}]);
    capture.csms(60, [4, '3', 'OccurrenceConstraintViolation', '', {}]);
    return capture;
  };

  void test('strict: known deviations and misspelt error codes are errors', () => {
    assert.deepEqual(rules(analyse(deviations(), { profile: 'strict' }).findings), [
      'schema.field-deviation error 2',
      'schema.invalid-payload error 4',
      'rpc.error-code-spelling error 7',
    ]);
  });

  void test('lenient: they are warnings; plain schema errors stay errors', () => {
    assert.deepEqual(rules(analyse(deviations(), { profile: 'lenient' }).findings), [
      'schema.field-deviation warning 2',
      'schema.invalid-payload error 4',
      'rpc.error-code-spelling warning 7',
    ]);
  });

  void test('severityByVersion: a concurrent CALL is a 1.6 warning and a 2.x error', () => {
    for (const [subprotocol, boot, severity] of [
      ['ocpp1.6', BOOT16, 'warning'],
      ['ocpp2.0.1', BOOT2X, 'error'],
      ['ocpp2.1', BOOT2X, 'error'],
    ] as const) {
      const capture = new Capture();
      capture.opened(0, subprotocol);
      capture.station(10, [2, '1', 'BootNotification', boot]);
      capture.station(20, [2, '2', 'Heartbeat', {}]);
      capture.csms(30, [3, '1', subprotocol === 'ocpp1.6' ? BOOT16_CONF : BOOT2X_CONF]);
      capture.csms(40, [3, '2', { currentTime: '2025-11-21T13:00:00.000Z' }]);
      const { findings } = analyse(capture);
      assert.deepEqual(rules(findings), [`rpc.concurrent-call ${severity} 3,2`], subprotocol);
      assert.deepEqual(findings[0]!.messageIds, ['2', '1']);
    }
  });

  void test('the severity a rule is reported with overrides the default (end of capture: warning)', () => {
    const capture = new Capture();
    capture.opened(0, 'ocpp1.6');
    capture.station(10, [2, '1', 'Heartbeat', {}]);
    assert.deepEqual(rules(analyse(capture).findings), ['rpc.unanswered-call warning 2']);
    capture.closed(20);
    assert.deepEqual(rules(analyse(capture).findings), ['rpc.unanswered-call error 2']);
  });
});

void describe('Analyzer: time', () => {
  void test('advance() reports a CALL that timed out with no new entry, once', () => {
    const analyzer = new Analyzer({ registry });
    const capture = new Capture();
    capture.opened(0, 'ocpp1.6');
    capture.csms(1000, [2, 'r1', 'Reset', { type: 'Soft' }]);
    for (const entry of capture.entries) analyzer.add(entry);
    assert.deepEqual(analyzer.advance(T0 + 30_999), []);
    const timedOut = analyzer.advance(T0 + 31_000);
    assert.deepEqual(rules(timedOut), ['rpc.unanswered-call error 2']);
    assert.match(
      timedOut[0]!.message,
      /^The CALL Reset \(id "r1"\) from the CSMS got no answer within 30 s\.$/,
    );
    assert.deepEqual(analyzer.advance(T0 + 90_000), []);
    // The late answer still pairs, and is no orphan.
    const late = analyzer.add(capture.station(95_000, [3, 'r1', { status: 'Accepted' }]));
    assert.equal(late.call?.seq, 2);
    assert.equal(late.latencyMs, 94_000);
    assert.deepEqual(own(late.findings), []);
    assert.deepEqual(own(analyzer.finish()), []);
  });

  void test('callTimeoutMs, and an entry that arrives late reports the timeout before its own findings', () => {
    const capture = new Capture();
    capture.opened(0, 'ocpp1.6');
    capture.station(10, [2, '1', 'Heartbeat', {}]);
    const next = capture.station(5_010, [2, '2', 'Heartbeat', { extra: 1 }]);
    const analyzer = new Analyzer({ registry, callTimeoutMs: 5_000 });
    for (const entry of capture.entries) {
      const { findings } = analyzer.add(entry);
      if (entry === next) {
        assert.deepEqual(rules(findings), ['rpc.unanswered-call error 2', 'schema.invalid-payload error 3']);
      }
    }
  });

  void test('finish() reports what is still open once; later calls return nothing', () => {
    const capture = new Capture();
    capture.opened(0, 'ocpp1.6');
    capture.station(10, [2, '1', 'Heartbeat', {}]);
    const analyzer = new Analyzer({ registry });
    for (const entry of capture.entries) analyzer.add(entry);
    assert.deepEqual(rules(analyzer.finish()), ['rpc.unanswered-call warning 2']);
    const total = analyzer.findings.length;
    assert.deepEqual(analyzer.finish(), []);
    assert.equal(analyzer.findings.length, total);
  });
});

void describe('Analyzer: schema findings', () => {
  void test('locations: [3, ...path] in a CALL, [2, ...path] in a CALLRESULT, [2] for an action or error code', () => {
    const capture = new Capture();
    capture.opened(0, 'ocpp1.6');
    capture.station(10, [2, '1', 'BootNotification', BOOT16]);
    capture.csms(20, [3, '1', { ...BOOT16_CONF, interval: '300' }]);
    capture.station(30, [
      2,
      '2',
      'MeterValues',
      {
        connectorId: 1,
        meterValue: [{ timestamp: '2025-11-21T13:00:00Z', sampledValue: [{ value: '5', unit: 'Hz' }] }],
      },
    ]);
    capture.csms(40, [3, '2', {}]);
    capture.station(50, [2, '3', 'TransactionEvent', {}]);
    capture.csms(60, [4, '3', 'NotImplemented', '', {}]);
    capture.csms(70, [2, 'x', 'Reset', { type: 'Hard' }]);
    capture.station(80, [4, 'x', 'FormatViolation', '', {}]);
    const { findings } = analyse(capture);
    assert.deepEqual(
      findings.map((f) => [f.rule, f.location]),
      [
        ['schema.invalid-payload', { seq: 3, path: [2, 'interval'] }],
        ['schema.field-deviation', { seq: 4, path: [3, 'meterValue', 0, 'sampledValue', 0, 'unit'] }],
        ['schema.unknown-action', { seq: 6, path: [2] }],
        ['rpc.error-code-spelling', { seq: 9, path: [2] }],
      ],
    );
    assert.match(findings[0]!.message, /^BootNotificationResponse: interval must be an integer/);
    assert.match(
      findings[1]!.message,
      /^MeterValuesRequest: meterValue\[0\]\.sampledValue\[0\]\.unit is "Hz"/,
    );
    assert.equal(
      findings[2]!.message,
      'OCPP 1.6 has no action "TransactionEvent" (it is an OCPP 2.0.1/2.1 action).',
    );
  });

  void test('at most 10 schema findings per frame, then one that counts the rest', () => {
    const capture = new Capture();
    capture.opened(0, 'ocpp1.6');
    const extra = Object.fromEntries(Array.from({ length: 13 }, (_, k) => [`field${k}`, k]));
    capture.station(10, [2, '1', 'Heartbeat', extra]);
    capture.csms(20, [3, '1', { currentTime: '2025-11-21T13:00:00Z' }]);
    const { findings } = analyse(capture);
    assert.equal(findings.length, 11);
    assert.ok(findings.every((f) => f.rule === 'schema.invalid-payload' && f.seqs[0] === 2));
    assert.deepEqual(findings[9]!.location, { seq: 2, path: [3, 'field9'] });
    assert.equal(findings[10]!.message, 'HeartbeatRequest: 3 more schema problems in this payload.');
    assert.equal(findings[10]!.location, undefined);
  });

  void test('a 2.1 SEND is validated against its schema; on 2.0.1 it is out of place', () => {
    const send = [
      6,
      's1',
      'NotifyPeriodicEventStream',
      { id: 3, pending: 0, basetime: '2025-11-21T13:00:00.000Z', data: [{ t: 0, v: '11040' }] },
    ];
    const on21 = new Capture();
    on21.opened(0, 'ocpp2.1');
    on21.station(10, send);
    assert.deepEqual(analyse(on21).findings, []);
    const on201 = new Capture();
    on201.opened(0, 'ocpp2.0.1');
    on201.station(10, send);
    assert.deepEqual(rules(analyse(on201).findings), [
      'rpc.message-type-version error 2',
      'schema.unknown-action error 2',
    ]);
  });
});

void describe('Analyzer: malformed frames', () => {
  void test('a malformed answer pairs with its CALL, or is an orphan like a well-formed one', () => {
    const capture = new Capture();
    capture.opened(0, 'ocpp1.6');
    capture.station(10, [2, '1', 'Heartbeat', {}]);
    capture.csms(20, '[3,"1",null]');
    capture.csms(30, '[3,"1",null]');
    capture.csms(40, '[4,"7",500,"",{}]');
    const analyzer = new Analyzer({ registry });
    const paired = capture.entries.map((entry) => analyzer.add(entry));
    assert.equal(paired[2]?.call?.seq, 2);
    assert.deepEqual(rules(analyzer.findings), [
      'frame.bad-payload error 3',
      'frame.bad-payload error 4',
      'rpc.answer-without-call warning 4',
      'frame.bad-error-code error 5',
      'rpc.answer-unknown-id error 5',
    ]);
  });

  void test('a binary frame is reported and nothing else is read from it', () => {
    const capture = new Capture();
    capture.opened(0, 'ocpp1.6');
    const entry = capture.station(10, Buffer.from('[2,"1","Heartbeat",{}]').toString('base64'));
    entry.binary = true;
    const { findings } = analyse(capture);
    assert.deepEqual(rules(findings), ['frame.binary error 2']);
    assert.deepEqual(findings[0]!.messageIds, []);
  });
});
