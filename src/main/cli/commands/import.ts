import { join } from 'node:path';
import { problemPlace } from '../../../shared/capture/problems';
import { plural } from '../../../shared/report/html/format';
import { IMPORT_FORMATS, type ImportFormat } from '../../../shared/interop/formats';
import { CaptureStore } from '../../services/capture/store';
import { importFromFile } from '../../services/interop/import-session';
import { ocaSchemaRegistry } from '../../services/validation/oca-schemas';
import { defaultDataDir } from '../../data-dir';
import { VERSION } from '../../version';
import { parseCommandArgs, UsageError, type Command } from '../command';
import { formatDuration, formatTime, oneOf } from './check';

/** Problems printed before "and N more": the session keeps the first thousand. */
const PRINTED_PROBLEMS = 20;

export const importCommand: Command = {
  name: 'import',
  summary: 'a session from another tool: Open OCPP Trace, pcap/pcapng, DebugKit trace, plain log',
  usage: `ocpp-scope import <file> [--format auto|oot|pcap|debugkit|lines|scope] [--name NAME]
                    [--capture FILE] [--data-dir DIR]

  --format    what the file is; auto (the default) tells it from the content:
                oot       Open OCPP Trace v1.1 (JSON lines: ocpp-cp-simulator, OCPP DebugKit, ...)
                pcap      pcap or pcapng of plain ws:// OCPP traffic (tcpdump, Wireshark);
                          TLS streams are listed, not decoded
                debugkit  an OCPP DebugKit trace (JSON object, JSON lines or an array of frames)
                lines     a log with one OCPP-J frame per line, optional time, station and
                          direction before it (directions it lacks are inferred, and marked so)
                scope     an OCPP Scope capture
  --name      the session's name (the file's name by default)
  --capture   write the session to this file (never overwritten) instead of the data dir
  --data-dir  where sessions are kept (the app's, by default: the import shows up in its list)

  Every good record is kept; what could not be read is printed with its line, record or packet
  number and kept with the session. Exit code: 0 when something was imported, 1 when nothing
  could be, 2 on usage errors.`,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        format: { type: 'string', default: 'auto' },
        name: { type: 'string' },
        capture: { type: 'string' },
        'data-dir': { type: 'string' },
      },
      { positionals: 1 },
    );
    if (values.help) {
      context.stdout(`${this.usage}\n`);
      return 0;
    }
    const format: ImportFormat | 'auto' = oneOf('format', values.format, ['auto', ...IMPORT_FORMATS]);
    const file = positionals[0];
    if (file === undefined)
      throw new UsageError('which file? e.g. ocpp-scope import trace.pcapng (or trace.jsonl, charger.log)');
    if (values.name !== undefined && values.name.trim() === '')
      throw new UsageError('--name must not be empty');
    const store = new CaptureStore(
      values['data-dir'] ?? defaultDataDir(),
      {},
      { registry: ocaSchemaRegistry() },
    );
    await store.init();
    try {
      const done = await importFromFile(store, file, {
        format,
        createdBy: `ocpp-scope ${VERSION} import`,
        ...(values.name !== undefined ? { name: values.name } : {}),
        ...(values.capture !== undefined ? { file: values.capture } : {}),
      });
      const { info, stats, fileProblems } = done.opened;
      const out: string[] = [`${file}: ${done.detected}`, `  ${done.description}`];
      out.push(
        `  imported ${plural(stats.frames, 'frame')}, ${plural(stats.connections, 'connection event')}${stats.console > 0 ? `, ${plural(stats.console, 'console line')}` : ''} from ${plural(stats.stations.length, 'station')} (${stats.stations.join(', ') || 'none'})`,
      );
      if (stats.firstTs !== undefined && stats.lastTs !== undefined)
        out.push(
          `  ${formatTime(stats.firstTs)} to ${formatTime(stats.lastTs)} (${formatDuration(stats.lastTs - stats.firstTs)})`,
        );
      if (done.problemCount > 0) {
        out.push(`  ${plural(done.problemCount, 'problem')} reading it (every good record was kept):`);
        for (const p of fileProblems.slice(0, PRINTED_PROBLEMS))
          out.push(`    ${problemPlace(p)}: ${p.kind === 'import-skipped' ? 'skipped: ' : ''}${p.message}`);
        if (done.problemCount > PRINTED_PROBLEMS)
          out.push(
            `    ... and ${done.problemCount - PRINTED_PROBLEMS} more (listed with the session in the app)`,
          );
      }
      out.push(`  session "${info.name}" (${info.id})`);
      const path = values.capture ?? join(store.sessionsDir, `${info.id}.jsonl`);
      out.push(`  written to ${path}`);
      out.push(`  next: ocpp-scope check ${path}   or   ocpp-scope report ${path} --html report.html`);
      context.stdout(out.join('\n') + '\n');
      return 0;
    } finally {
      await store.dispose();
    }
  },
};
