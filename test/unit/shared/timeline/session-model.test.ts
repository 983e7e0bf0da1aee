import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectionEntry, Direction, Entry, FrameEntry } from '../../../../src/shared/capture/entry';
import { SessionModel } from '../../../../src/shared/timeline/session-model';
import { FIXTURES, fixtureText, readText } from '../../support';

function frame(
  seq: number,
  ts: number,
  direction: Direction,
  raw: string,
  extra: Partial<FrameEntry> = {},
): FrameEntry {
  return {
    seq,
    ts,
    kind: 'frame',
    connectionId: 'c1',
    stationId: 'CP-1',
    source: 'proxy',
    direction,
    raw,
    ...extra,
  };
}

function connection(seq: number, ts: number, extra: Partial<ConnectionEntry> = {}): ConnectionEntry {
  return {
    seq,
    ts,
    kind: 'connection',
    connectionId: 'c1',
    stationId: 'CP-1',
    source: 'proxy',
    event: 'opened',
    ...extra,
  };
}

function modelOf(entries: Entry[]): SessionModel {
  const model = new SessionModel();
  for (const entry of entries) model.add(entry);
  return model;
}

function row(model: SessionModel, seq: number) {
  const detail = model.detail(seq);
  assert.ok(detail, `no entry with seq ${seq}`);
  return detail.row;
}

void describe('SessionModel: pairing', () => {
  void test('a CALL and its CALLRESULT point at each other, with latency and the action on the answer', () => {
    const model = modelOf([
      connection(1, 1000, { subprotocol: 'ocpp1.6', url: '/ocpp/CP-1' }),
      frame(
        2,
        1100,
        'toCsms',
        '[2,"19223201","BootNotification",{"chargePointVendor":"A","chargePointModel":"B"}]',
      ),
      frame(3, 1137.25, 'toStation', '[3,"19223201",{"status":"Accepted","currentTime":"x","interval":300}]'),
    ]);
    const callRow = row(model, 2);
    const answerRow = row(model, 3);
    assert.equal(callRow.partnerSeq, 3);
    assert.equal(callRow.messageType, 2);
    assert.equal(callRow.action, 'BootNotification');
    assert.equal(callRow.messageId, '19223201');
    assert.equal(callRow.latencyMs, undefined);
    assert.equal(answerRow.partnerSeq, 2);
    assert.equal(answerRow.messageType, 3);
    assert.equal(answerRow.action, 'BootNotification');
    assert.equal(answerRow.latencyMs, 37.25);
  });

  void test('a CALLERROR pairs and carries its error code', () => {
    const model = modelOf([
      frame(1, 0, 'toStation', '[2,"u-1","Reset",{"type":"Hard"}]'),
      frame(2, 5, 'toCsms', '[4,"u-1","NotSupported","no",{}]'),
    ]);
    assert.equal(row(model, 2).errorCode, 'NotSupported');
    assert.equal(row(model, 2).partnerSeq, 1);
    assert.equal(row(model, 2).action, 'Reset');
    assert.equal(row(model, 1).partnerSeq, 2);
  });

  void test('on reused ids the most recent unanswered CALL wins', () => {
    const model = modelOf([
      frame(1, 0, 'toCsms', '[2,"7","StartTransaction",{}]'),
      frame(2, 10, 'toCsms', '[2,"7","StartTransaction",{}]'),
      frame(3, 12, 'toStation', '[3,"7",{}]'),
      frame(4, 20, 'toStation', '[3,"7",{}]'),
    ]);
    assert.equal(row(model, 3).partnerSeq, 2);
    assert.equal(row(model, 3).latencyMs, 2);
    assert.equal(row(model, 2).partnerSeq, 3);
    assert.equal(row(model, 4).partnerSeq, 1);
    assert.equal(row(model, 4).latencyMs, 20);
    assert.equal(row(model, 1).partnerSeq, 4);
  });

  void test('an answer in the same direction as the CALL does not pair', () => {
    const model = modelOf([
      frame(1, 0, 'toCsms', '[2,"1","Heartbeat",{}]'),
      frame(2, 1, 'toCsms', '[3,"1",{}]'),
    ]);
    assert.equal(row(model, 1).partnerSeq, undefined);
    assert.equal(row(model, 2).partnerSeq, undefined);
    assert.equal(row(model, 2).action, undefined);
    assert.equal(row(model, 2).latencyMs, undefined);
  });

  void test('an answer on another connection does not pair', () => {
    const model = modelOf([
      frame(1, 0, 'toCsms', '[2,"1","Heartbeat",{}]'),
      frame(2, 1, 'toStation', '[3,"1",{}]', { connectionId: 'c2' }),
    ]);
    assert.equal(row(model, 1).partnerSeq, undefined);
    assert.equal(row(model, 2).partnerSeq, undefined);
  });

  void test('a broken answer with a readable id still closes its CALL', () => {
    const model = modelOf([
      frame(1, 0, 'toCsms', '[2,"1","Authorize",{"idTag":"A"}]'),
      frame(2, 4, 'toStation', '[3,"1",{"idTagInfo":{"status":"Accepted"},"idTagInfo":{}}]'),
      frame(3, 10, 'toCsms', '[2,"2","Heartbeat",{}]'),
      frame(4, 11, 'toStation', '[3,"2"]'),
      frame(5, 20, 'toCsms', '[2,"3","Heartbeat",{}]'),
      frame(6, 22, 'toStation', '[4,"3",500,"x",{}]'),
    ]);
    assert.equal(row(model, 2).problem?.kind, 'duplicate-key');
    assert.equal(row(model, 2).partnerSeq, 1);
    assert.equal(row(model, 2).messageId, '1');
    assert.equal(row(model, 2).messageType, 3);
    assert.equal(row(model, 2).action, 'Authorize');
    assert.equal(row(model, 2).latencyMs, 4);
    assert.equal(row(model, 1).partnerSeq, 2);
    assert.equal(row(model, 4).problem?.kind, 'wrong-arity');
    assert.equal(row(model, 4).partnerSeq, 3);
    assert.equal(row(model, 3).partnerSeq, 4);
    assert.equal(row(model, 6).problem?.kind, 'bad-error-code');
    assert.equal(row(model, 6).messageType, 4);
    assert.equal(row(model, 6).partnerSeq, 5);
    assert.equal(row(model, 5).partnerSeq, 6);
  });

  void test('a broken answer without a readable id closes nothing', () => {
    const model = modelOf([
      frame(1, 0, 'toCsms', '[2,"1","Heartbeat",{}]'),
      frame(2, 1, 'toStation', '[3,1,{}]'),
    ]);
    assert.equal(row(model, 2).problem?.kind, 'bad-id');
    assert.equal(row(model, 1).partnerSeq, undefined);
    assert.equal(row(model, 2).partnerSeq, undefined);
  });

  void test('a malformed CALL whose id is readable still pairs with its answer', () => {
    const model = modelOf([frame(1, 0, 'toCsms', '[2,"1",42,{}]'), frame(2, 1, 'toStation', '[3,"1",{}]')]);
    assert.equal(row(model, 1).problem?.kind, 'bad-action');
    assert.equal(row(model, 1).messageId, '1');
    assert.equal(row(model, 1).messageType, 2);
    assert.equal(row(model, 2).partnerSeq, 1);
    assert.equal(row(model, 1).partnerSeq, 2);
    assert.equal(row(model, 2).action, undefined, 'the action could not be read, so none is shown');
  });

  void test('a CALL with a bad payload keeps its action for the answer', () => {
    const model = modelOf([
      frame(1, 0, 'toCsms', '[2,"7","Authorize",null]'),
      frame(2, 1, 'toStation', '[4,"7","FormationViolation","",{}]'),
    ]);
    assert.equal(row(model, 1).action, 'Authorize');
    assert.equal(row(model, 2).action, 'Authorize');
    assert.equal(row(model, 2).partnerSeq, 1);
  });
});

void describe('SessionModel: rows, detail, stats', () => {
  function sample(): SessionModel {
    return modelOf([
      connection(1, 1000, { subprotocol: 'ocpp1.6', url: '/ocpp/CP-1', tls: true }),
      frame(2, 1500, 'toCsms', '[2,"1","Heartbeat",{}]'),
      frame(3, 1510.5, 'toStation', '[3,"1",{"currentTime":"x"}]', { flags: ['delayed'] }),
      frame(4, 1600, 'toCsms', 'not json'),
      frame(5, 1700, 'toCsms', 'AAEC', { binary: true, stationId: 'CP-2', connectionId: 'c2' }),
      connection(6, 2000, { event: 'closed', code: 1000, closedBy: 'station', reason: 'Bye' }),
      connection(7, 2100, { event: 'error', message: 'ECONNRESET', stationId: 'CP-0' }),
    ]);
  }

  void test('deltaMs is the time since the previous entry, 0 for the first', () => {
    const model = sample();
    assert.deepEqual(
      model.allRows().map((r) => r.deltaMs),
      [0, 500, 10.5, 89.5, 100, 300, 100],
    );
  });

  void test('a serial port opening reads as the port and its settings, not as a missing subprotocol', () => {
    const model = new SessionModel();
    model.add({
      seq: 1,
      ts: 1000,
      kind: 'connection',
      connectionId: 'port-1',
      stationId: 'CP-1',
      source: 'serial',
      event: 'opened',
      url: 'serial:/dev/ttyUSB0 115200 8N1',
    });
    assert.equal(model.allRows()[0]?.summary, 'opened serial:/dev/ttyUSB0 115200 8N1');
  });

  void test('rows carry the frame facts: direction, size, flags, binary, problem', () => {
    const model = sample();
    const [r1, r2, r3, r4, r5, r6, r7] = model.allRows();
    assert.equal(r1?.kind, 'connection');
    assert.equal(r1?.event, 'opened');
    assert.equal(r1?.summary, 'opened ocpp1.6 TLS /ocpp/CP-1');
    assert.equal(r2?.direction, 'toCsms');
    assert.equal(r2?.size, '[2,"1","Heartbeat",{}]'.length);
    assert.deepEqual(r3?.flags, ['delayed']);
    assert.equal(r4?.problem?.kind, 'invalid-json');
    assert.equal(r4?.messageType, undefined);
    assert.equal(r5?.binary, true);
    assert.equal(r5?.problem, undefined, 'binary frames are not parsed as text');
    assert.equal(r6?.event, 'closed');
    assert.equal(r6?.summary, 'closed 1000 by station Bye');
    assert.equal(r7?.summary, 'error: ECONNRESET');
  });

  void test('stats count entries, frames, connections, stations and problems', () => {
    const stats = sample().stats();
    assert.deepEqual(stats, {
      entries: 7,
      frames: 4,
      connections: 3,
      console: 0,
      stations: ['CP-0', 'CP-1', 'CP-2'],
      problems: 1,
      altered: 1,
      firstTs: 1000,
      lastTs: 2100,
    });
  });

  void test('an empty model has no first or last ts and lastSeq 0', () => {
    const model = new SessionModel();
    assert.deepEqual(model.stats(), {
      entries: 0,
      frames: 0,
      connections: 0,
      console: 0,
      stations: [],
      problems: 0,
      altered: 0,
    });
    assert.equal(model.lastSeq, 0);
    assert.equal(model.size, 0);
    assert.deepEqual(model.rows(0, 10), []);
    assert.equal(model.detail(1), undefined);
  });

  void test('rows(offset, limit) pages through the timeline', () => {
    const model = sample();
    assert.deepEqual(
      model.rows(0, 3).map((r) => r.seq),
      [1, 2, 3],
    );
    assert.deepEqual(
      model.rows(3, 3).map((r) => r.seq),
      [4, 5, 6],
    );
    assert.deepEqual(
      model.rows(6, 3).map((r) => r.seq),
      [7],
    );
    assert.deepEqual(model.rows(7, 3), []);
    assert.deepEqual(model.rows(2, 0), []);
    assert.equal(model.size, 7);
    assert.equal(model.lastSeq, 7);
  });

  void test('detail(seq) returns the entry, its row and its partner', () => {
    const model = sample();
    const call = model.detail(2);
    assert.ok(call);
    assert.equal(call.entry.seq, 2);
    assert.equal(call.row.seq, 2);
    assert.equal(call.partner?.entry.seq, 3);
    assert.equal(call.partner?.row.latencyMs, 10.5);
    const answer = model.detail(3);
    assert.equal(answer?.partner?.entry.seq, 2);
    assert.equal(model.detail(4)?.partner, undefined);
    assert.equal(model.detail(99), undefined);
    assert.equal(model.detail(0), undefined);
  });

  void test('detail works on sparse seqs (binary search)', () => {
    const model = modelOf([
      frame(3, 0, 'toCsms', '[2,"a","Heartbeat",{}]'),
      frame(10, 1, 'toCsms', '[2,"b","Heartbeat",{}]'),
      frame(11, 2, 'toStation', '[3,"a",{}]'),
      frame(40, 3, 'toStation', '[3,"b",{}]'),
    ]);
    assert.equal(model.detail(3)?.partner?.entry.seq, 11);
    assert.equal(model.detail(10)?.partner?.entry.seq, 40);
    assert.equal(model.detail(40)?.partner?.entry.seq, 10);
    assert.equal(model.detail(4), undefined);
    assert.equal(model.detail(41), undefined);
  });

  void test('add() rejects a seq that does not increase, and keeps the model unchanged', () => {
    const model = modelOf([connection(1, 0), frame(2, 1, 'toCsms', '[2,"1","Heartbeat",{}]')]);
    assert.throws(() => model.add(frame(2, 2, 'toStation', '[3,"1",{}]', { stationId: 'CP-X' })), /seq 2/);
    assert.throws(() => model.add(frame(1, 2, 'toStation', '[3,"1",{}]')), /seq 1/);
    assert.equal(model.size, 2);
    assert.equal(model.lastSeq, 2);
    assert.deepEqual(model.stats().stations, ['CP-1']);
    assert.equal(model.stats().frames, 1);
    // The CALL is still open: the rejected answers did not close it.
    model.add(frame(3, 3, 'toStation', '[3,"1",{}]'));
    assert.equal(row(model, 3).partnerSeq, 2);
  });

  void test('add() returns the row it appended', () => {
    const model = new SessionModel();
    const added = model.add(frame(1, 5, 'toCsms', '[2,"1","Heartbeat",{}]'));
    assert.equal(added.seq, 1);
    assert.equal(added.action, 'Heartbeat');
    assert.equal(model.allRows()[0], added);
  });
});

void describe('SessionModel on the clean fixtures', () => {
  for (const [name, path, expectedEntries, expectedStation] of [
    ['OCPP 1.6', FIXTURES.ocpp16, 60, 'CP-ACME-0042'],
    ['OCPP 2.0.1', FIXTURES.ocpp201, 56, 'EVB-P2231-0007'],
  ] as const) {
    void test(`${name}: every CALL is answered and no row has a problem`, () => {
      const read = readText(fixtureText(path));
      assert.deepEqual(read.problems, []);
      const model = modelOf(read.entries);
      const rows = model.allRows();
      assert.equal(rows.length, expectedEntries);
      assert.deepEqual(
        rows.filter((r) => r.problem !== undefined),
        [],
      );
      const calls = rows.filter((r) => r.messageType === 2);
      const answers = rows.filter((r) => r.messageType === 3 || r.messageType === 4);
      assert.equal(calls.length, (expectedEntries - 2) / 2);
      assert.equal(answers.length, calls.length);
      for (const callRow of calls) {
        assert.notEqual(
          callRow.partnerSeq,
          undefined,
          `CALL seq ${callRow.seq} ${callRow.action} is unanswered`,
        );
        const answer = model.detail(callRow.partnerSeq ?? 0);
        assert.equal(answer?.row.partnerSeq, callRow.seq);
        assert.equal(answer?.row.action, callRow.action);
        assert.notEqual(answer?.row.direction, callRow.direction);
        assert.ok((answer?.row.latencyMs ?? -1) >= 0);
      }
      const stats = model.stats();
      assert.equal(stats.problems, 0);
      assert.equal(stats.frames, expectedEntries - 2);
      assert.equal(stats.connections, 2);
      assert.deepEqual(stats.stations, [expectedStation]);
    });
  }
});
