/**
 * Rules of the RPC framework: CALLs and their answers (OCPP-J 1.6 section 4; 2.0.1 and 2.1 Part 4
 * section 4). The pipeline's correlator supplies the facts; these functions word the findings.
 */
import { OCPP_VERSIONS } from '../../ocpp/versions';
import type { Rule } from '../finding';

const SYNCHRONICITY = 'OCPP-J 1.6 section 4.1.1; OCPP 2.0.1 and 2.1 Part 4 section 4.1.1';
const MESSAGE_ID = 'OCPP-J 1.6 section 4.1.3; OCPP 2.0.1 and 2.1 Part 4 section 4.1.3';
const ERROR_CODES = 'OCPP-J 1.6 section 4.2.3; OCPP 2.0.1 and 2.1 Part 4 section 4.3';

export const rpcRules: Rule[] = [
  {
    id: 'rpc.answer-without-call',
    title: 'Answer with no outstanding CALL',
    severity: 'warning',
    versions: OCPP_VERSIONS,
    appliesTo: { anyVersion: true },
    explanation:
      'The CALL with this id was already answered. A second answer is ignored by a correct receiver, but it means the other side processed the CALL twice or answers the wrong message; with transaction messages that can mean double counting.',
    reference: MESSAGE_ID,
  },
  {
    id: 'rpc.answer-unknown-id',
    title: 'Answer to an id never sent',
    severity: 'error',
    versions: OCPP_VERSIONS,
    appliesTo: { anyVersion: true },
    explanation:
      'No CALL with this id was sent on this connection in the other direction. The sender mixed up message ids (or answers a CALL from another connection), so the real CALL stays unanswered and will time out.',
    reference: MESSAGE_ID,
  },
  {
    id: 'rpc.id-reused',
    title: 'Message id reused while its CALL is outstanding',
    severity: 'error',
    versions: OCPP_VERSIONS,
    appliesTo: { anyVersion: true },
    explanation:
      'Message ids must be unique per sender and connection. With two unanswered CALLs under one id the answer cannot be matched: the receiver may pair it with the wrong request.',
    reference: MESSAGE_ID,
  },
  {
    id: 'rpc.concurrent-call',
    title: 'Second CALL while one is outstanding in the same direction',
    severity: 'error',
    severityByVersion: { '1.6': 'warning' },
    versions: OCPP_VERSIONS,
    appliesTo: { anyVersion: true },
    explanation:
      'Each side may have only one CALL waiting for an answer (1.6 SHOULD NOT, 2.x SHALL NOT send another). Many implementations process one message at a time and drop or reject the second, which then times out.',
    reference: SYNCHRONICITY,
  },
  {
    id: 'rpc.unanswered-call',
    title: 'CALL never answered',
    severity: 'error',
    versions: OCPP_VERSIONS,
    appliesTo: { anyVersion: true },
    explanation:
      'Every CALL must get a CALLRESULT or CALLERROR. With no answer within the timeout (30 s by default), the sender gives up or retries; transaction messages are retried and may be counted twice. A CALL still waiting when the capture ends is reported as a warning: its answer may simply not have been captured.',
    reference: SYNCHRONICITY,
  },
  {
    id: 'rpc.unknown-error-code',
    title: 'CALLERROR code not defined by the version',
    severity: 'error',
    versions: OCPP_VERSIONS,
    appliesTo: { messageTypes: [4, 5] },
    explanation:
      'The error code must be one of the codes of the negotiated version. Receivers map unknown codes to a generic failure or reject the frame, so the real reason is lost.',
    reference: ERROR_CODES,
  },
  {
    id: 'rpc.error-code-spelling',
    title: 'CALLERROR code spelled as in another version',
    severity: 'error',
    lenientSeverity: 'warning',
    versions: OCPP_VERSIONS,
    appliesTo: { messageTypes: [4, 5] },
    explanation:
      "1.6 spells FormationViolation and (sic) OccurenceConstraintViolation; 2.0.1 and 2.1 spell FormatViolation and OccurrenceConstraintViolation. Libraries mix them up; a strict receiver does not recognise the other version's spelling.",
    reference: ERROR_CODES,
  },
  {
    id: 'rpc.message-type-version',
    title: 'Message type not defined by the version',
    severity: 'error',
    versions: ['1.6', '2.0.1'],
    explanation:
      'CALLRESULTERROR (5) and SEND (6) exist only from OCPP 2.1 on. A 1.6 receiver ignores them and a 2.0.1 receiver answers MessageTypeNotSupported.',
    reference: 'OCPP 2.1 Part 4 sections 4.2.4 and 4.2.5',
  },
];

export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s >= 10 ? Math.round(s) : Number(s.toFixed(1))} s`;
}

export function who(direction: 'toCsms' | 'toStation'): string {
  return direction === 'toCsms' ? 'the station' : 'the CSMS';
}
