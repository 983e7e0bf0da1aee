import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TimelineRow } from '../../../../../src/shared/timeline/row';
import {
  arrowLabel,
  endpoints,
  formatGap,
  gapBefore,
  laneGeometry,
  labelMaxWidth,
  labelPlacement,
  laneX,
  MIN_LABEL_WIDTH,
  MIN_LANE_WIDTH,
  scrollToStation,
  slotDescription,
  slotKind,
  visibleStations,
} from '../../../../../src/renderer/features/sequence/sequence-layout';

function row(extra: Partial<TimelineRow>): TimelineRow {
  return {
    seq: 10,
    ts: 1_000_000,
    deltaMs: 50,
    kind: 'frame',
    connectionId: 'c1',
    stationId: 'CP-1',
    source: 'proxy',
    direction: 'toCsms',
    messageType: 2,
    action: 'BootNotification',
    ...extra,
  };
}

void describe('lane geometry', () => {
  void test('lanes that fit share the width evenly: stations left, then the proxy, the CSMS right', () => {
    const g = laneGeometry(['CP-1', 'CP-2'], true, 800, 0);
    assert.equal(g.stationLaneWidth, 200);
    assert.equal(g.maxScroll, 0);
    assert.deepEqual(laneX(g, { kind: 'station', id: 'CP-1' }), { x: 100 });
    assert.deepEqual(laneX(g, { kind: 'station', id: 'CP-2' }), { x: 300 });
    assert.deepEqual(laneX(g, { kind: 'proxy' }), { x: 500 });
    assert.deepEqual(laneX(g, { kind: 'csms' }), { x: 700 });
  });

  void test('without altered frames there is no proxy lane and the CSMS takes the last one', () => {
    const g = laneGeometry(['CP-1'], false, 600, 0);
    assert.equal(laneX(g, { kind: 'proxy' }), undefined);
    assert.deepEqual(laneX(g, { kind: 'csms' }), { x: 450 });
  });

  void test('too many stations: lanes keep their minimum width and scroll under a pinned CSMS', () => {
    const stations = Array.from({ length: 20 }, (_, i) => `CP-${String(i).padStart(2, '0')}`);
    const g = laneGeometry(stations, false, 1000, 0);
    assert.equal(g.stationLaneWidth, MIN_LANE_WIDTH);
    assert.equal(g.stationsWidth, 1000 - MIN_LANE_WIDTH);
    assert.equal(g.maxScroll, 20 * MIN_LANE_WIDTH - g.stationsWidth);
    assert.equal(g.csmsX, 1000 - MIN_LANE_WIDTH / 2);

    const scrolled = laneGeometry(stations, false, 1000, 2 * MIN_LANE_WIDTH);
    assert.equal(scrolled.csmsX, g.csmsX, 'the CSMS does not move with the stations');
    assert.deepEqual(laneX(scrolled, { kind: 'station', id: 'CP-02' }), { x: MIN_LANE_WIDTH / 2 });
    assert.deepEqual(laneX(scrolled, { kind: 'station', id: 'CP-00' }), { x: 0, clipped: 'left' });
    assert.deepEqual(laneX(scrolled, { kind: 'station', id: 'CP-19' }), {
      x: scrolled.stationsWidth,
      clipped: 'right',
    });
    assert.deepEqual(
      visibleStations(scrolled).map((s) => s.id),
      ['CP-02', 'CP-03', 'CP-04', 'CP-05', 'CP-06', 'CP-07'],
    );
  });

  void test('scroll is clamped to what there is to scroll', () => {
    assert.equal(laneGeometry(['CP-1'], false, 600, 500).scroll, 0);
    const many = Array.from({ length: 10 }, (_, i) => `CP-${i}`);
    const g = laneGeometry(many, false, 600, 1e6);
    assert.equal(g.scroll, g.maxScroll);
  });

  void test('a selected entry brings its station lane into view, centred, and leaves a visible one alone', () => {
    const stations = Array.from({ length: 20 }, (_, i) => `CP-${String(i).padStart(2, '0')}`);
    const g = laneGeometry(stations, true, 1000, 0);
    assert.equal(scrollToStation(g, 'CP-01'), undefined);
    const target = scrollToStation(g, 'CP-12');
    assert.ok(target !== undefined);
    const moved = laneGeometry(stations, true, 1000, target);
    const at = laneX(moved, { kind: 'station', id: 'CP-12' });
    assert.equal(at?.clipped, undefined);
    assert.ok(Math.abs((at?.x ?? 0) - moved.stationsWidth / 2) <= 1);
    assert.equal(scrollToStation(g, 'CP-19'), g.maxScroll);
    assert.equal(scrollToStation(laneGeometry(['CP-1'], false, 900, 0), 'CP-1'), undefined);
  });
});

void describe('arrows', () => {
  void test('kinds by message type; connection, binary and unparsable frames apart', () => {
    assert.equal(slotKind(row({ messageType: 2 })), 'call');
    assert.equal(slotKind(row({ messageType: 3 })), 'result');
    assert.equal(slotKind(row({ messageType: 4 })), 'error');
    assert.equal(slotKind(row({ messageType: 5 })), 'error');
    assert.equal(slotKind(row({ messageType: 6 })), 'send');
    assert.equal(slotKind(row({ messageType: undefined })), 'malformed');
    assert.equal(slotKind(row({ binary: true, messageType: undefined })), 'binary');
    assert.equal(slotKind(row({ kind: 'connection', event: 'opened' })), 'connection');
    assert.equal(
      slotKind(row({ kind: 'console', summary: 'I (1) boot', messageType: undefined })),
      'console',
    );
    // A binary console line is a note like any other, not a binary frame's arrow.
    assert.equal(slotKind(row({ kind: 'console', binary: true, messageType: undefined })), 'console');
  });

  void test('labels: the action, the action answered with "result" or the error code', () => {
    assert.equal(arrowLabel(row({})), 'BootNotification');
    assert.equal(arrowLabel(row({ messageType: 3 })), 'BootNotification result');
    assert.equal(arrowLabel(row({ messageType: 3, action: undefined })), 'result');
    assert.equal(
      arrowLabel(row({ messageType: 4, action: 'StartTransaction', errorCode: 'InternalError' })),
      'StartTransaction InternalError',
    );
    assert.equal(
      arrowLabel(row({ messageType: 4, action: undefined, errorCode: 'NotImplemented' })),
      'NotImplemented',
    );
    assert.equal(arrowLabel(row({ messageType: undefined, action: undefined })), 'malformed');
    assert.equal(
      arrowLabel(row({ kind: 'connection', event: 'closed', summary: 'closed 1000 (station) Bye' })),
      'closed 1000 (station) Bye',
    );
  });

  void test('station to CSMS and back; the proxy stands in for the side it injected for or dropped', () => {
    const station = { kind: 'station', id: 'CP-1' };
    assert.deepEqual(endpoints(row({}), false), { from: station, to: { kind: 'csms' } });
    assert.deepEqual(endpoints(row({ direction: 'toStation' }), true), {
      from: { kind: 'csms' },
      to: station,
    });
    assert.deepEqual(endpoints(row({ direction: 'toStation', flags: ['injected'] }), true), {
      from: { kind: 'proxy' },
      to: station,
    });
    assert.deepEqual(endpoints(row({ flags: ['dropped', 'delayed'] }), true), {
      from: station,
      to: { kind: 'proxy' },
    });
    // Modified and delayed frames still went all the way.
    assert.deepEqual(endpoints(row({ flags: ['modified'] }), true), { from: station, to: { kind: 'csms' } });
  });
});

void describe('time gaps', () => {
  void test('format: two units at most, rounded', () => {
    assert.equal(formatGap(1000), '1.0 s');
    assert.equal(formatGap(1740), '1.7 s');
    assert.equal(formatGap(9960), '10 s');
    assert.equal(formatGap(42_400), '42 s');
    assert.equal(formatGap(59_600), '1 min');
    assert.equal(formatGap(252_000), '4 min 12 s');
    assert.equal(formatGap(3_599_600), '1 h');
    assert.equal(formatGap(7_500_000), '2 h 5 min');
    assert.equal(formatGap(3 * 86_400_000 + 4 * 3_600_000 + 10_000), '3 d 4 h');
  });

  void test('a break from one second on, heavier from a minute; never before the first row', () => {
    assert.equal(gapBefore(row({ deltaMs: 999 }), 3, undefined), undefined);
    assert.deepEqual(gapBefore(row({ deltaMs: 1000 }), 3, undefined), {
      ms: 1000,
      label: '+1.0 s',
      long: false,
    });
    assert.equal(gapBefore(row({ deltaMs: 90_000 }), 3, undefined)?.long, true);
    assert.equal(gapBefore(row({ deltaMs: 90_000 }), 0, undefined), undefined);
  });

  void test('measured from the previous row of the view when it is loaded (a filter skips entries)', () => {
    // The session's previous entry came 50 ms before, but the filter's previous row 5 min before.
    const gap = gapBefore(row({ ts: 1_000_000, deltaMs: 50 }), 7, 1_000_000 - 300_000);
    assert.equal(gap?.label, '+5 min');
  });
});

void describe('labels', () => {
  void test('centred over an arrow in view; hung from the visible end of one cut at the lanes edge', () => {
    assert.deepEqual(labelPlacement({ x: 100 }, { x: 500 }, 800), { left: 300, align: 'centre' });
    // A station scrolled out to the right: the arrow shows from the edge to the CSMS only.
    assert.deepEqual(labelPlacement({ x: 600, clipped: 'right' }, { x: 725 }, 800), {
      right: 81,
      align: 'end',
    });
    assert.deepEqual(labelPlacement({ x: 725 }, { x: 0, clipped: 'left' }, 800), {
      left: 12,
      align: 'start',
    });
    assert.equal(labelMaxWidth({ x: 100 }, { x: 700 }), 588);
    assert.equal(labelMaxWidth({ x: 600 }, { x: 725 }), MIN_LABEL_WIDTH);
  });
});

void describe('screen reader text', () => {
  void test('an arrow: seq, clock, the pause before it, who to whom, what, what the proxy did, findings', () => {
    const injected = row({
      seq: 42,
      ts: Date.UTC(2025, 10, 21, 9, 0, 5, 120),
      direction: 'toStation',
      action: 'TriggerMessage',
      flags: ['injected'],
      findings: { count: 2, severity: 'warning' },
    });
    const gap = gapBefore(injected, 3, injected.ts - 4000);
    assert.equal(
      slotDescription(injected, endpoints(injected, true), gap),
      '#42, 09:00:05.120, after 4.0 s, OCPP Scope proxy to CP-1: CALL TriggerMessage, injected, 2 findings',
    );
  });

  void test('a console line: the station logged it, what it says, and whether it is not UTF-8', () => {
    const log = row({
      kind: 'console',
      ts: 0,
      direction: undefined,
      messageType: undefined,
      action: undefined,
      summary: 'I (1234) ocpp: connecting',
    });
    assert.equal(arrowLabel(log), 'I (1234) ocpp: connecting');
    assert.equal(
      slotDescription(log, undefined, undefined),
      '#10, 00:00:00.000, CP-1 logged: I (1234) ocpp: connecting',
    );
    assert.equal(
      slotDescription({ ...log, binary: true, summary: 'I \uFFFD' }, undefined, undefined),
      '#10, 00:00:00.000, CP-1 logged: I \uFFFD, not UTF-8',
    );
  });

  void test('a connection event and a malformed frame', () => {
    const closed = row({ kind: 'connection', event: 'closed', summary: 'closed 1000 (station)', ts: 0 });
    assert.equal(
      slotDescription(closed, undefined, undefined),
      '#10, 00:00:00.000, CP-1: closed 1000 (station)',
    );
    const broken = row({
      ts: 0,
      messageType: undefined,
      action: undefined,
      problem: { kind: 'invalid-json', message: 'x' },
    });
    assert.equal(
      slotDescription(broken, endpoints(broken, false), undefined),
      '#10, 00:00:00.000, CP-1 to CSMS: frame, malformed (invalid-json)',
    );
  });
});
