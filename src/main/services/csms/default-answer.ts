/**
 * The answer to a station-initiated action without configured behaviour (StatusNotification,
 * MeterValues, NotifyReport, ...): a schema-valid default from the same OCA schemas that validate
 * it, so the charger always gets something it accepts.
 */
import type { Payload } from '../../../shared/ocpp/frame';
import type { OcppVersion } from '../../../shared/ocpp/versions';
import { isJsonObject } from '../../../shared/json-object';
import { exampleFor } from '../../../shared/validation/example';
import type { SchemaRegistry } from '../../../shared/validation/registry';

export function defaultAnswerFor(
  registry: SchemaRegistry,
): (version: OcppVersion, action: string, now: Date) => Payload | undefined {
  return (version, action, now) => {
    const schema = registry.schema(version, action, 'response');
    if (schema === undefined) return undefined;
    const example = exampleFor(schema, { now });
    return isJsonObject(example) ? example : undefined;
  };
}
