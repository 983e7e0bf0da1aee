/**
 * A mixed fleet's capture (ocpp201-capture.ts) with what a real one also holds: stations that lose
 * their connection and come back on a new one, a CSMS that now and then answers a CALL with a
 * CALLERROR, a 1.6 firmware that reports its grid frequency in "Hz" (a unit 1.6 lacks: a known
 * field deviation, reported as an error) and an EV that resumes charging after Finishing (not in
 * the 1.6 state table: a warning). The faults draw from a random of their own, so the traffic
 * around them is the clean capture's, exchange for exchange.
 */
import { prng } from '../../test/support/prng';
import {
  isoSeconds,
  writeCapture,
  type CaptureSpec,
  type Exchange,
  type GeneratedCapture,
  type Reconnect,
  type Step,
} from './capture';
import { Ocpp16Station, transactionIds } from './ocpp16-capture';
import { Ocpp201Station } from './ocpp201-capture';

/** How often each fault happens: rare, as in the field, yet some hundreds in 100k frames. */
const RATES = {
  /** Per exchange: about two drops a day per station at the generated traffic. */
  reconnect: 0.001,
  /** Per CALL of the actions below. */
  callError: 0.003,
  /** Per 1.6 MeterValues. */
  frequencyInHz: 0.01,
  /** Per 1.6 charging session. */
  resumeAfterFinishing: 0.1,
};
/** CALLs whose CALLERROR does not change what follows (a failed StartTransaction would). */
const CALL_ERROR_ACTIONS = new Set(['Heartbeat', 'StatusNotification', 'MeterValues']);

/** Seeds the faults' random apart from the traffic's. */
const FAULT_SEED_MIX = 0x5eed_f417;

class FieldFaults {
  private reconnects = 0;

  constructor(
    private readonly random: () => number,
    private readonly stationIndex: number,
    private readonly version: '1.6' | '2.0.1',
  ) {}

  *spoil(script: Iterable<Step>): Generator<Step, void> {
    let stopped = false;
    for (const exchange of script) {
      if ('reconnect' in exchange) {
        yield exchange;
        continue;
      }
      if (this.random() < RATES.reconnect) yield this.reconnect();
      yield this.answerWithError(this.reportFrequency(exchange));
      // The 1.6 script goes StopTransaction, Finishing, Available: the EV may resume in between.
      if (stopped && this.random() < RATES.resumeAfterFinishing) yield resumed();
      stopped = this.version === '1.6' && exchange.action === 'StopTransaction';
    }
  }

  private reconnect(): Reconnect {
    const n = ++this.reconnects;
    const suffix = Math.floor(this.random() * 0xffffff)
      .toString(16)
      .padStart(6, '0');
    return {
      after: Math.floor(this.random() * 30_000),
      reconnect: {
        // What the proxy records when the station's link dies without a close frame.
        code: 1006,
        reason: '',
        closedBy: 'station',
        downMs: 2_000 + Math.floor(this.random() * 60_000),
        connectionId: `c${this.stationIndex + 1}-r${n}-${suffix}`,
        remotePort: 40_000 + Math.floor(this.random() * 20_000),
      },
    };
  }

  private answerWithError(exchange: Exchange): Exchange {
    if (exchange.from !== 'station' || !CALL_ERROR_ACTIONS.has(exchange.action)) return exchange;
    if (this.random() >= RATES.callError) return exchange;
    return { ...exchange, error: { code: 'InternalError', description: 'CSMS database timeout' } };
  }

  private reportFrequency(exchange: Exchange): Exchange {
    if (this.version !== '1.6' || exchange.action !== 'MeterValues') return exchange;
    if (this.random() >= RATES.frequencyInHz) return exchange;
    return {
      ...exchange,
      payload: (ts) => {
        const payload = exchange.payload(ts);
        const [meterValue] = payload['meterValue'] as { sampledValue: unknown[] }[];
        meterValue?.sampledValue.push({
          value: '50.01',
          context: 'Sample.Periodic',
          measurand: 'Frequency',
          unit: 'Hz',
        });
        return payload;
      },
    };
  }
}

function resumed(): Exchange {
  return {
    after: 1_500,
    from: 'station',
    action: 'StatusNotification',
    payload: (ts) => ({
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Charging',
      timestamp: isoSeconds(ts),
    }),
    result: () => ({}),
  };
}

class FieldOcpp16Station extends Ocpp16Station {
  constructor(
    index: number,
    random: () => number,
    nextTransactionId: () => number,
    private readonly faults: FieldFaults,
  ) {
    super(index, random, nextTransactionId);
  }

  protected override *run(): Generator<Step, void> {
    yield* this.faults.spoil(super.run());
  }
}

class FieldOcpp201Station extends Ocpp201Station {
  constructor(
    index: number,
    random: () => number,
    private readonly faults: FieldFaults,
  ) {
    super(index, random);
  }

  protected override *run(): Generator<Step, void> {
    yield* this.faults.spoil(super.run());
  }
}

/**
 * Writes a capture of 1.6 and 2.0.1 stations, alternating as in writeMixedCapture, with the
 * field's faults, to `path` (overwriting it) and describes what it wrote.
 */
export function writeFieldCapture(path: string, spec: CaptureSpec): Promise<GeneratedCapture> {
  const nextTransactionId = transactionIds();
  const faultRandom = prng(spec.seed ^ FAULT_SEED_MIX);
  return writeCapture(path, spec, {
    stations: 'OCPP 1.6 and 2.0.1 stations with field faults',
    station: (index, random) =>
      index % 2 === 0
        ? new FieldOcpp16Station(index, random, nextTransactionId, new FieldFaults(faultRandom, index, '1.6'))
        : new FieldOcpp201Station(index, random, new FieldFaults(faultRandom, index, '2.0.1')),
  });
}
