/**
 * A capture written for the findings tests: OCPP 1.6 frames whose findings are known. Built in
 * code rather than kept as a fixture because the count matters (more than one page of findings
 * of one rule, so "load more" and jumps to rows never loaded are exercised).
 */

/** MeterValues CALLs that report a frequency in "Hz", a unit OCPP 1.6 lacks (a known field deviation). */
export const DEVIATION_FRAMES = 230;

const T0 = Date.parse('2025-11-21T09:00:00.000Z');

export function findingsCapture(): string {
  const lines: unknown[] = [
    {
      format: 'ocpp-scope-capture',
      formatVersion: 1,
      id: 'e2e-findings',
      name: 'CP-E2E-01: findings panel test (OCPP 1.6J)',
      createdAt: new Date(T0).toISOString(),
      createdBy: 'ocpp-scope e2e',
    },
  ];
  let seq = 0;
  const add = (fields: Record<string, unknown>) => {
    seq++;
    lines.push({ seq, ts: T0 + seq * 250, source: 'import', ...fields });
  };
  const frame = (stationId: string, connectionId: string, direction: string, message: unknown) =>
    add({ kind: 'frame', stationId, connectionId, direction, raw: JSON.stringify(message) });

  add({
    kind: 'connection',
    stationId: 'CP-E2E-01',
    connectionId: 'c1',
    event: 'opened',
    subprotocol: 'ocpp1.6',
  });
  // No chargePointModel: a schema error, reported on the payload object.
  frame('CP-E2E-01', 'c1', 'toCsms', [2, 'boot-1', 'BootNotification', { chargePointVendor: 'E2E' }]);
  frame('CP-E2E-01', 'c1', 'toStation', [
    3,
    'boot-1',
    { status: 'Accepted', currentTime: '2025-11-21T09:00:01.000Z', interval: 300 },
  ]);
  for (let k = 0; k < DEVIATION_FRAMES; k++) {
    const id = `mv-${k}`;
    frame('CP-E2E-01', 'c1', 'toCsms', [
      2,
      id,
      'MeterValues',
      {
        connectorId: 1,
        meterValue: [
          {
            timestamp: new Date(T0 + k * 60_000).toISOString(),
            sampledValue: [{ value: '50.02', measurand: 'Frequency', unit: 'Hz' }],
          },
        ],
      },
    ]);
    frame('CP-E2E-01', 'c1', 'toStation', [3, id, {}]);
  }
  // The second station negotiated no subprotocol: its version is detected from its frames.
  add({ kind: 'connection', stationId: 'CP-E2E-02', connectionId: 'c2', event: 'opened' });
  frame('CP-E2E-02', 'c2', 'toCsms', [
    2,
    'st-1',
    'StartTransaction',
    { connectorId: 1, idTag: 'TAG1', meterStart: 0, timestamp: '2025-11-21T09:10:00.000Z' },
  ]);
  frame('CP-E2E-02', 'c2', 'toStation', [3, 'st-1', { transactionId: 7, idTagInfo: { status: 'Accepted' } }]);
  // Never answered.
  frame('CP-E2E-01', 'c1', 'toCsms', [2, 'hb-1', 'Heartbeat', {}]);
  return lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
}
