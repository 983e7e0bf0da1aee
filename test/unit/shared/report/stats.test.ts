import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  latencyHistogram,
  latencyStats,
  MAX_RATE_BUCKETS,
  percentile,
  rateBucketSize,
} from '../../../../src/shared/report/stats';
import { CaptureBuilder } from '../analysis/capture-builder';
import { entriesReport } from './report-support';

const START = Date.UTC(2025, 10, 24, 16, 0, 0);

void describe('report stats: percentiles', () => {
  void test('nearest rank on known values: 1..100 gives 50, 95 and 100', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(values, 50), 50);
    assert.equal(percentile(values, 95), 95);
    assert.equal(percentile(values, 100), 100);
    assert.equal(percentile(values, 0), 1);
  });

  void test('few values: always one that was measured, never an interpolation', () => {
    assert.equal(percentile([7], 50), 7);
    assert.equal(percentile([7], 95), 7);
    assert.equal(percentile([10, 20], 50), 10);
    assert.equal(percentile([10, 20], 95), 20);
    assert.equal(percentile([1, 2, 3, 4], 50), 2);
    assert.equal(
      percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 1000], 95),
      19,
    );
  });

  void test('latencyStats sorts numerically (not as text) and rounds to a tenth of a ms', () => {
    assert.deepEqual(latencyStats([900, 80, 1000.04, 7, 100]), { count: 5, p50: 100, p95: 1000, max: 1000 });
    assert.equal(latencyStats([]), undefined);
    assert.deepEqual(latencyStats([12.345]), { count: 1, p50: 12.3, p95: 12.3, max: 12.3 });
  });
});

void describe('report stats: rate buckets and the latency histogram', () => {
  void test('the bucket size gives at most 200 buckets, and at least 60 once the span is a few seconds', () => {
    for (const span of [
      5_000,
      59_000,
      60_000,
      10 * 60_000,
      3_600_000,
      8 * 3_600_000,
      7 * 86_400_000,
      400 * 86_400_000,
    ]) {
      const size = rateBucketSize(span);
      const buckets = Math.floor(span / size) + 1;
      assert.ok(buckets <= MAX_RATE_BUCKETS + 1, `${span} ms: ${buckets} buckets of ${size} ms`);
      assert.ok(buckets >= 60, `${span} ms: ${buckets} buckets of ${size} ms`);
    }
    assert.equal(rateBucketSize(0), 10);
  });

  void test('latency bins: lower bound inclusive, empty bins at the end left out, the last one open', () => {
    const bins = latencyHistogram([0, 9.9, 10, 49, 50, 120]);
    assert.deepEqual(
      bins.map((b) => [b.fromMs, b.toMs, b.count]),
      [
        [0, 10, 2],
        [10, 20, 1],
        [20, 50, 1],
        [50, 100, 1],
        [100, 200, 1],
      ],
    );
    const slow = latencyHistogram([45_000]);
    const last = slow[slow.length - 1]!;
    assert.deepEqual([last.fromMs, last.toMs, last.count], [30_000, undefined, 1]);
    assert.equal(
      slow.reduce((n, b) => n + b.count, 0),
      1,
    );
    assert.deepEqual(latencyHistogram([]), []);
  });
});

void describe('report stats: per action', () => {
  void test('calls by direction, results, errors, unanswered and latency; the rate counts every frame', () => {
    const c = new CaptureBuilder({ start: START, stationId: 'CP-1', subprotocol: 'ocpp1.6' }).open();
    const boot = c.call('station', 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    c.advance(120);
    c.result(boot.id, { status: 'Accepted', currentTime: '2025-11-24T16:00:00Z', interval: 300 });
    for (const ms of [40, 60, 80]) {
      c.advance(1000);
      const hb = c.call('station', 'Heartbeat', {});
      c.advance(ms);
      if (ms === 80) c.error(hb.id, 'InternalError');
      else c.result(hb.id, { currentTime: '2025-11-24T16:00:00Z' });
    }
    c.advance(1000);
    const trigger = c.call('csms', 'TriggerMessage', { requestedMessage: 'Heartbeat' });
    c.advance(30);
    c.result(trigger.id, { status: 'Accepted' }, 'station');
    c.advance(1000);
    c.call('station', 'StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });

    const report = entriesReport(c.entries);
    const byAction = new Map(report.summary.actions.map((a) => [a.action, a]));
    assert.deepEqual(
      report.summary.actions.map((a) => a.action),
      ['BootNotification', 'Heartbeat', 'StatusNotification', 'TriggerMessage'],
    );
    assert.deepEqual(byAction.get('Heartbeat'), {
      action: 'Heartbeat',
      calls: { toCsms: 3, toStation: 0 },
      results: 2,
      errors: 1,
      unanswered: 0,
      latency: { count: 3, p50: 60, p95: 80, max: 80 },
    });
    assert.deepEqual(byAction.get('TriggerMessage')?.calls, { toCsms: 0, toStation: 1 });
    const status = byAction.get('StatusNotification')!;
    assert.equal(status.unanswered, 1);
    assert.equal(status.latency, undefined);
    assert.deepEqual(report.summary.frames, { toCsms: 6, toStation: 5 });
    const counted = report.charts.rate.buckets.reduce((n, b) => n + b.frames.toCsms + b.frames.toStation, 0);
    assert.equal(counted, 11);
    assert.equal(
      report.charts.latency.reduce((n, b) => n + b.count, 0),
      5,
    );
  });
});
