/**
 * The command palette of a connected station: every action a CSMS may send in the station's
 * negotiated version, each with a schema-valid request to start from (src/shared/csms/templates.ts).
 */
import type { CsmsPalette } from '../../../shared/csms/info';
import { commandPalette as templates } from '../../../shared/csms/templates';
import type { OcppVersion } from '../../../shared/ocpp/versions';
import type { SchemaRegistry } from '../../../shared/validation/registry';

export function commandPalette(
  stationId: string,
  version: OcppVersion,
  registry: SchemaRegistry,
  now: Date = new Date(),
): CsmsPalette {
  return { stationId, version, actions: templates(version, registry, now) };
}
