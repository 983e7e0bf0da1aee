import { MESSAGE_TYPE_NAMES } from '../../../shared/ocpp/frame';
import type { TimelineRow } from '../../../shared/timeline/row';
import { RpcError } from '../../../shared/rpc/errors';
import { readCaptureFile } from '../../services/capture/store';
import { parseCommandArgs, UsageError, type Command } from '../command';

interface Finding {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  stationId: string;
  messageIds: string[];
  seqs: number[];
  message: string;
}

function formatTime(ts: number): string {
  return new Date(ts).toISOString();
}

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'read a capture and report every frame that is not well-formed OCPP-J',
  usage: `ocpp-scope check <capture> [--format text|json]

  Exit code: 0 when nothing is wrong, 1 when a frame or a line of the file has a problem, 2 on usage errors.`,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { format: { type: 'string', default: 'text' } },
      { positionals: 1 },
    );
    if (values.help) {
      context.stdout(`${this.usage}\n`);
      return 0;
    }
    const file = positionals[0];
    if (file === undefined)
      throw new UsageError(
        'which capture? e.g. ocpp-scope check fixtures/sessions/ocpp16-charging-session.jsonl',
      );
    if (values.format !== 'text' && values.format !== 'json')
      throw new UsageError(`--format must be text or json, not ${JSON.stringify(values.format)}`);

    let read;
    try {
      read = await readCaptureFile(file);
    } catch (error) {
      if (error instanceof RpcError) {
        context.stderr(`ocpp-scope check: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
    const { header, model, fileProblems } = read;
    const rows = model.allRows();
    const findings: Finding[] = [];
    const counts: Record<string, number> = {};
    const actions: Record<string, number> = {};
    const unanswered: TimelineRow[] = [];
    for (const row of rows) {
      if (row.kind !== 'frame') continue;
      const typeName = row.messageType !== undefined ? MESSAGE_TYPE_NAMES[row.messageType] : 'malformed';
      counts[typeName] = (counts[typeName] ?? 0) + 1;
      if (row.messageType === 2 && row.action !== undefined)
        actions[row.action] = (actions[row.action] ?? 0) + 1;
      if (row.messageType === 2 && !row.problem && row.partnerSeq === undefined) unanswered.push(row);
      if (row.problem) {
        findings.push({
          rule: `frame.${row.problem.kind}`,
          severity: 'error',
          stationId: row.stationId,
          messageIds: row.messageId !== undefined ? [row.messageId] : [],
          seqs: [row.seq],
          message: row.problem.message,
        });
      }
    }
    const stats = model.stats();
    const summary = {
      file,
      name: header.name,
      ocppVersion: header.ocppVersion ?? null,
      stations: stats.stations,
      entries: stats.entries,
      frames: stats.frames,
      connectionEvents: stats.connections,
      messageTypes: counts,
      actions,
      unansweredCalls: unanswered.map((r) => ({ seq: r.seq, action: r.action, messageId: r.messageId })),
      firstTs: stats.firstTs ?? null,
      lastTs: stats.lastTs ?? null,
      fileProblems,
    };
    const failed = findings.length > 0 || fileProblems.length > 0;

    if (values.format === 'json') {
      context.stdout(JSON.stringify({ findings, summary }, null, 2) + '\n');
      return failed ? 1 : 0;
    }
    const out: string[] = [];
    out.push(`${file}: "${header.name}"${header.ocppVersion ? ` (${header.ocppVersion})` : ''}`);
    out.push(`  stations: ${stats.stations.join(', ') || '(none)'}`);
    out.push(`  ${stats.frames} frames, ${stats.connections} connection events`);
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
    if (unanswered.length > 0) {
      out.push(
        `  unanswered CALLs: ${unanswered.map((r) => `seq ${r.seq} ${r.action ?? ''}`.trim()).join(', ')}`,
      );
    }
    for (const problem of fileProblems)
      out.push(`  file line ${problem.line}: ${problem.kind}: ${problem.message}`);
    for (const finding of findings) {
      out.push(`  seq ${finding.seqs[0]}  ${finding.stationId}  ${finding.rule}: ${finding.message}`);
    }
    out.push(
      failed
        ? `FAIL: ${findings.length} frame problem(s), ${fileProblems.length} file problem(s)`
        : 'OK: every frame is well-formed OCPP-J',
    );
    context.stdout(out.join('\n') + '\n');
    return failed ? 1 : 0;
  },
};
