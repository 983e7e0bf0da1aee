/**
 * A frame to start from when the engineer writes one from scratch: for a version, an action and
 * the direction it travels, a schema-valid CALL (or the answer to one) with plausible values. The
 * mock CSMS's hand-tuned commands and answers come first (src/shared/csms/templates.ts); anything
 * else is built from the OCA schema itself (src/shared/validation/example.ts).
 */
import type { Direction } from '../capture/entry';
import { commandTemplate, responseTemplate, type Payload } from '../csms/templates';
import { isJsonObject } from '../json-object';
import { initiatorOf, isSendAction } from '../ocpp/actions';
import type { OcppVersion } from '../ocpp/versions';
import { exampleFor } from '../validation/example';
import type { SchemaKind, SchemaRegistry } from '../validation/registry';

export interface FrameTemplate {
  kind: SchemaKind;
  payload: Payload;
  /** The whole frame: a CALL (or a 2.1 SEND) with a placeholder id, or a CALLRESULT to fill in. */
  raw: string;
}

/** The id a template's CALL carries: the send path replaces it with a fresh one unless pinned. */
export const TEMPLATE_MESSAGE_ID = 'new';
/** Where a CALLRESULT template's id goes: the id of the CALL it answers. */
export const ANSWER_ID_PLACEHOLDER = 'id-of-the-call-answered';

/**
 * Which payload travels in `direction`: the request when the sender of that direction initiates
 * the action, its response otherwise. An action both sides initiate (DataTransfer) is a request.
 */
export function templateKind(
  version: OcppVersion,
  action: string,
  direction: Direction,
): SchemaKind | undefined {
  const initiator = initiatorOf(version, action);
  if (initiator === undefined) return undefined;
  if (initiator === 'both') return 'request';
  return (initiator === 'station') === (direction === 'toCsms') ? 'request' : 'response';
}

export function frameTemplate(
  registry: SchemaRegistry,
  version: OcppVersion,
  action: string,
  kind: SchemaKind,
  now: Date,
): FrameTemplate | undefined {
  if (initiatorOf(version, action) === undefined) return undefined;
  if (kind === 'response' && isSendAction(version, action)) return undefined;
  const tuned =
    kind === 'request'
      ? commandTemplate(version, action, registry, now)
      : responseTemplate(version, action, registry, now);
  const schema = registry.schema(version, action, kind);
  const built = schema === undefined ? undefined : exampleFor(schema, { now });
  const payload = tuned ?? (isJsonObject(built) ? built : undefined);
  if (payload === undefined) return undefined;
  const raw =
    kind === 'response'
      ? JSON.stringify([3, ANSWER_ID_PLACEHOLDER, payload])
      : JSON.stringify([isSendAction(version, action) ? 6 : 2, TEMPLATE_MESSAGE_ID, action, payload]);
  return { kind, payload, raw };
}
