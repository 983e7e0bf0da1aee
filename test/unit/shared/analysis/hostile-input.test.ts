/**
 * Frames a broken or hostile peer can send that are valid JSON but extreme: nested far deeper than
 * any real payload. The pipeline must analyse them without a stack overflow (nothing recursive may
 * walk frame content) and in time proportional to their size.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ocaSchemaRegistry } from '../../../../src/main/services/validation/oca-schemas';
import { Analyzer } from '../../../../src/shared/analysis/analyzer';
import type { Entry } from '../../../../src/shared/capture/entry';

const DEPTH = 200_000;
const deep = (inner: string) => '['.repeat(DEPTH) + inner + ']'.repeat(DEPTH);

function entries(subprotocol: string, frames: ['toCsms' | 'toStation', string][]): Entry[] {
  const base = { connectionId: 'c1', stationId: 'CP-DEEP', source: 'proxy' as const };
  return [
    { ...base, seq: 1, ts: 1000, kind: 'connection', event: 'opened', subprotocol },
    ...frames.map(([direction, raw], k): Entry => ({
      ...base,
      seq: k + 2,
      ts: 2000 + k,
      kind: 'frame',
      direction,
      raw,
    })),
  ];
}

function analyse(list: Entry[]) {
  const analyzer = new Analyzer({ registry: ocaSchemaRegistry() });
  for (const entry of list) analyzer.add(entry);
  analyzer.finish();
  return analyzer.findings;
}

void describe('deeply nested payloads', () => {
  void test('a TransactionEvent retried with a 200,000-level nested field is compared without overflow', () => {
    const payload = (id: string) =>
      `{"eventType":"Updated","timestamp":"2025-11-21T13:00:00.000Z","triggerReason":"MeterValuePeriodic","seqNo":1,"transactionInfo":{"transactionId":"T-1"},"customData":{"vendorId":"x","deep":${deep('1')}},"id":"${id}"}`;
    const findings = analyse(
      entries('ocpp2.0.1', [
        ['toCsms', `[2,"a","TransactionEvent",${payload('same')}]`],
        ['toStation', '[3,"a",{}]'],
        ['toCsms', `[2,"b","TransactionEvent",${payload('same')}]`],
        ['toStation', '[3,"b",{"totalCost":1}]'],
      ]),
    );
    const rules = findings.map((f) => f.rule);
    assert.ok(rules.includes('tx20.retry'), rules.join(', '));
    assert.ok(rules.includes('tx20.retry-answered-differently'), rules.join(', '));
  });

  void test('a 2.0.1 payload with a deep array of over-precise date-times is walked without overflow', () => {
    const findings = analyse(
      entries('ocpp2.0.1', [
        ['toCsms', `[2,"a","Heartbeat",{"t":${deep('"2025-11-21T13:00:00.123456Z"')}}]`],
        ['toStation', '[3,"a",{"currentTime":"2025-11-21T13:00:00.000Z"}]'],
      ]),
    );
    const deviation = findings.find((f) => f.rule === 'schema.field-deviation');
    assert.ok(deviation, findings.map((f) => f.rule).join(', '));
    assert.equal(deviation.location?.path.length, 2 + DEPTH);
  });

  void test('1.6 transaction messages and DataTransfer with deeply nested values are analysed without overflow', () => {
    const sample = `{"value":"1","measurand":"Energy.Active.Import.Register","context":${deep('1')}}`;
    const findings = analyse(
      entries('ocpp1.6', [
        [
          'toCsms',
          '[2,"1","StartTransaction",{"connectorId":1,"idTag":"A","meterStart":0,"timestamp":"2025-11-21T13:00:00Z"}]',
        ],
        ['toStation', '[3,"1",{"transactionId":7,"idTagInfo":{"status":"Accepted"}}]'],
        [
          'toCsms',
          `[2,"2","MeterValues",{"connectorId":1,"transactionId":7,"meterValue":[{"timestamp":"2025-11-21T13:01:00Z","sampledValue":[${sample}]}]}]`,
        ],
        ['toStation', '[3,"2",{}]'],
        ['toCsms', `[2,"3","DataTransfer",{"vendorId":"x","data":${deep('"y"')}}]`],
        ['toStation', '[3,"3",{"status":"Accepted"}]'],
        [
          'toCsms',
          `[2,"4","StopTransaction",{"transactionId":7,"meterStop":10,"timestamp":"2025-11-21T13:02:00Z","transactionData":[{"timestamp":"2025-11-21T13:02:00Z","sampledValue":[${sample}]}]}]`,
        ],
        ['toStation', '[3,"4",{}]'],
      ]),
    );
    assert.ok(findings.some((f) => f.rule === 'schema.invalid-payload'));
  });
});
