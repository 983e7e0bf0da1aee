/**
 * Fault injection rules of the proxy: what to do to the frames of a live conversation (delay,
 * drop, duplicate, close the connection), chosen by station, action and direction. This is how
 * engineers test retries and idempotency on a real charger against a real CSMS.
 */
import type { Direction } from '../capture/entry';

export type FaultEffect =
  { kind: 'delay'; ms: number } | { kind: 'drop' } | { kind: 'duplicate' } | { kind: 'close' };

export interface FaultRule {
  /** Shown on every entry the rule touched. */
  name: string;
  /** Station identity; absent: every station. */
  stationId?: string;
  /** The CALL's action (answers match the action of the CALL they answer); absent: every frame. */
  action?: string;
  direction?: Direction;
  effect: FaultEffect;
  /** Apply to the first N matching frames only; absent: every one. */
  times?: number;
  enabled?: boolean;
}

export interface FaultTarget {
  stationId: string;
  direction: Direction;
  action: string | undefined;
}

/** The rules that apply to a frame, in order; `counts` tracks `times` per rule index. */
export function matchFaults(rules: readonly FaultRule[], counts: number[], target: FaultTarget): FaultRule[] {
  const matched: FaultRule[] = [];
  rules.forEach((rule, k) => {
    if (rule.enabled === false) return;
    if (rule.stationId !== undefined && rule.stationId !== target.stationId) return;
    if (rule.direction !== undefined && rule.direction !== target.direction) return;
    if (rule.action !== undefined && rule.action !== target.action) return;
    if (rule.times !== undefined && (counts[k] ?? 0) >= rule.times) return;
    counts[k] = (counts[k] ?? 0) + 1;
    matched.push(rule);
  });
  return matched;
}

export interface CombinedEffect {
  /** Delays add up. */
  delayMs: number;
  delayed: boolean;
  drop: boolean;
  close: boolean;
  duplicate: boolean;
}

/** What the matched rules do together to one frame. */
export function combineFaults(matched: readonly FaultRule[]): CombinedEffect {
  const combined: CombinedEffect = {
    delayMs: 0,
    delayed: false,
    drop: false,
    close: false,
    duplicate: false,
  };
  for (const { effect } of matched) {
    if (effect.kind === 'delay') {
      combined.delayMs += effect.ms;
      combined.delayed = true;
    } else if (effect.kind === 'drop') combined.drop = true;
    else if (effect.kind === 'close') combined.close = true;
    else combined.duplicate = true;
  }
  return combined;
}

export function describeFault(rule: FaultRule): string {
  const effect = rule.effect;
  const what =
    effect.kind === 'delay'
      ? `delay ${effect.ms} ms`
      : effect.kind === 'drop'
        ? 'drop'
        : effect.kind === 'duplicate'
          ? 'duplicate'
          : 'close the connection';
  return `${what} (rule ${JSON.stringify(rule.name)})`;
}

/** Whether any rule needs the frame's action (the proxy parses frames only then). */
export function needsAction(rules: readonly FaultRule[]): boolean {
  return rules.some((r) => r.enabled !== false && r.action !== undefined);
}

const MAX_DELAY_MS = 10 * 60_000;

/** Checks rules that arrive from a user (RPC, CLI): the error names the rule and the field. */
export function checkFaultRules(value: unknown): FaultRule[] {
  if (!Array.isArray(value)) throw new Error('fault rules must be an array');
  return value.map((item: unknown, k) => {
    const where = `fault rule ${k + 1}`;
    if (typeof item !== 'object' || item === null) throw new Error(`${where} must be an object`);
    const r = item as Record<string, unknown>;
    if (typeof r.name !== 'string' || r.name.length === 0 || r.name.length > 100)
      throw new Error(`${where}: "name" must be a non-empty string of at most 100 characters`);
    const rule: FaultRule = { name: r.name, effect: checkEffect(r.effect, where) };
    for (const key of ['stationId', 'action'] as const) {
      const v = r[key];
      if (v === undefined) continue;
      if (typeof v !== 'string' || v.length === 0 || v.length > 200)
        throw new Error(`${where}: "${key}" must be a non-empty string`);
      rule[key] = v;
    }
    if (r.direction !== undefined) {
      if (r.direction !== 'toCsms' && r.direction !== 'toStation')
        throw new Error(`${where}: "direction" must be toCsms or toStation`);
      rule.direction = r.direction;
    }
    if (r.times !== undefined) {
      if (typeof r.times !== 'number' || !Number.isSafeInteger(r.times) || r.times < 1)
        throw new Error(`${where}: "times" must be a positive integer`);
      rule.times = r.times;
    }
    if (r.enabled !== undefined) {
      if (typeof r.enabled !== 'boolean') throw new Error(`${where}: "enabled" must be true or false`);
      rule.enabled = r.enabled;
    }
    return rule;
  });
}

function checkEffect(value: unknown, where: string): FaultEffect {
  const e = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  switch (e.kind) {
    case 'delay':
      if (typeof e.ms !== 'number' || !Number.isFinite(e.ms) || e.ms < 0 || e.ms > MAX_DELAY_MS)
        throw new Error(`${where}: a delay needs "ms" from 0 to ${MAX_DELAY_MS}`);
      return { kind: 'delay', ms: e.ms };
    case 'drop':
    case 'duplicate':
    case 'close':
      return { kind: e.kind };
    default:
      throw new Error(`${where}: "effect.kind" must be delay, drop, duplicate or close`);
  }
}
