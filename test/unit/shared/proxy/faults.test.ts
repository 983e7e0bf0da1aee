import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkFaultRules,
  combineFaults,
  describeFault,
  matchFaults,
  needsAction,
  type FaultRule,
} from '../../../../src/shared/proxy/faults';

const target = { stationId: 'CP1', direction: 'toCsms' as const, action: 'Heartbeat' };

void describe('matchFaults', () => {
  void test('filters by station, direction and action; absent filters match everything', () => {
    const rules: FaultRule[] = [
      { name: 'all', effect: { kind: 'drop' } },
      { name: 'other station', stationId: 'CP2', effect: { kind: 'drop' } },
      { name: 'other direction', direction: 'toStation', effect: { kind: 'drop' } },
      { name: 'other action', action: 'BootNotification', effect: { kind: 'drop' } },
      {
        name: 'exact',
        stationId: 'CP1',
        direction: 'toCsms',
        action: 'Heartbeat',
        effect: { kind: 'duplicate' },
      },
      { name: 'off', enabled: false, effect: { kind: 'close' } },
    ];
    assert.deepEqual(
      matchFaults(rules, [], target).map((r) => r.name),
      ['all', 'exact'],
    );
    assert.deepEqual(
      matchFaults(rules, [], { ...target, action: undefined }).map((r) => r.name),
      ['all'],
    );
  });

  void test('times limits each rule, counted per rule index', () => {
    const rules: FaultRule[] = [
      { name: 'once', times: 1, effect: { kind: 'drop' } },
      { name: 'twice', times: 2, effect: { kind: 'delay', ms: 5 } },
    ];
    const counts: number[] = [];
    const fired = [1, 2, 3].map(() => matchFaults(rules, counts, target).map((r) => r.name));
    assert.deepEqual(fired, [['once', 'twice'], ['twice'], []]);
    assert.deepEqual(counts, [1, 2]);
  });

  void test('a frame that does not match does not use up a rule', () => {
    const rules: FaultRule[] = [
      { name: 'boot', action: 'BootNotification', times: 1, effect: { kind: 'drop' } },
    ];
    const counts: number[] = [];
    matchFaults(rules, counts, target);
    assert.equal(matchFaults(rules, counts, { ...target, action: 'BootNotification' }).length, 1);
  });
});

void describe('describeFault and needsAction', () => {
  void test('say what a rule did, with its name', () => {
    assert.equal(
      describeFault({ name: 'slow', effect: { kind: 'delay', ms: 300 } }),
      'delay 300 ms (rule "slow")',
    );
    assert.equal(describeFault({ name: 'x', effect: { kind: 'drop' } }), 'drop (rule "x")');
    assert.equal(describeFault({ name: 'x', effect: { kind: 'duplicate' } }), 'duplicate (rule "x")');
    assert.equal(describeFault({ name: 'x', effect: { kind: 'close' } }), 'close the connection (rule "x")');
  });

  void test('needsAction only for enabled rules with an action', () => {
    assert.equal(needsAction([{ name: 'a', effect: { kind: 'drop' } }]), false);
    assert.equal(
      needsAction([{ name: 'a', action: 'Heartbeat', enabled: false, effect: { kind: 'drop' } }]),
      false,
    );
    assert.equal(needsAction([{ name: 'a', action: 'Heartbeat', effect: { kind: 'drop' } }]), true);
  });
});

void describe('checkFaultRules', () => {
  void test('accepts and copies valid rules, leaving unknown keys out', () => {
    const rules = checkFaultRules([
      {
        name: 'slow',
        action: 'Heartbeat',
        direction: 'toStation',
        times: 2,
        enabled: true,
        effect: { kind: 'delay', ms: 0 },
        extra: 1,
      },
      { name: 'cut', stationId: 'CP 1', effect: { kind: 'close' } },
    ]);
    assert.deepEqual(rules, [
      {
        name: 'slow',
        action: 'Heartbeat',
        direction: 'toStation',
        times: 2,
        enabled: true,
        effect: { kind: 'delay', ms: 0 },
      },
      { name: 'cut', stationId: 'CP 1', effect: { kind: 'close' } },
    ]);
  });

  void test('names the rule and the field that is wrong', () => {
    const cases: [unknown, RegExp][] = [
      [{}, /must be an array/],
      [[null], /fault rule 1 must be an object/],
      [[{ name: '', effect: { kind: 'drop' } }], /fault rule 1: "name"/],
      [[{ name: 'x'.repeat(101), effect: { kind: 'drop' } }], /"name"/],
      [
        [
          { name: 'a', effect: { kind: 'drop' } },
          { name: 'b', effect: { kind: 'explode' } },
        ],
        /fault rule 2: "effect.kind"/,
      ],
      [[{ name: 'a' }], /"effect.kind"/],
      [[{ name: 'a', effect: { kind: 'delay' } }], /a delay needs "ms"/],
      [[{ name: 'a', effect: { kind: 'delay', ms: -1 } }], /a delay needs "ms"/],
      [[{ name: 'a', effect: { kind: 'delay', ms: 600_001 } }], /a delay needs "ms"/],
      [[{ name: 'a', effect: { kind: 'delay', ms: Number.NaN } }], /a delay needs "ms"/],
      [[{ name: 'a', action: '', effect: { kind: 'drop' } }], /"action" must be a non-empty string/],
      [[{ name: 'a', stationId: 5, effect: { kind: 'drop' } }], /"stationId"/],
      [[{ name: 'a', direction: 'up', effect: { kind: 'drop' } }], /"direction" must be toCsms or toStation/],
      [[{ name: 'a', times: 0, effect: { kind: 'drop' } }], /"times" must be a positive integer/],
      [[{ name: 'a', times: 1.5, effect: { kind: 'drop' } }], /"times"/],
      [[{ name: 'a', enabled: 'yes', effect: { kind: 'drop' } }], /"enabled" must be true or false/],
    ];
    for (const [value, message] of cases)
      assert.throws(() => checkFaultRules(value), message, JSON.stringify(value));
  });
});

void describe('combineFaults', () => {
  void test('delays add up; drop, close and duplicate are each on when any rule says so', () => {
    assert.deepEqual(combineFaults([]), {
      delayMs: 0,
      delayed: false,
      drop: false,
      close: false,
      duplicate: false,
    });
    assert.deepEqual(
      combineFaults([
        { name: 'a', effect: { kind: 'delay', ms: 100 } },
        { name: 'b', effect: { kind: 'delay', ms: 0 } },
        { name: 'c', effect: { kind: 'delay', ms: 50 } },
        { name: 'd', effect: { kind: 'duplicate' } },
      ]),
      { delayMs: 150, delayed: true, drop: false, close: false, duplicate: true },
    );
    assert.deepEqual(
      combineFaults([
        { name: 'e', effect: { kind: 'drop' } },
        { name: 'f', effect: { kind: 'close' } },
      ]),
      { delayMs: 0, delayed: false, drop: true, close: true, duplicate: false },
    );
  });
});
