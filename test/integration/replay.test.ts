/**
 * Replay through the engine's RPC over real sockets: the recorded 1.6 and 2.0.1 sessions replayed
 * as the station against the mock CSMS (the same flow; in `naive` mode a replayed StartTransaction
 * gets a new transactionId, and the diff shows it), as the CSMS for an ocpp-rpc charger, the other
 * side's CALLs answered from the recording, timing scaled, a replay stopped, and bad input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type rpc from 'ocpp-rpc';
import type { RpcClient } from '../../src/shared/rpc/client';
import { FIXTURES } from '../unit/support';
import { closedPort, parse, scoped, startCsms, upgradeResult, type Scope } from './proxy-support';
import { nowIso, startEngine } from './csms-support';
import { fixtureEntries, followReplay, playStation, stationCalls } from './replay-support';

async function mockCsms(scope: Scope, client: RpcClient, idempotency: 'correct' | 'naive') {
  // The recording's CSMS handed out 48213: the mock starts there, so a faithful replay matches it.
  const info = await client.call('csms.start', {
    listen: '127.0.0.1:0',
    config: { idempotency, transactionIdStart: 48213 },
  });
  scope.defer(() => client.call('csms.stop', { csmsId: info.id }));
  return info;
}

async function replayFrames(client: RpcClient, sessionId: string) {
  await client.call('sessions.open', { sessionId });
  const { rows } = await client.call('timeline.rows', { sessionId, offset: 0, limit: 1000 });
  return Promise.all(rows.map((row) => client.call('timeline.entry', { sessionId, seq: row.seq })));
}

for (const mode of ['correct', 'naive'] as const) {
  void test(`1.6 as the station against the mock CSMS (${mode}): the same flow; replayed again, ${mode === 'correct' ? 'the same transactionId' : 'a new transactionId in the diff'}`, () =>
    scoped(async (scope) => {
      const { client } = await startEngine(scope);
      const csms = await mockCsms(scope, client, mode);
      const params = {
        file: FIXTURES.ocpp16,
        as: 'station' as const,
        target: csms.url,
        speed: 'max' as const,
      };

      const first = await followReplay(client, params);
      assert.equal(first.started.stationId, 'CP-ACME-0042');
      assert.equal(first.started.subprotocol, 'ocpp1.6');
      assert.equal(first.started.url, `${csms.url}CP-ACME-0042`);
      const one = await first.done;
      assert.equal(one.phase, 'finished');
      assert.equal(one.result?.diff.items.length, 26);
      assert.deepEqual(
        one.result?.diff.items.flatMap((i) => i.differences),
        [],
        'the mock CSMS answers as the recorded one did',
      );
      assert.equal(one.result?.incomplete, false);
      assert.deepEqual(
        first.steps.map((s) => s.outcome),
        Array(26).fill('result'),
      );
      // The recorded CSMS's own commands never came from the mock: informational, not a difference.
      assert.deepEqual(
        one.result?.peerCalls.map((p) => [p.action, p.recorded, p.replayed]),
        [
          ['ChangeConfiguration', 1, 0],
          ['GetConfiguration', 1, 0],
          ['TriggerMessage', 1, 0],
        ],
      );

      const entries = await replayFrames(client, one.sessionId);
      assert.ok(entries.every((e) => e.entry.source === 'replay'));
      const opened = entries[0]!.entry;
      assert.equal(opened.kind === 'connection' ? opened.url : '', '/CP-ACME-0042');
      assert.equal(opened.kind === 'connection' ? opened.subprotocol : '', 'ocpp1.6');
      const last = entries[entries.length - 1]!.entry;
      assert.equal(last.kind === 'connection' ? last.closedBy : '', 'scope');
      const boot = entries.find((e) => e.row.action === 'BootNotification' && e.row.direction === 'toCsms')!;
      const bootId = parse(boot.entry.kind === 'frame' ? boot.entry.raw : '[]')[1];
      assert.notEqual(bootId, '19223201', 'a fresh message id');
      assert.equal(one.result?.diff.items[0]?.replayedId, bootId);
      assert.equal(one.result?.diff.items[0]?.recordedId, '19223201');
      assert.equal(
        boot.row.partnerSeq,
        one.result?.diff.items[0]?.answerSeq,
        'the answer matched by the new id',
      );

      const second = await (await followReplay(client, params)).done;
      const differences = second.result?.diff.items.flatMap((i) =>
        i.differences.map((d) => [i.recordedSeq, i.action, d.kind, d.recorded, d.replayed]),
      );
      if (mode === 'correct') {
        assert.deepEqual(differences, []);
      } else {
        assert.deepEqual(differences, [[20, 'StartTransaction', 'transactionId', 48213, 48214]]);
        // The replayed MeterValues and StopTransaction carry the transactionId this CSMS gave.
        const again = await replayFrames(client, second.sessionId);
        const stop = again.find((e) => e.row.action === 'StopTransaction' && e.row.direction === 'toCsms')!;
        assert.equal(
          stop.entry.kind === 'frame'
            ? (parse(stop.entry.raw)[3] as { transactionId: number }).transactionId
            : 0,
          48214,
        );
        assert.match(
          stop.entry.kind === 'frame' ? (stop.entry.faults?.[0] ?? '') : '',
          /transactionId 48213 replaced by 48214/,
        );
      }
      // A correct CSMS knows the repeated StartTransaction: one transaction, not two.
      const state = await client.call('csms.state', { csmsId: csms.id });
      const ended = state.stations.flatMap((s) => s.endedTransactions.map((t) => t.transactionId));
      assert.deepEqual(ended, mode === 'correct' ? ['48213'] : ['48214', '48213']);
    }));
}

void test('2.0.1 as the station against the mock CSMS: the same flow', () =>
  scoped(async (scope) => {
    const { client } = await startEngine(scope);
    const csms = await mockCsms(scope, client, 'correct');
    const status = await (
      await followReplay(client, { file: FIXTURES.ocpp201, as: 'station', target: csms.url, speed: 'max' })
    ).done;
    assert.equal(status.subprotocol, 'ocpp2.0.1');
    assert.equal(status.result?.diff.items.length, 25);
    assert.equal(
      status.result?.diff.identical,
      true,
      JSON.stringify(status.result?.diff.items.filter((i) => i.differences.length)),
    );
    const state = await client.call('csms.state', { csmsId: csms.id });
    assert.equal(state.stations[0]?.stationId, 'EVB-P2231-0007');
    assert.equal(state.stations[0]?.endedTransactions.length, 1);
  }));

void test('1.6 as the CSMS for an ocpp-rpc charger: its answers diffed, its CALLs answered from the recording', () =>
  scoped(async (scope) => {
    const { client } = await startEngine(scope);
    const entries = fixtureEntries(FIXTURES.ocpp16);
    const followed = await followReplay(client, { file: FIXTURES.ocpp16, as: 'csms', speed: 'max' });
    assert.equal(followed.started.phase, 'waiting');
    assert.match(followed.started.url, /^ws:\/\/127\.0\.0\.1:\d+\/$/);
    const recordedKeys = parse((entries.find((e) => e.seq === 9) as { raw: string }).raw)[2] as Record<
      string,
      unknown
    >;
    let other = 0;
    const { got } = await playStation(
      scope,
      followed.started.url,
      'CP-ACME-0042',
      'ocpp1.6',
      stationCalls(entries),
      {
        // One station per replay: another is refused while it runs (the replay waits for this answer).
        GetConfiguration: async () => {
          other = (await upgradeResult(`${followed.started.url}CP-OTHER`, ['ocpp1.6'])).status;
          return recordedKeys;
        },
        // This charger refuses the change the recorded one accepted: the regression the diff shows.
        ChangeConfiguration: () => ({ status: 'Rejected' }),
        TriggerMessage: () => ({ status: 'Accepted' }),
      },
    );
    const status = await followed.done;
    assert.equal(status.phase, 'finished');
    assert.equal(other, 409);
    const recorded = await replayFrames(client, status.sessionId);
    assert.ok(
      recorded.some(
        (e) => e.entry.kind === 'connection' && e.entry.event === 'error' && e.entry.stationId === 'CP-OTHER',
      ),
    );
    assert.deepEqual(
      status.result?.diff.items.map((i) => [i.action, i.differences.map((d) => d.message)]),
      [
        ['GetConfiguration', []],
        ['ChangeConfiguration', ['status: "Accepted" recorded, "Rejected" now']],
        ['TriggerMessage', []],
      ],
    );
    assert.ok(status.result?.peerCalls.every((p) => p.recorded === p.replayed));
    const answers = await got;
    const start = answers.find((a) => a.action === 'StartTransaction')?.answer as { transactionId: number };
    assert.equal(start.transactionId, 48213, 'answered as the recorded CSMS answered');
    assert.equal(status.answered, answers.length);
  }));

void test('2.0.1 as the CSMS for an ocpp-rpc charger that starts its own transaction: answered as recorded', () =>
  scoped(async (scope) => {
    const { client } = await startEngine(scope);
    const entries = fixtureEntries(FIXTURES.ocpp201);
    const recorded = (seq: number) =>
      parse((entries.find((e) => e.seq === seq) as { raw: string }).raw)[2] as Record<string, unknown>;
    const followed = await followReplay(client, { file: FIXTURES.ocpp201, as: 'csms', speed: 'max' });
    // A new charger run: its transactionId is its own, not the recorded one.
    const calls = stationCalls(entries).map(([action, payload]): [string, Record<string, unknown>] => [
      action,
      action === 'TransactionEvent'
        ? {
            ...payload,
            transactionInfo: { ...(payload.transactionInfo as object), transactionId: 'new-tx-1' },
          }
        : payload,
    ]);
    const { got } = await playStation(scope, followed.started.url, 'EVB-P2231-0007', 'ocpp2.0.1', calls, {
      GetVariables: () => recorded(5),
      SetVariables: () => recorded(7),
    });
    const status = await followed.done;
    assert.equal(status.result?.diff.identical, true);
    assert.equal(status.result?.diff.items.length, 2);
    const answers = await got;
    assert.equal(answers.length, 25);
    assert.deepEqual(answers.find((a) => a.action === 'TransactionEvent')?.answer, {
      idTokenInfo: { status: 'Accepted' },
    });
  }));

void test('as the station, CSMS commands: from the recording where it has them, else NotImplemented or a default', () =>
  scoped(async (scope) => {
    const { client } = await startEngine(scope);
    for (const unmatched of ['error', 'default'] as const) {
      const seen: unknown[] = [];
      const csms = await startCsms(scope, { protocols: ['ocpp1.6'], strictMode: true }, (c) => {
        c.handle('BootNotification', async () => {
          seen.push(await c.call('GetConfiguration', { key: ['HeartbeatInterval'] }));
          seen.push(
            await c.call('Reset', { type: 'Soft' }).catch((e: unknown) => (e as rpc.RPCError).rpcErrorCode),
          );
          return { currentTime: nowIso(), interval: 300, status: 'Accepted' };
        });
      });
      const status = await (
        await followReplay(client, {
          file: FIXTURES.ocpp16,
          as: 'station',
          target: csms.url,
          speed: 'max',
          seqs: [2, 3],
          unmatched,
        })
      ).done;
      assert.equal(status.result?.diff.identical, true);
      assert.equal(status.answered, 2);
      const keys = (seen[0] as { configurationKey: { key: string }[] }).configurationKey.map((k) => k.key);
      assert.deepEqual(keys, [
        'HeartbeatInterval',
        'MeterValueSampleInterval',
        'MeterValuesSampledData',
        'NumberOfConnectors',
      ]);
      assert.deepEqual(seen[1], unmatched === 'error' ? 'NotImplemented' : { status: 'Accepted' });
    }
  }));

void test('a stored session, and a selection of its entries (as the UI replays)', () =>
  scoped(async (scope) => {
    const { client } = await startEngine(scope);
    const csms = await mockCsms(scope, client, 'correct');
    const imported = await client.call('sessions.import', {
      fileName: 'ocpp16.jsonl',
      content: await readFile(FIXTURES.ocpp16, 'utf8'),
    });
    const status = await (
      await followReplay(client, {
        sessionId: imported.info.id,
        seqs: [16, 17, 18, 19, 20, 21],
        as: 'station',
        target: `${csms.url}{id}`,
        speed: 'max',
        name: 'start only',
      })
    ).done;
    assert.equal(status.source, imported.info.name);
    assert.deepEqual(
      status.result?.diff.items.map((i) => [i.recordedSeq, i.action, i.differences.length]),
      [
        [16, 'Authorize', 0],
        [18, 'StatusNotification', 0],
        [20, 'StartTransaction', 0],
      ],
    );
    const sessions = await client.call('sessions.list', {});
    assert.ok(sessions.some((s) => s.id === status.sessionId && s.name === 'start only' && !s.live));
  }));

void test('timing: the recorded gaps divided by the speed', () =>
  scoped(async (scope) => {
    const { client } = await startEngine(scope);
    const csms = await mockCsms(scope, client, 'correct');
    const speed = 4;
    const status = await (
      await followReplay(client, {
        file: FIXTURES.ocpp16,
        as: 'station',
        target: csms.url,
        speed,
        seqs: [2, 3, 4, 5, 6, 7],
      })
    ).done;
    const entries = fixtureEntries(FIXTURES.ocpp16);
    const ts = (seq: number) => entries.find((e) => e.seq === seq)!.ts;
    const replayed = await replayFrames(client, status.sessionId);
    const sent = (seq: number) =>
      replayed.find(
        (e) => e.entry.seq === status.result?.diff.items.find((i) => i.recordedSeq === seq)?.replayedSeq,
      )!.entry.ts;
    // Timers never fire early by more than a millisecond of rounding.
    assert.ok(sent(4) - sent(2) >= (ts(4) - ts(2)) / speed - 2, `${sent(4) - sent(2)} ms`);
    assert.ok(sent(6) - sent(4) >= (ts(6) - ts(4)) / speed - 2, `${sent(6) - sent(4)} ms`);
  }));

void test('a stopped replay reports what it did not replay', () =>
  scoped(async (scope) => {
    const { client } = await startEngine(scope);
    const csms = await mockCsms(scope, client, 'correct');
    // As recorded, the first CALL waits half a second: stopped before it goes.
    const followed = await followReplay(client, { file: FIXTURES.ocpp16, as: 'station', target: csms.url });
    const stopped = await client.call('replay.stop', { replayId: followed.started.id });
    assert.equal(stopped.phase, 'stopped');
    assert.equal(stopped.result?.incomplete, true);
    assert.equal(stopped.result?.diff.items.length, 26);
    assert.ok(stopped.result?.diff.items.every((i) => i.differences[0]?.kind === 'not-replayed'));
    assert.equal((await client.call('replay.status', { replayId: followed.started.id })).phase, 'stopped');
    assert.equal((await client.call('replay.list', {})).length, 1);
  }));

void test('bad input is refused with a message that says what to do; nothing is recorded', () =>
  scoped(async (scope) => {
    const { client, dir } = await startEngine(scope);
    const target = 'ws://127.0.0.1:9/ocpp';
    await assert.rejects(
      client.call('replay.start', { file: join(dir, 'missing.jsonl'), as: 'station', target }),
      /no such file/,
    );
    const onlyCsms = join(dir, 'only-csms.jsonl');
    await writeFile(
      onlyCsms,
      [
        '{"format":"ocpp-scope-capture","formatVersion":1,"id":"x","name":"x","createdAt":"2025-01-01T00:00:00Z","ocppVersion":"ocpp1.6"}',
        '{"seq":1,"ts":1,"kind":"frame","connectionId":"c1","stationId":"CP","source":"proxy","direction":"toStation","raw":"[2,\\"1\\",\\"Reset\\",{\\"type\\":\\"Soft\\"}]"}',
        '',
      ].join('\n'),
    );
    await assert.rejects(
      client.call('replay.start', { file: onlyCsms, as: 'station', target }),
      /only-csms\.jsonl: the recorded connection has no frames sent by the station/,
    );
    await assert.rejects(
      client.call('replay.start', {
        file: FIXTURES.ocpp16,
        as: 'station',
        target: 'http://csms.example.com',
      }),
      /the target must be a ws:\/\/ or wss:\/\/ URL/,
    );
    await assert.rejects(
      client.call('replay.start', { file: FIXTURES.ocpp16, as: 'station' }),
      /needs the CSMS URL/,
    );
    await assert.rejects(
      client.call('replay.start', { file: FIXTURES.ocpp16, as: 'station', target, speed: 0 }),
      /"speed" must be a number above 0/,
    );
    const port = await closedPort();
    await assert.rejects(
      client.call('replay.start', {
        file: FIXTURES.ocpp16,
        as: 'station',
        target: `ws://127.0.0.1:${port}/ocpp`,
      }),
      new RegExp(
        `could not connect to the CSMS at ws://127\\.0\\.0\\.1:${port}/ocpp/CP-ACME-0042: .*ECONNREFUSED`,
      ),
    );
    assert.deepEqual(
      await client.call('sessions.list', {}),
      [],
      'no session for a replay that could not start',
    );
  }));
