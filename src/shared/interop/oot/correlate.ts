/**
 * The Open OCPP Trace correlation rule (conformance/README.md of open-ocpp-trace/specification): a
 * CALLRESULT or CALLERROR correlates with the most recent preceding CALL in the whole trace with
 * the same messageId, the opposite direction, not yet correlated; otherwise it is an orphan
 * response. CALLs never correlated are unanswered.
 *
 * The reference consumer scans backwards from every response (quadratic on a long trace). Here
 * each direction keeps, per messageId, the stack of its CALLs still uncorrelated: the top is the
 * most recent one, the one the rule picks, so every record costs one map lookup and the results are
 * the same. Unlike OCPP Scope's own correlation (per connection), the rule is trace-wide: on a
 * multi-station trace, a reused id can pair an answer with another station's CALL.
 */
import type { OotDirection, OotMessageType } from './record';

/** What the rule reads of a record. */
export interface CorrelatedRecord {
  messageType: OotMessageType;
  direction: OotDirection;
  messageId?: string | undefined;
  action?: string | undefined;
}

/** Feeds records in trace order; each answer learns its CALL's index at once. */
export class OotCorrelator {
  // Keyed by the direction the CALL travelled; `undefined` ids pair too, as in the reference.
  private readonly open: Record<OotDirection, Map<string | undefined, number[]>> = {
    'cp-to-csms': new Map(),
    'csms-to-cp': new Map(),
  };
  private index = 0;
  private calls = 0;
  private answered = 0;
  private orphans = 0;

  /** The record at the next index: for an answer, the index of the CALL it correlates with. */
  add(record: CorrelatedRecord): number | undefined {
    const index = this.index++;
    if (record.messageType === 'CALL') {
      const open = this.open[record.direction];
      const stack = open.get(record.messageId);
      if (stack === undefined) open.set(record.messageId, [index]);
      else stack.push(index);
      this.calls++;
      return undefined;
    }
    const open = this.open[record.direction === 'cp-to-csms' ? 'csms-to-cp' : 'cp-to-csms'];
    const stack = open.get(record.messageId);
    const call = stack?.pop();
    if (stack !== undefined && stack.length === 0) open.delete(record.messageId);
    if (call === undefined) this.orphans++;
    else this.answered++;
    return call;
  }

  get unansweredCount(): number {
    return this.calls - this.answered;
  }

  get orphanCount(): number {
    return this.orphans;
  }

  /** The indexes of the CALLs still uncorrelated, ascending. */
  unanswered(): number[] {
    const left: number[] = [];
    for (const open of Object.values(this.open)) for (const stack of open.values()) left.push(...stack);
    return left.sort((a, b) => a - b);
  }
}

/** One record of the consumer view (conformance/README.md, "The consumer view"). */
export interface ConsumerViewRecord {
  index: number;
  messageType: OotMessageType;
  messageId?: string;
  /** The effective action: a CALL's own, a correlated answer's CALL's, an orphan's own if it has one. */
  action?: string;
  correlatesWith?: number;
}

export interface ConsumerView {
  schemaVersion: string;
  counts: { records: number; calls: number; callResults: number; callErrors: number };
  records: ConsumerViewRecord[];
  unansweredCalls: number[];
  orphanResponses: number[];
}

/**
 * The view a conformant consumer derives from a trace: what each fixture's expected.json holds.
 *
 * An orphan response that carries its own `action` keeps it, as the README's rule says ("an
 * orphan response has no effective action unless its record carries one explicitly"); the
 * reference script drops it, but none of the spec's fixtures has such a record.
 */
export function consumerView(
  records: readonly (CorrelatedRecord & { schemaVersion?: string })[],
): ConsumerView {
  const correlator = new OotCorrelator();
  const counts = { records: records.length, calls: 0, callResults: 0, callErrors: 0 };
  const view: ConsumerViewRecord[] = [];
  const orphanResponses: number[] = [];
  records.forEach((record, index) => {
    const entry: ConsumerViewRecord = { index, messageType: record.messageType };
    if (record.messageId !== undefined) entry.messageId = record.messageId;
    const call = correlator.add(record);
    if (record.messageType === 'CALL') {
      counts.calls++;
      if (record.action !== undefined) entry.action = record.action;
    } else {
      if (record.messageType === 'CALLRESULT') counts.callResults++;
      else counts.callErrors++;
      if (call !== undefined) {
        const action = records[call]?.action;
        if (action !== undefined) entry.action = action;
        entry.correlatesWith = call;
      } else {
        orphanResponses.push(index);
        if (record.action !== undefined) entry.action = record.action;
      }
    }
    view.push(entry);
  });
  return {
    schemaVersion: records[0]?.schemaVersion ?? 'unknown',
    counts,
    records: view,
    unansweredCalls: correlator.unanswered(),
    orphanResponses,
  };
}
