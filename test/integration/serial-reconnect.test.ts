/**
 * The two links of a bridge going away and coming back by themselves: the pty killed under it
 * (socat ended, as a USB adapter unplugged) and started again on the same links; the CSMS closing
 * the WebSocket and refusing a few reconnects while the charger keeps talking. Short retry waits
 * (launchSerial's `retry`) keep the tests quick; every wait is on an event or the bridge's state.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectionEntry, ConsoleEntry, Entry, FrameEntry } from '../../src/shared/capture/entry';
import { directBridge, rpcCsms } from './serial-harness';
import {
  PtyPair,
  SerialCharger,
  parseLine,
  poll,
  resultOf,
  serialScoped,
  within,
  SUITE_TIMEOUT_MS,
} from './serial-support';

const connections = (entries: readonly Entry[]) =>
  entries.filter((e): e is ConnectionEntry => e.kind === 'connection');
const events = (entries: readonly Entry[]) =>
  connections(entries).map(
    (e) => `${e.connectionId} ${e.event}${e.closedBy !== undefined ? ` by ${e.closedBy}` : ''}`,
  );
const boot = { chargePointVendor: 'ACME', chargePointModel: 'Serial-1' };

void describe('serial bridge: links lost and found again', { timeout: SUITE_TIMEOUT_MS }, () => {
  void test('the port vanishes: recorded, the CSMS connection closed, both back when the port is', () =>
    serialScoped(async (scope) => {
      const pty = await PtyPair.create(scope);
      const { csms, next } = await rpcCsms(scope);
      const { running, recording, waitState } = await directBridge(
        scope,
        { port: pty.bridgePath, upstream: csms.url, stationId: 'CP-UNPLUG' },
        { port: { initialMs: 50, maxMs: 200 }, link: { initialMs: 50, maxMs: 200 } },
      );
      const first = await next();
      let charger = await SerialCharger.open(scope, pty.chargerPath);
      const booted = await charger.call('BootNotification', boot);
      assert.equal(resultOf(booted).status, 'Accepted');

      // A frame cut short by the unplug: kept as the text it was, never sent.
      const unfinished = '[2,"cp-cut","Heartbeat",{';
      const before = running.info().counters.bytesIn;
      await charger.write(unfinished);
      await poll(
        () => (running.info().counters.bytesIn >= before + unfinished.length ? true : undefined),
        'the bridge to read the unfinished line',
      );

      await pty.kill();
      // The CSMS must see the station go, as it would see a charger lose its network.
      await waitState(
        (b) => b.portState === 'reopening' && b.linkState === 'closed',
        'the bridge to see its port lost and close the CSMS connection',
      );
      const closed = await within(first.closed, 'the CSMS to see the station go');
      assert.deepEqual(closed, { code: 1001, reason: 'the serial port of the station was lost' });
      // The charger lets go of its end: this serialport lacks the bridge's hangup fix and may
      // never report the port gone by itself (its read spins on the hung-up pty instead).
      await within(charger.close(), 'the charger’s end to close');
      // It keeps trying while the port is away, and does not reconnect to the CSMS meanwhile.
      const trying = await waitState(
        (b) =>
          /^there is no serial port .*\(is the adapter plugged in\? is the path right\?\)$/.test(
            b.lastError ?? '',
          ),
        'a failed attempt to reopen the port',
      );
      assert.equal(trying.portState, 'reopening');
      assert.equal(trying.linkState, 'closed');
      assert.equal(csms.clients.length, 1);

      await pty.start();
      const back = await waitState(
        (b) => b.portState === 'open' && b.linkState === 'open',
        'the port and the CSMS connection to be back',
      );
      assert.equal(back.counters.portReopens, 1);
      assert.equal(back.lastError, undefined);
      const second = await next();
      charger = await SerialCharger.open(scope, pty.chargerPath, { idPrefix: 'again' });
      const heartbeat = await charger.call('Heartbeat', {});
      assert.equal(typeof resultOf(heartbeat).currentTime, 'string');
      assert.deepEqual(second.inbound, [heartbeat.sent]);

      const entries = await recording.entries();
      assert.deepEqual(events(entries), [
        'port-1 opened',
        'c1 opened',
        'port-1 closed by station',
        'c1 closed by scope',
        'port-2 opened',
        'c2 opened',
      ]);
      const [, , portClosed, linkClosed] = connections(entries);
      assert.match(
        portClosed!.reason!,
        /^the serial port was lost \(hung up( \([^)]+\))?: the device or the other end of the line went away\); opening it again in 0\.\d s and then every few seconds$/,
      );
      assert.equal(linkClosed!.code, 1001);
      const consoles = entries.filter((e): e is ConsoleEntry => e.kind === 'console');
      assert.deepEqual(
        consoles.map((e) => [e.connectionId, e.text]),
        [['port-1', unfinished]],
      );
      assert.ok(consoles[0]!.seq < portClosed!.seq, 'the unfinished line is recorded before the port’s end');
      const frames = entries.filter((e): e is FrameEntry => e.kind === 'frame');
      assert.deepEqual(
        frames.map((f) => `${f.connectionId} ${f.direction} ${f.raw}`),
        [
          `c1 toCsms ${booted.sent}`,
          `c1 toStation ${booted.line}`,
          `c2 toCsms ${heartbeat.sent}`,
          `c2 toStation ${heartbeat.line}`,
        ],
      );
      await recording.assertNoErrors();
    }));

  void test('unplugged again and again, each time right after it opened: every loss is seen', () =>
    serialScoped(async (scope) => {
      // A pty hung up before the first read waits for data makes that read return 0 bytes, which
      // serialport's binding retried forever at full CPU without reporting the port gone.
      const pty = await PtyPair.create(scope);
      const { csms } = await rpcCsms(scope);
      const { running, recording, waitState } = await directBridge(
        scope,
        { port: pty.bridgePath, upstream: csms.url, stationId: 'CP-FLAKY' },
        { port: { initialMs: 20, maxMs: 20 }, link: { initialMs: 50, maxMs: 200 } },
      );
      const rounds = 6;
      for (let round = 1; round <= rounds; round++) {
        await pty.kill();
        await waitState((b) => b.portState === 'reopening', `the port lost (round ${round})`);
        await pty.start();
        await waitState(
          (b) => b.portState === 'open' && b.counters.portReopens === round,
          `the port open again (round ${round})`,
        );
      }
      const entries = await recording.entries();
      const ports = connections(entries).filter((e) => e.connectionId.startsWith('port-'));
      assert.deepEqual(
        ports.map((e) => `${e.connectionId} ${e.event}`),
        Array.from({ length: rounds + 1 }, (_, i) => [`port-${i + 1} opened`, `port-${i + 1} closed`])
          .flat()
          .slice(0, -1),
      );
      assert.equal(running.info().portState, 'open');
    }));

  void test('the CSMS drops the connection and refuses reconnects: backoff, and frames held until it is back', () =>
    serialScoped(async (scope) => {
      const pty = await PtyPair.create(scope);
      const { csms, next } = await rpcCsms(scope);
      let admit = true;
      csms.server.auth((accept, reject) => (admit ? accept() : reject(503, 'Service Unavailable')));
      const link = { initialMs: 100, maxMs: 400 };
      const { running, recording, waitState } = await directBridge(
        scope,
        { port: pty.bridgePath, upstream: csms.url, stationId: 'CP-DROP' },
        { port: { initialMs: 50, maxMs: 200 }, link },
      );
      const first = await next();
      const charger = await SerialCharger.open(scope, pty.chargerPath);
      const booted = await charger.call('BootNotification', boot);
      assert.equal(resultOf(booted).status, 'Accepted');

      admit = false;
      const droppedAt = Date.now();
      await first.client.close({ code: 1012, reason: 'CSMS restart' });
      const waiting = await waitState(
        (b) => b.linkState === 'waiting',
        'the bridge to wait before reconnecting',
      );
      assert.equal(waiting.lastError, 'the CSMS closed the connection (1012 CSMS restart)');
      assert.ok(
        waiting.retryAt !== undefined && waiting.retryAt >= droppedAt + link.initialMs - 5,
        'retryAt is before the first wait',
      );
      assert.equal(waiting.portState, 'open');

      // The charger goes on meanwhile: two frames and a log line in one write.
      const ids = [charger.id(), charger.id()];
      const held = [
        JSON.stringify([
          2,
          ids[0],
          'StatusNotification',
          { connectorId: 0, errorCode: 'NoError', status: 'Available' },
        ]),
        JSON.stringify([2, ids[1], 'Heartbeat', {}]),
      ];
      const answers = ids.map((id) => charger.answerTo(id));
      const note = 'W (4242) ocpp: websocket down, 2 messages queued';
      await charger.write(`${held[0]}\n${held[1]}\n${note}\n`);
      await recording.waitRow(
        (r) => r.kind === 'console' && r.summary === note,
        'the log line after the held frames',
      );
      // Three refusals, then the CSMS is back.
      await recording.waitRow(
        (r) => r.kind === 'connection' && r.event === 'error' && r.connectionId === 'c4',
        'the third refused reconnect',
      );
      admit = true;
      const second = await next();
      for (const answer of answers) assert.equal(parseLine(await answer)?.[0], 3);
      assert.deepEqual(second.inbound, held, 'the CSMS got other frames, or in another order');
      const back = await waitState((b) => b.linkState === 'open', 'the link to be open');
      assert.equal(back.counters.reconnects, 1);
      assert.equal(back.lastError, undefined);

      const entries = await recording.entries();
      assert.deepEqual(events(entries), [
        'port-1 opened',
        'c1 opened',
        'c1 closed by csms',
        'c2 error',
        'c3 error',
        'c4 error',
        'c5 opened',
      ]);
      const [, , dropped, ...rest] = connections(entries);
      assert.equal(dropped!.code, 1012);
      assert.equal(dropped!.reason, 'CSMS restart');
      for (const refused of rest.slice(0, 3))
        assert.equal(
          refused.message,
          `the CSMS at ${csms.url}/CP-DROP refused the connection with HTTP 503 Service Unavailable`,
        );
      // Each wait at least as long as the backoff says: 100, 200, 400, then 400 ms (the ceiling).
      const gaps = [dropped!, ...rest].slice(1).map((e, i) => e.ts - [dropped!, ...rest][i]!.ts);
      [100, 200, 400, 400].forEach((least, i) =>
        assert.ok(gaps[i]! >= least - 5, `wait ${i + 1} was ${gaps[i]} ms, under the backoff's ${least} ms`),
      );

      const late = entries.filter((e): e is FrameEntry => e.kind === 'frame' && e.connectionId === 'c5');
      const sent = late.filter((f) => f.direction === 'toCsms');
      assert.deepEqual(
        sent.map((f) => f.raw),
        held,
      );
      for (const frame of sent) {
        assert.deepEqual(frame.flags, ['delayed']);
        const ms = Number(
          /^held (\d+) ms on the serial side until the CSMS connection opened$/.exec(
            frame.faults?.[0] ?? '',
          )?.[1],
        );
        assert.ok(ms >= 400, `held ${ms} ms, but it waited at least the last backoff`);
      }
      assert.ok(late.filter((f) => f.direction === 'toStation').every((f) => f.flags === undefined));
      const noteEntry = entries.find((e) => e.kind === 'console');
      assert.ok(
        noteEntry !== undefined && noteEntry.seq < sent[0]!.seq,
        'the log line is not before the held frames',
      );
      assert.equal(running.info().counters.frames.toCsms, 3);
      await recording.assertNoErrors();
    }));
});
