/**
 * What the frame in the editor is (its message type and the action whose schema applies), and the
 * JSON schema of the whole OCPP-J array built around the OCA payload schema, so Monaco's JSON
 * language service completes and marks the payload where it sits in the frame.
 */
import type { SchemaKind } from '../../../shared/validation/registry';

export interface FrameShape {
  type: 2 | 3 | 6;
  action: string;
  kind: SchemaKind;
}

/**
 * The shape of the text being edited: a CALL (or SEND) names its action; a CALLRESULT has the
 * schema of the response to `answers`. Text that does not parse (mid-edit) has none: the caller
 * keeps the last one, so the markers do not flicker away while a value is being typed.
 */
export function frameShape(raw: string, answers: string | undefined): FrameShape | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const [type, , action] = value as unknown[];
  if ((type === 2 || type === 6) && typeof action === 'string' && action !== '')
    return { type, action, kind: 'request' };
  if (type === 3 && answers !== undefined) return { type, action: answers, kind: 'response' };
  return undefined;
}

/**
 * The OCA documents keep their shared types in `definitions` and point at them with
 * `#/definitions/...`: hoisted to the root of the frame's schema, those pointers still resolve.
 * The `$id` (a urn) is left out. The frame's schema declares draft-07: without a `$schema`, Monaco's
 * JSON service reads 2020-12, where an `items` array (the tuple of an OCPP-J frame) means nothing.
 */
export function frameSchema(shape: FrameShape, payload: Record<string, unknown>): Record<string, unknown> {
  const { $id: _id, $schema: _schema, definitions, ...body } = payload;
  const messageId = {
    type: 'string',
    maxLength: 36,
    description: 'Message id: replaced by a fresh one when sent, unless pinned',
  };
  const head =
    shape.type === 3
      ? [
          { const: 3, description: 'CALLRESULT' },
          { type: 'string', description: 'The id of the CALL answered' },
        ]
      : [
          { const: shape.type, description: shape.type === 2 ? 'CALL' : 'SEND' },
          messageId,
          { const: shape.action },
        ];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    ...(definitions === undefined ? {} : { definitions }),
    type: 'array',
    items: [...head, body],
    minItems: head.length + 1,
    additionalItems: false,
  };
}
