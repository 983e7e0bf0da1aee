/**
 * The answer to a station-initiated action without configured behaviour (StatusNotification,
 * MeterValues, NotifyReport, ...): the shared default (src/shared/csms/templates.ts), schema-valid
 * and built from the same OCA schemas that validate it, so the charger always gets something it
 * accepts.
 */
import { responseTemplate } from '../../../shared/csms/templates';
import type { Payload } from '../../../shared/ocpp/frame';
import type { OcppVersion } from '../../../shared/ocpp/versions';
import type { SchemaRegistry } from '../../../shared/validation/registry';

export function defaultAnswerFor(
  registry: SchemaRegistry,
): (version: OcppVersion, action: string, now: Date) => Payload | undefined {
  return (version, action, now) => responseTemplate(version, action, registry, now);
}
