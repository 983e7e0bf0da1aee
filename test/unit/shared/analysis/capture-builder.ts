import { ocaSchemaRegistry } from '../../../../src/main/services/validation/oca-schemas';
import { Analyzer, type AnalyzerOptions } from '../../../../src/shared/analysis/analyzer';
import type { Finding } from '../../../../src/shared/analysis/finding';
import type {
  ConnectionEntry,
  ConsoleEntry,
  Direction,
  Entry,
  FrameEntry,
} from '../../../../src/shared/capture/entry';

export const registry = ocaSchemaRegistry();

/** Who sends a frame: the charging station (`toCsms`) or the CSMS (`toStation`). */
export type Side = 'station' | 'csms';
const DIRECTION: Record<Side, Direction> = { station: 'toCsms', csms: 'toStation' };

/** A CALL as sent: its seq and message id. */
export interface Sent {
  seq: number;
  id: string;
}

/** A rule id; a prefix ending in a dot (`tx16.`); or a pattern. */
export type RuleFilter = string | RegExp;

function matches(filter: RuleFilter, rule: string): boolean {
  if (typeof filter !== 'string') return filter.test(rule);
  return filter.endsWith('.') ? rule.startsWith(filter) : rule === filter;
}

export interface CaptureOptions {
  /** The clock at the start, ms since the epoch. */
  start: number;
  /** How far the clock moves before each entry, in ms; 0 leaves it to `advance` and `at`. */
  step?: number;
  stationId: string;
  connectionId?: string;
  /** The subprotocol `open` negotiates unless told; none when undefined. */
  subprotocol?: string;
  /** More fields of every "opened" and every "closed" entry (a URL, a close code). */
  opened?: Partial<ConnectionEntry>;
  closed?: Partial<ConnectionEntry>;
  /** The message id of the n-th generated CALL, n from 1. */
  id?: (n: number) => string;
}

/**
 * Builds the entries of a capture in code: seqs count up from 1, ts is the builder's clock, and
 * frames go on the connection and station last opened unless told. The entries can be analysed
 * as a whole (`analyse`) or as they are added (`analyzer`, `findings`, `finish`).
 */
export class CaptureBuilder {
  readonly entries: Entry[] = [];
  connectionId: string;
  stationId: string;
  protected ts: number;
  private ids = 0;
  private live: Analyzer | undefined;

  constructor(private readonly options: CaptureOptions) {
    this.ts = options.start;
    this.connectionId = options.connectionId ?? 'c1';
    this.stationId = options.stationId;
  }

  /** Sets the clock to `offset` ms after the start. */
  at(offset: number): this {
    this.ts = this.options.start + offset;
    return this;
  }

  advance(ms: number): this {
    this.ts += ms;
    return this;
  }

  /** Opens a connection, which later entries use. */
  open(
    connectionId = this.connectionId,
    subprotocol = this.options.subprotocol,
    stationId = this.stationId,
  ): this {
    this.connectionId = connectionId;
    this.stationId = stationId;
    this.push<ConnectionEntry>({
      kind: 'connection',
      event: 'opened',
      connectionId,
      ...this.options.opened,
      ...(subprotocol !== undefined ? { subprotocol } : {}),
    });
    return this;
  }

  close(connectionId = this.connectionId): this {
    this.push<ConnectionEntry>({ kind: 'connection', event: 'closed', connectionId, ...this.options.closed });
    return this;
  }

  /** A frame as given: a string is the raw text, anything else is sent as its JSON. */
  frame(from: Side, message: unknown, connectionId = this.connectionId): FrameEntry {
    return this.push<FrameEntry>({
      kind: 'frame',
      connectionId,
      direction: DIRECTION[from],
      raw: typeof message === 'string' ? message : JSON.stringify(message),
    });
  }

  /** A line the station logged on the channel its frames travel (a serial line), not a frame. */
  console(text: string, connectionId = this.connectionId): ConsoleEntry {
    return this.push<ConsoleEntry>({ kind: 'console', connectionId, text });
  }

  nextId(): string {
    const n = ++this.ids;
    return this.options.id ? this.options.id(n) : String(n);
  }

  call(from: Side, action: string, payload: unknown, id = this.nextId()): Sent {
    return { seq: this.frame(from, [2, id, action, payload]).seq, id };
  }

  /** A CALLRESULT; returns its seq. */
  result(id: string, payload: unknown, from: Side = 'csms'): number {
    return this.frame(from, [3, id, payload]).seq;
  }

  /** A CALLERROR with empty details; returns its seq. */
  error(id: string, code: string, description = '', from: Side = 'csms'): number {
    return this.frame(from, [4, id, code, description, {}]).seq;
  }

  /** A new Analyzer over every entry, finished: its findings, all or those of `rule`. */
  analyse(rule?: RuleFilter, options: AnalyzerOptions = {}): { analyzer: Analyzer; findings: Finding[] } {
    const analyzer = new Analyzer({ registry, ...options });
    for (const entry of this.entries) analyzer.add(entry);
    analyzer.finish();
    return { analyzer, findings: filter(analyzer.findings, rule) };
  }

  /** The Analyzer fed every entry as it is added (from its first use, with those before). */
  get analyzer(): Analyzer {
    if (this.live === undefined) {
      this.live = new Analyzer({ registry });
      for (const entry of this.entries) this.live.add(entry);
    }
    return this.live;
  }

  /** The findings of the live analyzer so far, all or those of `rule`. */
  findings(rule?: RuleFilter): Finding[] {
    return filter(this.analyzer.findings, rule);
  }

  /** Finishes the live analyzer; returns its findings, all or those of `rule`. */
  finish(rule?: RuleFilter): Finding[] {
    this.analyzer.finish();
    return this.findings(rule);
  }

  private push<E extends Entry>(fields: Omit<E, 'seq' | 'ts' | 'stationId' | 'source'>): E {
    this.ts += this.options.step ?? 0;
    const entry = {
      seq: this.entries.length + 1,
      ts: this.ts,
      stationId: this.stationId,
      source: 'proxy',
      ...fields,
    } as E;
    this.entries.push(entry);
    this.live?.add(entry);
    return entry;
  }
}

function filter(findings: readonly Finding[], rule: RuleFilter | undefined): Finding[] {
  return findings.filter((f) => rule === undefined || matches(rule, f.rule));
}
