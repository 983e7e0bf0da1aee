/**
 * A reproducible, realistic OCPP 1.6J capture of any size, in the store's file format: several
 * stations on their own connections, each booting, idling with heartbeats and running charging
 * sessions whose MeterValues (nine sampled values, ~1 KB, as in fixtures/sessions) dominate the
 * traffic. The station and the writer are shared with the other kinds (capture.ts).
 */
import {
  isoMillis,
  isoSeconds,
  Station,
  writeCapture,
  type CaptureSpec,
  type Exchange,
  type GeneratedCapture,
  type Payload,
  type Step,
} from './capture';

/**
 * How long a station idles and charges, as [lo, hi) ranges drawn per session. Other ranges draw the
 * same random numbers, so a station's other choices do not move when the shape changes.
 */
export interface SessionShape {
  /** Heartbeats before a driver arrives. */
  idleHeartbeats: readonly [number, number];
  /** MeterValues per charging session (one a minute). */
  meterSamples: readonly [number, number];
}

/** An hour or so of charging per session, sampled every minute, as in fixtures/sessions. */
export const REAL_SHAPE: SessionShape = { idleHeartbeats: [0, 4], meterSamples: [20, 100] };

/** A 1.6 charger: connectors 0 and 1, counter message ids, integer transaction ids from the CSMS. */
export class Ocpp16Station extends Station {
  constructor(
    index: number,
    random: () => number,
    private readonly nextTransactionId: () => number,
    private readonly shape: SessionShape = REAL_SHAPE,
  ) {
    super(index, random, { subprotocol: 'ocpp1.6', offeredSubprotocols: ['ocpp1.6'], callIds: 'counter' });
  }

  protected *run(): Generator<Step, void> {
    const r = this.random;
    const serial = `BCH${String(this.index + 1).padStart(4, '0')}-${this.hex(2)}`;
    yield {
      after: this.between(200, 900),
      from: 'station',
      action: 'BootNotification',
      payload: () => ({
        chargePointVendor: 'ACME',
        chargePointModel: 'Wallbox-22',
        chargePointSerialNumber: serial,
        chargeBoxSerialNumber: serial,
        firmwareVersion: '4.2.7-r1184',
        meterType: 'ACME EM340',
        meterSerialNumber: `EM340-${this.between(100000, 999999)}`,
      }),
      result: (ts) => ({ status: 'Accepted', currentTime: isoMillis(ts), interval: 300 }),
    };
    for (const connectorId of [0, 1]) yield this.status(connectorId, 'Available', 300);
    yield {
      after: this.between(500, 2000),
      from: 'csms',
      action: 'ChangeConfiguration',
      payload: () => ({ key: 'MeterValueSampleInterval', value: '60' }),
      result: () => ({ status: 'Accepted' }),
    };

    let energyWh = this.between(100_000, 5_000_000);
    for (;;) {
      // Idle: heartbeats until a driver arrives.
      for (let beats = this.between(...this.shape.idleHeartbeats); beats > 0; beats--) {
        yield {
          after: 300_000,
          from: 'station',
          action: 'Heartbeat',
          payload: () => ({}),
          result: (ts) => ({ currentTime: isoMillis(ts) }),
        };
      }
      const idTag = `04${this.hex(6).toUpperCase()}`;
      const idTagInfo = (ts: number) => ({
        status: 'Accepted',
        expiryDate: isoMillis(ts + 30 * 86_400_000).slice(0, 10) + 'T00:00:00.000Z',
      });
      yield {
        after: this.between(5_000, 120_000),
        from: 'station',
        action: 'Authorize',
        payload: () => ({ idTag }),
        result: (ts) => ({ idTagInfo: idTagInfo(ts) }),
      };
      yield this.status(1, 'Preparing', 500);
      const transactionId = this.nextTransactionId();
      const meterStart = energyWh;
      let startTs = 0;
      yield {
        after: this.between(2_000, 10_000),
        from: 'station',
        action: 'StartTransaction',
        payload: (ts) => {
          startTs = ts;
          return { connectorId: 1, idTag, meterStart, timestamp: isoSeconds(ts) };
        },
        result: (ts) => ({ transactionId, idTagInfo: idTagInfo(ts) }),
      };
      yield this.status(1, 'Charging', 1500);

      let soc = this.between(5, 60);
      const ratedW = r() < 0.7 ? 11_000 : 22_000;
      for (let samples = this.between(...this.shape.meterSamples); samples > 0; samples--) {
        const powerW = Math.round(ratedW * (0.9 + 0.08 * r()));
        energyWh += Math.round((powerW * 60) / 3600);
        soc = Math.min(100, soc + (r() < 0.5 ? 1 : 0));
        const energy = energyWh;
        const socNow = soc;
        yield {
          after: 60_000 - 300,
          from: 'station',
          action: 'MeterValues',
          payload: (ts) => this.meterValues(ts, transactionId, energy, powerW, socNow),
          result: () => ({}),
          meter: true,
        };
      }

      const meterStop = energyWh;
      yield {
        after: this.between(5_000, 30_000),
        from: 'station',
        action: 'StopTransaction',
        payload: (ts) => ({
          transactionId,
          idTag,
          meterStop,
          timestamp: isoSeconds(ts),
          reason: 'Local',
          transactionData: [
            {
              timestamp: isoSeconds(startTs),
              sampledValue: [this.energySample(meterStart, 'Transaction.Begin')],
            },
            { timestamp: isoSeconds(ts), sampledValue: [this.energySample(meterStop, 'Transaction.End')] },
          ],
        }),
        result: (ts) => ({ idTagInfo: idTagInfo(ts) }),
      };
      yield this.status(1, 'Finishing', 800);
      yield this.status(1, 'Available', this.between(20_000, 90_000));
    }
  }

  private status(connectorId: number, status: string, after: number): Exchange {
    return {
      after,
      from: 'station',
      action: 'StatusNotification',
      payload: (ts) => ({ connectorId, errorCode: 'NoError', status, timestamp: isoSeconds(ts) }),
      result: () => ({}),
    };
  }

  private energySample(wh: number, context: string): Payload {
    return {
      value: String(wh),
      context,
      measurand: 'Energy.Active.Import.Register',
      location: 'Outlet',
      unit: 'Wh',
    };
  }

  private meterValues(ts: number, transactionId: number, wh: number, powerW: number, soc: number): Payload {
    const sample = (measurand: string, value: string, unit: string, phase?: string): Payload => ({
      value,
      context: 'Sample.Periodic',
      measurand,
      ...(phase === undefined ? {} : { phase }),
      location: 'Outlet',
      unit,
    });
    const current = (phase: string) => sample('Current.Import', this.phaseAmps(powerW), 'A', phase);
    const voltage = (phase: string) => sample('Voltage', (226 + 8 * this.random()).toFixed(1), 'V', phase);
    return {
      connectorId: 1,
      transactionId,
      meterValue: [
        {
          timestamp: isoSeconds(ts),
          sampledValue: [
            sample('Energy.Active.Import.Register', String(wh), 'Wh'),
            sample('Power.Active.Import', String(powerW), 'W'),
            current('L1'),
            current('L2'),
            current('L3'),
            voltage('L1-N'),
            voltage('L2-N'),
            voltage('L3-N'),
            {
              value: String(soc),
              context: 'Sample.Periodic',
              measurand: 'SoC',
              location: 'EV',
              unit: 'Percent',
            },
          ],
        },
      ],
    };
  }
}

/** The CSMS's transaction ids, shared by all the 1.6 stations of a capture. */
export function transactionIds(): () => number {
  let transactionId = 48_000;
  return () => ++transactionId;
}

/** Writes the capture to `path` (overwriting it) and describes what it wrote. */
export function writeOcpp16Capture(path: string, spec: CaptureSpec): Promise<GeneratedCapture> {
  const nextTransactionId = transactionIds();
  return writeCapture(path, spec, {
    stations: 'OCPP 1.6 stations',
    ocppVersion: 'ocpp1.6',
    station: (index, random) => new Ocpp16Station(index, random, nextTransactionId),
  });
}
