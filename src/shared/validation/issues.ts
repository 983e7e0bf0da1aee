/**
 * Ajv's errors, reworded for a field engineer: where in the payload (a path and its readable
 * form), which rule of the schema, and the value that broke it.
 */
import type { ErrorObject } from 'ajv';

export type JsonPath = (string | number)[];

export interface SchemaIssue {
  /** Where in the payload, e.g. `['meterValue', 0, 'sampledValue', 0, 'unit']`; `[]` is the payload. */
  path: JsonPath;
  /** The JSON-schema keyword broken: `required`, `enum`, `type`, `format`, ... */
  keyword: string;
  /** One sentence: `meterValue[0].sampledValue[0].unit is "Celcius", not one of ...`. */
  message: string;
  /** The offending value (absent for a missing field). */
  value?: unknown;
}

/** `meterValue[0].sampledValue[0].unit`; the payload itself is "the payload". */
export function formatPath(path: JsonPath): string {
  if (path.length === 0) return 'the payload';
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) text += text === '' ? part : `.${part}`;
    else text += `[${JSON.stringify(part)}]`;
  }
  return text;
}

function parsePointer(pointer: string): JsonPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^(0|[1-9]\d*)$/.test(key) ? Number(key) : key;
    });
}

function valueAt(root: unknown, path: JsonPath): unknown {
  let value = root;
  for (const part of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}

/** A short, quoted rendering of a value for a message. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…${text[0] === '"' ? '"' : ''}` : text;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return `a ${typeof value}`;
}

function list(values: unknown): string {
  if (!Array.isArray(values)) return String(values);
  const shown = values.slice(0, 12).map((v) => String(v));
  return shown.join(', ') + (values.length > 12 ? `, … (${values.length} in all)` : '');
}

function describe(error: ErrorObject, path: JsonPath, value: unknown): string {
  const where = formatPath(path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${where} is missing: the schema requires it.`;
    case 'additionalProperties':
      return `${where} is not a field the schema allows here.`;
    case 'type':
      return `${where} must be ${String(params.type).replace(/^(\w)/, (c) => (/[aeiou]/.test(c) ? `an ${c}` : `a ${c}`))}, but it is ${typeof value === 'object' ? showValue(value) : `${typeName(value)} (${showValue(value)})`}.`;
    case 'enum':
      return `${where} is ${showValue(value)}, which is not one of the allowed values: ${list(params.allowedValues)}.`;
    case 'const':
      return `${where} is ${showValue(value)}, but it must be ${showValue(params.allowedValue)}.`;
    case 'format':
      return params.format === 'date-time'
        ? `${where} is ${showValue(value)}, which is not an RFC 3339 date-time with a time zone (e.g. 2026-11-21T09:30:00.000Z).`
        : `${where} is ${showValue(value)}, which is not a valid ${String(params.format)}.`;
    case 'maxLength':
      return `${where} is ${typeof value === 'string' ? value.length : '?'} characters long; at most ${String(params.limit)} are allowed.`;
    case 'minLength':
      return `${where} is ${typeof value === 'string' ? value.length : '?'} characters long; at least ${String(params.limit)} are required.`;
    case 'maxItems':
      return `${where} has ${Array.isArray(value) ? value.length : '?'} items; at most ${String(params.limit)} are allowed.`;
    case 'minItems':
      return `${where} has ${Array.isArray(value) ? value.length : '?'} items; at least ${String(params.limit)} are required.`;
    case 'maximum':
    case 'exclusiveMaximum':
    case 'minimum':
    case 'exclusiveMinimum':
      return `${where} is ${showValue(value)}, but it must be ${String(params.comparison)} ${String(params.limit)}.`;
    case 'multipleOf':
      return `${where} is ${showValue(value)}, which is not a multiple of ${String(params.multipleOf)}.`;
    case 'pattern':
      return `${where} is ${showValue(value)}, which does not match the pattern ${String(params.pattern)}.`;
    default:
      return `${where} (${showValue(value)}) ${error.message ?? `breaks the schema keyword "${error.keyword}"`}.`;
  }
}

export function toSchemaIssues(errors: readonly ErrorObject[], payload: unknown): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const params = error.params as Record<string, unknown>;
    let path = parsePointer(error.instancePath);
    // A missing or extra field is reported at the field itself, where Monaco can point.
    if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
      path = [...path, params.missingProperty];
    } else if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
      path = [...path, params.additionalProperty];
    }
    const value = error.keyword === 'required' ? undefined : valueAt(payload, path);
    const issue: SchemaIssue = { path, keyword: error.keyword, message: describe(error, path, value) };
    if (value !== undefined) issue.value = value;
    const key = `${issue.keyword} ${JSON.stringify(path)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}
