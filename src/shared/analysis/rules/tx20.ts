/**
 * OCPP 2.0.1 / 2.1 transaction rules: the life of each transaction as its TransactionEvents tell
 * it (Started -> Updated* -> Ended), seqNo continuity and the idempotency of retries. State is
 * kept per station, not per connection: a station retries and flushes its queue after reconnecting.
 */
import type { FrameEntry } from '../../capture/entry';
import type { Payload } from '../../ocpp/frame';
import { sameJson, showJson } from '../../ocpp/json-equal';
import type { OcppVersion } from '../../ocpp/versions';
import type { Checker, CheckerContext, FrameEvent } from '../checker';
import type { Rule } from '../finding';
import { isJsonObject } from '../../json-object';

const VERSIONS: readonly OcppVersion[] = ['2.0.1', '2.1'];
const TRANSACTION_EVENT = { actions: ['TransactionEvent'] };
const LIFECYCLE = 'OCPP 2.0.1 Part 2 E01/E06/E07, section E. Transactions (same in OCPP 2.1)';
const SEQNO =
  'OCPP 2.0.1 Part 2 section E, use cases E01-E15: seqNo and offline transaction messages (same in OCPP 2.1)';
const RETRIES =
  'OCPP 2.0.1 Part 2 section E (transaction messages, retries) and Part 4 section 4.1.1 (same in OCPP 2.1)';

export const tx20Rules: Rule[] = [
  {
    id: 'tx20.not-started',
    title: 'Transaction events without a Started event',
    severity: 'warning',
    versions: VERSIONS,
    appliesTo: TRANSACTION_EVENT,
    explanation:
      'Every transaction begins with a TransactionEvent Started. When the first event seen for a transactionId is Updated or Ended, either the transaction started before the capture began (then this is harmless), or the Started event was lost or never sent, and the CSMS has no start time, meter start or idToken to bill the session with.',
    reference: LIFECYCLE,
  },
  {
    id: 'tx20.event-after-ended',
    title: 'Event for a transaction that already ended',
    severity: 'error',
    versions: VERSIONS,
    appliesTo: TRANSACTION_EVENT,
    explanation:
      'After its Ended event a transaction is closed: no further event may carry its transactionId. An identical re-send of the Ended event is a retry and fine; anything else means the station lost track of its transaction state, and the CSMS may reopen or re-bill a session it already settled.',
    reference: LIFECYCLE,
  },
  {
    id: 'tx20.seqno-conflict',
    title: 'Same seqNo sent twice with different content',
    severity: 'error',
    versions: VERSIONS,
    appliesTo: TRANSACTION_EVENT,
    explanation:
      'The idempotency key of a transaction message is (station, transactionId, seqNo): a CSMS treats a second event with a seqNo it has seen as a retry and drops it. When the content differs, real information (meter values, a state change, the stop) is silently discarded, typically because the station reset its seqNo counter.',
    reference: SEQNO,
  },
  {
    id: 'tx20.seqno-gap',
    title: 'seqNo gap or regression',
    severity: 'warning',
    versions: VERSIONS,
    appliesTo: TRANSACTION_EVENT,
    explanation:
      'seqNo increases by one with each TransactionEvent, per transaction or across the station. A gap means events were lost (missing meter values or state changes in the bill); a regression means they arrive out of order. Both are expected when a station flushes events it queued while offline, which it marks offline: true, so those are not reported.',
    reference: SEQNO,
  },
  {
    id: 'tx20.id-reused',
    title: 'transactionId reused after the transaction ended',
    severity: 'error',
    versions: VERSIONS,
    appliesTo: TRANSACTION_EVENT,
    explanation:
      'The station assigns the transactionId, which must be unique per station (a UUID is recommended). A new Started event with the id of an ended transaction makes the CSMS merge two sessions, or reject the second one, so one of them is billed wrongly or not at all.',
    reference: LIFECYCLE,
  },
  {
    id: 'tx20.evse-busy',
    title: 'Transaction started on an EVSE with an open transaction',
    severity: 'error',
    versions: VERSIONS,
    appliesTo: TRANSACTION_EVENT,
    explanation:
      'An EVSE runs one transaction at a time. A Started event on an EVSE whose previous transaction has no Ended event means that Ended was lost or never sent: the earlier session stays open in the CSMS and keeps accruing time-based cost, or its energy is attributed to the wrong customer.',
    reference: LIFECYCLE,
  },
  {
    id: 'tx20.retry',
    title: 'Transaction event retried',
    severity: 'info',
    versions: VERSIONS,
    appliesTo: TRANSACTION_EVENT,
    explanation:
      'The station sent the same TransactionEvent (same transactionId, seqNo and content) again, usually because it got no answer or a CALLERROR the first time. This is normal; the CSMS must acknowledge it and count it once. Many retries point to a flaky connection or a slow CSMS.',
    reference: RETRIES,
  },
  {
    id: 'tx20.retry-answered-differently',
    title: 'Retried event answered differently',
    severity: 'error',
    versions: VERSIONS,
    appliesTo: TRANSACTION_EVENT,
    explanation:
      'A retry must get the answer the original got: the CSMS should recognise (station, transactionId, seqNo) and not process the event again. A different answer (another idTokenInfo status, a new totalCost) shows the CSMS processed it twice, which can stop an authorised session or double the cost. Answers are compared in the order they arrive, whichever request they answer; CALLERRORs are not compared.',
    reference: RETRIES,
  },
  {
    id: 'tx20.open-at-end',
    title: 'Transaction still open at the end of the capture',
    severity: 'info',
    versions: VERSIONS,
    appliesTo: TRANSACTION_EVENT,
    explanation:
      'The capture ends before the Ended event of this transaction. It may simply still be running; if the station was in fact idle, the Ended event was lost and the CSMS will not close and bill the session.',
    reference: LIFECYCLE,
  },
];

interface Ref {
  seq: number;
  id: string;
  connectionId: string;
}

interface Counter {
  max?: number;
  /** The event that set `max`. */
  at?: Ref & { transactionId: string };
  lastOffline: boolean;
}

interface EventRecord {
  request: Ref;
  // The payload is not kept: it is parsed again from the entry's raw text (kept by the session
  // anyway) in the rare case another event has the same seqNo.
  raw: string;
  /** `seqNo 3 of transaction ...`, for messages. */
  label: string;
  /** The first CALLRESULT to a request with this content, original or retry. */
  answer?: Ref & { payload: Payload };
}

interface Transaction {
  id: string;
  first: Ref & { eventType: string };
  last: Ref & { eventType: string; seqNo?: number };
  events: Map<number, EventRecord>;
  evseId?: number;
  /** How seqNo counts for it: restarted at 0 for it, or station-wide; unknown when it began earlier. */
  mode?: 'transaction' | 'station';
  counter: Counter;
  ended?: Ref;
}

interface Station {
  transactions: Map<string, Transaction>;
  /** EVSE id -> the transaction open on it. */
  evses: Map<number, string>;
  counter: Counter;
  /** Set once a Started event with seqNo > 0 shows the counter spans transactions. */
  global: boolean;
}

interface TxEvent {
  ref: Ref;
  stationId: string;
  eventType: string;
  transactionId: string;
  seqNo?: number;
  offline: boolean;
  evseId?: number;
  raw: string;
  payload: Payload;
}

export function createTx20Checker(context: CheckerContext): Checker {
  const stations = new Map<string, Station>();
  // CALL seq -> the record whose answer it awaits (original or identical retry).
  const awaiting = new Map<number, EventRecord>();

  function station(id: string): Station {
    const s = stations.get(id) ?? {
      transactions: new Map(),
      evses: new Map(),
      counter: { lastOffline: false },
      global: false,
    };
    stations.set(id, s);
    return s;
  }

  function report(rule: string, ev: { stationId: string; ref: Ref }, others: Ref[], message: string): void {
    const refs = [ev.ref, ...others];
    const [messageIds, seqs] = [refs.map((r) => r.id), refs.map((r) => r.seq)];
    context.report(rule, {
      stationId: ev.stationId,
      connectionId: ev.ref.connectionId,
      messageIds,
      seqs,
      message,
    });
  }

  function request(ev: TxEvent): void {
    const s = station(ev.stationId);
    const name = `transaction ${ev.transactionId}`;
    const seqText = ev.seqNo === undefined ? 'without a seqNo' : `seqNo ${ev.seqNo}`;
    let tx = s.transactions.get(ev.transactionId);
    let previous = tx !== undefined && ev.seqNo !== undefined ? tx.events.get(ev.seqNo) : undefined;

    if (previous !== undefined && sameJson(requestPayload(previous.raw), ev.payload)) {
      awaiting.set(ev.ref.seq, previous);
      report(
        'tx20.retry',
        ev,
        [previous.request],
        `The station re-sent TransactionEvent ${ev.eventType} ${seqText} of ${name} unchanged (first sent at seq ${previous.request.seq}): a retry, to be acknowledged and counted once.`,
      );
      return;
    }

    if (tx?.ended !== undefined && ev.eventType === 'Started') {
      report(
        'tx20.id-reused',
        ev,
        [tx.ended],
        `A new Started event (${seqText}) reuses the id of ${name}, which ended at seq ${tx.ended.seq}: the CSMS may merge both sessions into one bill or reject the new one.`,
      );
      tx = undefined;
      previous = undefined;
    }

    if (tx === undefined) {
      tx = open(s, ev);
    } else if (previous !== undefined) {
      report(
        'tx20.seqno-conflict',
        ev,
        [previous.request],
        `TransactionEvent ${ev.eventType} ${seqText} of ${name} differs from the event with the same seqNo at seq ${previous.request.seq}: a CSMS takes it for a retry and drops it, losing its data for billing.`,
      );
    } else if (tx.ended !== undefined) {
      report(
        'tx20.event-after-ended',
        ev,
        [tx.ended],
        `TransactionEvent ${ev.eventType} (${seqText}) for ${name}, which already ended at seq ${tx.ended.seq}: the CSMS may reopen or re-bill a settled session.`,
      );
    } else {
      checkSeqNo(s, tx, ev);
    }

    if (ev.seqNo !== undefined && previous === undefined) {
      const record: EventRecord = { request: ev.ref, raw: ev.raw, label: `${seqText} of ${name}` };
      tx.events.set(ev.seqNo, record);
      awaiting.set(ev.ref.seq, record);
    }
    if (tx.ended === undefined) follow(s, tx, ev);
    tx.last = { ...ev.ref, eventType: ev.eventType, ...(ev.seqNo !== undefined ? { seqNo: ev.seqNo } : {}) };
  }

  /** The first event of a transaction (or of a reused id). */
  function open(s: Station, ev: TxEvent): Transaction {
    const ref = { ...ev.ref, eventType: ev.eventType };
    const tx: Transaction = {
      id: ev.transactionId,
      first: ref,
      last: ref,
      events: new Map(),
      counter: { lastOffline: false },
    };
    s.transactions.delete(ev.transactionId);
    s.transactions.set(ev.transactionId, tx);
    if (ev.eventType !== 'Started') {
      report(
        'tx20.not-started',
        ev,
        [],
        `The first event seen for transaction ${ev.transactionId} is ${ev.eventType} (seqNo ${ev.seqNo ?? 'missing'}), not Started: it may have started before the capture began; if not, the CSMS never got its start and cannot bill it.`,
      );
    }
    if (ev.seqNo === 0) tx.mode = 'transaction';
    else if (ev.eventType === 'Started' && ev.seqNo !== undefined) {
      tx.mode = 'station';
      s.global = true;
    }
    // A station-wide counter continues from the other transactions; a fresh one has nothing to follow.
    if (tx.mode === 'station') checkSeqNo(s, tx, ev);
    else count(s, tx, ev);
    return tx;
  }

  function checkSeqNo(s: Station, tx: Transaction, ev: TxEvent): void {
    if (ev.seqNo !== undefined) {
      const mode = s.global ? 'station' : tx.mode;
      const counters =
        mode === 'transaction' ? [tx.counter] : mode === 'station' ? [s.counter] : [tx.counter, s.counter];
      const known = counters.filter((c) => c.max !== undefined);
      const expected = known.some((c) => c.max! + 1 === ev.seqNo);
      const offline = ev.offline || known.some((c) => c.lastOffline);
      const basis = known[0];
      if (!expected && !offline && basis?.at !== undefined) {
        const after = basis.max!;
        const other =
          basis.at.transactionId !== ev.transactionId ? ` (transaction ${basis.at.transactionId})` : '';
        const missing = ev.seqNo === after + 2 ? `${after + 1}` : `${after + 1}-${ev.seqNo - 1}`;
        const what = ev.seqNo > after ? `skips seqNo ${missing}` : 'goes back';
        report(
          'tx20.seqno-gap',
          ev,
          [basis.at],
          `TransactionEvent ${ev.eventType} seqNo ${ev.seqNo} of transaction ${ev.transactionId} ${what} after seqNo ${after}${other} at seq ${basis.at.seq}, and neither is marked offline: events were lost or reordered, so the bill may miss meter values or state changes.`,
        );
      }
    }
    count(s, tx, ev);
  }

  function count(s: Station, tx: Transaction, ev: TxEvent): void {
    if (ev.seqNo === undefined) return;
    for (const c of [tx.counter, s.counter]) {
      if (c.max === undefined || ev.seqNo > c.max) {
        c.max = ev.seqNo;
        c.at = { ...ev.ref, transactionId: ev.transactionId };
      }
      c.lastOffline = ev.offline;
    }
  }

  /** The EVSE and the end of an open transaction. */
  function follow(s: Station, tx: Transaction, ev: TxEvent): void {
    if (tx.evseId === undefined && ev.evseId !== undefined) {
      tx.evseId = ev.evseId;
      const busy = s.evses.get(ev.evseId);
      const other = busy !== undefined && busy !== tx.id ? s.transactions.get(busy) : undefined;
      if (other !== undefined && ev.eventType === 'Started') {
        report(
          'tx20.evse-busy',
          ev,
          [other.last],
          `Transaction ${tx.id} started on EVSE ${ev.evseId}, where transaction ${other.id} is still open (last event at seq ${other.last.seq}, no Ended): that session stays open in the CSMS and may be billed on.`,
        );
      }
      s.evses.set(ev.evseId, tx.id);
    }
    if (ev.eventType === 'Ended') {
      tx.ended = ev.ref;
      if (tx.evseId !== undefined && s.evses.get(tx.evseId) === tx.id) s.evses.delete(tx.evseId);
    }
  }

  function answer(event: FrameEvent, record: EventRecord, payload: Payload): void {
    const ref = refOf(event.entry, event.frame.id);
    const first = record.answer;
    if (first === undefined) {
      // Answers are small ({} or idTokenInfo) and only kept while their event may be retried.
      record.answer = { ...ref, payload };
      return;
    }
    if (sameJson(first.payload, payload)) return;
    report(
      'tx20.retry-answered-differently',
      { stationId: event.entry.stationId, ref },
      [first],
      `The CSMS answered ${record.label} with ${showJson(payload)} here but with ${showJson(first.payload)} at seq ${first.seq}: it processed the retried event twice, which can change authorisation or cost.`,
    );
  }

  return {
    frame(event) {
      if (!VERSIONS.includes(event.version)) return;
      const { entry, frame } = event;
      if (frame.type === 2 && frame.action === 'TransactionEvent' && entry.direction === 'toCsms') {
        const ev = readEvent(entry, refOf(entry, frame.id), frame.payload);
        if (ev !== undefined) request(ev);
      } else if ((frame.type === 3 || frame.type === 4) && event.call !== undefined) {
        const record = awaiting.get(event.call.seq);
        if (record === undefined || event.call.action !== 'TransactionEvent') return;
        awaiting.delete(event.call.seq);
        // A CALLERROR is why a station retries; only what the CSMS accepted must agree.
        if (frame.type === 3) answer(event, record, frame.payload);
      }
    },
    finish() {
      for (const [stationId, s] of stations) {
        for (const tx of s.transactions.values()) {
          if (tx.ended !== undefined) continue;
          const others = tx.first.seq !== tx.last.seq ? [tx.first] : [];
          const evse = tx.evseId !== undefined ? ` on EVSE ${tx.evseId}` : '';
          report(
            'tx20.open-at-end',
            { stationId, ref: tx.last },
            others,
            `Transaction ${tx.id}${evse} has no Ended event when the capture ends (last event ${tx.last.eventType}${tx.last.seqNo !== undefined ? ` seqNo ${tx.last.seqNo}` : ''} at seq ${tx.last.seq}): it may still be running, or its end was lost and the session is not billed.`,
          );
        }
      }
    },
  };
}

function refOf(entry: FrameEntry, id: string): Ref {
  return { seq: entry.seq, id, connectionId: entry.connectionId };
}

/** The fields the rules need, read defensively: the payload may have failed its schema. */
function readEvent(entry: FrameEntry, ref: Ref, payload: Payload): TxEvent | undefined {
  const info = payload.transactionInfo;
  const transactionId = isJsonObject(info) ? info.transactionId : undefined;
  if (typeof transactionId !== 'string') return undefined;
  const evse = payload.evse;
  const evseId = isJsonObject(evse) && typeof evse.id === 'number' ? evse.id : undefined;
  const seqNo =
    typeof payload.seqNo === 'number' && Number.isFinite(payload.seqNo) ? payload.seqNo : undefined;
  return {
    ref,
    stationId: entry.stationId,
    eventType: typeof payload.eventType === 'string' ? payload.eventType : '(no eventType)',
    transactionId,
    ...(seqNo !== undefined ? { seqNo } : {}),
    offline: payload.offline === true,
    ...(evseId !== undefined ? { evseId } : {}),
    raw: entry.raw,
    payload,
  };
}

/** The payload of a CALL frame that parsed before (so it parses again). */
function requestPayload(raw: string): unknown {
  return (JSON.parse(raw) as unknown[])[3];
}
