import { RULES } from '../../../shared/analysis/catalog';
import {
  PROFILES,
  severityRank,
  type Finding,
  type Profile,
  type Rule,
} from '../../../shared/analysis/finding';
import type { ConnectionVersion } from '../../../shared/analysis/analyzer';
import { summarize } from '../../../shared/analysis/summary';
import { MESSAGE_TYPE_NAMES } from '../../../shared/ocpp/frame';
import { parseOcppVersion } from '../../../shared/ocpp/versions';
import { buildReport } from '../../../shared/report/build';
import { renderJUnit } from '../../../shared/report/junit';
import { RpcError } from '../../../shared/rpc/errors';
import { readCaptureFile, type AnalysisOptions } from '../../services/capture/read';
import { ocaSchemaRegistry } from '../../services/validation/oca-schemas';
import { VERSION } from '../../version';
import { parseCommandArgs, UsageError, type Command } from '../command';

const FORMATS = ['text', 'json', 'junit'] as const;
const FAIL_ON = ['error', 'warning', 'never'] as const;

export function formatTime(ts: number): string {
  return new Date(ts).toISOString();
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(
      `--${flag} must be ${allowed.join(', ').replace(/, (\w+)$/, ' or $1')}, not ${JSON.stringify(value)}`,
    );
  }
  return value as T;
}

/** "1.6 (negotiated subprotocol)", "1.6 (detected from StartTransaction, which only OCPP 1.6 has)". */
function describeVersion(v: ConnectionVersion): string {
  switch (v.source) {
    case 'subprotocol':
      return `${v.version} (negotiated subprotocol)`;
    case 'option':
      return `${v.version} (--ocpp-version)`;
    case 'header':
      return `${v.version} (capture header)`;
    case 'detected':
      return `${v.version} (detected ${v.reason ?? 'from the messages'})`;
    case 'unknown':
      return 'unknown (not validated)';
  }
}

function bySeq(a: Finding, b: Finding): number {
  return (a.seqs[0] ?? 0) - (b.seqs[0] ?? 0);
}

function rulesText(rules: readonly Rule[]): string {
  return rules
    .map((r) => {
      const severity = [
        r.severity,
        ...Object.entries(r.severityByVersion ?? {}).map(([v, s]) => `${s} in ${v}`),
        ...(r.lenientSeverity ? [`${r.lenientSeverity} when lenient`] : []),
      ].join(', ');
      return `${r.id}  [${severity}]  OCPP ${r.versions.join(', ')}\n  ${r.title}\n  ${r.explanation}\n  Reference: ${r.reference}\n`;
    })
    .join('\n');
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'analyse a capture: frames, schemas, RPC, transaction and session rules',
  usage: `ocpp-scope check <capture> [--format text|json|junit] [--profile strict|lenient]
                   [--fail-on error|warning|never] [--ocpp-version 1.6|2.0.1|2.1] [--call-timeout SECONDS]
ocpp-scope check --rules [--format text|json]

  --format        text for people (default), json (documented in the README), junit for CI
  --profile       strict: the schemas and the spec exactly (default); lenient: known field deviations
                  (Celcius, date-times without a zone, ...) are warnings
  --fail-on       exit 1 when a finding reaches this severity (default error)
  --ocpp-version  for connections that negotiated no subprotocol (else the capture header's version,
                  else detected from the messages)
  --call-timeout  seconds a CALL may wait for its answer (default 30)
  --rules         list the rules instead: id, severity, versions, explanation, spec reference

  Exit code: 0 when no finding reaches --fail-on, 1 when one does or the capture cannot be read,
  2 on usage errors.`,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        format: { type: 'string', default: 'text' },
        profile: { type: 'string', default: 'strict' },
        'fail-on': { type: 'string', default: 'error' },
        'ocpp-version': { type: 'string' },
        'call-timeout': { type: 'string' },
        rules: { type: 'boolean', default: false },
      },
      { positionals: 1 },
    );
    if (values.help) {
      context.stdout(`${this.usage}\n`);
      return 0;
    }
    const format = oneOf('format', values.format, FORMATS);
    if (values.rules) {
      if (format === 'junit') throw new UsageError('--rules prints text or json, not junit');
      context.stdout(format === 'json' ? JSON.stringify(RULES, null, 2) + '\n' : rulesText(RULES));
      return 0;
    }
    const profile: Profile = oneOf('profile', values.profile, PROFILES);
    const failOn = oneOf('fail-on', values['fail-on'], FAIL_ON);
    const analysis: AnalysisOptions = { registry: ocaSchemaRegistry(), profile };
    if (values['ocpp-version'] !== undefined) {
      const version = parseOcppVersion(values['ocpp-version']);
      if (version === undefined)
        throw new UsageError(
          `--ocpp-version must be 1.6, 2.0.1 or 2.1, not ${JSON.stringify(values['ocpp-version'])}`,
        );
      analysis.version = version;
    }
    if (values['call-timeout'] !== undefined) {
      const seconds = Number(values['call-timeout']);
      if (!Number.isFinite(seconds) || seconds <= 0)
        throw new UsageError(
          `--call-timeout must be a number of seconds above 0, not ${JSON.stringify(values['call-timeout'])}`,
        );
      analysis.callTimeoutMs = seconds * 1000;
    }
    const file = positionals[0];
    if (file === undefined)
      throw new UsageError(
        'which capture? e.g. ocpp-scope check fixtures/sessions/ocpp16-charging-session.jsonl',
      );

    const started = performance.now();
    let read;
    try {
      read = await readCaptureFile(file, analysis);
    } catch (error) {
      if (error instanceof RpcError) {
        context.stderr(`ocpp-scope check: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
    const elapsed = (performance.now() - started) / 1000;
    const { header, model, fileProblems } = read;
    const findings = [...model.findings()].sort(bySeq);
    const counts: Record<string, number> = {};
    const actions: Record<string, number> = {};
    for (const row of model.allRows()) {
      if (row.kind !== 'frame') continue;
      const typeName = row.messageType !== undefined ? MESSAGE_TYPE_NAMES[row.messageType] : 'malformed';
      counts[typeName] = (counts[typeName] ?? 0) + 1;
      if (row.messageType === 2 && row.action !== undefined)
        actions[row.action] = (actions[row.action] ?? 0) + 1;
    }
    const stats = model.stats();
    const versions = model.versions();
    const tally = summarize(findings);
    const failed =
      failOn !== 'never' &&
      (fileProblems.length > 0 || findings.some((f) => severityRank(f.severity) >= severityRank(failOn)));

    if (format === 'junit') {
      // check reads the capture as it is: nothing is redacted (`ocpp-scope report` does that).
      const report = buildReport({
        header,
        fileName: file,
        model,
        fileProblems,
        profile,
        failOn,
        privacy: { redacted: false, anonymized: false, redactions: 0, pseudonyms: 0 },
        generator: `ocpp-scope ${VERSION}`,
        now: new Date(),
        timeline: false,
      });
      context.stdout(renderJUnit(report, { time: elapsed }));
      return failed ? 1 : 0;
    }
    if (format === 'json') {
      const summary = {
        file,
        name: header.name,
        ocppVersion: header.ocppVersion ?? null,
        profile,
        failOn,
        passed: !failed,
        versions,
        stations: stats.stations,
        entries: stats.entries,
        frames: stats.frames,
        connectionEvents: stats.connections,
        consoleLines: stats.console,
        messageTypes: counts,
        actions,
        firstTs: stats.firstTs ?? null,
        lastTs: stats.lastTs ?? null,
        fileProblems,
        findings: tally,
      };
      context.stdout(JSON.stringify({ findings, summary }, null, 2) + '\n');
      return failed ? 1 : 0;
    }

    const out: string[] = [];
    out.push(`${file}: "${header.name}"${header.ocppVersion ? ` (${header.ocppVersion})` : ''}`);
    out.push(`  stations: ${stats.stations.join(', ') || '(none)'}`);
    const described = new Map<string, number>();
    for (const v of versions) described.set(describeVersion(v), (described.get(describeVersion(v)) ?? 0) + 1);
    for (const [text, n] of described) out.push(`  OCPP ${text}, ${n} connection${n === 1 ? '' : 's'}`);
    // Console lines (firmware logs from a serial line) are counted, never analysed.
    const consoleLines = stats.console > 0 ? `, ${stats.console} console lines` : '';
    out.push(
      `  ${stats.frames} frames, ${stats.connections} connection events${consoleLines}; profile ${profile}`,
    );
    if (stats.firstTs !== undefined && stats.lastTs !== undefined) {
      out.push(
        `  ${formatTime(stats.firstTs)} to ${formatTime(stats.lastTs)} (${formatDuration(stats.lastTs - stats.firstTs)})`,
      );
    }
    out.push(
      `  ${
        Object.entries(counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') || 'no frames'
      }`,
    );
    const top = Object.entries(actions).sort((a, b) => b[1] - a[1]);
    if (top.length > 0) out.push(`  CALLs by action: ${top.map(([k, v]) => `${k} ${v}`).join(', ')}`);
    for (const problem of fileProblems)
      out.push(`  file line ${problem.line}: ${problem.kind}: ${problem.message}`);
    for (const f of findings) {
      out.push(`  seq ${f.seqs[0] ?? '-'}  ${f.stationId}  ${f.severity.padEnd(7)}  ${f.rule}: ${f.message}`);
    }
    if (tally.byRule.length > 0) {
      out.push('  by rule:');
      for (const r of tally.byRule)
        out.push(`    ${String(r.count).padStart(5)}  ${r.severity.padEnd(7)}  ${r.rule}  ${r.title}`);
    }
    const totals = `${tally.bySeverity.error} error(s), ${tally.bySeverity.warning} warning(s), ${tally.bySeverity.info} info, ${fileProblems.length} file problem(s)`;
    out.push(failed ? `FAIL (fail-on ${failOn}): ${totals}` : `OK (fail-on ${failOn}): ${totals}`);
    context.stdout(out.join('\n') + '\n');
    return failed ? 1 : 0;
  },
};
