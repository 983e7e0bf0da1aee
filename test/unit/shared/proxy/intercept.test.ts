import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkBreakpointRules,
  checkInterceptTimeout,
  globMatch,
  matchBreakpoint,
  type BreakpointRule,
} from '../../../../src/shared/proxy/intercept';

void describe('globMatch', () => {
  void test('* is any run, ? one character, the rest literal and case-sensitive', () => {
    assert.ok(globMatch('CP-*', 'CP-0042'));
    assert.ok(globMatch('CP-*', 'CP-'));
    assert.ok(globMatch('*Transaction', 'StartTransaction'));
    assert.ok(globMatch('CP-00?2', 'CP-0042'));
    assert.ok(!globMatch('CP-00?2', 'CP-00442'));
    assert.ok(!globMatch('cp-*', 'CP-1'));
    assert.ok(globMatch('a.b+(c)', 'a.b+(c)'), 'regular-expression characters are literal');
    assert.ok(!globMatch('a.b', 'axb'));
    assert.ok(globMatch('*', 'line\nbreak'));
  });
});

void describe('matchBreakpoint', () => {
  const target = { stationId: 'CP-7', direction: 'toCsms' as const, action: 'StartTransaction' };
  void test('the first enabled rule whose station, action and direction match', () => {
    const rules: BreakpointRule[] = [
      { name: 'off', enabled: false },
      { name: 'other way', direction: 'toStation' },
      { name: 'other station', stationId: 'CP-8*' },
      { name: 'stop', action: 'Stop*' },
      { name: 'tx', stationId: 'CP-?', action: '*Transaction' },
      { name: 'all' },
    ];
    assert.equal(matchBreakpoint(rules, target)?.name, 'tx');
    assert.equal(matchBreakpoint(rules.slice(0, 4), target), undefined);
  });

  void test('a rule with an action never matches a frame whose action is unknown', () => {
    assert.equal(matchBreakpoint([{ name: 'a', action: '*' }], { ...target, action: undefined }), undefined);
    assert.equal(matchBreakpoint([{ name: 'b' }], { ...target, action: undefined })?.name, 'b');
  });
});

void describe('checkBreakpointRules', () => {
  void test('keeps the known fields', () => {
    assert.deepEqual(
      checkBreakpointRules([
        { name: 'x', stationId: 'CP-*', action: 'Boot*', direction: 'toCsms', enabled: true, other: 1 },
      ]),
      [{ name: 'x', stationId: 'CP-*', action: 'Boot*', direction: 'toCsms', enabled: true }],
    );
  });

  void test('names the rule and the field that is wrong', () => {
    assert.throws(() => checkBreakpointRules({}), /must be an array/);
    assert.throws(() => checkBreakpointRules([{}]), /breakpoint 1: "name"/);
    assert.throws(
      () => checkBreakpointRules([{ name: 'a' }, { name: 'b', action: '' }]),
      /breakpoint 2: "action"/,
    );
    assert.throws(
      () => checkBreakpointRules([{ name: 'a', direction: 'up' }]),
      /"direction" must be toCsms or toStation/,
    );
    assert.throws(() => checkBreakpointRules([{ name: 'a', enabled: 'yes' }]), /"enabled"/);
  });

  void test('the auto-forward timeout is a positive integer of at most 10 minutes', () => {
    assert.equal(checkInterceptTimeout(1), 1);
    assert.throws(() => checkInterceptTimeout(0), /from 1 to 600000/);
    assert.throws(() => checkInterceptTimeout(1.5), /integer/);
    assert.throws(() => checkInterceptTimeout(600_001), /from 1 to 600000/);
  });
});
