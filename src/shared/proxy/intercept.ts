/**
 * Breakpoints of the proxy: rules (station, action, direction) that pause a matching frame in a
 * live conversation until the engineer forwards it as it is, forwards an edited text, or drops it.
 * A paused frame forwards itself after a timeout, so a charger is never stranded by a forgotten
 * breakpoint.
 *
 * Ordering, what a field engineer expects from a slow link: per connection and direction, frames
 * behind a paused one wait behind it, in order, and each meets the breakpoints when its turn comes;
 * the other direction keeps flowing (a CSMS may still send its own CALLs while the charger's frame
 * is held, and the charger's answer to them waits behind the held frame, as on the wire).
 */
import type { Direction } from '../capture/entry';
import type { SchemaIssue } from '../validation/issues';

export interface BreakpointRule {
  /** Shown on the paused frame and on its entry. */
  name: string;
  /** Station identity glob (`*` any run of characters, `?` one); absent: every station. */
  stationId?: string;
  /** Action glob; answers match the action of the CALL they answer. Absent: every frame. */
  action?: string;
  direction?: Direction;
  enabled?: boolean;
}

export interface InterceptSettings {
  rules: BreakpointRule[];
  /** A paused frame is forwarded unchanged after this long. */
  timeoutMs: number;
}

export const DEFAULT_INTERCEPT_TIMEOUT_MS = 30_000;
export const MAX_INTERCEPT_TIMEOUT_MS = 10 * 60_000;

/** A frame held at a breakpoint, as the faces see it. */
export interface PausedFrame {
  /** Names the frame in `proxy.release`. */
  pauseId: string;
  connectionId: string;
  stationId: string;
  direction: Direction;
  /** The text as it arrived. */
  raw: string;
  /** 2 CALL, 3 CALLRESULT, ...; absent when the text is not an OCPP-J frame. */
  messageType?: number;
  messageId?: string;
  /** The CALL's action, or for an answer the action of the CALL it answers, when known. */
  action?: string;
  /** The negotiated subprotocol of the connection (to validate an edit against its schemas). */
  subprotocol: string;
  rule: string;
  /** ms since the epoch. */
  pausedAt: number;
  /** When it forwards itself unchanged, ms since the epoch. */
  forwardAt: number;
  /** Frames in the same direction waiting behind it. */
  waiting: number;
}

/** What the engineer decides for a paused frame. */
export type ReleaseDecision = { kind: 'forward'; raw?: string } | { kind: 'drop' };

/**
 * An edited frame is checked like any frame the engineer sends (src/shared/send/send.ts): one
 * that breaks its schema is refused, with the issues, unless forced.
 */
export type ReleaseResult =
  | { status: 'invalid'; issues: SchemaIssue[] }
  | {
      status: 'released';
      /** The frame's entry in the proxy's session. */
      seq: number;
      /** The issues an edited frame was forwarded with anyway (forced). */
      issues: SchemaIssue[];
    };

export interface BreakpointTarget {
  stationId: string;
  direction: Direction;
  action: string | undefined;
}

const globs = new Map<string, RegExp>();

/** `*` any run of characters, `?` exactly one; everything else literally, case-sensitive. */
export function globMatch(glob: string, text: string): boolean {
  let pattern = globs.get(glob);
  if (pattern === undefined) {
    const source = glob
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
      .join('');
    pattern = new RegExp(`^${source}$`, 's');
    if (globs.size > 1000) globs.clear();
    globs.set(glob, pattern);
  }
  return pattern.test(text);
}

/** The first enabled rule that matches the frame. A rule with an action never matches a frame
 * whose action is unknown (a binary frame, text that is not OCPP-J, an answer to an unseen CALL). */
export function matchBreakpoint(
  rules: readonly BreakpointRule[],
  target: BreakpointTarget,
): BreakpointRule | undefined {
  return rules.find(
    (rule) =>
      rule.enabled !== false &&
      (rule.direction === undefined || rule.direction === target.direction) &&
      (rule.stationId === undefined || globMatch(rule.stationId, target.stationId)) &&
      (rule.action === undefined || (target.action !== undefined && globMatch(rule.action, target.action))),
  );
}

export function hasActiveBreakpoints(rules: readonly BreakpointRule[]): boolean {
  return rules.some((rule) => rule.enabled !== false);
}

/** Checks rules that arrive from a user (RPC, CLI): the error names the rule and the field. */
export function checkBreakpointRules(value: unknown): BreakpointRule[] {
  if (!Array.isArray(value)) throw new Error('breakpoint rules must be an array');
  return value.map((item: unknown, k) => {
    const where = `breakpoint ${k + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw new Error(`${where} must be an object`);
    const r = item as Record<string, unknown>;
    if (typeof r.name !== 'string' || r.name.length === 0 || r.name.length > 100)
      throw new Error(`${where}: "name" must be a non-empty string of at most 100 characters`);
    const rule: BreakpointRule = { name: r.name };
    for (const key of ['stationId', 'action'] as const) {
      const v = r[key];
      if (v === undefined) continue;
      if (typeof v !== 'string' || v.length === 0 || v.length > 200)
        throw new Error(`${where}: "${key}" must be a non-empty glob of at most 200 characters`);
      rule[key] = v;
    }
    if (r.direction !== undefined) {
      if (r.direction !== 'toCsms' && r.direction !== 'toStation')
        throw new Error(`${where}: "direction" must be toCsms or toStation`);
      rule.direction = r.direction;
    }
    if (r.enabled !== undefined) {
      if (typeof r.enabled !== 'boolean') throw new Error(`${where}: "enabled" must be true or false`);
      rule.enabled = r.enabled;
    }
    return rule;
  });
}

export function checkInterceptTimeout(value: unknown): number {
  if (
    typeof value !== 'number' ||
    !Number.isSafeInteger(value) ||
    value < 1 ||
    value > MAX_INTERCEPT_TIMEOUT_MS
  ) {
    throw new Error(`the auto-forward timeout must be an integer from 1 to ${MAX_INTERCEPT_TIMEOUT_MS} ms`);
  }
  return value;
}
