/**
 * What the faces (UI, RPC, CLI) see of a running mock CSMS: how it is started, its connected
 * stations and their state, the command palette and the answers to commands. Plain JSON, so the
 * same types travel over Electron IPC, the serve-mode WebSocket and memory.
 */
import type { Direction } from '../capture/entry';
import type { OcppVersion } from '../ocpp/versions';
import type { CsmsConfig, CsmsConfigInput } from './config';

export interface CsmsStartParams {
  /** `HOST:PORT` chargers connect to; port 0 picks a free one. */
  listen: string;
  /** The behaviour; absent fields take their defaults (see DEFAULT_CSMS_CONFIG). */
  config?: CsmsConfigInput;
  /** The session's name; by default "Mock CSMS on <listen>". */
  name?: string;
  /** Record into this file (never overwritten) instead of the data dir. */
  captureFile?: string;
  /** wss: the engineer's certificate and key files, or `auto` (the local CA in the data dir). */
  tls?: 'auto' | { certFile: string; keyFile: string };
}

export interface CsmsConnection {
  connectionId: string;
  stationId: string;
  /** The negotiated subprotocol, e.g. `ocpp1.6`. */
  subprotocol: string;
  /** ms since the epoch. */
  openedAt: number;
  frames: Record<Direction, number>;
  /** Pings from the station, and the pongs that answered them. */
  pings: number;
  pongs: number;
}

export interface CsmsInfo {
  id: string;
  /** Where chargers connect, e.g. `ws://127.0.0.1:8080/` + identity. */
  url: string;
  /** The live session the CSMS records into. */
  sessionId: string;
  startedAt: string;
  config: CsmsConfig;
  connections: CsmsConnection[];
  /** Counts up whenever a station's state changes: fetch `csms.state` again when it moved. */
  stateVersion: number;
  /** With `tls: 'auto'`: the CA certificate to install on chargers. */
  caCertPath?: string;
  /** Said once at start, e.g. that a new local CA was created. */
  warnings: string[];
}

export interface ConnectorState {
  /** 2.x: the EVSE; 1.6: absent. */
  evseId?: number;
  /** 1.6: 0 is the whole charge point; 2.x: the connector within the EVSE. */
  connectorId: number;
  /** As the station last reported it (StatusNotification), e.g. `Available`, `Charging`. */
  status: string;
  /** 1.6 errorCode, when not `NoError`. */
  errorCode?: string;
  /** ISO 8601, the station's timestamp when it gave one, else when the CSMS received it. */
  at: string;
}

export interface MeterReading {
  measurand: string;
  value: number;
  unit?: string;
  phase?: string;
  context?: string;
  /** ISO 8601, the sample's timestamp. */
  at: string;
}

export interface TransactionState {
  /** 1.6: the integer the CSMS gave, as text; 2.x: the station's transactionId. */
  transactionId: string;
  evseId?: number;
  connectorId?: number;
  idTag?: string;
  /** ISO 8601, as the station gave it. */
  startedAt: string;
  meterStart?: number;
  /** The latest value of each measurand (and phase) the station sent. */
  meter: MeterReading[];
  /** 2.x: the last seqNo counted. */
  lastSeqNo?: number;
  /** Transaction messages counted for it (1.6 MeterValues; 2.x TransactionEvents): repeats count in `naive`. */
  messages: number;
}

export interface StationState {
  stationId: string;
  connected: boolean;
  connectionId: string;
  subprotocol: string;
  version: OcppVersion;
  /** ISO 8601. */
  connectedAt: string;
  disconnectedAt?: string;
  boot?: {
    /** ISO 8601, when the BootNotification arrived. */
    at: string;
    vendor: string;
    model: string;
    serialNumber?: string;
    firmwareVersion?: string;
    /** 2.x: the boot reason, e.g. `PowerUp`. */
    reason?: string;
    /** What the CSMS answered. */
    status: string;
  };
  lastHeartbeat?: string;
  connectors: ConnectorState[];
  /** Started and not yet ended. */
  transactions: TransactionState[];
  /** Ended during this connection, newest last (at most 20 kept). */
  endedTransactions: TransactionState[];
}

export interface CsmsState {
  csmsId: string;
  stateVersion: number;
  /** Connected stations first, then those that left (newest first). */
  stations: StationState[];
}

export interface PaletteEntry {
  action: string;
  /** A schema-valid request payload to start from. */
  template: Record<string, unknown>;
}

export interface CsmsPalette {
  stationId: string;
  version: OcppVersion;
  actions: PaletteEntry[];
}

/** What came back for a command sent to a station. */
export type CommandAnswer = {
  messageId: string;
  /** The seq of the CALL in the session, and of its answer when one came. */
  callSeq: number;
  answerSeq?: number;
  /** ms from sending to the answer (or to giving up). */
  elapsedMs: number;
} & (
  | { outcome: 'result'; payload: unknown }
  | { outcome: 'error'; code: string; description: string; details: unknown }
  | { outcome: 'timeout' }
  | { outcome: 'closed' }
);
