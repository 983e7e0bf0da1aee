/**
 * OCPP versions, how a WebSocket subprotocol or a user's spelling names them, and the CALLERROR
 * codes each one defines (1.6J section 4.2.3; 2.0.1 and 2.1 Part 4 section 4.3).
 */

export type OcppVersion = '1.6' | '2.0.1' | '2.1';
export const OCPP_VERSIONS: readonly OcppVersion[] = ['1.6', '2.0.1', '2.1'];

const SUBPROTOCOLS: Record<string, OcppVersion> = {
  'ocpp1.6': '1.6',
  'ocpp2.0.1': '2.0.1',
  'ocpp2.1': '2.1',
};

/** The version a negotiated WebSocket subprotocol selects, if it is an OCPP one. */
export function versionFromSubprotocol(subprotocol: string | undefined): OcppVersion | undefined {
  return subprotocol === undefined ? undefined : SUBPROTOCOLS[subprotocol.toLowerCase()];
}

/** Reads what a user or a capture header writes: `1.6`, `1.6J`, `ocpp1.6`, `2.0.1`, `ocpp2.1`, ... */
export function parseOcppVersion(text: string): OcppVersion | undefined {
  const normalised = text.trim().toLowerCase().replace(/^ocpp/, '').replace(/j$/, '');
  return (OCPP_VERSIONS as readonly string[]).includes(normalised) ? (normalised as OcppVersion) : undefined;
}

const ERROR_CODES_16 = [
  'NotImplemented',
  'NotSupported',
  'InternalError',
  'ProtocolError',
  'SecurityError',
  'FormationViolation',
  'PropertyConstraintViolation',
  'OccurenceConstraintViolation',
  'TypeConstraintViolation',
  'GenericError',
] as const;

const ERROR_CODES_2X = [
  'FormatViolation',
  'GenericError',
  'InternalError',
  'MessageTypeNotSupported',
  'NotImplemented',
  'NotSupported',
  'OccurrenceConstraintViolation',
  'PropertyConstraintViolation',
  'ProtocolError',
  'RpcFrameworkError',
  'SecurityError',
  'TypeConstraintViolation',
] as const;

export const ERROR_CODES: Record<OcppVersion, readonly string[]> = {
  '1.6': ERROR_CODES_16,
  '2.0.1': ERROR_CODES_2X,
  '2.1': ERROR_CODES_2X,
};

/**
 * The spellings that differ between 1.6 and 2.x: 1.6 says FormationViolation and (sic)
 * OccurenceConstraintViolation, 2.x FormatViolation and OccurrenceConstraintViolation. Libraries mix
 * them up, so each is recognised as the other version's spelling of the same code.
 */
export const ERROR_CODE_SPELLINGS: Record<string, string> = {
  FormationViolation: 'FormatViolation',
  FormatViolation: 'FormationViolation',
  OccurenceConstraintViolation: 'OccurrenceConstraintViolation',
  OccurrenceConstraintViolation: 'OccurenceConstraintViolation',
};

/** Message types 5 (CALLRESULTERROR) and 6 (SEND) exist only from 2.1 on. */
export function versionHasMessageType(version: OcppVersion, type: number): boolean {
  return type <= 4 || version === '2.1';
}
