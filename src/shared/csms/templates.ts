/**
 * What the mock CSMS puts on the wire when nobody told it otherwise: the request template of each
 * command in the palette (for the engineer to edit before sending) and the default answer to each
 * action a charger initiates.
 *
 * The common actions are hand-tuned with values a field engineer would type; every other action
 * gets `exampleFor` its schema, so the palette and the answers cover the whole version. Stateful
 * fields (1.6 transactionId, idTagInfo, intervals) are placeholders here: the CSMS service
 * overwrites them from its configuration and state.
 */
import { isJsonObject } from '../json-object';
import { csmsActions, initiatorOf, isSendAction } from '../ocpp/actions';
import type { OcppVersion } from '../ocpp/versions';
import { exampleFor } from '../validation/example';
import type { SchemaRegistry } from '../validation/registry';

export type Payload = Record<string, unknown>;
type Build = (now: Date) => Payload;

const ID_TAG = 'TAG-0001';
// 2.x: an RFID card (`ISO14443`) is the token type a bench charger meets most.
const ID_TOKEN = { idToken: ID_TAG, type: 'ISO14443' };
// 2.x transaction ids are charger-assigned (a UUID recommended): a placeholder to replace.
const TRANSACTION_ID = '00000000-0000-4000-8000-000000000001';
const BOOT_INTERVAL_S = 300;

const iso = (date: Date): string => date.toISOString();
const inAnHour = (now: Date): string => new Date(now.getTime() + 3_600_000).toISOString();

const COMMANDS_16: Readonly<Record<string, Build>> = {
  CancelReservation: () => ({ reservationId: 1 }),
  ChangeAvailability: () => ({ connectorId: 1, type: 'Inoperative' }),
  ChangeConfiguration: () => ({ key: 'HeartbeatInterval', value: String(BOOT_INTERVAL_S) }),
  ClearCache: () => ({}),
  ClearChargingProfile: () => ({ id: 1 }),
  DataTransfer: () => ({ vendorId: 'com.example', messageId: 'Ping', data: 'hello' }),
  ExtendedTriggerMessage: () => ({ requestedMessage: 'StatusNotification', connectorId: 1 }),
  GetCompositeSchedule: () => ({ connectorId: 1, duration: 3600, chargingRateUnit: 'A' }),
  // Delete `key` to ask for every configuration key.
  GetConfiguration: () => ({ key: ['HeartbeatInterval', 'MeterValueSampleInterval'] }),
  GetDiagnostics: () => ({ location: 'ftp://diagnostics.example.com/uploads/' }),
  GetInstalledCertificateIds: () => ({ certificateType: 'CentralSystemRootCertificate' }),
  GetLocalListVersion: () => ({}),
  GetLog: () => ({
    logType: 'DiagnosticsLog',
    requestId: 1,
    log: { remoteLocation: 'https://logs.example.com/upload' },
  }),
  RemoteStartTransaction: () => ({ connectorId: 1, idTag: ID_TAG }),
  RemoteStopTransaction: () => ({ transactionId: 1 }),
  ReserveNow: (now) => ({ connectorId: 1, expiryDate: inAnHour(now), idTag: ID_TAG, reservationId: 1 }),
  Reset: () => ({ type: 'Soft' }),
  SendLocalList: () => ({
    listVersion: 1,
    updateType: 'Full',
    localAuthorizationList: [{ idTag: ID_TAG, idTagInfo: { status: 'Accepted' } }],
  }),
  // A default limit for every transaction on every connector (connectorId 0): 16 A on 3 phases,
  // reduced to 10 A after the first hour, repeating daily.
  SetChargingProfile: (now) => ({
    connectorId: 0,
    csChargingProfiles: {
      chargingProfileId: 1,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Recurring',
      recurrencyKind: 'Daily',
      chargingSchedule: {
        duration: 86_400,
        startSchedule: iso(now),
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: 16, numberPhases: 3 },
          { startPeriod: 3600, limit: 10, numberPhases: 3 },
        ],
      },
    },
  }),
  TriggerMessage: () => ({ requestedMessage: 'StatusNotification', connectorId: 1 }),
  UnlockConnector: () => ({ connectorId: 1 }),
  UpdateFirmware: (now) => ({
    location: 'https://firmware.example.com/charger-1.2.3.bin',
    retrieveDate: iso(now),
    retries: 3,
    retryInterval: 60,
  }),
};

// 2.0.1 and 2.1 share these; the tests check them against each version's schemas.
const COMMANDS_2X: Readonly<Record<string, Build>> = {
  CancelReservation: () => ({ reservationId: 1 }),
  ChangeAvailability: () => ({ operationalStatus: 'Inoperative', evse: { id: 1 } }),
  ClearCache: () => ({}),
  ClearChargingProfile: () => ({ chargingProfileId: 1 }),
  CostUpdated: () => ({ totalCost: 12.5, transactionId: TRANSACTION_ID }),
  CustomerInformation: () => ({ requestId: 1, report: true, clear: false, idToken: ID_TOKEN }),
  DataTransfer: () => ({ vendorId: 'com.example', messageId: 'Ping', data: 'hello' }),
  GetBaseReport: () => ({ requestId: 1, reportBase: 'FullInventory' }),
  GetChargingProfiles: () => ({
    requestId: 1,
    chargingProfile: { chargingProfilePurpose: 'TxDefaultProfile' },
  }),
  GetCompositeSchedule: () => ({ duration: 3600, evseId: 1, chargingRateUnit: 'A' }),
  GetDisplayMessages: () => ({ requestId: 1 }),
  GetInstalledCertificateIds: () => ({}),
  GetLocalListVersion: () => ({}),
  GetLog: () => ({
    logType: 'DiagnosticsLog',
    requestId: 1,
    log: { remoteLocation: 'https://logs.example.com/upload' },
  }),
  GetMonitoringReport: () => ({ requestId: 1 }),
  GetReport: () => ({ requestId: 1, componentCriteria: ['Available'] }),
  GetTransactionStatus: () => ({ transactionId: TRANSACTION_ID }),
  GetVariables: () => ({
    getVariableData: [
      { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
      { component: { name: 'SampledDataCtrlr' }, variable: { name: 'TxUpdatedInterval' } },
    ],
  }),
  RequestStartTransaction: () => ({ idToken: ID_TOKEN, remoteStartId: 1, evseId: 1 }),
  RequestStopTransaction: () => ({ transactionId: TRANSACTION_ID }),
  ReserveNow: (now) => ({ id: 1, expiryDateTime: inAnHour(now), idToken: ID_TOKEN, evseId: 1 }),
  // OnIdle waits for running transactions to end: the gentle reset, like 1.6 Soft.
  Reset: () => ({ type: 'OnIdle' }),
  SendLocalList: () => ({
    versionNumber: 1,
    updateType: 'Full',
    localAuthorizationList: [{ idToken: ID_TOKEN, idTokenInfo: { status: 'Accepted' } }],
  }),
  // As in 1.6: a station-wide default (evseId 0) of 16 A on 3 phases, 10 A after the first hour.
  SetChargingProfile: (now) => ({
    evseId: 0,
    chargingProfile: {
      id: 1,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Recurring',
      recurrencyKind: 'Daily',
      chargingSchedule: [
        {
          id: 1,
          duration: 86_400,
          startSchedule: iso(now),
          chargingRateUnit: 'A',
          chargingSchedulePeriod: [
            { startPeriod: 0, limit: 16, numberPhases: 3 },
            { startPeriod: 3600, limit: 10, numberPhases: 3 },
          ],
        },
      ],
    },
  }),
  SetDisplayMessage: () => ({
    message: {
      id: 1,
      priority: 'NormalCycle',
      message: { format: 'UTF8', content: 'Welcome to OCPP Scope' },
    },
  }),
  SetMonitoringBase: () => ({ monitoringBase: 'All' }),
  SetMonitoringLevel: () => ({ severity: 5 }),
  SetVariables: () => ({
    setVariableData: [
      {
        attributeValue: String(BOOT_INTERVAL_S),
        component: { name: 'OCPPCommCtrlr' },
        variable: { name: 'HeartbeatInterval' },
      },
    ],
  }),
  TriggerMessage: () => ({ requestedMessage: 'StatusNotification', evse: { id: 1, connectorId: 1 } }),
  UnlockConnector: () => ({ evseId: 1, connectorId: 1 }),
  UpdateFirmware: (now) => ({
    requestId: 1,
    retries: 3,
    retryInterval: 60,
    firmware: { location: 'https://firmware.example.com/charger-1.2.3.bin', retrieveDateTime: iso(now) },
  }),
};

const RESPONSES_16: Readonly<Record<string, Build>> = {
  Authorize: () => ({ idTagInfo: { status: 'Accepted' } }),
  BootNotification: (now) => ({ status: 'Accepted', currentTime: iso(now), interval: BOOT_INTERVAL_S }),
  DataTransfer: () => ({ status: 'Accepted' }),
  DiagnosticsStatusNotification: () => ({}),
  FirmwareStatusNotification: () => ({}),
  Heartbeat: (now) => ({ currentTime: iso(now) }),
  LogStatusNotification: () => ({}),
  MeterValues: () => ({}),
  SecurityEventNotification: () => ({}),
  SignCertificate: () => ({ status: 'Accepted' }),
  SignedFirmwareStatusNotification: () => ({}),
  StartTransaction: () => ({ idTagInfo: { status: 'Accepted' }, transactionId: 1 }),
  StatusNotification: () => ({}),
  StopTransaction: () => ({}),
};

const RESPONSES_2X: Readonly<Record<string, Build>> = {
  Authorize: () => ({ idTokenInfo: { status: 'Accepted' } }),
  BootNotification: (now) => ({ status: 'Accepted', currentTime: iso(now), interval: BOOT_INTERVAL_S }),
  ClearedChargingLimit: () => ({}),
  DataTransfer: () => ({ status: 'Accepted' }),
  FirmwareStatusNotification: () => ({}),
  Heartbeat: (now) => ({ currentTime: iso(now) }),
  LogStatusNotification: () => ({}),
  MeterValues: () => ({}),
  NotifyChargingLimit: () => ({}),
  NotifyCustomerInformation: () => ({}),
  NotifyDisplayMessages: () => ({}),
  NotifyEVChargingNeeds: () => ({ status: 'Accepted' }),
  NotifyEVChargingSchedule: () => ({ status: 'Accepted' }),
  NotifyEvent: () => ({}),
  NotifyMonitoringReport: () => ({}),
  NotifyReport: () => ({}),
  PublishFirmwareStatusNotification: () => ({}),
  ReportChargingProfiles: () => ({}),
  ReservationStatusUpdate: () => ({}),
  SecurityEventNotification: () => ({}),
  SignCertificate: () => ({ status: 'Accepted' }),
  StatusNotification: () => ({}),
  // idTokenInfo belongs only in answers to events that carry an idToken: the CSMS adds it then.
  TransactionEvent: () => ({}),
};

const COMMANDS: Record<OcppVersion, Readonly<Record<string, Build>>> = {
  '1.6': COMMANDS_16,
  '2.0.1': COMMANDS_2X,
  '2.1': COMMANDS_2X,
};

const RESPONSES: Record<OcppVersion, Readonly<Record<string, Build>>> = {
  '1.6': RESPONSES_16,
  '2.0.1': RESPONSES_2X,
  '2.1': RESPONSES_2X,
};

function fromSchema(
  version: OcppVersion,
  action: string,
  kind: 'request' | 'response',
  registry: SchemaRegistry,
  now: Date,
): Payload | undefined {
  const schema = registry.schema(version, action, kind);
  if (schema === undefined) return undefined;
  const value = exampleFor(schema, { now });
  // Every OCPP payload schema is an object; anything else means a schema we cannot build from.
  return isJsonObject(value) ? value : undefined;
}

/**
 * The request a CSMS sends for one of its commands, as the palette shows it before the engineer
 * edits it: a fresh object each call. `undefined` when the version has no such CSMS-initiated action.
 */
export function commandTemplate(
  version: OcppVersion,
  action: string,
  registry: SchemaRegistry,
  now: Date,
): Payload | undefined {
  const initiator = initiatorOf(version, action);
  if (initiator === undefined || initiator === 'station') return undefined;
  return COMMANDS[version][action]?.(now) ?? fromSchema(version, action, 'request', registry, now);
}

/**
 * The default answer to an action a charger initiates: a fresh object each call. `undefined` when
 * the version has no such station-initiated action, or it is a SEND (never answered).
 */
export function responseTemplate(
  version: OcppVersion,
  action: string,
  registry: SchemaRegistry,
  now: Date,
): Payload | undefined {
  const initiator = initiatorOf(version, action);
  if (initiator === undefined || initiator === 'csms' || isSendAction(version, action)) return undefined;
  return RESPONSES[version][action]?.(now) ?? fromSchema(version, action, 'response', registry, now);
}

/** The command palette of a version: each CSMS-initiated action with its template, sorted by action. */
export function commandPalette(
  version: OcppVersion,
  registry: SchemaRegistry,
  now: Date,
): { action: string; template: Payload }[] {
  const palette: { action: string; template: Payload }[] = [];
  for (const action of csmsActions(version)) {
    const template = commandTemplate(version, action, registry, now);
    if (template !== undefined) palette.push({ action, template });
  }
  return palette;
}
