/**
 * The state view of one station, kept from what it told the CSMS: boot info, connectors / EVSEs
 * and their status, open transactions with their latest meter readings, the last heartbeat.
 * Updated only from CALLs the CSMS accepted and answered (a CALLERROR changes nothing).
 */
import type { ConnectorState, MeterReading, StationState, TransactionState } from '../../../shared/csms/info';
import type { Payload } from '../../../shared/ocpp/frame';
import type { OcppVersion } from '../../../shared/ocpp/versions';
import { isJsonObject } from '../../../shared/json-object';
import type { AnswerEffect } from './answers';

const MAX_ENDED = 20;

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** SampledValue lists of a 1.6 MeterValue (value as text) or 2.x MeterValue (value as number). */
function readings(meterValues: unknown): MeterReading[] {
  if (!Array.isArray(meterValues)) return [];
  const out: MeterReading[] = [];
  for (const meterValue of meterValues) {
    if (!isJsonObject(meterValue) || !Array.isArray(meterValue.sampledValue)) continue;
    const at = str(meterValue.timestamp) ?? new Date().toISOString();
    for (const sample of meterValue.sampledValue) {
      if (!isJsonObject(sample)) continue;
      const value = typeof sample.value === 'string' ? Number(sample.value) : num(sample.value);
      if (value === undefined || !Number.isFinite(value)) continue;
      const unitOf = isJsonObject(sample.unitOfMeasure) ? str(sample.unitOfMeasure.unit) : str(sample.unit);
      const reading: MeterReading = {
        measurand: str(sample.measurand) ?? 'Energy.Active.Import.Register',
        value,
        at,
      };
      if (unitOf !== undefined) reading.unit = unitOf;
      const phase = str(sample.phase);
      if (phase !== undefined) reading.phase = phase;
      const context = str(sample.context);
      if (context !== undefined) reading.context = context;
      out.push(reading);
    }
  }
  return out;
}

/** Keeps the latest reading of each measurand and phase. */
function merge(into: MeterReading[], fresh: MeterReading[]): void {
  for (const reading of fresh) {
    const k = into.findIndex((r) => r.measurand === reading.measurand && r.phase === reading.phase);
    if (k === -1) into.push(reading);
    else into[k] = reading;
  }
}

export class StationModel {
  readonly state: StationState;

  constructor(stationId: string, connectionId: string, subprotocol: string, version: OcppVersion) {
    this.state = {
      stationId,
      connected: true,
      connectionId,
      subprotocol,
      version,
      connectedAt: new Date().toISOString(),
      connectors: [],
      transactions: [],
      endedTransactions: [],
    };
  }

  disconnected(): void {
    this.state.connected = false;
    this.state.disconnectedAt = new Date().toISOString();
  }

  /** Applies an answered CALL; returns whether anything shown changed. */
  apply(action: string, payload: Payload, effect: AnswerEffect, now: Date): boolean {
    const v16 = this.state.version === '1.6';
    switch (action) {
      case 'BootNotification':
        this.boot(payload, effect, now);
        return true;
      case 'Heartbeat':
        this.state.lastHeartbeat = now.toISOString();
        return true;
      case 'StatusNotification':
        this.status(payload, now);
        return true;
      case 'StartTransaction':
        if (!v16 || effect.transactionId === undefined || effect.repeat === true) return false;
        this.state.transactions.push({
          transactionId: String(effect.transactionId),
          ...(num(payload.connectorId) !== undefined ? { connectorId: num(payload.connectorId)! } : {}),
          ...(str(payload.idTag) !== undefined ? { idTag: str(payload.idTag)! } : {}),
          startedAt: str(payload.timestamp) ?? now.toISOString(),
          ...(num(payload.meterStart) !== undefined ? { meterStart: num(payload.meterStart)! } : {}),
          meter: [],
          messages: 1,
        });
        return true;
      case 'MeterValues': {
        const fresh = readings(payload.meterValue);
        const id = num(payload.transactionId);
        const tx =
          id !== undefined
            ? this.state.transactions.find((t) => t.transactionId === String(id))
            : this.onConnector(num(payload.evseId), num(payload.connectorId));
        if (tx === undefined) return false;
        merge(tx.meter, fresh);
        tx.messages++;
        return true;
      }
      case 'StopTransaction': {
        if (!v16) return false;
        const id = String(num(payload.transactionId) ?? '');
        const tx = this.end(id);
        if (tx === undefined) return false;
        merge(tx.meter, readings(payload.transactionData));
        const meterStop = num(payload.meterStop);
        if (meterStop !== undefined)
          merge(tx.meter, [
            {
              measurand: 'Energy.Active.Import.Register',
              value: meterStop,
              unit: 'Wh',
              at: str(payload.timestamp) ?? now.toISOString(),
            },
          ]);
        return true;
      }
      case 'TransactionEvent':
        return v16 ? false : this.transactionEvent(payload, effect, now);
      default:
        return false;
    }
  }

  private boot(payload: Payload, effect: AnswerEffect, now: Date): void {
    const station = isJsonObject(payload.chargingStation) ? payload.chargingStation : undefined;
    const vendor = station ? str(station.vendorName) : str(payload.chargePointVendor);
    const model = station ? str(station.model) : str(payload.chargePointModel);
    const serialNumber = station ? str(station.serialNumber) : str(payload.chargePointSerialNumber);
    const firmwareVersion = station ? str(station.firmwareVersion) : str(payload.firmwareVersion);
    const reason = str(payload.reason);
    this.state.boot = {
      at: now.toISOString(),
      vendor: vendor ?? '',
      model: model ?? '',
      status: effect.bootStatus ?? 'Accepted',
      ...(serialNumber !== undefined ? { serialNumber } : {}),
      ...(firmwareVersion !== undefined ? { firmwareVersion } : {}),
      ...(reason !== undefined ? { reason } : {}),
    };
  }

  private status(payload: Payload, now: Date): void {
    const connectorId = num(payload.connectorId) ?? 0;
    const evseId = num(payload.evseId);
    const status = str(payload.connectorStatus) ?? str(payload.status) ?? 'Unknown';
    const errorCode = str(payload.errorCode);
    const entry: ConnectorState = {
      connectorId,
      status,
      at: str(payload.timestamp) ?? now.toISOString(),
      ...(evseId !== undefined ? { evseId } : {}),
      ...(errorCode !== undefined && errorCode !== 'NoError' ? { errorCode } : {}),
    };
    const k = this.state.connectors.findIndex((c) => c.evseId === evseId && c.connectorId === connectorId);
    if (k === -1) {
      this.state.connectors.push(entry);
      this.state.connectors.sort(
        (a, b) => (a.evseId ?? 0) - (b.evseId ?? 0) || a.connectorId - b.connectorId,
      );
    } else {
      this.state.connectors[k] = entry;
    }
  }

  private transactionEvent(payload: Payload, effect: AnswerEffect, now: Date): boolean {
    if (effect.repeat === true) return false;
    const info = isJsonObject(payload.transactionInfo) ? payload.transactionInfo : {};
    const transactionId = str(info.transactionId);
    if (transactionId === undefined) return false;
    const evse = isJsonObject(payload.evse) ? payload.evse : {};
    let tx = this.state.transactions.find((t) => t.transactionId === transactionId);
    if (tx === undefined) {
      const token = isJsonObject(payload.idToken) ? str(payload.idToken.idToken) : undefined;
      const evseId = num(evse.id);
      const connectorId = num(evse.connectorId);
      tx = {
        transactionId,
        startedAt: str(payload.timestamp) ?? now.toISOString(),
        meter: [],
        messages: 0,
        ...(evseId !== undefined ? { evseId } : {}),
        ...(connectorId !== undefined ? { connectorId } : {}),
        ...(token !== undefined ? { idTag: token } : {}),
      };
      this.state.transactions.push(tx);
    }
    tx.messages++;
    const seqNo = num(payload.seqNo);
    if (seqNo !== undefined) tx.lastSeqNo = seqNo;
    merge(tx.meter, readings(payload.meterValue));
    if (payload.eventType === 'Ended') this.end(transactionId);
    return true;
  }

  private onConnector(
    evseId: number | undefined,
    connectorId: number | undefined,
  ): TransactionState | undefined {
    if (evseId === undefined && connectorId === undefined) return undefined;
    return this.state.transactions.find(
      (t) =>
        (evseId === undefined || t.evseId === evseId) &&
        (connectorId === undefined || t.connectorId === connectorId),
    );
  }

  private end(transactionId: string): TransactionState | undefined {
    const k = this.state.transactions.findIndex((t) => t.transactionId === transactionId);
    if (k === -1) return undefined;
    const [tx] = this.state.transactions.splice(k, 1);
    if (tx === undefined) return undefined;
    this.state.endedTransactions.push(tx);
    if (this.state.endedTransactions.length > MAX_ENDED) this.state.endedTransactions.shift();
    return tx;
  }
}
