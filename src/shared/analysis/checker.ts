/**
 * The contract between the analysis pipeline and the stateful rule sets (transactions, session).
 * The pipeline parses, correlates and validates; a checker sees each well-formed frame of a
 * connection whose OCPP version is known, with the CALL an answer answers, and reports findings.
 */
import type { ConnectionEntry, FrameEntry } from '../capture/entry';
import type { Frame } from '../ocpp/frame';
import type { OutstandingCall } from '../ocpp/correlation';
import type { OcppVersion } from '../ocpp/versions';
import type { FindingInput, Profile, Severity } from './finding';

export interface FrameEvent {
  entry: FrameEntry;
  frame: Frame;
  version: OcppVersion;
  /** CALLRESULT/CALLERROR: the CALL answered (with its payload), when there was one. */
  call?: OutstandingCall;
  /** Whether the payload passed its schema; rules read fields defensively either way. */
  valid: boolean;
}

/** Reports a finding of a rule; `severity` overrides the rule's own only where the rule says so. */
export type Report = (rule: string, finding: FindingInput, severity?: Severity) => void;

export interface CheckerContext {
  report: Report;
  profile: Profile;
}

export interface Checker {
  frame(event: FrameEvent): void;
  /** Connection opened/closed/error, for every connection (whatever its version). */
  connection?(entry: ConnectionEntry): void;
  /** End of the capture (a file ends, a live session closes): report what is still open. */
  finish?(): void;
}

export type CheckerFactory = (context: CheckerContext) => Checker;
