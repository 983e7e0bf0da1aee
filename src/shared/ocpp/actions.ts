/**
 * Every action of each OCPP version and which side initiates it: what a charger sends (so a CSMS
 * must answer it) and what a CSMS may send (its command palette).
 *
 * Sources: 1.6 section 4 (Charge Point initiated) and section 5 (Central System initiated) plus the
 * messages of the "Improved security for OCPP 1.6-J" whitepaper; 2.0.1 and 2.1 Part 2, the use
 * case of each message. DataTransfer is the only action either side may initiate
 * (1.6 sections 4.3 and 5.6; 2.x P01 and P02). In 2.1, NotifyPeriodicEventStream is a SEND
 * (message type 6, never answered), sent by the station on a stream it opened with
 * OpenPeriodicEventStream.
 */
import type { OcppVersion } from './versions';

export type Initiator = 'station' | 'csms' | 'both';

const BOTH = ['DataTransfer'];

const STATION_16 = [
  'Authorize',
  'BootNotification',
  'DiagnosticsStatusNotification',
  'FirmwareStatusNotification',
  'Heartbeat',
  'MeterValues',
  'StartTransaction',
  'StatusNotification',
  'StopTransaction',
  // Security whitepaper.
  'LogStatusNotification',
  'SecurityEventNotification',
  'SignCertificate',
  'SignedFirmwareStatusNotification',
];

const CSMS_16 = [
  'CancelReservation',
  'ChangeAvailability',
  'ChangeConfiguration',
  'ClearCache',
  'ClearChargingProfile',
  'GetCompositeSchedule',
  'GetConfiguration',
  'GetDiagnostics',
  'GetLocalListVersion',
  'RemoteStartTransaction',
  'RemoteStopTransaction',
  'ReserveNow',
  'Reset',
  'SendLocalList',
  'SetChargingProfile',
  'TriggerMessage',
  'UnlockConnector',
  'UpdateFirmware',
  // Security whitepaper.
  'CertificateSigned',
  'DeleteCertificate',
  'ExtendedTriggerMessage',
  'GetInstalledCertificateIds',
  'GetLog',
  'InstallCertificate',
  'SignedUpdateFirmware',
];

const STATION_201 = [
  'Authorize',
  'BootNotification',
  'ClearedChargingLimit',
  'FirmwareStatusNotification',
  'Get15118EVCertificate',
  'GetCertificateStatus',
  'Heartbeat',
  'LogStatusNotification',
  'MeterValues',
  'NotifyChargingLimit',
  'NotifyCustomerInformation',
  'NotifyDisplayMessages',
  'NotifyEVChargingNeeds',
  'NotifyEVChargingSchedule',
  'NotifyEvent',
  'NotifyMonitoringReport',
  'NotifyReport',
  // Sent by a Local Controller acting as firmware publisher; to the CSMS it is a station.
  'PublishFirmwareStatusNotification',
  'ReportChargingProfiles',
  'ReservationStatusUpdate',
  'SecurityEventNotification',
  'SignCertificate',
  'StatusNotification',
  'TransactionEvent',
];

const CSMS_201 = [
  'CancelReservation',
  'CertificateSigned',
  'ChangeAvailability',
  'ClearCache',
  'ClearChargingProfile',
  'ClearDisplayMessage',
  'ClearVariableMonitoring',
  'CostUpdated',
  'CustomerInformation',
  'DeleteCertificate',
  'GetBaseReport',
  'GetChargingProfiles',
  'GetCompositeSchedule',
  'GetDisplayMessages',
  'GetInstalledCertificateIds',
  'GetLocalListVersion',
  'GetLog',
  'GetMonitoringReport',
  'GetReport',
  'GetTransactionStatus',
  'GetVariables',
  'InstallCertificate',
  'PublishFirmware',
  'RequestStartTransaction',
  'RequestStopTransaction',
  'ReserveNow',
  'Reset',
  'SendLocalList',
  'SetChargingProfile',
  'SetDisplayMessage',
  'SetMonitoringBase',
  'SetMonitoringLevel',
  'SetNetworkProfile',
  'SetVariableMonitoring',
  'SetVariables',
  'TriggerMessage',
  'UnlockConnector',
  'UnpublishFirmware',
  'UpdateFirmware',
];

// 2.1 keeps every 2.0.1 action and its direction, and adds these.
const STATION_21_ADDED = [
  'BatterySwap',
  'ClosePeriodicEventStream',
  'GetCertificateChainStatus',
  'NotifyDERAlarm',
  'NotifyDERStartStop',
  'NotifyPeriodicEventStream',
  'NotifyPriorityCharging',
  'NotifySettlement',
  'OpenPeriodicEventStream',
  'PullDynamicScheduleUpdate',
  'ReportDERControl',
  'VatNumberValidation',
];

const CSMS_21_ADDED = [
  'AFRRSignal',
  'AdjustPeriodicEventStream',
  'ChangeTransactionTariff',
  'ClearDERControl',
  'ClearTariffs',
  'GetDERControl',
  'GetPeriodicEventStream',
  'GetTariffs',
  // The CSMS tells the station which energy transfer modes (ISO 15118-20) it accepts.
  'NotifyAllowedEnergyTransfer',
  // The CSMS tells the station a driver started paying on the web (e.g. scanned its QR code).
  'NotifyWebPaymentStarted',
  'RequestBatterySwap',
  'SetDERControl',
  'SetDefaultTariff',
  'UpdateDynamicSchedule',
  'UsePriorityCharging',
];

function table(station: readonly string[], csms: readonly string[]): ReadonlyMap<string, Initiator> {
  const initiators = new Map<string, Initiator>();
  for (const action of station) initiators.set(action, 'station');
  for (const action of csms) initiators.set(action, 'csms');
  for (const action of BOTH) initiators.set(action, 'both');
  return initiators;
}

const INITIATORS: Record<OcppVersion, ReadonlyMap<string, Initiator>> = {
  '1.6': table(STATION_16, CSMS_16),
  '2.0.1': table(STATION_201, CSMS_201),
  '2.1': table([...STATION_201, ...STATION_21_ADDED], [...CSMS_201, ...CSMS_21_ADDED]),
};

// SEND (message type 6, 2.1 only): the receiver never answers, so it has no Response schema.
const SENDS: Record<OcppVersion, ReadonlySet<string>> = {
  '1.6': new Set(),
  '2.0.1': new Set(),
  '2.1': new Set(['NotifyPeriodicEventStream']),
};

/** Who may initiate the action in this version; `undefined` when the version has no such action. */
export function initiatorOf(version: OcppVersion, action: string): Initiator | undefined {
  return INITIATORS[version].get(action);
}

/** Every action of the version, sorted. */
export function allActions(version: OcppVersion): string[] {
  return [...INITIATORS[version].keys()].sort();
}

/** What a charger may send (a CSMS must answer each, except a SEND), sorted. */
export function stationActions(version: OcppVersion): string[] {
  return allActions(version).filter((action) => INITIATORS[version].get(action) !== 'csms');
}

/** What a CSMS may send to a charger (the command palette), sorted. */
export function csmsActions(version: OcppVersion): string[] {
  return allActions(version).filter((action) => INITIATORS[version].get(action) !== 'station');
}

/** Whether the action is a 2.1 SEND: sent as message type 6 and never answered. */
export function isSendAction(version: OcppVersion, action: string): boolean {
  return SENDS[version].has(action);
}
