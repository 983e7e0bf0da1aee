/**
 * Breakpoints as the editor holds them: every field a string the user is typing. Turning them into
 * rules does not judge them: main checks them and names the breakpoint and field at fault.
 */
import type { Direction } from '../../../shared/capture/entry';
import type { BreakpointRule } from '../../../shared/proxy/intercept';

export interface BreakpointDraft {
  key: number;
  name: string;
  stationId: string;
  action: string;
  direction: Direction | '';
  enabled: boolean;
}

let keys = 0;

export function newBreakpoint(count: number): BreakpointDraft {
  return {
    key: ++keys,
    name: `breakpoint ${count + 1}`,
    stationId: '',
    action: '',
    direction: '',
    enabled: true,
  };
}

export function toBreakpointDrafts(rules: readonly BreakpointRule[]): BreakpointDraft[] {
  return rules.map((r) => ({
    key: ++keys,
    name: r.name,
    stationId: r.stationId ?? '',
    action: r.action ?? '',
    direction: r.direction ?? '',
    enabled: r.enabled !== false,
  }));
}

export function toBreakpoints(drafts: readonly BreakpointDraft[]): BreakpointRule[] {
  return drafts.map((d) => {
    const rule: BreakpointRule = { name: d.name.trim(), enabled: d.enabled };
    if (d.stationId.trim() !== '') rule.stationId = d.stationId.trim();
    if (d.action.trim() !== '') rule.action = d.action.trim();
    if (d.direction !== '') rule.direction = d.direction;
    return rule;
  });
}

/** Seconds as typed; text that is not a number goes to main as NaN, for it to refuse by name. */
export function timeoutMsOf(seconds: string): number {
  return seconds.trim() === '' ? NaN : Math.round(Number(seconds) * 1000);
}

export function breakpointsDiffer(
  drafts: readonly BreakpointDraft[],
  seconds: string,
  rules: readonly BreakpointRule[],
  timeoutMs: number,
): boolean {
  return (
    timeoutMsOf(seconds) !== timeoutMs ||
    JSON.stringify(toBreakpoints(drafts)) !== JSON.stringify(toBreakpoints(toBreakpointDrafts(rules)))
  );
}
