/**
 * A charger on a real pseudo-terminal (socat), bridged to a CSMS: a whole OCPP 1.6 charging
 * session against the mock CSMS and against an ocpp-rpc CSMS, every byte the same on the serial
 * side, in the capture and on the CSMS's socket; firmware log lines kept in their place between
 * the frames.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConsoleEntry } from '../../src/shared/capture/entry';
import { readText } from '../unit/support';
import { chargingSession, conversation, engineBridge, rpcCsms, wire } from './serial-harness';
import { PtyPair, SerialCharger, parseLine, serialScoped, within, SUITE_TIMEOUT_MS } from './serial-support';

void describe('serial bridge: a charging session over a pty', { timeout: SUITE_TIMEOUT_MS }, () => {
  void test('through the mock CSMS: real answers, a CSMS command answered, byte-exact both ways, no errors', () =>
    serialScoped(async (scope) => {
      const pty = await PtyPair.create(scope);
      const bridge = await engineBridge(scope, {
        port: pty.bridgePath,
        mockCsms: true,
        stationId: 'CP-SERIAL-1',
      });
      assert.equal(bridge.info.settings, '115200 8N1');
      assert.equal(bridge.info.portState, 'open');
      assert.ok(bridge.info.mockCsmsId, 'no mock CSMS was started for the bridge');
      const csms = (await bridge.client.call('csms.list', {})).find((c) => c.id === bridge.info.mockCsmsId);
      assert.ok(csms, 'the bridge’s mock CSMS is not in csms.list');
      assert.equal(bridge.info.upstream, `${csms.url.replace(/\/$/, '')}/CP-SERIAL-1`);
      await bridge.waitState((b) => b.linkState === 'open', 'the CSMS connection to open');

      const charger = await SerialCharger.open(scope, pty.chargerPath);
      const { calls, transactionId } = await chargingSession(charger);
      assert.equal(transactionId, 1, 'the mock CSMS hands out its first transactionId');

      // The CSMS side speaks first too: its CALL reaches the charger as a line, the answer goes back.
      charger.handle('GetConfiguration', () => ({
        configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }],
      }));
      const asked = await within(
        bridge.client.call('csms.send', {
          csmsId: csms.id,
          stationId: 'CP-SERIAL-1',
          action: 'GetConfiguration',
          payload: { key: ['HeartbeatInterval'] },
        }),
        'the charger to answer GetConfiguration',
      );
      assert.equal(asked.outcome, 'result');
      const command = charger.lines.find((line) => parseLine(line)?.[1] === asked.messageId);
      assert.ok(command, 'the charger never read the CSMS’s GetConfiguration');
      const commandAnswer = charger.sent.at(-1)!;

      const expected = [...conversation(calls), `toStation ${command}`, `toCsms ${commandAnswer}`];
      const entries = await bridge.recording.entries();
      assert.deepEqual(wire(entries, 'c1'), expected);
      // The mock CSMS recorded the same bytes on its own side of the WebSocket.
      const mockSide = readText(
        (await bridge.client.call('sessions.export', { sessionId: csms.sessionId })).content,
      );
      assert.deepEqual(wire(mockSide.entries), expected);

      const [portOpened, linkOpened] = entries.filter((e) => e.kind === 'connection');
      assert.deepEqual(
        { ...portOpened, seq: 0, ts: 0 },
        {
          seq: 0,
          ts: 0,
          kind: 'connection',
          event: 'opened',
          url: `serial:${pty.bridgePath} 115200 8N1`,
          connectionId: 'port-1',
          stationId: 'CP-SERIAL-1',
          source: 'serial',
        },
      );
      assert.equal(linkOpened?.kind === 'connection' && linkOpened.subprotocol, 'ocpp1.6');
      assert.ok(entries.every((e) => e.source === 'serial' && e.stationId === 'CP-SERIAL-1'));
      await bridge.recording.assertNoErrors();

      const state = await bridge.waitState(
        (b) => b.counters.frames.toStation === calls.length + 1,
        'the counters',
      );
      assert.deepEqual(state.counters.frames, { toCsms: calls.length + 1, toStation: calls.length + 1 });
      assert.equal(state.counters.consoleLines, 0);
      assert.equal(state.subprotocol, 'ocpp1.6');
    }));

  void test('through an ocpp-rpc CSMS: it validates every CALL and reads exactly what the charger wrote', () =>
    serialScoped(async (scope) => {
      const pty = await PtyPair.create(scope);
      const { csms, next } = await rpcCsms(scope);
      const bridge = await engineBridge(scope, {
        port: pty.bridgePath,
        upstream: `${csms.url}/ocpp`,
        stationId: 'CP-SERIAL-2',
      });
      const peer = await next();
      assert.equal(peer.client.identity, 'CP-SERIAL-2');
      assert.equal(peer.client.protocol, 'ocpp1.6');
      assert.equal(peer.client.handshake.endpoint, '/ocpp');

      const charger = await SerialCharger.open(scope, pty.chargerPath);
      const { calls, transactionId } = await chargingSession(charger);
      assert.equal(transactionId, 4711, 'the ocpp-rpc CSMS’s transactionId reached the charger');
      // Every answer a real CALLRESULT (a CALLERROR would mean the CSMS refused a frame).
      assert.ok(calls.every((c) => c.answer[0] === 3));

      assert.deepEqual(peer.inbound, charger.sent, 'the CSMS read other bytes than the charger wrote');
      assert.deepEqual(
        peer.outbound,
        calls.map((c) => c.line),
        'the charger read other bytes than the CSMS wrote',
      );
      const entries = await bridge.recording.entries();
      assert.deepEqual(wire(entries), conversation(calls));
      const opened = entries.find((e) => e.kind === 'connection' && e.connectionId === 'c1');
      assert.ok(opened?.kind === 'connection');
      assert.equal(opened.upstream, `${csms.url}/ocpp/CP-SERIAL-2`);
      assert.deepEqual(opened.offeredSubprotocols, ['ocpp1.6']);
      await bridge.recording.assertNoErrors();
    }));

  void test('firmware log lines keep their place between the frames, as console entries and rows', () =>
    serialScoped(async (scope) => {
      const pty = await PtyPair.create(scope);
      const bridge = await engineBridge(scope, {
        port: pty.bridgePath,
        mockCsms: true,
        stationId: 'CP-LOGS',
      });
      await bridge.waitState((b) => b.linkState === 'open', 'the CSMS connection to open');
      const charger = await SerialCharger.open(scope, pty.chargerPath);

      // Lines written alone, each before a CALL: the answer always comes before the next log line.
      let tick = 1000;
      const logged: string[] = [];
      const log = async (step: string) => {
        const line = `I (${(tick += 17)}) ocpp: -> ${step} heap=182344`;
        logged.push(line);
        await charger.write(`${line}\n`);
      };
      const { calls } = await chargingSession(charger, log);
      // Log lines around a frame in one write: the bridge keeps them in the order of the bytes.
      const id = charger.id();
      const heartbeat = JSON.stringify([2, id, 'Heartbeat', {}]);
      const answered = charger.answerTo(id);
      await charger.write(`W (9001) wifi: rssi -71\n${heartbeat}\nD (9002) ocpp: heartbeat queued\n`);
      const answer = await answered;
      const trailer = 'E (9100) meter: CRC mismatch on Modbus reply 0x03 (ignored)';
      await charger.write(`${trailer}\n`);
      await bridge.recording.waitRow(
        (r) => r.kind === 'console' && r.summary === trailer,
        'the last log line',
      );

      // Each step as the capture has it and as the timeline row shows it.
      const steps: [entry: string, row: string][] = [
        ...calls.flatMap((c, i): [string, string][] => [
          [`console ${logged[i]}`, `console ${logged[i]}`],
          [`toCsms ${c.sent}`, `toCsms ${c.action}`],
          [`toStation ${c.line}`, `toStation ${c.action}`],
        ]),
        ['console W (9001) wifi: rssi -71', 'console W (9001) wifi: rssi -71'],
        [`toCsms ${heartbeat}`, 'toCsms Heartbeat'],
        ['console D (9002) ocpp: heartbeat queued', 'console D (9002) ocpp: heartbeat queued'],
        [`toStation ${answer}`, 'toStation Heartbeat'],
        [`console ${trailer}`, `console ${trailer}`],
      ];
      const entries = await bridge.recording.entries();
      const seen = entries
        .filter((e) => e.kind !== 'connection')
        .map((e) => (e.kind === 'console' ? `console ${e.text}` : `${e.direction} ${e.raw}`));
      assert.deepEqual(
        seen,
        steps.map(([entry]) => entry),
      );
      const consoles = entries.filter((e): e is ConsoleEntry => e.kind === 'console');
      assert.ok(consoles.every((e) => e.connectionId === 'port-1' && e.binary === undefined));
      // The timeline (what the UI lists) has them in the same order, as console rows.
      const rows = bridge.recording.rows
        .filter((r) => r.kind !== 'connection')
        .map((r) => (r.kind === 'console' ? `console ${r.summary ?? ''}` : `${r.direction} ${r.action}`));
      assert.deepEqual(
        rows,
        steps.map(([, row]) => row),
      );
      const state = await bridge.waitState(
        (b) => b.counters.consoleLines === logged.length + 3,
        'the counters',
      );
      assert.equal(state.counters.consoleLines, logged.length + 3);
      await bridge.recording.assertNoErrors();
    }));
});
