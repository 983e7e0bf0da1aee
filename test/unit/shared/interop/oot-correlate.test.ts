import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  consumerView,
  OotCorrelator,
  type ConsumerView,
  type CorrelatedRecord,
} from '../../../../src/shared/interop/oot/correlate';
import { decodeRecord, type OotRecord } from '../../../../src/shared/interop/oot/record';
import { fileURLToPath } from 'node:url';
import { prng } from '../../../support/prng';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

const OOT = join(ROOT, 'fixtures/oot');
const TRACES = readdirSync(OOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

function records(text: string): OotRecord[] {
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line, i) => {
      const decoded = decodeRecord(JSON.parse(line));
      assert.ok(decoded.ok, `line ${i + 1}: ${decoded.ok ? '' : decoded.error}`);
      return decoded.record;
    });
}

/** A compact trace for the rule: `>` cp-to-csms, `<` csms-to-cp; `C` CALL, `R` CALLRESULT, `E` CALLERROR. */
function trace(spec: string): (CorrelatedRecord & { schemaVersion: string })[] {
  return spec
    .trim()
    .split(/\s+/)
    .map((token) => {
      const match = /^([><])([CRE])(\w[\w-]*)(?::(\w+))?$/.exec(token);
      assert.ok(match, token);
      const [, arrow, type, messageId, action] = match;
      return {
        schemaVersion: '1.1',
        direction: arrow === '>' ? 'cp-to-csms' : 'csms-to-cp',
        messageType: type === 'C' ? 'CALL' : type === 'R' ? 'CALLRESULT' : 'CALLERROR',
        messageId,
        ...(action !== undefined ? { action } : {}),
      } as const;
    });
}

/** The rule as the conformance README words it, scanning backwards (the reference's way). */
function naiveView(list: readonly CorrelatedRecord[]): Pick<
  ConsumerView,
  'unansweredCalls' | 'orphanResponses'
> & {
  pairs: (number | undefined)[];
} {
  const answered = new Set<number>();
  const pairs: (number | undefined)[] = [];
  const orphanResponses: number[] = [];
  list.forEach((r, i) => {
    if (r.messageType === 'CALL') return pairs.push(undefined);
    let match: number | undefined;
    for (let j = i - 1; j >= 0; j--) {
      const c = list[j]!;
      if (
        c.messageType === 'CALL' &&
        c.messageId === r.messageId &&
        c.direction !== r.direction &&
        !answered.has(j)
      ) {
        match = j;
        break;
      }
    }
    if (match === undefined) orphanResponses.push(i);
    else answered.add(match);
    return pairs.push(match);
  });
  const unansweredCalls = list.flatMap((r, i) => (r.messageType === 'CALL' && !answered.has(i) ? [i] : []));
  return { pairs, unansweredCalls, orphanResponses };
}

void describe('Open OCPP Trace consumer view: our fixtures', () => {
  assert.ok(TRACES.length >= 4);
  for (const name of TRACES) {
    void test(`${name}: the view equals expected.json`, () => {
      const view = consumerView(records(readFileSync(join(OOT, name, 'trace.jsonl'), 'utf8')));
      const expected: unknown = JSON.parse(readFileSync(join(OOT, name, 'expected.json'), 'utf8'));
      assert.deepEqual(view, expected);
    });
  }

  void test('multi-station: the trace-wide rule pairs each CALLRESULT with the other station’s CALL', () => {
    const list = records(readFileSync(join(OOT, 'multi-station', 'trace.jsonl'), 'utf8'));
    const view = consumerView(list);
    assert.equal(list[2]!.chargePointId, 'CP-NORTH-01');
    assert.equal(list[view.records[2]!.correlatesWith!]!.chargePointId, 'CP-SOUTH-02');
    assert.equal(view.records[2]!.action, 'StatusNotification');
    assert.equal(view.records[3]!.action, 'BootNotification');
  });
});

void describe('Open OCPP Trace consumer view: the specification’s situations', () => {
  void test('a response to a CALL made before the capture started is an orphan without action', () => {
    const view = consumerView(trace('>C1:BootNotification <R1 <Rbefore-start'));
    assert.deepEqual(view.records[1], {
      index: 1,
      messageType: 'CALLRESULT',
      messageId: '1',
      action: 'BootNotification',
      correlatesWith: 0,
    });
    assert.deepEqual(view.records[2], { index: 2, messageType: 'CALLRESULT', messageId: 'before-start' });
    assert.deepEqual(view.orphanResponses, [2]);
    assert.deepEqual(view.unansweredCalls, []);
    assert.deepEqual(view.counts, { records: 3, calls: 1, callResults: 2, callErrors: 0 });
  });

  void test('a CSMS that never answers the boot leaves it unanswered; the later Heartbeat is answered', () => {
    const view = consumerView(trace('>Cb:BootNotification >Ch:Heartbeat <Rh'));
    assert.deepEqual(view.unansweredCalls, [0]);
    assert.deepEqual(view.orphanResponses, []);
    assert.equal(view.records[2]!.correlatesWith, 1);
    assert.equal(view.records[2]!.action, 'Heartbeat');
  });

  void test('the most recent open CALL wins; an answered one is never taken again', () => {
    const view = consumerView(trace('>C7:Heartbeat >C7:Authorize <R7 <R7 <R7'));
    assert.equal(view.records[2]!.correlatesWith, 1);
    assert.equal(view.records[3]!.correlatesWith, 0);
    assert.deepEqual(view.orphanResponses, [4]);
  });

  void test('an answer in the same direction as the CALL does not correlate', () => {
    const view = consumerView(trace('<C5:Reset <E5 >R5'));
    assert.deepEqual(view.orphanResponses, [1]);
    assert.equal(view.records[2]!.correlatesWith, 0);
    assert.equal(view.counts.callErrors, 1);
  });

  void test('an orphan keeps the action its record names; a correlated answer takes its CALL’s', () => {
    const view = consumerView(trace('>C1:Heartbeat <R1:Authorize <E2:Reset'));
    assert.equal(view.records[1]!.action, 'Heartbeat');
    assert.equal(view.records[2]!.action, 'Reset');
  });

  void test('an empty trace', () => {
    assert.deepEqual(consumerView([]), {
      schemaVersion: 'unknown',
      counts: { records: 0, calls: 0, callResults: 0, callErrors: 0 },
      records: [],
      unansweredCalls: [],
      orphanResponses: [],
    });
  });
});

void describe('OotCorrelator: the map-based rule gives the backwards scan’s results', () => {
  void test('random traces with few ids, both directions, missing ids', () => {
    const random = prng(4242);
    for (let round = 0; round < 300; round++) {
      const list: CorrelatedRecord[] = [];
      const length = Math.floor(random() * 60);
      for (let i = 0; i < length; i++) {
        const r = random();
        list.push({
          messageType: r < 0.45 ? 'CALL' : r < 0.85 ? 'CALLRESULT' : 'CALLERROR',
          direction: random() < 0.5 ? 'cp-to-csms' : 'csms-to-cp',
          messageId: random() < 0.05 ? undefined : String(Math.floor(random() * 4)),
          action: 'Heartbeat',
        });
      }
      const correlator = new OotCorrelator();
      const pairs = list.map((record) => correlator.add(record));
      const naive = naiveView(list);
      assert.deepEqual(pairs, naive.pairs, `round ${round}`);
      assert.deepEqual(correlator.unanswered(), naive.unansweredCalls, `round ${round}`);
      assert.equal(correlator.unansweredCount, naive.unansweredCalls.length);
      assert.equal(correlator.orphanCount, naive.orphanResponses.length);
      const view = consumerView(list);
      assert.deepEqual(view.unansweredCalls, naive.unansweredCalls);
      assert.deepEqual(view.orphanResponses, naive.orphanResponses);
    }
  });
});
