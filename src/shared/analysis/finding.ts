/**
 * What the analysis produces: findings, each naming a rule of the catalog, and the rules
 * themselves (id, title, severity, versions, explanation, spec reference).
 */
import type { OcppVersion } from '../ocpp/versions';
import type { JsonPath } from '../validation/issues';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** `strict`: the schemas and the spec exactly. `lenient`: known field deviations are warnings. */
export type Profile = 'strict' | 'lenient';
export const PROFILES: readonly Profile[] = ['strict', 'lenient'];

export interface Rule {
  /** `<area>.<name>`, e.g. `tx16.duplicate-transaction`. */
  id: string;
  title: string;
  severity: Severity;
  /** Where it differs by version (e.g. a 1.6 SHOULD NOT that 2.x made a SHALL NOT). */
  severityByVersion?: Partial<Record<OcppVersion, Severity>>;
  /** The severity under the lenient profile, where it differs. */
  lenientSeverity?: Severity;
  versions: readonly OcppVersion[];
  /** Why it matters, for a field engineer: one paragraph. */
  explanation: string;
  /** Where the spec says so, e.g. `OCPP 1.6 errata v4.0, section 3.18`. */
  reference: string;
  /**
   * What the rule needs in a capture to have checked anything; a report calls it not applicable
   * when that is missing. Without it the rule checks every frame of a connection whose OCPP
   * version it covers.
   */
  appliesTo?: RuleScope;
}

export interface RuleScope {
  /** It checks only CALLs of these actions (and their answers). */
  actions?: readonly string[];
  /** It checks only messages of these types (e.g. CALLERRORs, 4 and 5). */
  messageTypes?: readonly number[];
  /** It also checks connections whose OCPP version is unknown (the frame layout, message ids). */
  anyVersion?: true;
}

export interface Finding {
  rule: string;
  severity: Severity;
  stationId: string;
  connectionId: string;
  /** The message ids of the frames involved, in the order of `seqs` (frames without one omitted). */
  messageIds: string[];
  /** The entries involved, the one the finding is about first. */
  seqs: number[];
  /** What happened, with the values involved, and what it means. */
  message: string;
  /** For schema findings: where in the frame of `location.seq` (a path into the JSON array). */
  location?: { seq: number; path: JsonPath };
}

/** What a rule reports; the analyzer adds the rule id and the severity. */
export type FindingInput = Omit<Finding, 'rule' | 'severity'>;

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function severityRank(severity: Severity): number {
  return RANK[severity];
}

/** The more serious of two severities. */
export function worse(a: Severity | undefined, b: Severity): Severity {
  return a !== undefined && RANK[a] >= RANK[b] ? a : b;
}
