/**
 * The schema registry: the official OCA JSON schemas, one Ajv instance per OCPP version (their ids
 * collide across versions), each schema compiled the first time its action is seen.
 *
 * The schemas come from the `ocpp-rpc` package as one array per version; shared code cannot read
 * files, so the caller hands them in (src/main/services/validation loads them from disk).
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import type { OcppVersion } from '../ocpp/versions';
import { toSchemaIssues, type SchemaIssue } from './issues';
import { isJsonObject } from '../json-object';

export type SchemaKind = 'request' | 'response';

/** Returns the schema documents of one version, as the package ships them. */
export type SchemaSource = (version: OcppVersion) => readonly unknown[];

interface VersionSchemas {
  ajv: Ajv;
  /** `<Action>` -> its Request and Response schema documents. */
  documents: Map<string, Partial<Record<SchemaKind, Record<string, unknown>>>>;
  compiled: Map<string, ValidateFunction>;
}

// ocpp-rpc names them `urn:<Action>.req|.conf` (1.6 and 2.0.1) or `urn:<Action>Request|Response` (2.1).
// The schema of a 2.1 SEND has no suffix (`urn:NotifyPeriodicEventStream`): it is a request.
const SCHEMA_ID = /^urn:(.+?)(?:\.(req|conf)|(Request|Response))?$/;

// RFC 3339 section 5.6: the offset is `Z` or `+hh:mm`. ajv-formats also takes `+hh` and `+hhmm`,
// which would let the known `+01` deviation (deviations.ts) pass unnoticed.
const RFC3339_OFFSET = /(?:z|[+-]\d\d:\d\d)$/i;
// ajv-formats' own check (a `{validate, compare}` definition): dates, times, leap seconds.
const isDateTime = (fullFormats['date-time'] as { validate: (text: string) => boolean }).validate;

export class SchemaRegistry {
  private readonly versions = new Map<OcppVersion, VersionSchemas>();

  constructor(private readonly source: SchemaSource) {}

  private schemas(version: OcppVersion): VersionSchemas {
    let schemas = this.versions.get(version);
    if (schemas !== undefined) return schemas;
    // Never removeAdditional, coerceTypes or useDefaults: they would change what is analysed.
    // multipleOfPrecision: 1.6 charging limits are `multipleOf: 0.1`, and 32.1 / 0.1 is not an
    // integer in binary floating point.
    const ajv = new Ajv({ strict: false, allErrors: true, multipleOfPrecision: 9, validateSchema: false });
    addFormats(ajv);
    ajv.addFormat('date-time', {
      type: 'string',
      validate: (text: string) => RFC3339_OFFSET.test(text) && isDateTime(text),
    });
    const documents: VersionSchemas['documents'] = new Map();
    for (const document of this.source(version)) {
      if (!isJsonObject(document) || typeof document.$id !== 'string') continue;
      const match = SCHEMA_ID.exec(document.$id);
      if (match === null) continue;
      const action = match[1]!;
      const kind: SchemaKind = match[2] === 'conf' || match[3] === 'Response' ? 'response' : 'request';
      const pair = documents.get(action) ?? {};
      // Ajv 8.17+ refuses `urn:X` ids ("URN without nid"); the copy gets a unique, valid one.
      pair[kind] = {
        ...document,
        $id: `urn:ocpp:${version}:${action}${kind === 'request' ? 'Request' : 'Response'}`,
      };
      documents.set(action, pair);
    }
    schemas = { ajv, documents, compiled: new Map() };
    this.versions.set(version, schemas);
    return schemas;
  }

  /** The actions the version defines, sorted. */
  actions(version: OcppVersion): string[] {
    return [...this.schemas(version).documents.keys()].sort();
  }

  hasAction(version: OcppVersion, action: string): boolean {
    return this.schemas(version).documents.has(action);
  }

  /**
   * The schema document of an action's Request or Response (with its `$id` rewritten), e.g. to build
   * an example payload from. It is the very object the validator is compiled from: read it, never
   * change it.
   */
  schema(
    version: OcppVersion,
    action: string,
    kind: SchemaKind,
  ): Readonly<Record<string, unknown>> | undefined {
    return this.schemas(version).documents.get(action)?.[kind];
  }

  /** The compiled validator of an action's Request or Response (compiled once, on first use). */
  validator(version: OcppVersion, action: string, kind: SchemaKind): ValidateFunction | undefined {
    const schemas = this.schemas(version);
    const key = `${action}\u0000${kind}`;
    let validate = schemas.compiled.get(key);
    if (validate !== undefined) return validate;
    const document = schemas.documents.get(action)?.[kind];
    if (document === undefined) return undefined;
    validate = schemas.ajv.compile(document);
    schemas.compiled.set(key, validate);
    return validate;
  }

  /**
   * Checks a payload against the action's schema: `[]` when it is valid, the issues otherwise,
   * `undefined` when the version defines no such schema.
   */
  validate(
    version: OcppVersion,
    action: string,
    kind: SchemaKind,
    payload: unknown,
  ): SchemaIssue[] | undefined {
    const validate = this.validator(version, action, kind);
    if (validate === undefined) return undefined;
    if (validate(payload)) return [];
    return toSchemaIssues(validate.errors ?? [], payload);
  }
}
