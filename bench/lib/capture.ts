/**
 * What the benchmarks' capture generators share: a station on its own connection that plays a
 * script of exchanges (a CALL and its answer, in the opposite direction a few hundred ms later),
 * and the writer that interleaves the stations' traffic in time, as on a real CSMS, into a file in
 * the store's format. The scripts (which messages, which payloads) are the kinds' own:
 * ocpp16-capture.ts and ocpp201-capture.ts. Same spec, same bytes.
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
  /** Stations per negotiated subprotocol. */
  subprotocols: Record<string, number>;
  /** CALLs per action. */
  calls: Record<string, number>;
  /** Mean length of a frame's raw text. */
  meanRawChars: number;
  /** CALLs carrying periodic meter values (MeterValues, TransactionEvent Updated), and their mean length. */
  meterCalls: number;
  meanMeterChars: number;
}

/** 2025-11-21T06:00:00Z: fixed, so the same seed gives the same file. */
const START_TS = Date.UTC(2025, 10, 21, 6, 0, 0);

export type Payload = Record<string, unknown>;

/** One CALL and its answer; payloads are built at the time they are sent. */
export interface Exchange {
  /** ms after the previous exchange's answer. */
  after: number;
  from: 'station' | 'csms';
  action: string;
  payload: (ts: number) => Payload;
  result: (ts: number) => Payload;
  /** The CALL carries periodic meter values (counted apart: they dominate the traffic). */
  meter?: boolean;
  /** The answer is a CALLERROR (code, description) instead of a CALLRESULT; `result` is not called. */
  error?: { code: string; description: string };
}

/**
 * The station's connection drops and it connects again on a new one. The step carries its own
 * figures so that a station's random draws do not depend on whether its script reconnects.
 */
export interface Reconnect {
  /** ms after the previous exchange's answer. */
  after: number;
  reconnect: {
    code: number;
    reason: string;
    closedBy: 'station' | 'csms';
    /** How long the station stays away, ms. */
    downMs: number;
    connectionId: string;
    remotePort: number;
  };
}

/** What a station's script yields: an exchange, or (field captures) a reconnect. */
export type Step = Exchange | Reconnect;

/** An entry waiting for its seq (given when it is written, in time order), and what it is. */
interface Pending {
  entry: Omit<FrameEntry, 'seq'> | Omit<ConnectionEntry, 'seq'>;
  /** CALLs: the action, and whether it carries periodic meter values. */
  action?: string;
  meter?: boolean;
}

export function isoSeconds(ts: number): string {
  return new Date(ts).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function isoMillis(ts: number): string {
  return new Date(ts).toISOString();
}

export interface StationKind {
  subprotocol: string;
  offeredSubprotocols: string[];
  /** How the station numbers its CALLs: a counter (as many 1.6 chargers do) or UUIDs. */
  callIds: 'counter' | 'uuid';
}

export abstract class Station {
  readonly id: string;
  /** Entries ready to be written, in time order. */
  readonly queue: Pending[] = [];
  private connection: string;
  private clock: number;
  private messageCounter: number;
  private script?: Iterator<Step, void>;

  constructor(
    protected readonly index: number,
    protected readonly random: () => number,
    private readonly kind: StationKind,
  ) {
    this.id = `CP-BENCH-${String(index + 1).padStart(4, '0')}`;
    this.connection = `c${index + 1}-${this.hex(6)}`;
    this.clock = START_TS + index * 1500 + this.between(0, 1000) + Math.round(this.random() * 1000) / 1000;
    // Drawn for every kind, so that a station's random draws do not depend on how it numbers CALLs.
    this.messageCounter = 19_000_000 + Math.floor(this.random() * 900_000);
    this.queue.push({ entry: this.opened(this.clock, this.between(40000, 60000)) });
  }

  /** The connection the station's frames go on now. */
  get connectionId(): string {
    return this.connection;
  }

  private opened(ts: number, remotePort: number): Omit<ConnectionEntry, 'seq'> {
    return {
      ts,
      kind: 'connection',
      event: 'opened',
      connectionId: this.connection,
      stationId: this.id,
      source: 'proxy',
      url: `/ocpp/${this.id}`,
      subprotocol: this.kind.subprotocol,
      offeredSubprotocols: this.kind.offeredSubprotocols,
      remoteAddress: `10.20.${this.index >> 8}.${(this.index & 255) + 10}:${remotePort}`,
      tls: false,
    };
  }

  /** When its next entry happens (Infinity when none is queued). */
  get nextTs(): number {
    return this.queue[0]?.entry.ts ?? Infinity;
  }

  /** The station's life, one exchange after another; it may go on forever. */
  protected abstract run(): Generator<Step, void>;

  protected between(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo));
  }

  protected hex(bytes: number): string {
    let out = '';
    for (let i = 0; i < bytes; i++) out += this.between(0, 256).toString(16).padStart(2, '0');
    return out;
  }

  protected uuid(): string {
    const h = this.hex(16);
    const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20)}`;
  }

  /** One phase's current, A with 2 decimals, when drawing `powerW` over three phases at 230 V. */
  protected phaseAmps(powerW: number): string {
    return ((powerW / (3 * 230)) * (0.98 + 0.04 * this.random())).toFixed(2);
  }

  /** Queues the next exchange (CALL, then its answer). False when the station's script is done. */
  queueNext(): boolean {
    this.script ??= this.run();
    const next = this.script.next();
    if (next.done) return false;
    if ('reconnect' in next.value) {
      this.queueReconnect(next.value);
      return true;
    }
    const exchange = next.value;
    const callTs = this.clock + exchange.after + this.random();
    const answerTs = callTs + this.between(25, 400) + this.random();
    // The CSMS always uses UUIDs.
    const id =
      exchange.from === 'station' && this.kind.callIds === 'counter'
        ? String(this.messageCounter++)
        : this.uuid();
    const callDirection: Direction = exchange.from === 'station' ? 'toCsms' : 'toStation';
    const answerDirection: Direction = callDirection === 'toCsms' ? 'toStation' : 'toCsms';
    this.queue.push(
      {
        entry: this.frame(
          callTs,
          callDirection,
          JSON.stringify([2, id, exchange.action, exchange.payload(callTs)]),
        ),
        action: exchange.action,
        meter: exchange.meter === true,
      },
      {
        entry: this.frame(
          answerTs,
          answerDirection,
          JSON.stringify(
            exchange.error === undefined
              ? [3, id, exchange.result(answerTs)]
              : [4, id, exchange.error.code, exchange.error.description, {}],
          ),
        ),
      },
    );
    this.clock = answerTs;
    return true;
  }

  private queueReconnect({ after, reconnect }: Reconnect): void {
    const closedTs = Math.round((this.clock + after) * 1000) / 1000;
    const closed: Omit<ConnectionEntry, 'seq'> = {
      ts: closedTs,
      kind: 'connection',
      event: 'closed',
      connectionId: this.connection,
      stationId: this.id,
      source: 'proxy',
      code: reconnect.code,
      reason: reconnect.reason,
      closedBy: reconnect.closedBy,
    };
    this.connection = reconnect.connectionId;
    this.clock = closedTs + reconnect.downMs;
    this.queue.push({ entry: closed }, { entry: this.opened(this.clock, reconnect.remotePort) });
  }

  private frame(ts: number, direction: Direction, raw: string): Omit<FrameEntry, 'seq'> {
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
}

/** What a writer of one kind of capture tells the shared writer. */
export interface CaptureRecipe {
  /** The header's name and version, e.g. `OCPP 1.6 stations` and `ocpp1.6` (none for a mix). */
  stations: string;
  ocppVersion?: string;
  /** Station `index`, drawing from the capture's one `random`. */
  station(index: number, random: () => number): Station;
}

/** Writes the capture to `path` (overwriting it) and describes what it wrote. */
export async function writeCapture(
  path: string,
  spec: CaptureSpec,
  recipe: CaptureRecipe,
): Promise<GeneratedCapture> {
  const random = prng(spec.seed);
  const stations = Array.from({ length: spec.stations }, (_, i) => recipe.station(i, random));
  const header: CaptureHeader = {
    format: CAPTURE_FORMAT,
    formatVersion: CAPTURE_FORMAT_VERSION,
    id: spec.id,
    name: `bench: ${spec.frames} frames from ${spec.stations} ${recipe.stations} (seed ${spec.seed})`,
    createdAt: new Date(START_TS).toISOString(),
    ...(recipe.ocppVersion !== undefined ? { ocppVersion: recipe.ocppVersion } : {}),
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

  const subprotocols: Record<string, number> = {};
  const calls: Record<string, number> = {};
  let queuedFrames = 0;
  let frames = 0;
  let entries = 0;
  let rawChars = 0;
  let meterCalls = 0;
  let meterChars = 0;
  let lastTs = 0;
  try {
    for (;;) {
      // The station whose next entry is earliest goes next (stations are few: a scan is enough).
      let next: Station | undefined;
      for (const station of stations) {
        if (station.queue.length === 0 && queuedFrames + 2 <= spec.frames && station.queueNext()) {
          // An exchange queues two frames; a reconnect none (its connection entries are extra).
          queuedFrames += station.queue.filter((p) => p.entry.kind === 'frame').length;
        }
        if (station.nextTs < (next?.nextTs ?? Infinity)) next = station;
      }
      if (next === undefined) break;
      const { entry: pending, action, meter } = next.queue.shift()!;
      // Two stations may share a millisecond; seq order and ts order must still agree.
      if (pending.ts <= lastTs) pending.ts = Math.round((lastTs + 0.001) * 1000) / 1000;
      lastTs = pending.ts;
      // Keys in the order the guide lists them (seq, ts, kind, ...), as in fixtures/sessions.
      const entry: Entry = { seq: ++entries, ...pending };
      if (entry.kind === 'frame') {
        frames++;
        rawChars += entry.raw.length;
        if (action !== undefined) calls[action] = (calls[action] ?? 0) + 1;
        if (meter) {
          meterCalls++;
          meterChars += entry.raw.length;
        }
      } else if (entry.event === 'opened') {
        const subprotocol = entry.subprotocol ?? '(none)';
        subprotocols[subprotocol] = (subprotocols[subprotocol] ?? 0) + 1;
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
    subprotocols,
    calls,
    meanRawChars: rawChars / frames,
    meterCalls,
    meanMeterChars: meterCalls === 0 ? 0 : meterChars / meterCalls,
  };
}
