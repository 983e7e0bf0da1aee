/**
 * A deterministic example value that a JSON schema accepts: the fallback template of the mock CSMS
 * for an action nobody hand-tuned, and a starting point the engineer edits.
 *
 * Covers what the OCA schemas (draft-04/06) use: local `$ref`s into `definitions`, `type`,
 * `required`, `properties`, `additionalProperties`, `enum`, `const`, `default`, string lengths and
 * the `date-time`, `date` and `uri` formats, numeric bounds and `multipleOf`, array bounds.
 * The same schema and options always give the same value: time comes from `options.now`.
 */
import { isJsonObject } from '../json-object';

export type JsonSchema = Readonly<Record<string, unknown>>;

export interface ExampleOptions {
  /** The instant every `date-time` gets: injected, so examples are reproducible. */
  readonly now: Date;
  /** Also fill optional properties; by default only required ones, as OCPP omits what is unset. */
  readonly optional?: boolean;
  /** Nesting depth beyond which no optional content is added (default 12); bounds recursive schemas. */
  readonly maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 12;
const STRING = 'example';
// Nesting through required content only ends where the schema ends; these are the backstops for a
// schema whose required content recurses forever (no finite value satisfies it anyway).
const HARD_DEPTH = 64;
const MAX_VALUES = 10_000;

interface Context {
  readonly root: JsonSchema;
  readonly now: Date;
  readonly optional: boolean;
  readonly maxDepth: number;
  /** Values built so far, against MAX_VALUES. */
  values: number;
}

/** Builds a value the schema accepts; `schema` is the root that `#/...` references resolve against. */
export function exampleFor(schema: JsonSchema, options: ExampleOptions): unknown {
  const context: Context = {
    root: schema,
    now: options.now,
    optional: options.optional ?? false,
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    values: 0,
  };
  return valueOf(schema, context, 0, []);
}

/** Resolves a local JSON pointer (`#/definitions/X`); undefined for anything else. */
function resolve(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = unescapePointer(raw);
    if (key === undefined || !isJsonObject(node)) return undefined;
    node = node[key];
  }
  return isJsonObject(node) ? node : undefined;
}

// RFC 6901 inside a URI fragment: percent-decoding first, then `~1` and `~0`.
function unescapePointer(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
  } catch {
    return undefined; // malformed percent-encoding: a reference that resolves to nothing
  }
}

/**
 * `expanding` holds the definitions (reached by `$ref`) being expanded: optional content that would
 * re-enter one is left out, so a recursive schema yields a finite value.
 */
function valueOf(
  schema: JsonSchema,
  context: Context,
  depth: number,
  expanding: readonly JsonSchema[],
): unknown {
  context.values++;
  const targets = refTargets(schema, context.root);
  if (targets === undefined) return {};
  const current = targets.at(-1) ?? schema;
  const chain = targets.length === 0 ? expanding : [...expanding, ...targets];
  if ('const' in current) return current.const;
  if (Array.isArray(current.enum) && current.enum.length > 0) return pickEnum(current.enum, current.default);
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    // The OCA schemas use none of these; the first branch is a plausible value, not a proof.
    const branches = current[keyword];
    if (Array.isArray(branches) && isJsonObject(branches[0])) {
      return valueOf({ ...current, [keyword]: undefined, ...branches[0] }, context, depth, chain);
    }
  }
  switch (typeOf(current)) {
    case 'object':
      return objectOf(current, context, depth, chain);
    case 'array':
      return arrayOf(current, context, depth, chain);
    case 'string':
      return stringOf(current, context.now);
    case 'integer':
      return numberOf(current, true);
    case 'number':
      return numberOf(current, false);
    case 'boolean':
      return typeof current.default === 'boolean' ? current.default : false;
    case 'null':
      return null;
    default:
      return {};
  }
}

/**
 * The definitions a schema's `$ref` chain leads through (a definition may itself be a reference),
 * the last one being what the value must satisfy; `undefined` when a reference does not resolve.
 */
function refTargets(schema: JsonSchema, root: JsonSchema): JsonSchema[] | undefined {
  const targets: JsonSchema[] = [];
  let current = schema;
  while (typeof current.$ref === 'string') {
    const target = resolve(root, current.$ref);
    // A reference that does not resolve, or a reference cycle with no schema in it.
    if (target === undefined || targets.includes(target)) return undefined;
    targets.push(target);
    current = target;
  }
  return targets;
}

/** Whether a value of this schema, or the items of it as an array, would re-enter a definition. */
function reenters(schema: JsonSchema, root: JsonSchema, expanding: readonly JsonSchema[]): boolean {
  const targets = refTargets(schema, root) ?? [];
  if (targets.some((target) => expanding.includes(target))) return true;
  const items = (targets.at(-1) ?? schema).items;
  return isJsonObject(items) && (refTargets(items, root) ?? []).some((target) => expanding.includes(target));
}

function typeOf(schema: JsonSchema): string | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    // A nullable type (`["string", "null"]`): the real value is the more useful example.
    const named = type.filter((t): t is string => typeof t === 'string');
    return named.find((t) => t !== 'null') ?? named[0];
  }
  if (isJsonObject(schema.properties) || Array.isArray(schema.required)) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}

/** `Accepted` where the enum has it (the answer that lets a flow go on), else the default, else the first. */
function pickEnum(values: readonly unknown[], fallback: unknown): unknown {
  if (values.includes('Accepted')) return 'Accepted';
  if (fallback !== undefined && values.includes(fallback)) return fallback;
  return values[0];
}

function objectOf(
  schema: JsonSchema,
  context: Context,
  depth: number,
  expanding: readonly JsonSchema[],
): Record<string, unknown> {
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  const required = new Set(
    Array.isArray(schema.required) ? schema.required.filter((k): k is string => typeof k === 'string') : [],
  );
  const value: Record<string, unknown> = {};
  if (depth >= HARD_DEPTH || context.values >= MAX_VALUES) return value;
  const withOptional = context.optional && depth < context.maxDepth;
  // Declared order, then required names the schema does not describe (any value will do for those
  // unless additionalProperties forbids them, and then no value satisfies the schema).
  const keys = [...Object.keys(properties), ...[...required].filter((k) => !(k in properties))];
  for (const key of keys) {
    const isRequired = required.has(key);
    if (!isRequired && !withOptional) continue;
    const property = properties[key];
    const propertySchema: JsonSchema = isJsonObject(property) ? property : {};
    if (!isRequired && reenters(propertySchema, context.root, expanding)) continue;
    value[key] = valueOf(propertySchema, context, depth + 1, expanding);
  }
  return value;
}

function arrayOf(
  schema: JsonSchema,
  context: Context,
  depth: number,
  expanding: readonly JsonSchema[],
): unknown[] {
  const min = nonNegative(schema.minItems) ?? 0;
  const max = nonNegative(schema.maxItems) ?? Number.POSITIVE_INFINITY;
  const items = isJsonObject(schema.items)
    ? schema.items
    : Array.isArray(schema.items) && isJsonObject(schema.items[0])
      ? schema.items[0]
      : {};
  const recursive = reenters(items, context.root, expanding);
  // One item even where none is required: an empty list is legal but shows nothing to edit (and an
  // empty 1.6 meterValue is a known field fault). Only what the schema demands past the depth bound
  // or where an item would re-enter a definition being expanded.
  const generous =
    !recursive && depth < context.maxDepth && depth < HARD_DEPTH && context.values < MAX_VALUES;
  const count = Math.min(generous ? Math.max(min, 1) : min, max);
  const values: unknown[] = [];
  for (let i = 0; i < count; i++) values.push(valueOf(items, context, depth + 1, expanding));
  return values;
}

function nonNegative(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}

function stringOf(schema: JsonSchema, now: Date): string {
  const min = nonNegative(schema.minLength) ?? 0;
  const max = nonNegative(schema.maxLength) ?? Number.POSITIVE_INFINITY;
  let text: string;
  if (typeof schema.default === 'string') text = schema.default;
  else if (schema.format === 'date-time') return now.toISOString();
  else if (schema.format === 'date') return now.toISOString().slice(0, 10);
  else if (schema.format === 'uri') text = max >= 20 ? 'https://example.com/' : 'urn:x';
  else text = STRING;
  if (text.length < min) text = text.padEnd(min, 'x');
  return text.length > max ? text.slice(0, max) : text;
}

function numberOf(schema: JsonSchema, integer: boolean): number {
  const step = typeof schema.multipleOf === 'number' && schema.multipleOf > 0 ? schema.multipleOf : undefined;
  let low = typeof schema.minimum === 'number' ? schema.minimum : Number.NEGATIVE_INFINITY;
  let high = typeof schema.maximum === 'number' ? schema.maximum : Number.POSITIVE_INFINITY;
  // Draft-06 numeric exclusive bounds (draft-04's boolean form is read with minimum/maximum).
  const exclusiveLow = exclusive(schema.exclusiveMinimum, schema.minimum);
  const exclusiveHigh = exclusive(schema.exclusiveMaximum, schema.maximum);
  const unit = integer ? 1 : (step ?? 1);
  if (exclusiveLow !== undefined) low = Math.max(low, nextAbove(exclusiveLow, unit, integer));
  if (exclusiveHigh !== undefined) high = Math.min(high, nextBelow(exclusiveHigh, unit, integer));
  // The minimum where there is one (ids and counts start there), else 0, else the maximum.
  let value = Number.isFinite(low) ? low : high >= 0 ? 0 : high;
  if (integer) value = Math.ceil(value);
  if (step !== undefined) {
    value = roundToStep(Math.ceil(value / step - 1e-9) * step, step);
    if (value > high) value = roundToStep(Math.floor(high / step + 1e-9) * step, step);
  }
  if (integer && !Number.isInteger(value)) value = Math.ceil(value);
  if (typeof schema.default === 'number' && schema.default >= low && schema.default <= high) {
    if (
      (!integer || Number.isInteger(schema.default)) &&
      (step === undefined || isMultiple(schema.default, step))
    )
      return schema.default;
  }
  return value;
}

function exclusive(bound: unknown, inclusive: unknown): number | undefined {
  if (typeof bound === 'number') return bound;
  return bound === true && typeof inclusive === 'number' ? inclusive : undefined;
}

function nextAbove(bound: number, unit: number, integer: boolean): number {
  if (integer) return Math.floor(bound) + 1;
  return bound + (unit > 0 ? unit : 1);
}

function nextBelow(bound: number, unit: number, integer: boolean): number {
  if (integer) return Math.ceil(bound) - 1;
  return bound - (unit > 0 ? unit : 1);
}

// 32 * 0.1 is 3.2000000000000006 in binary floating point: keep the digits the step has.
function roundToStep(value: number, step: number): number {
  const digits = (String(step).split('.')[1] ?? '').length;
  return Number(value.toFixed(Math.min(digits, 20)));
}

function isMultiple(value: number, step: number): boolean {
  const ratio = value / step;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}
