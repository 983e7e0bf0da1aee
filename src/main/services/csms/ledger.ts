/**
 * The CSMS's memory of transaction messages, for the idempotency switch. A charger re-sends a
 * transaction message whose answer it did not get (1.6 edition 2 section 3.7; 2.0.1 Part 2 E12 and
 * Part 4 section 5.3), so the same request can arrive twice, even on a new connection: `correct`
 * recognises it, `naive` takes every arrival as new (the double-billing bug the analysis flags).
 * One ledger per running CSMS, so a retry after a reconnect is still recognised.
 */
import type { Idempotency } from '../../../shared/csms/config';

/** Remembered per station; old keys are forgotten first (a charger retries within minutes). */
const MAX_KEYS_PER_STATION = 10_000;

export interface StartOutcome {
  transactionId: number;
  /** What the first answer said about the idTag (repeated as it was in `correct`). */
  idTagInfo: Record<string, unknown>;
  /** True when this is a re-sent StartTransaction recognised as such. */
  repeat: boolean;
}

export class TransactionLedger {
  private next: number;
  /** station -> StartTransaction key -> what was answered. */
  private readonly starts = new Map<
    string,
    Map<string, { transactionId: number; idTagInfo: Record<string, unknown> }>
  >();
  /** station -> `transactionId\0seqNo` of the TransactionEvents counted. */
  private readonly events = new Map<string, Set<string>>();

  constructor(
    public mode: Idempotency,
    private start: number,
  ) {
    this.next = start;
  }

  /** A new first id applies to the ids handed out from now on. */
  setStart(start: number): void {
    if (start !== this.start) this.next = start;
    this.start = start;
  }

  /**
   * 1.6 StartTransaction: a new transactionId, or in `correct` the one already issued for the same
   * request. The key is what the lost-response retry repeats (connectorId, idTag, meterStart,
   * timestamp), not the message id: a charger may re-send with a new id.
   */
  start16(
    stationId: string,
    request: { connectorId: unknown; idTag: unknown; meterStart: unknown; timestamp: unknown },
    idTagInfo: Record<string, unknown>,
  ): StartOutcome {
    const key = JSON.stringify([request.connectorId, request.idTag, request.meterStart, request.timestamp]);
    let seen = this.starts.get(stationId);
    if (seen === undefined) {
      seen = new Map();
      this.starts.set(stationId, seen);
    }
    const earlier = this.mode === 'correct' ? seen.get(key) : undefined;
    if (earlier !== undefined) return { ...earlier, repeat: true };
    const issued = { transactionId: this.allocate(), idTagInfo };
    seen.set(key, issued);
    forgetOldest(seen);
    return { ...issued, repeat: false };
  }

  /**
   * 2.x TransactionEvent: `new` the first time (station, transactionId, seqNo) arrives; then
   * `repeat` in `correct` (acknowledged, not counted), `recounted` in `naive` (counted again).
   */
  event20(stationId: string, transactionId: string, seqNo: number): 'new' | 'repeat' | 'recounted' {
    let seen = this.events.get(stationId);
    if (seen === undefined) {
      seen = new Set();
      this.events.set(stationId, seen);
    }
    const key = `${transactionId}\u0000${seqNo}`;
    const before = seen.has(key);
    seen.add(key);
    forgetOldest(seen);
    if (!before) return 'new';
    return this.mode === 'correct' ? 'repeat' : 'recounted';
  }

  private allocate(): number {
    const id = this.next;
    // 1.6 transactionId is an integer that most chargers hold in 32 bits: wrap to the start.
    this.next = this.next >= 2_147_483_647 ? this.start : this.next + 1;
    return id;
  }
}

function forgetOldest(collection: Map<string, unknown> | Set<string>): void {
  if (collection.size <= MAX_KEYS_PER_STATION) return;
  const oldest = collection.keys().next();
  if (oldest.done !== true) collection.delete(oldest.value);
}
