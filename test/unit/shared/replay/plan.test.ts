import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Entry } from '../../../../src/shared/capture/entry';
import { planReplay, ReplayPlanError } from '../../../../src/shared/replay/plan';
import { FIXTURES, fixtureText, readText } from '../../support';

const ocpp16 = readText(fixtureText(FIXTURES.ocpp16));
const ocpp201 = readText(fixtureText(FIXTURES.ocpp201));

function frame(
  seq: number,
  connectionId: string,
  direction: 'toCsms' | 'toStation',
  raw: string,
  ts = 1000 + seq,
): Entry {
  return {
    seq,
    ts,
    kind: 'frame',
    connectionId,
    stationId: `CP-${connectionId}`,
    source: 'proxy',
    direction,
    raw,
  };
}

void describe('planReplay', () => {
  void test('as the station: its CALLs with their recorded answers and spacing; its answers to the CSMS by action', () => {
    const plan = planReplay(ocpp16.entries, { side: 'station' });
    assert.equal(plan.connectionId, 'c1');
    assert.equal(plan.stationId, 'CP-ACME-0042');
    assert.equal(plan.identitySegment, 'CP-ACME-0042');
    assert.equal(plan.subprotocol, 'ocpp1.6');
    assert.equal(plan.version, '1.6');
    assert.deepEqual(plan.warnings, []);
    assert.equal(plan.calls.length, 26);
    const [boot, , , , , , , start] = plan.calls;
    assert.equal(boot?.action, 'BootNotification');
    assert.equal(boot?.id, '19223201');
    assert.equal(
      boot?.gapMs,
      1763710937844.367 - 1763710937318.84,
      'the first waits as long after the opening',
    );
    assert.deepEqual(boot?.recorded, {
      outcome: 'result',
      payload: { status: 'Accepted', currentTime: '2025-11-21T07:42:17.962Z', interval: 300 },
    });
    assert.equal(start?.action, 'StartTransaction');
    assert.equal(start?.recorded.outcome === 'result' ? start.recorded.payload.transactionId : 0, 48213);
    // The heartbeat after GetConfiguration and ChangeConfiguration from the CSMS.
    assert.deepEqual(plan.calls[3]?.peerCallsBefore, { GetConfiguration: 1, ChangeConfiguration: 1 });
    assert.deepEqual(Object.keys(plan.replies).sort(), [
      'ChangeConfiguration',
      'GetConfiguration',
      'TriggerMessage',
    ]);
    assert.equal(plan.replies['TriggerMessage']?.[0]?.seq, 35);
    assert.deepEqual(plan.peerCalls, { GetConfiguration: 1, ChangeConfiguration: 1, TriggerMessage: 1 });
  });

  void test('as the CSMS: its three commands; the station answered from its recorded answers', () => {
    const plan = planReplay(ocpp16.entries, { side: 'csms' });
    assert.deepEqual(
      plan.calls.map((c) => [c.seq, c.action]),
      [
        [8, 'GetConfiguration'],
        [10, 'ChangeConfiguration'],
        [34, 'TriggerMessage'],
      ],
    );
    assert.deepEqual(plan.calls[0]?.peerCallsBefore, { BootNotification: 1, StatusNotification: 2 });
    assert.equal(plan.replies['StartTransaction']?.[0]?.seq, 21);
    assert.equal(plan.replies['StatusNotification']?.length, 6);
    assert.equal(plan.peerCalls['MeterValues'], 11);
  });

  void test('2.0.1 as the CSMS: the transactionIds the station assigned, in order', () => {
    const plan = planReplay(ocpp201.entries, { side: 'csms' });
    assert.equal(plan.version, '2.0.1');
    assert.deepEqual(plan.peerTransactionIds.length, 1);
    assert.match(String(plan.peerTransactionIds[0]), /^8c935604-/);
    assert.deepEqual(
      plan.calls.map((c) => c.action),
      ['GetVariables', 'SetVariables'],
    );
  });

  void test('a selection: only its CALLs, starting at once, and only its peer CALLs counted', () => {
    const plan = planReplay(ocpp16.entries, { side: 'station', seqs: [16, 17, 18, 19, 20, 21, 34, 35, 36] });
    assert.deepEqual(
      plan.calls.map((c) => c.action),
      ['Authorize', 'StatusNotification', 'StartTransaction', 'MeterValues'],
    );
    assert.equal(plan.calls[0]?.gapMs, 0);
    const ts = (seq: number) => ocpp16.entries.find((e) => e.seq === seq)!.ts;
    assert.equal(plan.calls[1]?.gapMs, ts(18) - ts(16));
    assert.deepEqual(plan.peerCalls, { TriggerMessage: 1 });
    assert.deepEqual(plan.calls[3]?.peerCallsBefore, { TriggerMessage: 1 });
  });

  void test('says why a recording cannot be replayed', () => {
    assert.throws(() => planReplay([], { side: 'station' }), /no frames to replay/);
    const onlyCsms = [frame(1, 'c1', 'toStation', '[2,"1","Reset",{"type":"Soft"}]')];
    assert.throws(
      () => planReplay(onlyCsms, { side: 'station', headerVersion: 'ocpp1.6' }),
      /no frames sent by the station: nothing to replay as the station/,
    );
    const answersOnly = [frame(1, 'c1', 'toCsms', '[3,"1",{}]')];
    assert.throws(
      () => planReplay(answersOnly, { side: 'station', headerVersion: '1.6' }),
      /no CALLs sent by the station/,
    );
    assert.throws(
      () => planReplay([frame(1, 'c1', 'toCsms', '[2,"1","Heartbeat",{}]')], { side: 'station' }),
      (error: unknown) => error instanceof ReplayPlanError && /which OCPP version/.test(error.message),
    );
    const two = [
      frame(1, 'c1', 'toCsms', '[2,"1","Heartbeat",{}]'),
      frame(2, 'c2', 'toCsms', '[2,"2","Heartbeat",{}]'),
    ];
    assert.throws(
      () => planReplay(two, { side: 'station', seqs: [1, 2], headerVersion: '1.6' }),
      /spans connections c1 \(CP-c1\), c2 \(CP-c2\)/,
    );
    assert.throws(
      () => planReplay(two, { side: 'station', connectionId: 'c9', headerVersion: '1.6' }),
      /no connection c9 \(it has c1, c2\)/,
    );
    const warned = planReplay(two, { side: 'station', headerVersion: '1.6' });
    assert.equal(warned.connectionId, 'c1');
    assert.match(warned.warnings[0] ?? '', /2 connections .* replaying c1 \(CP-c1\)/);
    assert.equal(
      planReplay(two, { side: 'station', connectionId: 'c2', headerVersion: '1.6' }).stationId,
      'CP-c2',
    );
  });

  void test('frames that are not OCPP-J are left out with a warning; the identity comes from the URL', () => {
    const entries: Entry[] = [
      {
        seq: 1,
        ts: 1,
        kind: 'connection',
        connectionId: 'c1',
        stationId: 'CP 1',
        source: 'proxy',
        event: 'opened',
        url: '/ocpp/CP%201',
        subprotocol: 'ocpp2.0.1',
      },
      frame(2, 'c1', 'toCsms', '[2,"1","Heartbeat"'),
      frame(3, 'c1', 'toCsms', '[2,"2","Heartbeat",{}]'),
    ];
    const plan = planReplay(entries, { side: 'station' });
    assert.equal(plan.identitySegment, 'CP%201');
    assert.equal(plan.calls.length, 1);
    assert.match(plan.warnings[0] ?? '', /1 frame\(s\) of the station are not valid OCPP-J/);
    assert.deepEqual(plan.calls[0]?.recorded, { outcome: 'none' });
  });
});
