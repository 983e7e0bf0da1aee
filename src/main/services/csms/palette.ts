/**
 * The command palette of a connected station: every action a CSMS may send in the station's
 * negotiated version, each with a schema-valid request to start from.
 */
import type { CsmsPalette } from '../../../shared/csms/info';
import { csmsActions } from '../../../shared/ocpp/actions';
import type { OcppVersion } from '../../../shared/ocpp/versions';
import { isJsonObject } from '../../../shared/json-object';
import { exampleFor } from '../../../shared/validation/example';
import type { SchemaRegistry } from '../../../shared/validation/registry';

export function commandPalette(
  stationId: string,
  version: OcppVersion,
  registry: SchemaRegistry,
  now: Date = new Date(),
): CsmsPalette {
  const actions = csmsActions(version).flatMap((action) => {
    const schema = registry.schema(version, action, 'request');
    const template = schema === undefined ? undefined : exampleFor(schema, { now });
    return isJsonObject(template) ? [{ action, template }] : [];
  });
  return { stationId, version, actions };
}
