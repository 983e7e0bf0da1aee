/**
 * Schema rules: each payload against the official OCA schema of its action and direction, the
 * known field deviations told apart from the rest.
 */
import type { FrameEntry } from '../../capture/entry';
import type { Frame } from '../../ocpp/frame';
import { OCPP_VERSIONS, type OcppVersion } from '../../ocpp/versions';
import { deviationOf, deviationsBeyondSchema } from '../../validation/deviations';
import type { SchemaIssue } from '../../validation/issues';
import type { SchemaKind, SchemaRegistry } from '../../validation/registry';
import type { Report } from '../checker';
import type { Rule } from '../finding';

const SCHEMAS = 'OCA JSON schemas of OCPP 1.6 (and its security whitepaper), 2.0.1 and 2.1';

export const schemaRules: Rule[] = [
  {
    id: 'schema.unknown-action',
    title: 'Action not defined by the version',
    severity: 'error',
    versions: OCPP_VERSIONS,
    explanation:
      'The receiver does not know this action and must answer NotImplemented (or NotSupported). Often the two sides disagree on the OCPP version, or a vendor action was sent outside DataTransfer.',
    reference: 'OCPP-J 1.6 section 4.2.3; OCPP 2.0.1 and 2.1 Part 4 section 4.3',
  },
  {
    id: 'schema.invalid-payload',
    title: 'Payload does not match the schema',
    severity: 'error',
    versions: OCPP_VERSIONS,
    explanation:
      'The payload breaks the official schema of its action: a required field is missing, a value has the wrong type, length or enumeration value, or a field is not allowed. A strict receiver answers with a CALLERROR (FormationViolation, TypeConstraintViolation, ...) and the message has no effect.',
    reference: SCHEMAS,
  },
  {
    id: 'schema.field-deviation',
    title: 'Known field deviation',
    severity: 'error',
    lenientSeverity: 'warning',
    versions: OCPP_VERSIONS,
    explanation:
      'A deviation that real chargers and CSMSs are known to send: Celcius/Celsius, unit Hz, a date-time without a time zone or with an hours-only offset, more than 3 fractional digits of seconds (2.x), an object as 1.6 DataTransfer data, an empty meter value. Many receivers accept it, strict ones reject it; the lenient profile reports it as a warning.',
    reference: `${SCHEMAS}; OCPP 1.6 errata; OCPP 2.0.1 Part 2 section 2.1.2`,
  },
  {
    id: 'schema.version-unknown',
    title: 'OCPP version unknown: payloads not validated',
    severity: 'info',
    versions: OCPP_VERSIONS,
    appliesTo: { anyVersion: true },
    explanation:
      'The connection negotiated no OCPP subprotocol, the capture names no version, and the actions seen did not tell one. Give the version (ocpp-scope check --ocpp-version 1.6) to validate the payloads and run the transaction rules.',
    reference: 'OCPP-J 1.6 section 3.1.2; OCPP 2.0.1 and 2.1 Part 4 section 3.1.2',
  },
];

/** Schema findings per frame beyond this are summed up in one. */
const MAX_ISSUES_PER_FRAME = 10;

/**
 * Validates the payload of a CALL/SEND (Request schema) or a CALLRESULT (Response schema of the
 * answered CALL's action). Returns whether it is valid.
 */
export function validatePayload(
  registry: SchemaRegistry,
  version: OcppVersion,
  entry: FrameEntry,
  frame: Frame,
  answeredAction: string | undefined,
  report: Report,
): boolean {
  let action: string;
  let kind: SchemaKind;
  let payloadIndex: number;
  if (frame.type === 2 || frame.type === 6) {
    action = frame.action;
    kind = 'request';
    payloadIndex = 3;
    if (!registry.hasAction(version, action)) {
      report('schema.unknown-action', {
        stationId: entry.stationId,
        connectionId: entry.connectionId,
        messageIds: [frame.id],
        seqs: [entry.seq],
        message: `OCPP ${version} has no action ${JSON.stringify(action)}${suggest(registry, version, action)}.`,
        location: { seq: entry.seq, path: [2] },
      });
      return false;
    }
  } else if (
    frame.type === 3 &&
    answeredAction !== undefined &&
    registry.hasAction(version, answeredAction)
  ) {
    action = answeredAction;
    kind = 'response';
    payloadIndex = 2;
  } else {
    return true;
  }
  const issues: (SchemaIssue & { deviation?: string })[] =
    registry.validate(version, action, kind, frame.payload) ?? [];
  issues.push(...deviationsBeyondSchema(version, action, kind, frame.payload, entry.raw));
  const name = `${action}${kind === 'request' ? 'Request' : 'Response'}`;
  let valid = true;
  issues.slice(0, MAX_ISSUES_PER_FRAME).forEach((issue) => {
    const deviation = issue.deviation ?? deviationOf(version, action, issue);
    if (deviation === undefined) valid = false;
    report(deviation === undefined ? 'schema.invalid-payload' : 'schema.field-deviation', {
      stationId: entry.stationId,
      connectionId: entry.connectionId,
      messageIds: [frame.id],
      seqs: [entry.seq],
      message: `${name}: ${issue.message}`,
      location: { seq: entry.seq, path: [payloadIndex, ...issue.path] },
    });
  });
  if (issues.length > MAX_ISSUES_PER_FRAME) {
    valid = false;
    report('schema.invalid-payload', {
      stationId: entry.stationId,
      connectionId: entry.connectionId,
      messageIds: [frame.id],
      seqs: [entry.seq],
      message: `${name}: ${issues.length - MAX_ISSUES_PER_FRAME} more schema problems in this payload.`,
    });
  }
  return valid;
}

function suggest(registry: SchemaRegistry, version: OcppVersion, action: string): string {
  const lower = action.toLowerCase();
  const same = registry.actions(version).find((a) => a.toLowerCase() === lower);
  if (same !== undefined) return ` (did you mean ${same}? action names are case-sensitive)`;
  const elsewhere = OCPP_VERSIONS.filter((v) => v !== version && registry.hasAction(v, action));
  return elsewhere.length > 0 ? ` (it is an OCPP ${elsewhere.join('/')} action)` : '';
}
