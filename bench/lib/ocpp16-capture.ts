/**
 * A reproducible, realistic OCPP 1.6J capture of any size, in the store's file format: several
 * stations on their own connections, each booting, idling with heartbeats and running charging
 * sessions whose MeterValues (nine sampled values, ~1 KB, as in fixtures/sessions) dominate the
 * traffic. Every CALL is answered in the opposite direction a few hundred ms later; the stations'
 * traffic interleaves in time as it does on a real CSMS. Same spec, same bytes.
 */
import { open } from 'node:fs/promises';
import type {
  CaptureHeader,
  ConnectionEntry,
  Direction,
  Entry,
  FrameEntry,
} from '../../src/shared/capture/entry';
import { CAPTURE_FORMAT, CAPTURE_FORMAT_VERSION } from '../../src/shared/capture/entry';
import { encodeEntry, encodeHeader } from '../../src/shared/capture/format';
import { prng } from '../../test/support/prng';

export interface CaptureSpec {
  /** Frame entries in the file (even: CALLs and their answers); connection entries come on top. */
  frames: number;
  stations: number;
  seed: number;
  id: string;
}

export interface GeneratedCapture {
  bytes: number;
  /** Lines after the header. */
  entries: number;
  frames: number;
  stations: number;
  /** CALLs per action. */
  calls: Record<string, number>;
  /** Mean length of a frame's raw text, and of a MeterValues CALL's. */
  meanRawChars: number;
  meanMeterValuesChars: number;
}

/** 2025-11-21T06:00:00Z: fixed, so the same seed gives the same file. */
const START_TS = Date.UTC(2025, 10, 21, 6, 0, 0);

type Payload = Record<string, unknown>;

/** One CALL and its answer; payloads are built at the time they are sent. */
interface Exchange {
  /** ms after the previous exchange's answer. */
  after: number;
  from: 'station' | 'csms';
  action: string;
  payload: (ts: number) => Payload;
  result: (ts: number) => Payload;
}

/** An entry waiting for its seq (given when it is written, in time order). */
type Pending = Omit<FrameEntry, 'seq'> | Omit<ConnectionEntry, 'seq'>;

function isoSeconds(ts: number): string {
  return new Date(ts).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isoMillis(ts: number): string {
  return new Date(ts).toISOString();
}

class Station {
  readonly id: string;
  readonly connectionId: string;
  /** Entries ready to be written, in time order. */
  readonly queue: Pending[] = [];
  private clock: number;
  private messageCounter: number;
  private readonly script: Iterator<Exchange, void>;

  constructor(
    private readonly index: number,
    private readonly random: () => number,
    private readonly nextTransactionId: () => number,
  ) {
    this.id = `CP-BENCH-${String(index + 1).padStart(4, '0')}`;
    this.connectionId = `c${index + 1}-${this.hex(6)}`;
    this.clock = START_TS + index * 1500 + this.between(0, 1000) + Math.round(this.random() * 1000) / 1000;
    this.messageCounter = 19_000_000 + Math.floor(this.random() * 900_000);
    this.queue.push({
      ts: this.clock,
      kind: 'connection',
      event: 'opened',
      connectionId: this.connectionId,
      stationId: this.id,
      source: 'proxy',
      url: `/ocpp/${this.id}`,
      subprotocol: 'ocpp1.6',
      offeredSubprotocols: ['ocpp1.6'],
      remoteAddress: `10.20.${index >> 8}.${(index & 255) + 10}:${this.between(40000, 60000)}`,
      tls: false,
    });
    this.script = this.run();
  }

  private between(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo));
  }

  private hex(bytes: number): string {
    let out = '';
    for (let i = 0; i < bytes; i++) out += this.between(0, 256).toString(16).padStart(2, '0');
    return out;
  }

  private uuid(): string {
    const h = this.hex(16);
    const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20)}`;
  }

  /** Queues the next exchange (CALL, then its answer). False when the station's script is done. */
  queueNext(): boolean {
    const next = this.script.next();
    if (next.done) return false;
    const exchange = next.value;
    const callTs = this.clock + exchange.after + this.random();
    const answerTs = callTs + this.between(25, 400) + this.random();
    // Station CALLs use the charger's counter ids (as many 1.6 chargers do); the CSMS uses UUIDs.
    const id = exchange.from === 'station' ? String(this.messageCounter++) : this.uuid();
    const callDirection: Direction = exchange.from === 'station' ? 'toCsms' : 'toStation';
    const answerDirection: Direction = callDirection === 'toCsms' ? 'toStation' : 'toCsms';
    this.queue.push(
      this.frame(callTs, callDirection, JSON.stringify([2, id, exchange.action, exchange.payload(callTs)])),
      this.frame(answerTs, answerDirection, JSON.stringify([3, id, exchange.result(answerTs)])),
    );
    this.clock = answerTs;
    return true;
  }

  private frame(ts: number, direction: Direction, raw: string): Pending {
    return {
      ts: Math.round(ts * 1000) / 1000,
      kind: 'frame',
      connectionId: this.connectionId,
      stationId: this.id,
      source: 'proxy',
      direction,
      raw,
    };
  }

  private *run(): Generator<Exchange, void> {
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
      for (let beats = this.between(0, 4); beats > 0; beats--) {
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
      for (let samples = this.between(20, 100); samples > 0; samples--) {
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
    const amps = powerW / (3 * 230);
    const current = (phase: string) =>
      sample('Current.Import', (amps * (0.98 + 0.04 * this.random())).toFixed(2), 'A', phase);
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

/** Writes the capture to `path` (overwriting it) and describes what it wrote. */
export async function writeOcpp16Capture(path: string, spec: CaptureSpec): Promise<GeneratedCapture> {
  const random = prng(spec.seed);
  let transactionId = 48_000;
  const stations = Array.from(
    { length: spec.stations },
    (_, i) => new Station(i, random, () => ++transactionId),
  );
  const header: CaptureHeader = {
    format: CAPTURE_FORMAT,
    formatVersion: CAPTURE_FORMAT_VERSION,
    id: spec.id,
    name: `bench: ${spec.frames} frames from ${spec.stations} OCPP 1.6 stations (seed ${spec.seed})`,
    createdAt: new Date(START_TS).toISOString(),
    ocppVersion: 'ocpp1.6',
    createdBy: 'ocpp-scope bench',
  };

  const file = await open(path, 'w');
  let bytes = 0;
  let lines: string[] = [encodeHeader(header)];
  const flush = async () => {
    const text = lines.join('\n') + '\n';
    lines = [];
    bytes += Buffer.byteLength(text);
    await file.write(text);
  };

  const calls: Record<string, number> = {};
  let queuedFrames = 0;
  let frames = 0;
  let entries = 0;
  let rawChars = 0;
  let meterValuesChars = 0;
  let lastTs = 0;
  try {
    for (;;) {
      // The station whose next entry is earliest goes next (stations are few: a scan is enough).
      let next: Station | undefined;
      for (const station of stations) {
        if (station.queue.length === 0 && queuedFrames + 2 <= spec.frames && station.queueNext()) {
          queuedFrames += 2;
        }
        const head = station.queue[0];
        if (head !== undefined && (next === undefined || head.ts < next.queue[0]!.ts)) next = station;
      }
      if (next === undefined) break;
      const pending = next.queue.shift()!;
      // Two stations may share a millisecond; seq order and ts order must still agree.
      if (pending.ts <= lastTs) pending.ts = Math.round((lastTs + 0.001) * 1000) / 1000;
      lastTs = pending.ts;
      // Keys in the order the guide lists them (seq, ts, kind, ...), as in fixtures/sessions.
      const entry: Entry = { seq: ++entries, ...pending };
      if (entry.kind === 'frame') {
        frames++;
        rawChars += entry.raw.length;
        if (entry.raw.startsWith('[2,')) {
          const action = (JSON.parse(entry.raw) as [number, string, string])[2];
          calls[action] = (calls[action] ?? 0) + 1;
          if (action === 'MeterValues') meterValuesChars += entry.raw.length;
        }
      }
      lines.push(encodeEntry(entry));
      if (lines.length >= 4096) await flush();
    }
    await flush();
  } finally {
    await file.close();
  }
  return {
    bytes,
    entries,
    frames,
    stations: spec.stations,
    calls,
    meanRawChars: rawChars / frames,
    meanMeterValuesChars: meterValuesChars / (calls['MeterValues'] ?? 1),
  };
}
