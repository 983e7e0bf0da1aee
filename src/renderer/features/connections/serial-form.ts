/**
 * The serial bridge's start form as the engineer typed it, and the SerialConfig it makes. Main
 * checks the config again and says what is wrong; here only what the form itself can tell is
 * caught, in the same words where the rule is shared (the delimiter's escapes).
 */
import {
  DEFAULT_BAUD_RATE,
  DEFAULT_DELIMITER,
  parseDelimiter,
  type DataBits,
  type Parity,
  type SerialConfig,
  type SerialProtocol,
  type StopBits,
} from '../../../shared/serial/config';
import type { CsmsTlsDraft } from './CsmsTlsFields';
import { formDrafts } from '../../state/form-draft';

export type SerialTarget = 'mock' | 'url';

export interface SerialDraft extends CsmsTlsDraft {
  port: string;
  /** As typed: a common rate from the list or any other. */
  baudRate: string;
  dataBits: DataBits;
  parity: Parity;
  stopBits: StopBits;
  rtscts: boolean;
  delimiter: string;
  target: SerialTarget;
  upstream: string;
  stationId: string;
  protocol: SerialProtocol;
  name: string;
  /** Basic auth toward the CSMS; none when empty. */
  user: string;
  /** Never stored. */
  password: string;
}

/** The rates UART adapters and charger firmwares use; any other can be typed. */
export const COMMON_BAUD_RATES = [
  9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600, 1000000,
] as const;

export const DEFAULT_DRAFT: SerialDraft = {
  port: '',
  baudRate: String(DEFAULT_BAUD_RATE),
  dataBits: 8,
  parity: 'none',
  stopBits: 1,
  rtscts: false,
  delimiter: DEFAULT_DELIMITER,
  target: 'mock',
  upstream: '',
  stationId: '',
  protocol: 'ocpp1.6',
  name: '',
  upstreamCaFile: '',
  insecure: false,
  clientCertFile: '',
  clientKeyFile: '',
  user: '',
  password: '',
};

const drafts = formDrafts<SerialDraft>('ocpp-scope.serial-form', DEFAULT_DRAFT, ['password']);

/** The last form used, without its password: the same one is started again and again. */
export const loadDraft = (): SerialDraft => drafts.load();
export const saveDraft = (draft: SerialDraft): void => drafts.save(draft);

/** What is wrong with the delimiter as typed, in the words main would use; undefined when fine. */
export function delimiterError(text: string): string | undefined {
  try {
    parseDelimiter(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The config to send, or what the engineer must fix first. */
export function toConfig(d: SerialDraft): { config: SerialConfig } | { error: string } {
  const port = d.port.trim();
  if (port === '') return { error: 'Enter the serial port, e.g. /dev/ttyUSB0 or COM3.' };
  const baudText = d.baudRate.trim();
  const baudRate = Number(baudText);
  if (!/^\d+$/.test(baudText) || !Number.isSafeInteger(baudRate))
    return { error: `The baud rate must be a whole number, e.g. 115200, not “${d.baudRate}”.` };
  const badDelimiter = delimiterError(d.delimiter);
  if (badDelimiter !== undefined) return { error: `Delimiter: ${badDelimiter}.` };
  const config: SerialConfig = {
    port,
    baudRate,
    dataBits: d.dataBits,
    parity: d.parity,
    stopBits: d.stopBits,
    delimiter: d.delimiter,
    protocol: d.protocol,
  };
  if (d.rtscts) config.rtscts = true;
  if (d.stationId.trim() !== '') config.stationId = d.stationId.trim();
  if (d.name.trim() !== '') config.name = d.name.trim();
  if (d.target === 'mock') {
    config.mockCsms = true;
    return { config };
  }
  const upstream = d.upstream.trim();
  if (upstream === '') return { error: 'Enter the CSMS URL (ws:// or wss://), or bridge to a mock CSMS.' };
  config.upstream = upstream;
  if (d.upstreamCaFile.trim() !== '') config.upstreamCaFile = d.upstreamCaFile.trim();
  if (d.insecure) config.insecure = true;
  const cert = d.clientCertFile.trim();
  const key = d.clientKeyFile.trim();
  if ((cert === '') !== (key === ''))
    return { error: 'A client certificate needs both its certificate and its key file.' };
  if (cert !== '') {
    config.clientCertFile = cert;
    config.clientKeyFile = key;
  }
  if (d.user !== '' || d.password !== '') {
    if (d.user === '' || d.user.includes(':'))
      return { error: 'Enter the user name for Basic auth (it cannot contain a colon).' };
    config.auth = `${d.user}:${d.password}`;
  }
  return { config };
}

/** Main's refusal to open the port, without its prefix: said next to the port field. */
export function portOpenError(message: string): string | undefined {
  const match = /^cannot open the serial port: ([\s\S]*)$/.exec(message);
  return match?.[1];
}
