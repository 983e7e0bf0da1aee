import { constants } from 'node:fs';
import { access, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { PROFILES, type Profile } from '../../../shared/analysis/finding';
import { protectCaptureText } from '../../../shared/capture/privacy-export';
import { parseOcppVersion } from '../../../shared/ocpp/versions';
import type { ReportData } from '../../../shared/report/report-data';
import { RpcError } from '../../../shared/rpc/errors';
import {
  makeReport,
  readCaptureSource,
  renderReport,
  type MakeReportOptions,
  type ReportFormat,
} from '../../services/report/make-report';
import { VERSION } from '../../version';
import { parseCommandArgs, UsageError, type Command, type CliContext } from '../command';
import { formatDuration, formatTime, oneOf } from './check';

const FAIL_ON = ['error', 'warning', 'never'] as const;

type OutputKind = ReportFormat | 'capture';
const OUTPUT_NAMES: Record<OutputKind, string> = {
  html: 'HTML report',
  junit: 'JUnit report',
  json: 'JSON report',
  capture: 'capture',
};

interface Output {
  kind: OutputKind;
  path: string;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** What the report says, in a few lines for the terminal or the CI log. */
function summaryText(file: string, report: ReportData): string {
  const { summary: s, privacy } = report;
  const out: string[] = [`${file}: "${report.capture.name}"`];
  const stations = s.stations.map(
    (st) => `${st.stationId}${st.versions.length > 0 ? ` (OCPP ${st.versions.join(', ')})` : ''}`,
  );
  out.push(`  stations: ${stations.join(', ') || '(none)'}`);
  if (s.firstTs !== undefined && s.lastTs !== undefined)
    out.push(
      `  ${formatTime(s.firstTs)} to ${formatTime(s.lastTs)} (${formatDuration(s.lastTs - s.firstTs)})`,
    );
  const frames = s.frames.toCsms + s.frames.toStation;
  out.push(
    `  ${plural(frames, 'frame')} (${s.frames.toCsms} from stations, ${s.frames.toStation} from the CSMS), ${plural(s.connectionEvents, 'connection event')}${s.consoleLines > 0 ? `, ${plural(s.consoleLines, 'console line')}` : ''}`,
  );
  const count = (v: string) => report.verdicts.filter((r) => r.verdict === v).length;
  out.push(
    `  rules: ${count('passed')} passed, ${count('failed')} failed, ${count('not-applicable')} not applicable (profile ${report.profile})`,
  );
  const f = s.findings.bySeverity;
  out.push(`  findings: ${f.error} error(s), ${f.warning} warning(s), ${f.info} info`);
  const open = report.transactions.filter((t) => t.stopTs === undefined).length;
  if (report.transactions.length > 0)
    out.push(`  transactions: ${report.transactions.length}${open > 0 ? ` (${open} not finished)` : ''}`);
  out.push(
    privacy.redacted
      ? `  secrets redacted: ${plural(privacy.redactions, 'value')}`
      : '  secrets NOT redacted (--no-redact): do not hand these files over as they are',
  );
  if (privacy.anonymized)
    out.push(`  station ids and idTags / idTokens pseudonymised: ${plural(privacy.pseudonyms, 'value')}`);
  for (const problem of report.fileProblems)
    out.push(`  file line ${problem.line}: ${problem.kind}: ${problem.message}`);
  for (const v of report.verdicts.filter((r) => r.verdict === 'failed'))
    out.push(`  FAILED ${v.rule.id}: ${plural(v.findings, 'finding')}, ${v.rule.title}`);
  out.push(`${report.passed ? 'OK' : 'FAIL'} (fail-on ${report.failOn})`);
  return out.join('\n') + '\n';
}

async function sameFile(a: string, b: string): Promise<boolean> {
  if (resolve(a) === resolve(b)) return true;
  try {
    const [sa, sb] = await Promise.all([stat(a), stat(b)]);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/** Refuses, before the work starts, outputs that would clobber the input or one another or cannot be written. */
async function checkOutputs(input: string, outputs: Output[]): Promise<void> {
  for (const [i, out] of outputs.entries()) {
    if (await sameFile(input, out.path))
      throw new UsageError(`--${out.kind} ${out.path} is the capture being reported on: choose another file`);
    const twin = outputs.slice(0, i).find((o) => resolve(o.path) === resolve(out.path));
    if (twin !== undefined)
      throw new UsageError(`--${twin.kind} and --${out.kind} name the same file ${out.path}`);
  }
  for (const out of outputs) {
    const existing = await stat(out.path).catch(() => undefined);
    if (existing?.isDirectory())
      throw new RpcError('invalid', `${out.path} is a folder: give a file name for --${out.kind}`);
    if (out.kind === 'capture' && existing !== undefined)
      throw new RpcError(
        'invalid',
        `${out.path} already exists: choose another file, captures are never overwritten`,
      );
    const folder = dirname(resolve(out.path));
    try {
      await access(existing !== undefined ? out.path : folder, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new RpcError(
        'invalid',
        code === 'ENOENT'
          ? `cannot write ${out.path}: the folder ${folder} does not exist`
          : `cannot write ${out.path}: permission denied`,
      );
    }
  }
}

async function write(context: CliContext, out: Output, content: string): Promise<void> {
  try {
    // A capture is never overwritten, even if one appeared since the check.
    await writeFile(out.path, content, { encoding: 'utf8', flag: out.kind === 'capture' ? 'wx' : 'w' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new RpcError('invalid', `cannot write the ${OUTPUT_NAMES[out.kind]} to ${out.path} (${code})`);
  }
  context.stdout(
    `wrote the ${OUTPUT_NAMES[out.kind]}: ${out.path} (${sizeText(Buffer.byteLength(content))})\n`,
  );
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'a test report of a capture to hand over: HTML, JUnit and JSON, secrets redacted',
  usage: `ocpp-scope report <capture> [--html FILE] [--junit FILE] [--json FILE] [--capture FILE]
                    [--profile strict|lenient] [--fail-on error|warning|never] [--no-redact] [--anonymize]
                    [--ocpp-version 1.6|2.0.1|2.1] [--call-timeout SECONDS]

  --html          one self-contained HTML file: summary, verdict per rule, findings with their
                  frames, transactions, sequence diagram, charts, the whole timeline (prints to PDF)
  --junit         JUnit XML for CI: a suite per rule category, a case per rule
  --json          the summary, verdicts, findings and transactions (documented in the README)
  --capture       the capture itself, with the same privacy treatment (never overwrites a file)
  --profile       strict: the schemas and the spec exactly (default); lenient: known field deviations
                  are warnings
  --fail-on       exit 1 when a finding reaches this severity (default error)
  --no-redact     keep secrets (Authorization headers, AuthorizationKey, BasicAuthPassword, private
                  keys, CSRs); they are replaced by <redacted> by default
  --anonymize     replace station ids and idTags / idTokens with consistent pseudonyms
  --ocpp-version  for connections that negotiated no subprotocol
  --call-timeout  seconds a CALL may wait for its answer (default 30)

  With no output flag the summary is printed and nothing is written. The capture is never changed.
  Exit code: 0 when no finding reaches --fail-on, 1 when one does or a file cannot be read or
  written, 2 on usage errors.`,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        html: { type: 'string' },
        junit: { type: 'string' },
        json: { type: 'string' },
        capture: { type: 'string' },
        profile: { type: 'string', default: 'strict' },
        'fail-on': { type: 'string', default: 'error' },
        'no-redact': { type: 'boolean', default: false },
        anonymize: { type: 'boolean', default: false },
        'ocpp-version': { type: 'string' },
        'call-timeout': { type: 'string' },
      },
      { positionals: 1 },
    );
    if (values.help) {
      context.stdout(`${this.usage}\n`);
      return 0;
    }
    const profile: Profile = oneOf('profile', values.profile, PROFILES);
    const failOn = oneOf('fail-on', values['fail-on'], FAIL_ON);
    const file = positionals[0];
    if (file === undefined)
      throw new UsageError('which capture? e.g. ocpp-scope report session.jsonl --html report.html');
    const options: MakeReportOptions = {
      profile,
      failOn,
      privacy: { redact: !values['no-redact'], anonymize: values.anonymize },
      generator: `ocpp-scope ${VERSION}`,
      timeline: values.html !== undefined,
    };
    if (values['ocpp-version'] !== undefined) {
      const version = parseOcppVersion(values['ocpp-version']);
      if (version === undefined)
        throw new UsageError(
          `--ocpp-version must be 1.6, 2.0.1 or 2.1, not ${JSON.stringify(values['ocpp-version'])}`,
        );
      options.version = version;
    }
    if (values['call-timeout'] !== undefined) {
      const seconds = Number(values['call-timeout']);
      if (!Number.isFinite(seconds) || seconds <= 0)
        throw new UsageError(
          `--call-timeout must be a number of seconds above 0, not ${JSON.stringify(values['call-timeout'])}`,
        );
      options.callTimeoutMs = seconds * 1000;
    }
    const outputs: Output[] = [];
    for (const kind of ['html', 'junit', 'json', 'capture'] as const) {
      const path = values[kind];
      if (path === undefined) continue;
      if (path === '') throw new UsageError(`--${kind} needs a file name`);
      outputs.push({ kind, path });
    }

    try {
      await checkOutputs(file, outputs);
      const made = makeReport(await readCaptureSource(file), options);
      context.stdout(summaryText(file, made.report));
      for (const out of outputs) {
        const content =
          out.kind === 'capture'
            ? protectCaptureText(await readFile(file, 'utf8'), options.privacy).content
            : renderReport(made.report, out.kind).content;
        await write(context, out, content);
      }
      if (outputs.length === 0)
        context.stdout('nothing written: give --html FILE, --junit FILE, --json FILE or --capture FILE\n');
      return made.report.passed ? 0 : 1;
    } catch (error) {
      if (error instanceof RpcError) {
        context.stderr(`ocpp-scope report: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  },
};
