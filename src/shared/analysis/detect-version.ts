/**
 * Tells the OCPP version of a connection that negotiated none from the messages it carries: an
 * action that exists in one version family only (StartTransaction, TransactionEvent), or whose
 * payload fits the schema of one family only (a 1.6 BootNotification has chargePointVendor, a 2.x
 * one chargingStation). Heartbeat and the like fit every version and decide nothing.
 */
import type { Frame } from '../ocpp/frame';
import { OCPP_VERSIONS, type OcppVersion } from '../ocpp/versions';
import type { SchemaRegistry } from '../validation/registry';

export interface Detection {
  version: OcppVersion;
  /** Said to the user, e.g. "from StartTransaction, which only OCPP 1.6 has". */
  reason: string;
}

function family(version: OcppVersion): '1.6' | '2.x' {
  return version === '1.6' ? '1.6' : '2.x';
}

/** Within 2.x, 2.0.1 unless the message needs 2.1. */
function pick(candidates: OcppVersion[]): OcppVersion {
  return candidates.includes('2.0.1') || candidates.includes('1.6') ? candidates[0]! : '2.1';
}

export function detectVersion(registry: SchemaRegistry, frame: Frame): Detection | undefined {
  if (frame.type === 5 || frame.type === 6) {
    return { version: '2.1', reason: `from a message of type ${frame.type}, which only OCPP 2.1 has` };
  }
  if (frame.type !== 2) return undefined;
  const action = frame.action;
  const defined = OCPP_VERSIONS.filter((v) => registry.hasAction(v, action));
  if (defined.length === 0) return undefined;
  if (new Set(defined.map(family)).size === 1) {
    const version = pick(defined);
    return {
      version,
      reason: `from ${action}, which only OCPP ${defined.join(' and ')} ${defined.length > 1 ? 'have' : 'has'}`,
    };
  }
  const fitting = defined.filter((v) => registry.validate(v, action, 'request', frame.payload)?.length === 0);
  if (fitting.length === 0 || new Set(fitting.map(family)).size !== 1) return undefined;
  const version = pick(fitting);
  return {
    version,
    reason: `from the ${action} payload, which fits the OCPP ${fitting.join(' and ')} schema only`,
  };
}
