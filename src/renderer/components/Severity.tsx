/** Severity marks shared by the timeline badges, the findings panel, the rules and the inspector. */
import type { Severity } from '../../shared/analysis/finding';

const GLYPH: Record<Severity, string> = { error: '✕', warning: '!', info: 'i' };

export function SeverityIcon({ severity }: { severity: Severity }) {
  return (
    <span className={`sev-icon sev-${severity}`} role="img" aria-label={severity} title={severity}>
      {GLYPH[severity]}
    </span>
  );
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}
