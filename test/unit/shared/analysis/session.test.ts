import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../../src/shared/analysis/finding';
import { CaptureBuilder, type RuleFilter, type Side } from './capture-builder';

type Version = '1.6' | '2.0.1';

/** A capture analysed as it grows, with the session traffic of one station. */
class Capture extends CaptureBuilder {
  constructor(private readonly version: Version) {
    super({
      start: Date.UTC(2025, 10, 21, 8, 0, 0),
      stationId: 'CS-1',
      connectionId: 'c0',
      subprotocol: `ocpp${version}`,
      id: (n) => `m${n}`,
    });
  }

  after(seconds: number): this {
    return this.advance(seconds * 1000);
  }

  /** A CALL and, unless `answer` is null, its CALLRESULT 0.1 s later; returns both seqs. */
  exchange(
    from: Side,
    action: string,
    payload: object,
    answer: object | null,
  ): { call: number; answer: number; id: string } {
    const { seq: call, id } = this.call(from, action, payload);
    if (answer === null) return { call, answer: call, id };
    this.after(0.1);
    return { call, answer: this.result(id, answer, from === 'station' ? 'csms' : 'station'), id };
  }

  station(action: string, payload: object, answer: object | null = {}) {
    return this.exchange('station', action, payload, answer);
  }

  csms(action: string, payload: object, answer: object | null = { status: 'Accepted' }) {
    return this.exchange('csms', action, payload, answer);
  }

  boot(status: 'Accepted' | 'Pending' | 'Rejected' | null, interval = 300) {
    const payload =
      this.version === '1.6'
        ? { chargePointVendor: 'ACME', chargePointModel: 'Wallbox-22' }
        : { reason: 'PowerUp', chargingStation: { model: 'P2231', vendorName: 'EVB' } };
    const answer = status === null ? null : { status, currentTime: this.isoTime(), interval };
    return this.station('BootNotification', payload, answer);
  }

  heartbeat() {
    return this.station('Heartbeat', {}, { currentTime: this.isoTime() });
  }

  status(connectorId: number, status: string) {
    if (this.version === '1.6') {
      return this.station('StatusNotification', {
        connectorId,
        errorCode: 'NoError',
        status,
        timestamp: this.isoTime(),
      });
    }
    return this.station('StatusNotification', {
      timestamp: this.isoTime(),
      connectorStatus: status,
      evseId: 1,
      connectorId,
    });
  }

  isoTime(): string {
    return new Date(this.ts).toISOString();
  }

  /** The session findings so far, or those of `rule`. */
  override findings(rule: RuleFilter = 'session.'): Finding[] {
    return super.findings(rule);
  }
}

const BEFORE = 'session.call-before-accepted';
const HEARTBEAT = 'session.heartbeat-interval';
const TRANSITION = 'session.status-transition';

void describe('session.call-before-accepted', () => {
  void test('a CALL while the BootNotification is unanswered', () => {
    const c = new Capture('1.6').open('c1');
    const boot = c.boot(null);
    c.after(1);
    const status = c.status(1, 'Available');
    const [finding] = c.findings(BEFORE);
    assert.ok(finding);
    assert.deepEqual(finding.seqs, [status.call, boot.call]);
    assert.deepEqual(finding.messageIds, [status.id, boot.id]);
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /StatusNotification.*still unanswered/);
  });

  void test('no BootNotification seen: nothing to judge', () => {
    const c = new Capture('1.6').open('c1');
    c.status(1, 'Available');
    c.heartbeat();
    assert.deepEqual(c.findings(), []);
  });

  void test('once per action and boot attempt; a new boot starts over', () => {
    const c = new Capture('2.0.1').open('c1');
    const boot = c.boot('Rejected', 10);
    c.after(1).status(1, 'Available');
    c.after(1).status(1, 'Available');
    c.after(1).heartbeat();
    assert.deepEqual(
      c.findings(BEFORE).map((f) => [f.messageIds[0], f.seqs[1]]),
      [
        ['m2', boot.answer],
        ['m4', boot.answer],
      ],
    );
    const second = c.after(10).boot('Pending', 10);
    c.after(1).status(1, 'Available');
    assert.equal(c.findings(BEFORE).length, 3);
    assert.deepEqual(c.findings(BEFORE)[2]?.seqs.slice(1), [second.answer]);
    assert.match(c.findings(BEFORE)[2]?.message ?? '', /Pending.*TriggerMessage/);
  });

  void test('after Accepted, and a CALLERROR to the boot counts as not accepted', () => {
    const c = new Capture('1.6').open('c1');
    c.boot('Accepted');
    c.after(1).status(1, 'Available');
    assert.deepEqual(c.findings(BEFORE), []);
    c.after(1);
    const boot = c.station('BootNotification', { chargePointVendor: 'ACME', chargePointModel: 'W' }, null);
    c.after(0.1);
    const error = c.error(boot.id, 'InternalError', 'database down');
    c.after(1).heartbeat();
    assert.deepEqual(c.findings(BEFORE)[0]?.seqs.slice(1), [error]);
    assert.match(c.findings(BEFORE)[0]?.message ?? '', /CALLERROR/);
  });

  void test('registration survives a reconnect', () => {
    const c = new Capture('1.6').open('c1');
    c.boot('Pending', 60);
    c.after(2).close().after(5).open('c2');
    c.after(1).station('Authorize', { idTag: 'ABC' }, { idTagInfo: { status: 'Accepted' } });
    const [finding] = c.findings(BEFORE);
    assert.equal(finding?.connectionId, 'c2');
  });

  void test('while Pending, a triggered CALL is allowed, once per trigger naming a connector', () => {
    const c = new Capture('2.0.1').open('c1');
    c.boot('Pending', 10);
    c.after(1).csms('TriggerMessage', {
      requestedMessage: 'StatusNotification',
      evse: { id: 1, connectorId: 1 },
    });
    c.after(0.2).status(1, 'Available');
    assert.deepEqual(c.findings(BEFORE), []);
    c.after(1).status(1, 'Available');
    assert.equal(c.findings(BEFORE).length, 1);
  });

  void test('a trigger without a connector allows one message per connector', () => {
    const c = new Capture('1.6').open('c1');
    c.boot('Pending', 10);
    c.after(1).csms('TriggerMessage', { requestedMessage: 'StatusNotification' });
    for (const connector of [0, 1, 2]) c.after(0.1).status(connector, 'Available');
    assert.deepEqual(c.findings(), []);
  });

  void test('certificate triggers allow SignCertificate; a refused trigger allows nothing', () => {
    const c = new Capture('2.0.1').open('c1');
    c.boot('Pending', 10);
    c.after(1).csms('TriggerMessage', { requestedMessage: 'SignChargingStationCertificate' });
    c.after(0.2).station('SignCertificate', { csr: 'CSR' }, { status: 'Accepted' });
    assert.deepEqual(c.findings(BEFORE), []);
    c.after(1).csms('TriggerMessage', { requestedMessage: 'Heartbeat' }, { status: 'Rejected' });
    c.after(0.2).heartbeat();
    assert.equal(c.findings(BEFORE).length, 1);
  });

  void test('a trigger does not excuse a CALL while Rejected', () => {
    const c = new Capture('1.6').open('c1');
    c.boot('Rejected', 10);
    c.after(1).csms('TriggerMessage', { requestedMessage: 'Heartbeat' });
    c.after(0.2).heartbeat();
    assert.equal(c.findings(BEFORE).length, 1);
  });
});

void describe('session.heartbeat-interval', () => {
  void test('too often and too rare against the BootNotification interval', () => {
    const c = new Capture('1.6').open('c1');
    c.boot('Accepted', 300);
    const first = c.after(300).heartbeat();
    const second = c.after(100).heartbeat();
    const third = c.after(470).heartbeat();
    const findings = c.findings(HEARTBEAT);
    assert.deepEqual(
      findings.map((f) => f.seqs),
      [
        [second.call, first.call],
        [third.call, second.call],
      ],
    );
    assert.match(findings[0]?.message ?? '', /100 s after.*interval is 300 s/);
    assert.match(findings[1]?.message ?? '', /470 s after.*interval is 300 s/);
  });

  void test('within the bounds: no finding', () => {
    const c = new Capture('2.0.1').open('c1');
    c.boot('Accepted', 100);
    c.after(100).heartbeat();
    c.after(51).heartbeat();
    c.after(159.8).heartbeat();
    assert.deepEqual(c.findings(), []);
  });

  void test('a long gap with other traffic in between is allowed', () => {
    const c = new Capture('1.6').open('c1');
    c.boot('Accepted', 60);
    c.after(60).heartbeat();
    c.after(100).status(1, 'Available');
    c.after(100).heartbeat();
    assert.deepEqual(c.findings(), []);
  });

  void test('a triggered heartbeat is not periodic', () => {
    const c = new Capture('1.6').open('c1');
    c.boot('Accepted', 60);
    c.after(60).heartbeat();
    c.after(10).csms('TriggerMessage', { requestedMessage: 'Heartbeat' });
    c.after(0.2).heartbeat();
    c.after(50).heartbeat();
    assert.deepEqual(c.findings(), []);
  });

  void test('interval 0 disables the check; an accepted ChangeConfiguration sets it', () => {
    const c = new Capture('1.6').open('c1');
    c.boot('Accepted', 0);
    c.after(5).heartbeat();
    c.after(5).heartbeat();
    assert.deepEqual(c.findings(), []);
    c.after(1).csms('ChangeConfiguration', { key: 'HeartbeatInterval', value: '60' }, { status: 'Rejected' });
    c.after(5).heartbeat();
    assert.deepEqual(c.findings(), []);
    c.after(1).csms('ChangeConfiguration', { key: 'HeartbeatInterval', value: '60' });
    c.after(60).heartbeat();
    c.after(10).heartbeat();
    assert.equal(c.findings(HEARTBEAT).length, 1);
    assert.match(c.findings(HEARTBEAT)[0]?.message ?? '', /interval is 60 s \(set by ChangeConfiguration/);
  });

  void test('SetVariables of OCPPCommCtrlr.HeartbeatInterval, only when accepted', () => {
    const c = new Capture('2.0.1').open('c1');
    c.boot('Accepted', 60);
    const set = (status: string) =>
      c.csms(
        'SetVariables',
        {
          setVariableData: [
            {
              attributeValue: '600',
              component: { name: 'OCPPCommCtrlr' },
              variable: { name: 'HeartbeatInterval' },
            },
          ],
        },
        {
          setVariableResult: [
            {
              attributeStatus: status,
              component: { name: 'OCPPCommCtrlr' },
              variable: { name: 'HeartbeatInterval' },
            },
          ],
        },
      );
    set('Rejected');
    c.after(60).heartbeat();
    c.after(60).heartbeat();
    assert.deepEqual(c.findings(), []);
    set('Accepted');
    c.after(600).heartbeat();
    c.after(120).heartbeat();
    assert.equal(c.findings(HEARTBEAT).length, 1);
    assert.match(c.findings(HEARTBEAT)[0]?.message ?? '', /120 s after.*600 s \(set by SetVariables/);
  });

  void test('heartbeats on different connections are not compared', () => {
    const c = new Capture('1.6').open('c1');
    c.boot('Accepted', 300);
    c.after(300).heartbeat();
    c.after(1).close().after(1000).open('c2');
    c.after(10).heartbeat();
    c.after(300).heartbeat();
    assert.deepEqual(c.findings(), []);
  });
});

/** OCPP 1.6 section 4.9, written out independently of the implementation. */
const TABLE: Record<string, string[]> = {
  Available: ['Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Reserved', 'Unavailable', 'Faulted'],
  Preparing: ['Available', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Faulted'],
  Charging: ['Available', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Unavailable', 'Faulted'],
  SuspendedEV: ['Available', 'Charging', 'SuspendedEVSE', 'Finishing', 'Unavailable', 'Faulted'],
  SuspendedEVSE: ['Available', 'Charging', 'SuspendedEV', 'Finishing', 'Unavailable', 'Faulted'],
  Finishing: ['Available', 'Preparing', 'Unavailable', 'Faulted'],
  Reserved: ['Available', 'Preparing', 'Unavailable', 'Faulted'],
  Unavailable: ['Available', 'Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Faulted'],
  Faulted: [
    'Available',
    'Preparing',
    'Charging',
    'SuspendedEV',
    'SuspendedEVSE',
    'Finishing',
    'Reserved',
    'Unavailable',
  ],
};
const STATUSES = Object.keys(TABLE);

void describe('session.status-transition', () => {
  void test('every pair of statuses against the 1.6 table (53 allowed)', () => {
    let allowed = 0;
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        const c = new Capture('1.6').open('c1');
        const previous = c.status(1, from);
        const next = c.after(1).status(1, to);
        const findings = c.findings(TRANSITION);
        if (from === to || TABLE[from]?.includes(to)) {
          if (from !== to) allowed++;
          assert.deepEqual(findings, [], `${from} -> ${to}`);
        } else {
          assert.deepEqual(
            findings.map((f) => f.seqs),
            [[next.call, previous.call]],
            `${from} -> ${to}`,
          );
          assert.match(findings[0]?.message ?? '', new RegExp(`Connector 1 went from ${from} .* to ${to}`));
        }
      }
    }
    assert.equal(allowed, 53);
  });

  void test('connector 0 is Available, Unavailable or Faulted only', () => {
    const c = new Capture('1.6').open('c1');
    c.status(0, 'Available');
    c.after(1).status(0, 'Faulted');
    c.after(1).status(0, 'Unavailable');
    const charging = c.after(1).status(0, 'Charging');
    c.after(1).status(0, 'Charging');
    c.after(1).status(0, 'Available');
    assert.deepEqual(
      c.findings(TRANSITION).map((f) => f.seqs),
      [[charging.call]],
    );
  });

  void test('per connector; a new boot forgets the statuses', () => {
    const c = new Capture('1.6').open('c1');
    c.status(1, 'Finishing');
    c.after(1).status(2, 'Charging');
    c.after(1).boot('Accepted');
    c.after(1).status(1, 'Charging');
    assert.deepEqual(c.findings(), []);
  });

  void test('only OCPP 1.6; schema-invalid payloads are skipped', () => {
    const v201 = new Capture('2.0.1').open('c1');
    v201.status(1, 'Occupied');
    v201.after(1).status(1, 'Reserved');
    assert.deepEqual(v201.findings(), []);
    const c = new Capture('1.6').open('c1');
    c.status(1, 'Finishing');
    c.after(1).station('StatusNotification', { connectorId: '1', errorCode: 'NoError', status: 'Charging' });
    c.after(1).station('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 42 });
    c.after(1).station('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Plugged' });
    assert.deepEqual(c.findings(), []);
  });
});
