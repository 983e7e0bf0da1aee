/**
 * What a test report says about a session, computed once and rendered as HTML, JUnit or JSON
 * (the JSON report is this, as documented in the README). Every figure comes from the capture
 * as analysed; nothing is rendered that the data does not hold.
 */
import type { ConnectionVersion } from '../analysis/analyzer';
import type { Finding, Profile, Rule, Severity } from '../analysis/finding';
import type { Direction, EntrySource } from '../capture/entry';
import type { FileProblem } from '../capture/problems';
import type { MessageTypeId } from '../ocpp/frame';

export const REPORT_FORMAT = 'ocpp-scope-report';
export const REPORT_FORMAT_VERSION = 1;

/** How the entries were treated before the report was made. */
export interface ReportPrivacy {
  /** Secrets (ocpp-notes, "Secrets") replaced by `<redacted>`; off only with `--no-redact`. */
  redacted: boolean;
  /** Station ids and idTags / idTokens replaced by consistent pseudonyms. */
  anonymized: boolean;
  /** How many values were redacted / replaced, so a reader knows it happened. */
  redactions: number;
  pseudonyms: number;
}

export interface LatencyStats {
  /** Answers measured. */
  count: number;
  p50: number;
  p95: number;
  max: number;
}

export interface ActionStats {
  action: string;
  /** CALLs (and 2.1 SENDs) sent by the stations (`toCsms`) and by the CSMS (`toStation`). */
  calls: Record<Direction, number>;
  /** CALLRESULTs and CALLERRORs (and 2.1 CALLRESULTERRORs) answering them. */
  results: number;
  errors: number;
  /** CALLs never answered (the analysis's rpc.unanswered-call and open CALLs at the end). */
  unanswered: number;
  /** ms from a CALL to its answer; absent when none was answered. */
  latency?: LatencyStats;
}

export interface StationSummary {
  stationId: string;
  /** The OCPP versions its connections were analysed with. */
  versions: string[];
  connections: number;
  frames: number;
  firstTs?: number;
  lastTs?: number;
}

export interface ReportSummary {
  stations: StationSummary[];
  /** Per connection: the version and where it came from. */
  versions: ConnectionVersion[];
  firstTs?: number;
  lastTs?: number;
  durationMs?: number;
  entries: number;
  frames: Record<Direction, number>;
  connectionEvents: number;
  consoleLines: number;
  /** Frames that are not well-formed OCPP-J. */
  malformed: number;
  /** Frames OCPP Scope injected, dropped, modified or delayed. */
  altered: number;
  sources: EntrySource[];
  /** Sorted by action name. */
  actions: ActionStats[];
  findings: { total: number; bySeverity: Record<Severity, number> };
}

export type Verdict = 'passed' | 'failed' | 'not-applicable';

export interface RuleVerdict {
  rule: Rule;
  /** The rule id's area: `frame`, `rpc`, `schema`, `tx16`, `tx20`, `session`. */
  category: string;
  /**
   * failed: findings at or above the fail-on severity; passed: checked (the rule's version and
   * the messages it looks at were in the capture) with no such finding; not-applicable: nothing
   * in the capture for it to check, with `reason`.
   */
  verdict: Verdict;
  reason?: string;
  findings: number;
  bySeverity: Record<Severity, number>;
}

/** A frame or event behind a finding, as the report shows it. */
export interface EvidenceEntry {
  seq: number;
  ts: number;
  stationId: string;
  connectionId: string;
  kind: 'frame' | 'connection' | 'console';
  direction?: Direction;
  /** The exact text (after redaction), cut at MAX_EVIDENCE_CHARS with `truncated` set. */
  text: string;
  truncated?: number;
}

export interface ReportFinding extends Finding {
  title: string;
  reference: string;
  evidence: EvidenceEntry[];
}

export interface ReportTransaction {
  /** The transactionId as the CSMS gave it (1.6) or the station made it (2.x); absent when never assigned. */
  transactionId?: string;
  stationId: string;
  connectionId: string;
  /** 1.6 connectorId, or 2.x `evse.id` (and `connectorId` when given), as text: `1`, `EVSE 1 / 2`. */
  connector?: string;
  idTag?: string;
  startTs?: number;
  stopTs?: number;
  durationMs?: number;
  /** Wh: meterStop - meterStart (1.6), or the Energy.Active.Import.Register span (2.x). */
  energyWh?: number;
  stopReason?: string;
  /** Where it came from: the StartTransaction / TransactionEvent entries. */
  seqs: number[];
  /** The findings that involve its entries: rule ids, once each. */
  problems: string[];
}

export interface RateBucket {
  /** The bucket's start, ms since the epoch. */
  ts: number;
  frames: Record<Direction, number>;
}

export interface LatencyBin {
  /** ms, inclusive lower bound; the last bin has no upper bound. */
  fromMs: number;
  toMs?: number;
  count: number;
}

/** One line of the appendix: every entry of the session, in order. */
export interface TimelineLine {
  seq: number;
  ts: number;
  stationId: string;
  connectionId: string;
  kind: 'frame' | 'connection' | 'console';
  direction?: Direction;
  messageType?: MessageTypeId;
  action?: string;
  messageId?: string;
  latencyMs?: number;
  /** The worst finding on it. */
  severity?: Severity;
  /** Frames: the text (cut at MAX_TIMELINE_CHARS); connections: their summary; console: the line. */
  text: string;
  truncated?: number;
}

export interface ReportData {
  format: typeof REPORT_FORMAT;
  formatVersion: typeof REPORT_FORMAT_VERSION;
  title: string;
  /** ISO 8601. */
  generatedAt: string;
  /** e.g. `ocpp-scope 0.1.0`. */
  generator: string;
  capture: { fileName?: string; id: string; name: string; createdAt: string; createdBy?: string };
  profile: Profile;
  failOn: Severity | 'never';
  /**
   * No rule failed, and (unless failOn is `never`) every line of the capture could be read: what
   * the CLI's exit code says (0 when passed).
   */
  passed: boolean;
  privacy: ReportPrivacy;
  summary: ReportSummary;
  verdicts: RuleVerdict[];
  findings: ReportFinding[];
  transactions: ReportTransaction[];
  charts: {
    rate: { bucketMs: number; buckets: RateBucket[] };
    latency: LatencyBin[];
  };
  fileProblems: FileProblem[];
  /** Every entry, in order (the HTML appendix; the JSON report leaves it out unless asked). */
  timeline?: TimelineLine[];
}

/** A frame shown as evidence is cut here (a firmware blob would swamp the report). */
export const MAX_EVIDENCE_CHARS = 16 * 1024;
/** A frame in the appendix is cut here. */
export const MAX_TIMELINE_CHARS = 4 * 1024;
