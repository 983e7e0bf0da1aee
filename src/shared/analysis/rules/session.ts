/**
 * Session rules: registration (BootNotification) before other CALLs, the heartbeat interval and
 * the 1.6 connector state table. State is kept per station, not per connection: a station need
 * not boot again when it reconnects, so what its last BootNotification got still holds.
 */
import type { FrameEntry } from '../../capture/entry';
import type { Payload } from '../../ocpp/frame';
import { OCPP_VERSIONS } from '../../ocpp/versions';
import type { Checker, CheckerContext, FrameEvent } from '../checker';
import type { Rule } from '../finding';
import { seconds } from './rpc';

const CALL_BEFORE_ACCEPTED = 'session.call-before-accepted';
const HEARTBEAT_INTERVAL = 'session.heartbeat-interval';
const STATUS_TRANSITION = 'session.status-transition';

export const sessionRules: Rule[] = [
  {
    id: CALL_BEFORE_ACCEPTED,
    title: 'CALL sent before the BootNotification was accepted',
    severity: 'warning',
    versions: OCPP_VERSIONS,
    appliesTo: { actions: ['BootNotification'] },
    explanation:
      'Until the CSMS answers its BootNotification with Accepted, a station may send nothing but BootNotification. While the answer is Pending it may only send what the CSMS asks for with TriggerMessage; while Rejected (or unanswered) nothing at all. A CSMS may drop such messages or answer them with a CALLERROR (1.6 errata: SecurityError), so status and transaction data the station believes delivered can be lost. Reported once per action and boot attempt.',
    reference: 'OCPP 1.6 section 4.2 and errata; OCPP 2.0.1 and 2.1 Part 2 B01-B03',
  },
  {
    id: HEARTBEAT_INTERVAL,
    title: 'Heartbeats far from the configured interval',
    severity: 'warning',
    versions: OCPP_VERSIONS,
    appliesTo: { actions: ['Heartbeat'] },
    explanation:
      'The station should send a Heartbeat at the interval the BootNotification response gave (or HeartbeatInterval as later set by the CSMS). Heartbeats at less than half the interval waste bandwidth and hint at a timer bug or an ignored configuration; a gap of more than 1.5 times the interval (plus 10 s) with no other message from the station in between means the CSMS may have marked the station offline. A station may skip a Heartbeat when other messages showed it is alive, so such gaps are not reported.',
    reference:
      'OCPP 1.6 sections 4.2, 4.6 and 9.1 (HeartbeatInterval); OCPP 2.0.1 and 2.1 Part 2 B01 and G02',
  },
  {
    id: STATUS_TRANSITION,
    title: 'Connector status change not in the 1.6 state table',
    severity: 'warning',
    versions: ['1.6'],
    appliesTo: { actions: ['StatusNotification'] },
    explanation:
      'OCPP 1.6 lists the connector status transitions a station may report (e.g. Finishing may go to Available, Preparing, Unavailable or Faulted, never straight to Charging), and connector 0, the station as a whole, may only be Available, Unavailable or Faulted. Another transition usually means a StatusNotification was lost or the firmware state machine is wrong; CSMS availability, reservation and billing logic built on these statuses then goes astray. Statuses are forgotten when the station boots again.',
    reference: 'OCPP 1.6 section 4.9 (Status Notification), table of status transitions',
  },
];

type ConnectorStatus =
  | 'Available'
  | 'Preparing'
  | 'Charging'
  | 'SuspendedEV'
  | 'SuspendedEVSE'
  | 'Finishing'
  | 'Reserved'
  | 'Unavailable'
  | 'Faulted';

/** OCPP 1.6 section 4.9, rows A..I of the transition table: from -> the statuses allowed next. */
const TRANSITIONS: Record<ConnectorStatus, readonly ConnectorStatus[]> = {
  Available: ['Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Reserved', 'Unavailable', 'Faulted'],
  Preparing: ['Available', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Faulted'],
  Charging: ['Available', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Unavailable', 'Faulted'],
  SuspendedEV: ['Available', 'Charging', 'SuspendedEVSE', 'Finishing', 'Unavailable', 'Faulted'],
  SuspendedEVSE: ['Available', 'Charging', 'SuspendedEV', 'Finishing', 'Unavailable', 'Faulted'],
  Finishing: ['Available', 'Preparing', 'Unavailable', 'Faulted'],
  Reserved: ['Available', 'Preparing', 'Unavailable', 'Faulted'],
  Unavailable: ['Available', 'Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Faulted'],
  Faulted: [
    'Available',
    'Preparing',
    'Charging',
    'SuspendedEV',
    'SuspendedEVSE',
    'Finishing',
    'Reserved',
    'Unavailable',
  ],
};
const CONNECTOR_0: readonly string[] = ['Available', 'Unavailable', 'Faulted'];

/** requestedMessage values whose triggered CALL has another action name. */
const TRIGGERED_ACTION: Record<string, string> = {
  SignChargePointCertificate: 'SignCertificate',
  SignChargingStationCertificate: 'SignCertificate',
  SignV2GCertificate: 'SignCertificate',
  SignV2G20Certificate: 'SignCertificate',
  SignCombinedCertificate: 'SignCertificate',
  // 2.1: the action is vendor-defined (customTrigger), so any one CALL may answer it.
  CustomTrigger: '*',
};
/** Triggered for every connector (or EVSE) when the trigger names none: one message per connector. */
const PER_CONNECTOR = new Set(['StatusNotification', 'MeterValues', 'TransactionEvent']);
const MAX_GRANTS = 32;

interface Ref {
  seq: number;
  id: string;
}

interface Registration {
  boot: Ref;
  /** The answer that set `status`, if any. */
  answer?: Ref;
  status: 'unanswered' | 'Accepted' | 'Pending' | 'Rejected' | 'CALLERROR' | 'unknown';
  /** Actions already reported for this boot attempt. */
  reported: Set<string>;
}

/** What a TriggerMessage the station has not refused allows it to send. */
interface Grant {
  action: string;
  /** Per-connector triggers may produce several messages: not used up by the first. */
  multi: boolean;
  triggerId: string;
  connectionId: string;
}

interface Heartbeat extends Ref {
  ts: number;
  connectionId: string;
}

interface StationState {
  registration?: Registration;
  grants: Grant[];
  interval?: { seconds: number; source: string };
  lastHeartbeat?: Heartbeat;
  /** A CALL other than a periodic Heartbeat since `lastHeartbeat`. */
  otherTraffic: boolean;
  connectors: Map<number, Ref & { status: ConnectorStatus }>;
}

export function createSessionChecker(context: CheckerContext): Checker {
  const stations = new Map<string, StationState>();

  function station(id: string): StationState {
    let state = stations.get(id);
    if (state === undefined) {
      state = { grants: [], otherTraffic: false, connectors: new Map() };
      stations.set(id, state);
    }
    return state;
  }

  function report(rule: string, entry: FrameEntry, refs: Ref[], message: string): void {
    context.report(rule, {
      stationId: entry.stationId,
      connectionId: entry.connectionId,
      messageIds: refs.map((r) => r.id),
      seqs: refs.map((r) => r.seq),
      message,
    });
  }

  function newInterval(state: StationState, value: unknown, source: string): void {
    const interval = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
    if (typeof interval !== 'number' || !Number.isFinite(interval)) return;
    state.interval = { seconds: interval, source };
    // The station restarts its timer on a new interval: the gap across the change says nothing.
    delete state.lastHeartbeat;
  }

  function stationCall(event: FrameEvent, action: string, payload: Payload): void {
    const { entry } = event;
    const state = station(entry.stationId);
    const ref = { seq: entry.seq, id: event.frame.id };
    if (action === 'BootNotification') {
      state.registration = { boot: ref, status: 'unanswered', reported: new Set() };
      state.grants = [];
      state.connectors.clear();
      delete state.lastHeartbeat;
      return;
    }
    const triggered = useGrant(state, action);
    checkRegistration(state, event, action, triggered);
    if (action === 'Heartbeat' && !triggered) checkHeartbeat(state, event);
    else state.otherTraffic = true;
    if (action === 'StatusNotification' && event.version === '1.6') checkStatus(state, entry, ref, payload);
  }

  function useGrant(state: StationState, action: string): boolean {
    const index = state.grants.findIndex((g) => g.action === action || g.action === '*');
    const grant = state.grants[index];
    if (grant === undefined) return false;
    if (!grant.multi) state.grants.splice(index, 1);
    return true;
  }

  function checkRegistration(
    state: StationState,
    event: FrameEvent,
    action: string,
    triggered: boolean,
  ): void {
    const registration = state.registration;
    if (registration === undefined) return;
    const { status } = registration;
    if (status === 'Accepted' || status === 'unknown') return;
    if (status === 'Pending' && triggered) return;
    if (registration.reported.has(action)) return;
    registration.reported.add(action);
    const decided = registration.answer ?? registration.boot;
    const answered =
      status === 'unanswered'
        ? `its BootNotification (seq ${registration.boot.seq}) is still unanswered`
        : status === 'CALLERROR'
          ? `its BootNotification was answered with a CALLERROR (seq ${decided.seq})`
          : `its BootNotification was answered ${status} (seq ${decided.seq})`;
    const meaning =
      status === 'Pending'
        ? 'while Pending it may only send what the CSMS requests with TriggerMessage, and no TriggerMessage asked for it.'
        : 'it may send nothing but BootNotification until the CSMS accepts it.';
    report(
      CALL_BEFORE_ACCEPTED,
      event.entry,
      [{ seq: event.entry.seq, id: event.frame.id }, decided],
      `The station sent ${action} while ${answered}: ${meaning}`,
    );
  }

  function checkHeartbeat(state: StationState, event: FrameEvent): void {
    const { entry } = event;
    const previous = state.lastHeartbeat;
    const otherTraffic = state.otherTraffic;
    state.lastHeartbeat = {
      seq: entry.seq,
      id: event.frame.id,
      ts: entry.ts,
      connectionId: entry.connectionId,
    };
    state.otherTraffic = false;
    const interval = state.interval;
    // Heartbeat timing restarts with a connection (registration and statuses survive it).
    if (previous === undefined || previous.connectionId !== entry.connectionId) return;
    if (interval === undefined || interval.seconds <= 0) return;
    const gap = entry.ts - previous.ts;
    const expected = interval.seconds * 1000;
    const measured = `A Heartbeat ${seconds(gap)} after the previous one (seq ${previous.seq}), while the heartbeat interval is ${seconds(expected)} (${interval.source})`;
    const refs = [{ seq: entry.seq, id: event.frame.id }, previous];
    if (gap < expected * 0.5) {
      report(
        HEARTBEAT_INTERVAL,
        entry,
        refs,
        `${measured}: less than half the interval, which hints at a timer bug or an ignored configuration.`,
      );
    } else if (gap > expected * 1.5 + 10_000 && !otherTraffic) {
      report(
        HEARTBEAT_INTERVAL,
        entry,
        refs,
        `${measured}, with no other message from the station in between: the CSMS may have considered the station offline meanwhile.`,
      );
    }
  }

  function checkStatus(state: StationState, entry: FrameEntry, ref: Ref, payload: Payload): void {
    const { connectorId, status } = payload;
    if (typeof connectorId !== 'number' || !Number.isInteger(connectorId) || connectorId < 0) return;
    if (typeof status !== 'string' || !Object.hasOwn(TRANSITIONS, status)) return;
    const next = status as ConnectorStatus;
    const previous = state.connectors.get(connectorId);
    state.connectors.set(connectorId, { ...ref, status: next });
    if (previous?.status === next) return;
    if (connectorId === 0) {
      if (CONNECTOR_0.includes(next)) return;
      report(
        STATUS_TRANSITION,
        entry,
        [ref],
        `The station reported ${next} for connector 0, the Charge Point as a whole, which may only be Available, Unavailable or Faulted.`,
      );
      return;
    }
    if (previous === undefined || TRANSITIONS[previous.status].includes(next)) return;
    report(
      STATUS_TRANSITION,
      entry,
      [ref, previous],
      `Connector ${connectorId} went from ${previous.status} (seq ${previous.seq}) to ${next}, which the OCPP 1.6 state table does not allow: a StatusNotification may be missing, or the station's state machine is wrong.`,
    );
  }

  function trigger(event: FrameEvent, action: string, payload: Payload): void {
    const requested = payload.requestedMessage;
    if (typeof requested !== 'string') return;
    const triggered = TRIGGERED_ACTION[requested] ?? requested;
    let multi = false;
    if (PER_CONNECTOR.has(triggered)) {
      if (action === 'TriggerMessage' && event.version !== '1.6') {
        const evse = payload.evse;
        const evseObject =
          typeof evse === 'object' && evse !== null ? (evse as Record<string, unknown>) : undefined;
        multi =
          evseObject === undefined ||
          (triggered === 'StatusNotification' && typeof evseObject.connectorId !== 'number');
      } else {
        multi = typeof payload.connectorId !== 'number';
      }
    }
    const state = station(event.entry.stationId);
    // Bounded for long live sessions: a CSMS polling by TriggerMessage keeps adding grants.
    if (multi && state.grants.some((g) => g.multi && g.action === triggered)) return;
    if (state.grants.length >= MAX_GRANTS) state.grants.shift();
    state.grants.push({
      action: triggered,
      multi,
      triggerId: event.frame.id,
      connectionId: event.entry.connectionId,
    });
  }

  function stationAnswer(event: FrameEvent, action: string): void {
    const { entry, frame } = event;
    const state = station(entry.stationId);
    const refused = frame.type !== 3 || frame.payload.status !== 'Accepted';
    if ((action === 'TriggerMessage' || action === 'ExtendedTriggerMessage') && refused) {
      state.grants = state.grants.filter(
        (g) => g.triggerId !== frame.id || g.connectionId !== entry.connectionId,
      );
    } else if (action === 'ChangeConfiguration' && frame.type === 3 && !refused) {
      const request = event.call?.payload;
      if (typeof request?.key === 'string' && request.key.toLowerCase() === 'heartbeatinterval') {
        newInterval(state, request.value, `set by ChangeConfiguration, seq ${entry.seq}`);
      }
    } else if (action === 'SetVariables' && frame.type === 3) {
      const value = acceptedHeartbeatInterval(event.call?.payload, frame.payload);
      if (value !== undefined) newInterval(state, value, `set by SetVariables, seq ${entry.seq}`);
    }
  }

  function csmsAnswer(event: FrameEvent): void {
    const { entry, frame, call } = event;
    const registration = stations.get(entry.stationId)?.registration;
    if (call?.action !== 'BootNotification' || registration?.boot.seq !== call.seq) return;
    registration.answer = { seq: entry.seq, id: frame.id };
    if (frame.type !== 3) {
      registration.status = 'CALLERROR';
      return;
    }
    const status = frame.payload.status;
    registration.status =
      status === 'Accepted' || status === 'Pending' || status === 'Rejected' ? status : 'unknown';
    const state = station(entry.stationId);
    if (status === 'Accepted') {
      state.grants = [];
      // Only an Accepted answer gives the heartbeat interval; otherwise it is the boot retry time.
      newInterval(state, frame.payload.interval, `from the BootNotification response, seq ${entry.seq}`);
    }
  }

  return {
    frame(event) {
      const { entry, frame } = event;
      if (frame.type === 2) {
        if (entry.direction === 'toCsms') stationCall(event, frame.action, frame.payload);
        else if (frame.action === 'TriggerMessage' || frame.action === 'ExtendedTriggerMessage') {
          trigger(event, frame.action, frame.payload);
        }
      } else if (frame.type === 3 || frame.type === 4) {
        const call = event.call;
        if (call === undefined) return;
        if (entry.direction === 'toCsms') stationAnswer(event, call.action);
        else csmsAnswer(event);
      }
    },
  };
}

/** The value of an Accepted SetVariables of OCPPCommCtrlr.HeartbeatInterval (Actual attribute). */
function acceptedHeartbeatInterval(request: Payload | undefined, response: Payload): unknown {
  const results = response.setVariableResult;
  const data = request?.setVariableData;
  if (!Array.isArray(results) || !Array.isArray(data)) return undefined;
  const accepted = results.some(
    (r) => isHeartbeatVariable(r) && (r as Record<string, unknown>).attributeStatus === 'Accepted',
  );
  if (!accepted) return undefined;
  const item = data.find(isHeartbeatVariable) as Record<string, unknown> | undefined;
  return item?.attributeValue;
}

function isHeartbeatVariable(item: unknown): boolean {
  if (typeof item !== 'object' || item === null) return false;
  const { component, variable, attributeType } = item as Record<string, unknown>;
  return (
    nameOf(component) === 'ocppcommctrlr' &&
    nameOf(variable) === 'heartbeatinterval' &&
    (attributeType === undefined || attributeType === 'Actual')
  );
}

function nameOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const name = (value as Record<string, unknown>).name;
  return typeof name === 'string' ? name.toLowerCase() : undefined;
}
