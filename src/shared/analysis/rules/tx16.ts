/**
 * OCPP 1.6 transactions: the CSMS issues a `transactionId` in StartTransaction.conf, the station
 * quotes it in MeterValues and StopTransaction. Transaction messages are queued and retried
 * (OCPP 1.6 edition 2 section 3.7), so the same request can arrive twice: a retry must be
 * recognised as such, not counted as a second transaction (or a second stop).
 */
import type { Payload } from '../../ocpp/frame';
import type { Checker, CheckerContext, FrameEvent } from '../checker';
import type { Rule } from '../finding';
import { isJsonObject } from '../../json-object';

const START = 'OCPP 1.6 edition 2 sections 3.7 and 4.8 (StartTransaction)';
const STOP = 'OCPP 1.6 edition 2 sections 4.7 (MeterValues) and 4.10 (StopTransaction)';
const ENERGY = 'OCPP 1.6 edition 2 sections 4.7 and 4.10, SampledValue and Measurand types';

export const tx16Rules: Rule[] = [
  {
    id: 'tx16.duplicate-transaction',
    title: 'Re-sent StartTransaction answered with a new transactionId',
    severity: 'error',
    versions: ['1.6'],
    appliesTo: { actions: ['StartTransaction'] },
    explanation:
      'When the answer to a StartTransaction is lost, the station sends the same request again (same connector, idTag, meterStart and timestamp). The CSMS must recognise it and answer the transactionId it already issued. Answering a new id leaves two transactions for one charging session in the CSMS: one of them is never stopped, or both are billed, and the customer pays twice.',
    reference: START,
  },
  {
    id: 'tx16.retry-concurrent-tx',
    title: 'Re-sent StartTransaction answered ConcurrentTx',
    severity: 'error',
    versions: ['1.6'],
    appliesTo: { actions: ['StartTransaction'] },
    explanation:
      'The CSMS took a retried StartTransaction for a second session of the same idTag and answered ConcurrentTx. The station then stops charging (or keeps charging an unauthorised session, depending on StopTransactionOnInvalidId): the driver finds the session ended right after it started.',
    reference: START,
  },
  {
    id: 'tx16.id-issued-twice',
    title: 'The CSMS issued one transactionId for two transactions',
    severity: 'error',
    versions: ['1.6'],
    appliesTo: { actions: ['StartTransaction'] },
    explanation:
      'Each StartTransaction that is not a retry starts a new transaction and should get an id of its own. With one id for two sessions, MeterValues and StopTransaction of one are booked on the other, and a RemoteStopTransaction may stop the wrong session.',
    reference: START,
  },
  {
    id: 'tx16.unknown-transaction',
    title: 'transactionId never issued in the capture',
    severity: 'warning',
    versions: ['1.6'],
    appliesTo: { actions: ['StopTransaction', 'MeterValues'] },
    explanation:
      'StopTransaction and MeterValues quote the transactionId the CSMS issued. An id the capture never saw issued either belongs to a transaction started before the capture began (then all is well) or was made up or mixed up by the station, and the CSMS cannot book the energy.',
    reference: STOP,
  },
  {
    id: 'tx16.finished-transaction',
    title: 'Message for a transaction already stopped',
    severity: 'error',
    versions: ['1.6'],
    appliesTo: { actions: ['StopTransaction', 'MeterValues'] },
    explanation:
      'After StopTransaction, the station must not send MeterValues or another, different, StopTransaction for that transaction. The CSMS has usually closed and billed it already: a second stop with other values changes the bill, late meter values are lost. (A re-sent StopTransaction with identical content is a legitimate retry and is not reported.)',
    reference: STOP,
  },
  {
    id: 'tx16.connector-busy',
    title: 'StartTransaction on a connector with an open transaction',
    severity: 'error',
    versions: ['1.6'],
    appliesTo: { actions: ['StartTransaction'] },
    explanation:
      'A connector has at most one transaction. A new StartTransaction while the previous one was never stopped means the station lost track of it (a reboot, a firmware fault): the old transaction stays open in the CSMS and is never billed, or is billed with the energy of the new session.',
    reference: START,
  },
  {
    id: 'tx16.meter-stop-below-start',
    title: 'meterStop below meterStart',
    severity: 'error',
    versions: ['1.6'],
    appliesTo: { actions: ['StopTransaction'] },
    explanation:
      'meterStart and meterStop are readings of the same energy register in Wh, which only goes up: the energy charged is their difference. A lower meterStop gives a negative energy, usually because the meter was replaced or reset, or because the two values come from different registers or units.',
    reference: STOP,
  },
  {
    id: 'tx16.energy-decrease',
    title: 'Energy register decreased during a transaction',
    severity: 'error',
    versions: ['1.6'],
    appliesTo: { actions: ['MeterValues', 'StopTransaction'] },
    explanation:
      'Energy.Active.Import.Register (the default measurand) is a cumulative meter reading and never goes down. A lower reading later in the same transaction, compared per location and phase after converting kWh to Wh, points to a unit mistake (kWh sent without its unit), a meter reset or samples of different meters mixed up: billing on these values is wrong.',
    reference: ENERGY,
  },
  {
    id: 'tx16.minus-one-rejected',
    title: 'transactionId -1 rejected by the CSMS',
    severity: 'error',
    versions: ['1.6'],
    appliesTo: { actions: ['StopTransaction', 'MeterValues'] },
    explanation:
      'A station that never received a transactionId (its StartTransaction failed, or it ran offline) uses -1 in StopTransaction and MeterValues; the CSMS must accept it. A CALLERROR makes the station retry the transaction message until its attempts run out, and the energy of the session is lost.',
    reference: 'OCPP 1.6 errata v4.0 (transactionId -1); OCPP 1.6 edition 2 section 3.7',
  },
];

/** A frame a finding points at. */
interface Ref {
  seq: number;
  id: string;
}

interface StartAnswer {
  stationId: string;
  call: Ref;
  result: Ref;
  transactionId: number;
  status: string;
}

interface Reading {
  time: number;
  wh: number;
  /** As sent, e.g. `1550.41 kWh at 2025-11-21T08:01:00Z`. */
  text: string;
  at: Ref;
}

interface Transaction {
  id: number;
  connectorId?: number;
  meterStart?: number;
  /** Absent when the transaction began before the capture. */
  start?: StartAnswer;
  stop?: { at: Ref; meterStop: unknown; timestamp: unknown };
  /** Energy register readings, per `location|phase`. */
  readings: Map<string, Reading[]>;
}

interface StationState {
  /** connectorId|idTag|meterStart|timestamp -> the first answer to that request. */
  retries: Map<string, StartAnswer>;
  transactions: Map<number, Transaction>;
  /** The open transaction of each connector. */
  connectors: Map<number, Transaction>;
}

const ENERGY_REGISTER = 'Energy.Active.Import.Register';

export function createTx16Checker(context: CheckerContext): Checker {
  const stations = new Map<string, StationState>();
  /** Across stations: one CSMS issues the ids, and unique ids are recommended (StartTransaction.conf). */
  const issued = new Map<number, StartAnswer>();

  const stationOf = (stationId: string): StationState => {
    const state = stations.get(stationId) ?? {
      retries: new Map(),
      transactions: new Map(),
      connectors: new Map(),
    };
    stations.set(stationId, state);
    return state;
  };

  const report = (rule: string, event: FrameEvent, refs: Ref[], message: string): void => {
    const { stationId, connectionId } = event.entry;
    const ids = refs.map((r) => r.id);
    context.report(rule, { stationId, connectionId, messageIds: ids, seqs: refs.map((r) => r.seq), message });
  };

  function startCall(event: FrameEvent, payload: Payload): void {
    const station = stationOf(event.entry.stationId);
    const key = startKey(payload);
    if (key !== undefined && station.retries.has(key)) return;
    const connectorId = integer(payload.connectorId);
    const busy = connectorId === undefined ? undefined : station.connectors.get(connectorId);
    if (busy?.start === undefined) return;
    report(
      'tx16.connector-busy',
      event,
      [ref(event), busy.start.call],
      `StartTransaction on connector ${connectorId} (idTag ${show(payload.idTag)}, meterStart ${show(payload.meterStart)}) while transaction ${busy.id}, started on that connector at seq ${busy.start.call.seq}, was never stopped: two transactions on one connector.`,
    );
  }

  function startResult(event: FrameEvent, request: Payload, answer: Payload, call: Ref): void {
    const transactionId = integer(answer.transactionId);
    if (transactionId === undefined) return;
    const info = answer.idTagInfo;
    const status = isJsonObject(info) && typeof info.status === 'string' ? info.status : '(no status)';
    const stationId = event.entry.stationId;
    const station = stationOf(stationId);
    const start: StartAnswer = { stationId, call, result: ref(event), transactionId, status };
    const key = startKey(request);
    const first = key === undefined ? undefined : station.retries.get(key);
    const what = `StartTransaction (connector ${show(request.connectorId)}, idTag ${show(request.idTag)}, meterStart ${show(request.meterStart)}, timestamp ${show(request.timestamp)})`;
    const refs = (earlier: StartAnswer): Ref[] => [start.result, earlier.result, call, earlier.call];
    if (first !== undefined) {
      if (transactionId !== first.transactionId) {
        report(
          'tx16.duplicate-transaction',
          event,
          refs(first),
          `The station re-sent ${what} and the CSMS answered transactionId ${transactionId}, where it answered ${first.transactionId} the first time (seq ${first.result.seq}): the CSMS now holds two transactions for one session, and the customer is billed twice.`,
        );
      }
      if (status === 'ConcurrentTx' && first.status !== 'ConcurrentTx') {
        report(
          'tx16.retry-concurrent-tx',
          event,
          refs(first),
          `The CSMS answered the re-sent ${what} with ConcurrentTx, where its first answer (seq ${first.result.seq}) was ${first.status} for transaction ${first.transactionId}: it took the retry for a second session of the same idTag, and the station will stop charging.`,
        );
      }
      // The station now uses the id of the last answer: later messages quote that one.
      if (transactionId !== first.transactionId) {
        if (!issued.has(transactionId)) issued.set(transactionId, start);
        open(station, start, request);
      }
      return;
    }
    if (key !== undefined) station.retries.set(key, start);
    const earlier = issued.get(transactionId);
    if (earlier === undefined) {
      issued.set(transactionId, start);
    } else {
      const where = earlier.stationId === stationId ? '' : ` of station ${earlier.stationId}`;
      report(
        'tx16.id-issued-twice',
        event,
        refs(earlier),
        `The CSMS answered ${what} with transactionId ${transactionId}, which it already issued for the StartTransaction at seq ${earlier.call.seq}${where}: MeterValues and StopTransaction of the two sessions cannot be told apart.`,
      );
    }
    // Section 4.8: the station has started the transaction before it asks, and a status other than
    // Accepted only tells it to stop (StopTransactionOnInvalidId): it still sends StopTransaction
    // with this id (reason DeAuthorized), so the transaction is open whatever the status.
    open(station, start, request);
  }

  function open(station: StationState, start: StartAnswer, request: Payload): void {
    const tx: Transaction = { id: start.transactionId, start, readings: new Map() };
    const connectorId = integer(request.connectorId);
    if (connectorId !== undefined) tx.connectorId = connectorId;
    if (typeof request.meterStart === 'number') tx.meterStart = request.meterStart;
    station.transactions.set(tx.id, tx);
    if (connectorId !== undefined) station.connectors.set(connectorId, tx);
  }

  /** The transaction a StopTransaction or MeterValues quotes; undefined when there is nothing to check. */
  function quoted(event: FrameEvent, payload: Payload, action: string): Transaction | undefined {
    const transactionId = integer(payload.transactionId);
    // -1 is the id of a transaction the station never got an id for (errata): not unknown.
    if (transactionId === undefined || transactionId === -1) return undefined;
    const station = stationOf(event.entry.stationId);
    const tx = station.transactions.get(transactionId);
    if (tx !== undefined) return tx;
    report(
      'tx16.unknown-transaction',
      event,
      [ref(event)],
      `${action} for transactionId ${transactionId}, which the CSMS did not issue to this station in this capture: either the transaction started before the capture began, or the station quotes an id it was never given.`,
    );
    // Known from now on, so that the rest of that transaction is reported once, not per message.
    const unknown: Transaction = { id: transactionId, readings: new Map() };
    station.transactions.set(transactionId, unknown);
    return unknown;
  }

  function stopCall(event: FrameEvent, payload: Payload): void {
    const tx = quoted(event, payload, 'StopTransaction');
    if (tx === undefined) return;
    const { meterStop, timestamp } = payload;
    if (tx.stop !== undefined) {
      // Section 3.7: a StopTransaction whose answer was lost is sent again; identical is a retry.
      if (tx.stop.meterStop === meterStop && tx.stop.timestamp === timestamp) return;
      report(
        'tx16.finished-transaction',
        event,
        [ref(event), tx.stop.at],
        `StopTransaction for transaction ${tx.id} (meterStop ${show(meterStop)}, timestamp ${show(timestamp)}), which the StopTransaction at seq ${tx.stop.at.seq} already stopped (meterStop ${show(tx.stop.meterStop)}, timestamp ${show(tx.stop.timestamp)}): the CSMS may bill it twice or with other values.`,
      );
      return;
    }
    tx.stop = { at: ref(event), meterStop, timestamp };
    const station = stationOf(event.entry.stationId);
    if (tx.connectorId !== undefined && station.connectors.get(tx.connectorId) === tx) {
      station.connectors.delete(tx.connectorId);
    }
    if (
      tx.start !== undefined &&
      tx.meterStart !== undefined &&
      typeof meterStop === 'number' &&
      meterStop < tx.meterStart
    ) {
      report(
        'tx16.meter-stop-below-start',
        event,
        [ref(event), tx.start.call],
        `StopTransaction for transaction ${tx.id} has meterStop ${meterStop} Wh, below its meterStart ${tx.meterStart} Wh (seq ${tx.start.call.seq}): the session's energy comes out at ${meterStop - tx.meterStart} Wh.`,
      );
    }
    energy(event, tx, payload.transactionData);
  }

  function meterValues(event: FrameEvent, payload: Payload): void {
    const tx = quoted(event, payload, 'MeterValues');
    if (tx === undefined) return;
    if (tx.stop !== undefined) {
      report(
        'tx16.finished-transaction',
        event,
        [ref(event), tx.stop.at],
        `MeterValues for transaction ${tx.id}, which the StopTransaction at seq ${tx.stop.at.seq} already stopped: the CSMS has closed the transaction and these values are not billed.`,
      );
      return;
    }
    energy(event, tx, payload.meterValue);
  }

  /**
   * Readings are compared by their meter timestamps, not by arrival: StopTransaction's
   * transactionData repeats the whole session (Transaction.Begin first) after the MeterValues.
   * A reading that contradicts the ones before is reported and then left out, so that one bad
   * sample is reported once.
   */
  function energy(event: FrameEvent, tx: Transaction, meterValues: unknown): void {
    if (!Array.isArray(meterValues)) return;
    const at = ref(event);
    let reported = false;
    for (const meterValue of meterValues) {
      if (!isJsonObject(meterValue) || typeof meterValue.timestamp !== 'string') continue;
      const time = Date.parse(meterValue.timestamp);
      if (!Number.isFinite(time) || !Array.isArray(meterValue.sampledValue)) continue;
      for (const sampled of meterValue.sampledValue) {
        const wh = energyWh(sampled);
        if (wh === undefined || !isJsonObject(sampled)) continue;
        // SampledValue.location defaults to Outlet; per-phase registers are separate series.
        const location = typeof sampled.location === 'string' ? sampled.location : 'Outlet';
        const phase = typeof sampled.phase === 'string' ? ` ${sampled.phase}` : '';
        const series = `${location}${phase}`;
        const unit = typeof sampled.unit === 'string' ? sampled.unit : 'Wh (no unit given)';
        const text = `${show(sampled.value)} ${unit} at ${meterValue.timestamp}`;
        const reading: Reading = { time, wh, text, at };
        const list = tx.readings.get(series) ?? [];
        tx.readings.set(series, list);
        // The contradicting reading nearest in time is the one to show.
        const conflict = list
          .filter((r) => (r.time < time && r.wh > wh) || (r.time > time && r.wh < wh))
          .sort((a, b) => Math.abs(a.time - time) - Math.abs(b.time - time))[0];
        if (conflict === undefined) {
          list.push(reading);
          continue;
        }
        if (reported) continue;
        reported = true;
        const [before, after] = conflict.time < time ? [conflict, reading] : [reading, conflict];
        const refs = conflict.at.seq === at.seq ? [at] : [at, conflict.at];
        report(
          'tx16.energy-decrease',
          event,
          refs,
          `${ENERGY_REGISTER} (${series}) of transaction ${tx.id} goes down from ${before.text} (seq ${before.at.seq}) to ${after.text} (seq ${after.at.seq}): an energy register never decreases, so a unit, a meter or a reset is wrong and so is the billed energy.`,
        );
      }
    }
  }

  return {
    frame(event) {
      if (event.version !== '1.6') return;
      const { entry, frame, call } = event;
      if (frame.type === 2 && entry.direction === 'toCsms') {
        if (frame.action === 'StartTransaction') startCall(event, frame.payload);
        else if (frame.action === 'StopTransaction') stopCall(event, frame.payload);
        else if (frame.action === 'MeterValues') meterValues(event, frame.payload);
        return;
      }
      if (call?.direction !== 'toCsms' || call.payload === undefined) return;
      if (frame.type === 3 && call.action === 'StartTransaction') {
        startResult(event, call.payload, frame.payload, { seq: call.seq, id: call.id });
      } else if (
        frame.type === 4 &&
        (call.action === 'StopTransaction' || call.action === 'MeterValues') &&
        call.payload.transactionId === -1
      ) {
        report(
          'tx16.minus-one-rejected',
          event,
          [ref(event), { seq: call.seq, id: call.id }],
          `The CSMS answered ${call.action} with transactionId -1 with CALLERROR ${frame.errorCode}: -1 stands for a transaction the station never got an id for and must be accepted; the station retries until its attempts run out and the session's energy is lost.`,
        );
      }
    },
  };
}

function ref(event: FrameEvent): Ref {
  return { seq: event.entry.seq, id: event.frame.id };
}

function integer(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined ? '(none)' : JSON.stringify(value);
}

/**
 * A retried transaction message is the same request again (section 3.7), possibly under a new
 * message id after a reconnect: these four fields identify a StartTransaction.
 */
function startKey(payload: Payload): string | undefined {
  const { connectorId, idTag, meterStart, timestamp } = payload;
  if (typeof connectorId !== 'number' || typeof idTag !== 'string') return undefined;
  if (typeof meterStart !== 'number' || typeof timestamp !== 'string') return undefined;
  return JSON.stringify([connectorId, idTag, meterStart, timestamp]);
}

/** The reading of Energy.Active.Import.Register in Wh; undefined for anything else. */
function energyWh(sampled: unknown): number | undefined {
  if (!isJsonObject(sampled)) return undefined;
  const measurand = sampled.measurand ?? ENERGY_REGISTER;
  if (measurand !== ENERGY_REGISTER || sampled.format === 'SignedData') return undefined;
  if (typeof sampled.value !== 'string' || sampled.value.trim() === '') return undefined;
  const value = Number(sampled.value);
  if (!Number.isFinite(value)) return undefined;
  const unit = sampled.unit ?? 'Wh';
  // Rounded to mWh so that 1550.412 kWh equals 1550412 Wh despite binary fractions.
  return unit === 'Wh' ? value : unit === 'kWh' ? Math.round(value * 1e6) / 1e3 : undefined;
}
