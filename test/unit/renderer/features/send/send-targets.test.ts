import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Entry } from '../../../../../src/shared/capture/entry';
import type { CsmsInfo } from '../../../../../src/shared/csms/info';
import type { SerialInfo } from '../../../../../src/shared/serial/config';
import { defaultTarget, targetOptions } from '../../../../../src/renderer/features/send/send-targets';

function bridge(patch: Partial<SerialInfo>): SerialInfo {
  return {
    id: 'serial-1',
    port: '/dev/ttyUSB0',
    settings: '115200 8N1',
    stationId: 'CP-SERIAL',
    protocol: 'ocpp2.0.1',
    upstream: 'ws://127.0.0.1:9000/CP-SERIAL',
    mockCsmsId: 'csms-1',
    sessionId: 'session-serial',
    startedAt: '2026-11-21T10:00:00.000Z',
    portState: 'open',
    linkState: 'open',
    subprotocol: 'ocpp2.0.1',
    counters: {
      frames: { toCsms: 0, toStation: 0 },
      consoleLines: 0,
      droppedLines: 0,
      bytesIn: 0,
      bytesOut: 0,
      portReopens: 0,
      reconnects: 0,
    },
    warnings: [],
    ...patch,
  };
}

/** The bridge's own mock CSMS, which sees the charger as a connected station. */
const mockCsms: CsmsInfo = {
  id: 'csms-1',
  url: 'ws://127.0.0.1:9000/',
  sessionId: 'session-csms',
  startedAt: '2026-11-21T10:00:00.000Z',
  config: {} as CsmsInfo['config'],
  connections: [
    {
      connectionId: 'k1',
      stationId: 'CP-SERIAL',
      subprotocol: 'ocpp2.0.1',
      openedAt: 0,
      frames: { toCsms: 0, toStation: 0 },
      pings: 0,
      pongs: 0,
    },
  ],
  stateVersion: 0,
  warnings: [],
};

const frame = (patch: Partial<Entry & { kind: 'frame' }>): Entry => ({
  kind: 'frame',
  seq: 7,
  ts: 0,
  connectionId: 'c3',
  stationId: 'CP-SERIAL',
  source: 'serial',
  direction: 'toCsms',
  raw: '[2,"1","Heartbeat",{}]',
  ...patch,
});

void test('a running serial bridge is a target both ways, each while its side is open', () => {
  const both = targetOptions([], [], [bridge({})]);
  assert.deepEqual(
    both.map((o) => [o.key, o.label, o.direction, o.version, o.sessionId, o.target]),
    [
      [
        'serial:serial-1:toCsms',
        '→ CSMS, as CP-SERIAL (serial /dev/ttyUSB0)',
        'toCsms',
        '2.0.1',
        'session-serial',
        { kind: 'serial', bridgeId: 'serial-1', direction: 'toCsms' },
      ],
      [
        'serial:serial-1:toStation',
        '← CP-SERIAL on /dev/ttyUSB0, as the CSMS',
        'toStation',
        '2.0.1',
        'session-serial',
        { kind: 'serial', bridgeId: 'serial-1', direction: 'toStation' },
      ],
    ],
  );
  // The CSMS connection retrying: only the port side takes frames, in the version the bridge offers.
  const portOnly = targetOptions([], [], [bridge({ linkState: 'waiting', subprotocol: undefined })]);
  assert.deepEqual(
    portOnly.map((o) => [o.key, o.version]),
    [['serial:serial-1:toStation', '2.0.1']],
  );
  assert.deepEqual(targetOptions([], [], [bridge({ portState: 'reopening', linkState: 'closed' })]), []);
});

void test('a frame captured by a bridge defaults to that bridge, the same way, on a later CSMS connection too', () => {
  const options = targetOptions([], [mockCsms], [bridge({})]);
  assert.equal(defaultTarget(frame({}), 'session-serial', options), 'serial:serial-1:toCsms');
  assert.equal(
    defaultTarget(frame({ direction: 'toStation' }), 'session-serial', options),
    'serial:serial-1:toStation',
  );
  // Seen in the mock CSMS's own session, it defaults to the mock CSMS.
  assert.equal(
    defaultTarget(frame({ direction: 'toStation', source: 'csms' }), 'session-csms', options),
    'csms:csms-1:CP-SERIAL',
  );
  assert.equal(
    defaultTarget(
      {
        kind: 'console',
        seq: 8,
        ts: 0,
        connectionId: 'port-1',
        stationId: 'CP-SERIAL',
        source: 'serial',
        text: 'I (12) boot',
      },
      'session-serial',
      options,
    ),
    undefined,
  );
});
