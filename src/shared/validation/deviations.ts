/**
 * The known field deviations (ocpp-notes, "Validating against the schemas"): things real chargers
 * and CSMSs send that the schemas or the spec forbid, common enough that the lenient profile
 * reports them as warnings instead of errors. Each is recognised narrowly, by the rule broken and
 * the value, so that anything else stays a plain schema error.
 */
import type { OcppVersion } from '../ocpp/versions';
import { formatPath, type JsonPath, type SchemaIssue } from './issues';
import type { SchemaKind } from './registry';

export type DeviationKind =
  | 'temperature-unit-spelling'
  | 'unit-hz'
  | 'date-time-zone'
  | 'date-time-precision'
  | 'data-transfer-object'
  | 'empty-meter-value';

export interface Deviation extends SchemaIssue {
  deviation: DeviationKind;
}

// A date-time without a zone, or with an hours-only offset such as `+01` (or `+0100`, no colon).
const ZONELESS_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}(?:\d{2})?)?$/;
// More than 3 fractional digits: 2.0.1 Part 2 section 2.1.2 allows at most milliseconds.
const LONG_FRACTION = /T\d{2}:\d{2}:\d{2}\.\d{4,}/;

/** Whether a schema issue is one of the known deviations, and which. */
export function deviationOf(
  version: OcppVersion,
  action: string,
  issue: SchemaIssue,
): DeviationKind | undefined {
  const last = issue.path[issue.path.length - 1];
  if (issue.keyword === 'enum' && last === 'unit') {
    if (issue.value === 'Celcius' || issue.value === 'Celsius') return 'temperature-unit-spelling';
    if (issue.value === 'Hz') return 'unit-hz';
  }
  if (issue.keyword === 'format' && typeof issue.value === 'string' && ZONELESS_DATE_TIME.test(issue.value)) {
    return 'date-time-zone';
  }
  if (
    version === '1.6' &&
    action === 'DataTransfer' &&
    issue.keyword === 'type' &&
    issue.path.length === 1 &&
    last === 'data' &&
    typeof issue.value === 'object' &&
    issue.value !== null &&
    !Array.isArray(issue.value)
  ) {
    return 'data-transfer-object';
  }
  return undefined;
}

interface Visit {
  value: unknown;
  key?: string | number;
  parent?: Visit;
}

function pathOf(visit: Visit): JsonPath {
  const path: JsonPath = [];
  for (let v: Visit | undefined = visit; v?.key !== undefined; v = v.parent) path.push(v.key);
  return path.reverse();
}

// Iterative, and paths built only for the strings visited: a charger (or an attacker) can nest
// a payload thousands of levels deep.
function walkStrings(root: unknown, visit: (text: string, path: JsonPath) => void): void {
  const stack: Visit[] = [{ value: root }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const value = node.value;
    if (typeof value === 'string') visit(value, pathOf(node));
    else if (Array.isArray(value)) {
      for (let k = value.length - 1; k >= 0; k--) stack.push({ value: value[k], key: k, parent: node });
    } else if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value as Record<string, unknown>);
      for (let k = entries.length - 1; k >= 0; k--) {
        const [key, item] = entries[k]!;
        stack.push({ value: item, key, parent: node });
      }
    }
  }
}

/**
 * Deviations that pass the schemas but not the spec: 2.x date-times with more than 3 fractional
 * digits, and 1.6 meter values with no samples (the 1.6 schema lacks the spec's minItems: 1).
 * `raw` is the frame text, tested first so that clean frames cost one regex.
 */
export function deviationsBeyondSchema(
  version: OcppVersion,
  action: string,
  kind: SchemaKind,
  payload: Record<string, unknown>,
  raw: string,
): Deviation[] {
  const found: Deviation[] = [];
  if (version !== '1.6' && LONG_FRACTION.test(raw)) {
    walkStrings(payload, (text, path) => {
      if (!LONG_FRACTION.test(text)) return;
      found.push({
        path,
        keyword: 'format',
        value: text,
        deviation: 'date-time-precision',
        message: `${formatPath(path)} is ${JSON.stringify(text)}: OCPP ${version} allows at most 3 fractional digits of seconds.`,
      });
    });
  }
  if (version === '1.6' && kind === 'request' && (action === 'MeterValues' || action === 'StopTransaction')) {
    const key = action === 'MeterValues' ? 'meterValue' : 'transactionData';
    const meterValues = payload[key];
    if (Array.isArray(meterValues)) {
      if (meterValues.length === 0 && action === 'MeterValues') {
        found.push({
          path: [key],
          keyword: 'minItems',
          value: meterValues,
          deviation: 'empty-meter-value',
          message: `${key} is an empty array: OCPP 1.6 requires at least one MeterValue (the 1.6 schema does not check it).`,
        });
      }
      meterValues.forEach((meterValue: unknown, k) => {
        const samples = (meterValue as { sampledValue?: unknown } | null)?.sampledValue;
        if (Array.isArray(samples) && samples.length === 0) {
          found.push({
            path: [key, k, 'sampledValue'],
            keyword: 'minItems',
            value: samples,
            deviation: 'empty-meter-value',
            message: `${formatPath([key, k, 'sampledValue'])} is an empty array: OCPP 1.6 requires at least one SampledValue (the 1.6 schema does not check it).`,
          });
        }
      });
    }
  }
  return found;
}
