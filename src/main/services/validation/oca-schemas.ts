/**
 * The official OCA JSON schemas, as the `ocpp-rpc` package ships them: one array per version
 * (1.6 core and security extension, 2.0.1, 2.1), read from disk once, on first use.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { OcppVersion } from '../../../shared/ocpp/versions';
import { SchemaRegistry } from '../../../shared/validation/registry';

const FILES: Record<OcppVersion, string> = {
  '1.6': 'ocpp1_6.json',
  '2.0.1': 'ocpp2_0_1.json',
  '2.1': 'ocpp2_1.json',
};

const resolver = createRequire(import.meta.url);

export function loadOcaSchemas(version: OcppVersion): unknown[] {
  const path = resolver.resolve(`ocpp-rpc/lib/schemas/${FILES[version]}`);
  const schemas: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(schemas)) throw new Error(`${path} is not an array of JSON schemas`);
  return schemas;
}

let shared: SchemaRegistry | undefined;

/** One registry for the process: compiled validators are reused by every session. */
export function ocaSchemaRegistry(): SchemaRegistry {
  shared ??= new SchemaRegistry(loadOcaSchemas);
  return shared;
}
