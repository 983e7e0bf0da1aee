/**
 * The transactions table: each charging session as its messages tell it. OCPP 1.6: a
 * StartTransaction, the transactionId its CALLRESULT issued, the StopTransaction quoting it (and
 * the MeterValues in between). OCPP 2.0.1 / 2.1: the TransactionEvents of one transactionId,
 * Started -> Updated* -> Ended. Only these frames are parsed, once each.
 */
import type { Entry } from '../capture/entry';
import type { Finding } from '../analysis/finding';
import { isJsonObject } from '../json-object';
import type { Payload } from '../ocpp/frame';
import type { TimelineRow } from '../timeline/row';
import type { ReportTransaction } from './report-data';

const ACTIONS = new Set(['StartTransaction', 'StopTransaction', 'MeterValues', 'TransactionEvent']);
const ENERGY_REGISTER = 'Energy.Active.Import.Register';

interface Tx extends ReportTransaction {
  meterStart?: number;
  /** 2.x: the first and last Energy.Active.Import.Register readings, Wh. */
  firstWh?: number;
  lastWh?: number;
}

/**
 * The payload of a CALL or CALLRESULT the analysis found well formed (its row has no problem):
 * parsed plainly, the codec's checks (a duplicate key) already made.
 */
function payloadOf(entry: Entry, row: TimelineRow): Payload | undefined {
  if (entry.kind !== 'frame' || entry.binary || row.problem !== undefined) return undefined;
  const type = row.messageType;
  if (type !== 2 && type !== 3) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(entry.raw);
  } catch {
    return undefined;
  }
  const payload: unknown = Array.isArray(value) ? value[type === 2 ? 3 : 2] : undefined;
  return isJsonObject(payload) ? payload : undefined;
}

/**
 * The number under `key` in the payload of a well-formed CALL (`[2, id, action, {...}]`): the
 * text is scanned up to that key at the payload's top level (strings skipped, nesting counted),
 * so a key of the same name deeper down is not taken for it.
 */
export function payloadKey(raw: string, key: string): number | undefined {
  const quoted = JSON.stringify(key);
  let depth = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      for (i++; i < raw.length && raw.charCodeAt(i) !== 0x22; i++) if (raw.charCodeAt(i) === 0x5c) i++;
      if (depth !== 2 || raw.slice(start, i + 1) !== quoted) continue;
      // A key is followed by its colon; the same text as a value is not.
      const value = /^\s*:\s*(?:(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|"([^"\\]*)")/.exec(
        raw.slice(i + 1, i + 64),
      );
      if (value === null) {
        if (/^\s*:/.test(raw.slice(i + 1, i + 16))) return undefined;
        continue;
      }
      return num(value[1] ?? value[2]);
    }
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) depth++;
    else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return undefined;
}

/**
 * The station's own time of the event when it says one with a zone (what a CSMS bills by, and
 * right for events sent late from an offline queue), else when the capture saw it.
 */
function eventTime(value: unknown, seenTs: number): number {
  if (typeof value === 'string' && /(Z|[+-]\d\d:?\d\d)$/i.test(value)) {
    const ts = Date.parse(value);
    if (Number.isFinite(ts)) return ts;
  }
  return seenTs;
}

function num(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The whole-meter Energy.Active.Import.Register readings of a meterValue list, in Wh: the
 * default measurand, no phase, kWh converted and the 2.x multiplier applied.
 */
function energyReadings(meterValue: unknown): number[] {
  const readings: number[] = [];
  if (!Array.isArray(meterValue)) return readings;
  for (const mv of meterValue) {
    if (!isJsonObject(mv) || !Array.isArray(mv['sampledValue'])) continue;
    for (const sv of mv['sampledValue']) {
      if (!isJsonObject(sv)) continue;
      if ((sv['measurand'] ?? ENERGY_REGISTER) !== ENERGY_REGISTER || sv['phase'] !== undefined) continue;
      let value = num(sv['value']);
      if (value === undefined) continue;
      const uom = sv['unitOfMeasure'];
      const unit = isJsonObject(uom) ? uom['unit'] : sv['unit'];
      if (typeof unit === 'string' && unit.toLowerCase() === 'kwh') value *= 1000;
      const multiplier = isJsonObject(uom) ? num(uom['multiplier']) : undefined;
      if (multiplier !== undefined) value *= 10 ** multiplier;
      readings.push(value);
    }
  }
  return readings;
}

function connectorText(evse: unknown): string | undefined {
  if (!isJsonObject(evse) || num(evse['id']) === undefined) return undefined;
  const connector = num(evse['connectorId']);
  return `EVSE ${String(evse['id'])}${connector !== undefined ? ` / ${connector}` : ''}`;
}

export function buildTransactions(
  entries: readonly Entry[],
  rows: readonly TimelineRow[],
  findings: readonly Finding[],
): ReportTransaction[] {
  const all: Tx[] = [];
  /** The transaction each transactionId of a station names now: `<station>\n<id>`. */
  const byId = new Map<string, Tx>();
  /** 1.6 StartTransaction CALLs waiting for the transactionId of their answer, by seq. */
  const starting = new Map<number, Tx>();
  const bySeq = new Map<number, Tx>();

  const add = (tx: Tx, seq: number) => {
    tx.seqs.push(seq);
    bySeq.set(seq, tx);
  };
  const create = (entry: Entry, transactionId?: string): Tx => {
    const tx: Tx = { stationId: entry.stationId, connectionId: entry.connectionId, seqs: [], problems: [] };
    if (transactionId !== undefined) tx.transactionId = transactionId;
    all.push(tx);
    return tx;
  };
  const known = (entry: Entry, transactionId: string): Tx => {
    const key = `${entry.stationId}\n${transactionId}`;
    let tx = byId.get(key);
    if (tx === undefined) {
      // Started before the capture began (or made up): shown with what the capture holds.
      tx = create(entry, transactionId);
      byId.set(key, tx);
    }
    return tx;
  };

  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.kind !== 'frame' || row.action === undefined || !ACTIONS.has(row.action)) continue;
    const entry = entries[i]!;
    const isCall = row.messageType === 2;
    if (row.action === 'StartTransaction') {
      if (isCall) {
        const p = payloadOf(entry, row);
        if (p === undefined) continue;
        const tx = create(entry);
        if (num(p['connectorId']) !== undefined) tx.connector = String(p['connectorId']);
        if (typeof p['idTag'] === 'string') tx.idTag = p['idTag'];
        tx.startTs = eventTime(p['timestamp'], entry.ts);
        const meterStart = num(p['meterStart']);
        if (meterStart !== undefined) tx.meterStart = meterStart;
        add(tx, row.seq);
        starting.set(row.seq, tx);
      } else if (row.partnerSeq !== undefined) {
        const tx = starting.get(row.partnerSeq);
        if (tx === undefined) continue;
        starting.delete(row.partnerSeq);
        add(tx, row.seq);
        const p = row.messageType === 3 ? payloadOf(entry, row) : undefined;
        const id = p === undefined ? undefined : num(p['transactionId']);
        if (id === undefined) continue;
        tx.transactionId = String(id);
        const key = `${entry.stationId}\n${tx.transactionId}`;
        const same = byId.get(key);
        // A retried StartTransaction answered with the id already issued is the same transaction.
        if (same !== undefined && same.stopTs === undefined && same !== tx) {
          all.splice(all.indexOf(tx), 1);
          for (const seq of tx.seqs) add(same, seq);
        } else {
          byId.set(key, tx);
        }
      }
    } else if (row.action === 'StopTransaction' || row.action === 'MeterValues') {
      if (!isCall) {
        const tx = row.partnerSeq !== undefined ? bySeq.get(row.partnerSeq) : undefined;
        if (tx !== undefined) add(tx, row.seq);
        continue;
      }
      if (row.action === 'MeterValues') {
        // Only its transactionId matters here, and MeterValues are most of a charging session's
        // frames: read that one key rather than parse every sample.
        const id =
          entry.kind === 'frame' && row.problem === undefined
            ? payloadKey(entry.raw, 'transactionId')
            : undefined;
        if (id !== undefined) add(known(entry, String(id)), row.seq);
        continue;
      }
      const p = payloadOf(entry, row);
      const id = p === undefined ? undefined : num(p['transactionId']);
      if (p === undefined || id === undefined) continue;
      const tx = known(entry, String(id));
      add(tx, row.seq);
      // A re-sent StopTransaction changes nothing: the first one stopped the transaction.
      if (tx.stopTs !== undefined) continue;
      tx.stopTs = eventTime(p['timestamp'], entry.ts);
      // 1.6 section 7.41: the reason may be left out only when it is Local.
      tx.stopReason = typeof p['reason'] === 'string' ? p['reason'] : 'Local';
      const meterStop = num(p['meterStop']);
      if (meterStop !== undefined && tx.meterStart !== undefined) tx.energyWh = meterStop - tx.meterStart;
    } else {
      if (!isCall) {
        const tx = row.partnerSeq !== undefined ? bySeq.get(row.partnerSeq) : undefined;
        if (tx !== undefined) add(tx, row.seq);
        continue;
      }
      transactionEvent(entry, row);
    }
  }

  function transactionEvent(entry: Entry, row: TimelineRow): void {
    const seq = row.seq;
    const p = payloadOf(entry, row);
    const info = p?.['transactionInfo'];
    if (p === undefined || !isJsonObject(info) || typeof info['transactionId'] !== 'string') return;
    const transactionId = info['transactionId'];
    const key = `${entry.stationId}\n${transactionId}`;
    let tx = byId.get(key);
    const eventType = p['eventType'];
    // A Started event for an id whose transaction ended is a new transaction (tx20.id-reused).
    if (tx === undefined || (eventType === 'Started' && tx.stopTs !== undefined && !sameEvent(tx, p))) {
      tx = create(entry, transactionId);
      byId.set(key, tx);
    }
    add(tx, seq);
    const connector = connectorText(p['evse']);
    if (connector !== undefined && tx.connector === undefined) tx.connector = connector;
    const idToken = p['idToken'];
    if (isJsonObject(idToken) && typeof idToken['idToken'] === 'string' && tx.idTag === undefined)
      tx.idTag = idToken['idToken'];
    if (eventType === 'Started' && tx.startTs === undefined) tx.startTs = eventTime(p['timestamp'], entry.ts);
    for (const wh of energyReadings(p['meterValue'])) {
      tx.firstWh ??= wh;
      tx.lastWh = wh;
    }
    if (eventType === 'Ended' && tx.stopTs === undefined) {
      tx.stopTs = eventTime(p['timestamp'], entry.ts);
      const reason = info['stoppedReason'];
      tx.stopReason = typeof reason === 'string' ? reason : 'Local';
    }
  }

  for (const finding of findings) {
    for (const seq of finding.seqs) {
      const tx = bySeq.get(seq);
      if (tx !== undefined && !tx.problems.includes(finding.rule)) tx.problems.push(finding.rule);
    }
  }
  return all.map(finish);
}

/** A re-sent Started event (it carries the transaction's start time) is no new transaction. */
function sameEvent(tx: Tx, p: Payload): boolean {
  return p['eventType'] === 'Started' && tx.startTs === eventTime(p['timestamp'], NaN);
}

function finish(tx: Tx): ReportTransaction {
  const out: ReportTransaction = { ...tx };
  for (const key of ['meterStart', 'firstWh', 'lastWh'] as const) delete (out as Tx)[key];
  if (out.energyWh === undefined && tx.firstWh !== undefined && tx.lastWh !== undefined)
    out.energyWh = tx.lastWh - tx.firstWh;
  if (out.startTs !== undefined && out.stopTs !== undefined) out.durationMs = out.stopTs - out.startTs;
  out.seqs.sort((a, b) => a - b);
  out.problems.sort();
  return out;
}
