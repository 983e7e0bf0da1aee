/**
 * OCPP 2.0.1 stations for the generated captures, their traffic shaped like
 * fixtures/sessions/ocpp201-charging-session.jsonl: boot, device-model set-up by the CSMS, idle
 * heartbeats, and charging sessions told by TransactionEvents (Started, Updated with periodic
 * meter values, Ended; seqNo counting from 0 per transaction, a UUID transactionId), and a mixed
 * capture of 1.6 and 2.0.1 stations. The station and the writer are shared (capture.ts).
 */
import {
  isoMillis,
  Station,
  writeCapture,
  type CaptureSpec,
  type Exchange,
  type GeneratedCapture,
  type Payload,
  type Step,
} from './capture';
import { Ocpp16Station, transactionIds } from './ocpp16-capture';

type IdToken = { idToken: string; type: string };

const HEARTBEAT_INTERVAL_S = 300;
/** TxUpdatedInterval, as the CSMS sets it: one periodic TransactionEvent a minute. */
const METER_INTERVAL_MS = 60_000;
/** A charging station sends a Heartbeat every this many periodic meter values (300 s). */
const METER_VALUES_PER_HEARTBEAT = HEARTBEAT_INTERVAL_S / (METER_INTERVAL_MS / 1000);

/** A 2.0.1 charging station: two EVSEs of one connector each, UUID message ids. */
export class Ocpp201Station extends Station {
  constructor(index: number, random: () => number) {
    super(index, random, {
      subprotocol: 'ocpp2.0.1',
      offeredSubprotocols: ['ocpp2.0.1', 'ocpp1.6'],
      callIds: 'uuid',
    });
  }

  protected *run(): Generator<Step, void> {
    const r = this.random;
    const serialNumber = `P2231-${String(this.index + 1).padStart(4, '0')}`;
    yield {
      after: this.between(200, 900),
      from: 'station',
      action: 'BootNotification',
      payload: () => ({
        reason: 'PowerUp',
        chargingStation: {
          model: 'P2231-22kW',
          vendorName: 'EVB Systems',
          serialNumber,
          firmwareVersion: '2.8.1+build.4410',
        },
      }),
      result: (ts) => ({ currentTime: isoMillis(ts), interval: HEARTBEAT_INTERVAL_S, status: 'Accepted' }),
    };
    yield this.setVariable('SampledDataCtrlr', 'TxUpdatedInterval', String(METER_INTERVAL_MS / 1000));
    yield this.setVariable(
      'SampledDataCtrlr',
      'TxUpdatedMeasurands',
      'Energy.Active.Import.Register,Power.Active.Import,Current.Import',
    );
    for (const evseId of [1, 2]) yield this.status(evseId, 'Available', this.between(200, 600));

    let energyWh = this.between(100_000, 5_000_000);
    for (;;) {
      for (let beats = this.between(0, 4); beats > 0; beats--) {
        yield this.heartbeat(HEARTBEAT_INTERVAL_S * 1000);
      }
      const idToken: IdToken = { idToken: `04${this.hex(6).toUpperCase()}`, type: 'ISO14443' };
      yield {
        after: this.between(5_000, 120_000),
        from: 'station',
        action: 'Authorize',
        payload: () => ({ idToken }),
        result: () => ({ idTokenInfo: { status: 'Accepted' } }),
      };

      const evseId = r() < 0.5 ? 1 : 2;
      const transaction = this.transaction(this.uuid());
      const meterStart = energyWh;
      yield transaction.event(this.between(300, 2_000), 'Started', 'Authorized', 'Idle', (ts) => ({
        evse: { id: evseId, connectorId: 1 },
        idToken,
        meterValue: [this.meterValue(ts, 'Transaction.Begin', meterStart)],
      }));
      yield this.status(evseId, 'Occupied', this.between(3_000, 15_000));
      yield transaction.event(this.between(100, 500), 'Updated', 'CablePluggedIn', 'EVConnected');
      let chargingSince = 0;
      yield transaction.event(
        this.between(2_000, 6_000),
        'Updated',
        'ChargingStateChanged',
        'Charging',
        (ts) => {
          chargingSince = ts;
          return { numberOfPhasesUsed: 3 };
        },
      );

      const ratedW = r() < 0.7 ? 11_000 : 22_000;
      for (let sample = 1, samples = this.between(20, 100); sample <= samples; sample++) {
        const powerW = Math.round(ratedW * (0.9 + 0.08 * r()));
        energyWh += Math.round((powerW * METER_INTERVAL_MS) / 3_600_000);
        const energy = energyWh;
        const meter = transaction.event(
          METER_INTERVAL_MS - 300,
          'Updated',
          'MeterValuePeriodic',
          'Charging',
          (ts) => ({ meterValue: [this.meterValue(ts, 'Sample.Periodic', energy, powerW)] }),
        );
        yield { ...meter, meter: true };
        if (sample % METER_VALUES_PER_HEARTBEAT === 0) yield this.heartbeat(this.between(100, 2_000));
      }

      const meterStop = energyWh;
      yield transaction.event(
        this.between(5_000, 30_000),
        'Ended',
        'StopAuthorized',
        'EVConnected',
        (ts) => ({
          idToken,
          meterValue: [this.meterValue(ts, 'Transaction.End', meterStop)],
        }),
        (ts) => ({ timeSpentCharging: Math.round((ts - chargingSince) / 1000), stoppedReason: 'Local' }),
      );
      yield this.status(evseId, 'Available', this.between(20_000, 90_000));
    }
  }

  /** The events of one transaction, numbered from seqNo 0 in the order they are made. */
  private transaction(transactionId: string) {
    let seqNo = 0;
    return {
      event: (
        after: number,
        eventType: 'Started' | 'Updated' | 'Ended',
        triggerReason: string,
        chargingState: string,
        more: (ts: number) => Payload = () => ({}),
        info: (ts: number) => Payload = () => ({}),
      ): Exchange => {
        const n = seqNo++;
        return {
          after,
          from: 'station',
          action: 'TransactionEvent',
          // The event happened a moment before the station sent it; its meter values with it.
          payload: (ts) => {
            const at = ts - this.between(5, 300);
            return {
              eventType,
              timestamp: isoMillis(at),
              triggerReason,
              seqNo: n,
              transactionInfo: { transactionId, chargingState, ...info(at) },
              ...more(at),
            };
          },
          // The CSMS says how the idToken stands when one comes with the event.
          result: () => (eventType === 'Updated' ? {} : { idTokenInfo: { status: 'Accepted' } }),
        };
      },
    };
  }

  private heartbeat(after: number): Exchange {
    return {
      after,
      from: 'station',
      action: 'Heartbeat',
      payload: () => ({}),
      result: (ts) => ({ currentTime: isoMillis(ts) }),
    };
  }

  private setVariable(component: string, variable: string, attributeValue: string): Exchange {
    const names = { component: { name: component }, variable: { name: variable } };
    return {
      after: this.between(300, 1_500),
      from: 'csms',
      action: 'SetVariables',
      payload: () => ({ setVariableData: [{ attributeValue, ...names }] }),
      result: () => ({ setVariableResult: [{ attributeStatus: 'Accepted', ...names }] }),
    };
  }

  private status(evseId: number, connectorStatus: string, after: number): Exchange {
    return {
      after,
      from: 'station',
      action: 'StatusNotification',
      payload: (ts) => ({
        timestamp: isoMillis(ts - this.between(5, 60)),
        connectorStatus,
        evseId,
        connectorId: 1,
      }),
      result: () => ({}),
    };
  }

  /** The energy register, and with `powerW` the power and the three phase currents. */
  private meterValue(ts: number, context: string, wh: number, powerW?: number): Payload {
    const sample = (measurand: string, value: number, unit: string, phase?: string): Payload => ({
      value,
      context,
      measurand,
      ...(phase === undefined ? {} : { phase }),
      location: 'Outlet',
      unitOfMeasure: { unit },
    });
    const sampledValue = [sample('Energy.Active.Import.Register', wh, 'Wh')];
    if (powerW !== undefined) {
      sampledValue.push(sample('Power.Active.Import', powerW, 'W'));
      for (const phase of ['L1', 'L2', 'L3']) {
        sampledValue.push(sample('Current.Import', Number(this.phaseAmps(powerW)), 'A', phase));
      }
    }
    return { timestamp: isoMillis(ts), sampledValue };
  }
}

/**
 * A capture of OCPP 1.6 and 2.0.1 stations, alternating (station 1 is 1.6, station 2 is 2.0.1...),
 * each on a connection that negotiated its version, as a CSMS serving a mixed fleet sees them.
 */
export function writeMixedCapture(path: string, spec: CaptureSpec): Promise<GeneratedCapture> {
  const nextTransactionId = transactionIds();
  return writeCapture(path, spec, {
    stations: 'OCPP 1.6 and 2.0.1 stations',
    station: (index, random) =>
      index % 2 === 0
        ? new Ocpp16Station(index, random, nextTransactionId)
        : new Ocpp201Station(index, random),
  });
}
