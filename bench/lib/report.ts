/** Turns a benchmark's result into the lines the runner prints: facts, a table, a ratio per case. */
import type { Benchmark, Result } from './benchmark';
import { median, min } from './measure';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function ms(value: number): string {
  return value >= 100 ? integer.format(value) : value.toFixed(1);
}

/** Figures line up on the right; the first and last columns (words) read from the left. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((row) => row[col]?.length ?? 0)));
  const words = (col: number) => col === 0 || col === header.length - 1;
  const line = (cells: string[]) =>
    cells
      .map((cell, col) => (words(col) ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function facts(list: Result['facts']): string[] {
  const width = Math.max(0, ...list.map((f) => f.label.length));
  return list.map((f) => `${(f.label + ':').padEnd(width + 1)} ${f.value}`);
}

export function formatResult(benchmark: Benchmark, result: Result, runs: number, warmup: number): string[] {
  const out: string[] = [`## ${benchmark.name}: ${benchmark.description}`, ''];
  if (result.facts.length > 0) out.push(...facts(result.facts), '');

  const baseline = result.cases[0];
  const baselineMedian = baseline ? median(baseline.samples) : NaN;
  const rate = `${result.itemsName ?? 'items'}/s`;
  const rows = result.cases.map((c) => {
    const med = median(c.samples);
    return [
      c.label,
      ms(med),
      ms(min(c.samples)),
      c.items === undefined ? '' : integer.format((c.items / med) * 1000),
      c === baseline ? '1.00x' : `${(med / baselineMedian).toFixed(2)}x`,
      c.what,
    ];
  });
  out.push(
    `${runs} measured run(s) after ${warmup} warm-up` +
      (baseline ? `; ratio = median / median of ${baseline.label}` : ''),
  );
  if (rows.length > 0)
    out.push('', ...table(['case', 'median ms', 'min ms', rate, 'ratio', 'what is timed'], rows));
  for (const t of result.tables ?? []) {
    out.push('');
    if (t.intro !== undefined) out.push(t.intro);
    out.push(...table(t.header, t.rows));
  }

  const targets = result.cases.filter((c) => c.targetMs !== undefined);
  if (targets.length > 0) out.push('');
  for (const c of targets) {
    const med = median(c.samples);
    const verdict = med < c.targetMs! ? 'within target' : 'OVER target';
    out.push(`target: ${c.label} < ${integer.format(c.targetMs!)} ms: median ${ms(med)} ms, ${verdict}`);
  }
  if (result.after && result.after.length > 0) out.push('', ...facts(result.after));
  return out;
}
