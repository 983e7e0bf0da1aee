/**
 * Fault rules as the editor holds them: every field a string the user is typing. Turning them
 * into FaultRules does not judge them: main checks them and names the rule and field at fault.
 */
import type { Direction } from '../../../shared/capture/entry';
import type { FaultEffect, FaultRule } from '../../../shared/proxy/faults';

export type EffectKind = FaultEffect['kind'];

export interface RuleDraft {
  key: number;
  name: string;
  stationId: string;
  action: string;
  direction: Direction | '';
  kind: EffectKind;
  ms: string;
  times: string;
  enabled: boolean;
}

let keys = 0;

export function newDraft(): RuleDraft {
  return {
    key: ++keys,
    name: '',
    stationId: '',
    action: '',
    direction: '',
    kind: 'drop',
    ms: '5000',
    times: '',
    enabled: true,
  };
}

export function toDrafts(rules: readonly FaultRule[]): RuleDraft[] {
  return rules.map((r) => ({
    key: ++keys,
    name: r.name,
    stationId: r.stationId ?? '',
    action: r.action ?? '',
    direction: r.direction ?? '',
    kind: r.effect.kind,
    ms: r.effect.kind === 'delay' ? String(r.effect.ms) : '5000',
    times: r.times !== undefined ? String(r.times) : '',
    enabled: r.enabled !== false,
  }));
}

/** A number as typed; text that is not one is sent as null for main to refuse by name. */
function numberOf(text: string): number {
  return text.trim() === '' ? NaN : Number(text);
}

export function toRules(drafts: readonly RuleDraft[]): FaultRule[] {
  return drafts.map((d) => {
    const effect: FaultEffect = d.kind === 'delay' ? { kind: 'delay', ms: numberOf(d.ms) } : { kind: d.kind };
    const rule: FaultRule = { name: d.name.trim(), effect, enabled: d.enabled };
    if (d.stationId.trim() !== '') rule.stationId = d.stationId.trim();
    if (d.action.trim() !== '') rule.action = d.action.trim();
    if (d.direction !== '') rule.direction = d.direction;
    if (d.times.trim() !== '') rule.times = numberOf(d.times);
    return rule;
  });
}

/** Whether the drafts say something else than the rules in force (compared as the editor builds them). */
export function differs(drafts: readonly RuleDraft[], rules: readonly FaultRule[]): boolean {
  return JSON.stringify(toRules(drafts)) !== JSON.stringify(toRules(toDrafts(rules)));
}
