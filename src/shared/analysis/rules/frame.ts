/**
 * Rules of the frame codec: text that is not a well-formed OCPP-J message. One rule per problem
 * kind of the codec (src/shared/ocpp/frame.ts), plus binary frames.
 */
import { FRAME_PROBLEM_KINDS, type FrameProblemKind } from '../../ocpp/frame';
import { OCPP_VERSIONS } from '../../ocpp/versions';
import type { Rule } from '../finding';

const TITLES: Record<FrameProblemKind, string> = {
  'invalid-json': 'Message is not valid JSON',
  'not-array': 'Message is not a JSON array',
  'wrong-arity': 'Message has the wrong number of elements',
  'unknown-type': 'Unknown message type',
  'bad-id': 'Message id is not a non-empty string',
  'id-too-long': 'Message id longer than 36 characters',
  'bad-action': 'Action is not a non-empty string',
  'bad-payload': 'Payload is not a JSON object',
  'bad-error-code': 'Error code is not a non-empty string',
  'bad-error-description': 'Error description is not a string',
  'bad-error-details': 'Error details are not a JSON object',
  'duplicate-key': 'A JSON key appears twice in one object',
};

const REFERENCE = 'OCPP-J 1.6 section 4.1; OCPP 2.0.1 and 2.1 Part 4 section 4.2';

export const frameRules: Rule[] = [
  ...FRAME_PROBLEM_KINDS.map((kind): Rule => ({
    id: `frame.${kind}`,
    title: TITLES[kind],
    severity: 'error',
    versions: OCPP_VERSIONS,
    appliesTo: { anyVersion: true },
    explanation:
      kind === 'duplicate-key'
        ? 'JSON parsers disagree on which of two equal keys wins (most keep the last, some the first, some refuse the message), so the two sides may read different values from the same frame.'
        : kind === 'unknown-type'
          ? 'The receiver cannot tell what the message is. OCPP 1.6 and 2.1 receivers ignore it; a 2.0.1 receiver answers MessageTypeNotSupported. Either way the sender waits in vain for whatever it expected.'
          : 'The receiver cannot process a message that breaks the OCPP-J frame layout: it should answer a CALL with a CALLERROR (FormationViolation in 1.6, FormatViolation or RpcFrameworkError in 2.x) and ignore anything else, so the exchange fails.',
    reference: REFERENCE,
  })),
  {
    id: 'frame.binary',
    title: 'Binary WebSocket frame',
    severity: 'error',
    versions: OCPP_VERSIONS,
    appliesTo: { anyVersion: true },
    explanation:
      'OCPP-J messages travel as WebSocket text frames holding UTF-8 JSON. A binary frame is not an OCPP message; receivers drop it or close the connection.',
    reference: 'OCPP-J 1.6 section 3.1; OCPP 2.0.1 and 2.1 Part 4 section 3.1',
  },
];
