import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { protectCaptureText } from '../../../shared/capture/privacy-export';
import { EXPORT_FORMATS, type ExportFormat } from '../../../shared/interop/formats';
import { RpcError } from '../../../shared/rpc/errors';
import { unreadableFile } from '../../services/capture/read';
import { exportCapture } from '../../services/interop/export';
import { parseCommandArgs, UsageError, type Command } from '../command';
import { oneOf } from './check';

async function readCapture(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw unreadableFile(path, error, 'a capture file');
  }
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'a capture for other tools: Open OCPP Trace v1.1, or the capture itself, secrets redacted',
  usage: `ocpp-scope export <capture> [--format oot|jsonl] [--out FILE] [--no-redact] [--anonymize]

  --format     oot (the default): Open OCPP Trace v1.1 records, one per line, for
               ocpp-cp-simulator, OCPP DebugKit and other tools of the format; CALL, CALLRESULT
               and CALLERROR only (connection events and console lines are counted, not written)
               jsonl: the OCPP Scope capture itself
  --out        the file to write (never overwritten); standard output when not given
  --no-redact  keep secrets (Authorization headers, AuthorizationKey, BasicAuthPassword, private
               keys, CSRs); they are replaced by <redacted> by default
  --anonymize  replace station ids and idTags / idTokens with consistent pseudonyms

  The capture is never changed. Exit code: 0 when written, 1 when the capture cannot be read or the
  file written, 2 on usage errors.`,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        format: { type: 'string', default: 'oot' },
        out: { type: 'string' },
        'no-redact': { type: 'boolean', default: false },
        anonymize: { type: 'boolean', default: false },
      },
      { positionals: 1 },
    );
    if (values.help) {
      context.stdout(`${this.usage}\n`);
      return 0;
    }
    const format: ExportFormat = oneOf('format', values.format, EXPORT_FORMATS);
    const file = positionals[0];
    if (file === undefined)
      throw new UsageError('which capture? e.g. ocpp-scope export session.jsonl --out trace.oot.jsonl');
    let content = await readCapture(file);
    const privacy = { redact: !values['no-redact'], anonymize: values.anonymize };
    let redactions = 0;
    if (privacy.redact || privacy.anonymize) {
      let protectedText;
      try {
        protectedText = protectCaptureText(content, privacy);
      } catch (error) {
        throw new RpcError(
          'invalid',
          `${basename(file)}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      content = protectedText.content;
      redactions = protectedText.privacy.redactions;
    }
    const exported = exportCapture(format, { fileName: basename(file), content });
    const summary = [
      `${file}: ${exported.records} ${format === 'oot' ? 'Open OCPP Trace records' : 'entries'}${values.out !== undefined ? ` written to ${values.out}` : ''}`,
      privacy.redact
        ? `  secrets redacted: ${redactions}`
        : '  secrets NOT redacted (--no-redact): do not hand this file over as it is',
      ...(privacy.anonymize ? ['  station ids and idTags / idTokens pseudonymised'] : []),
      ...(exported.leftOut !== undefined ? [`  ${exported.leftOut}`] : []),
    ].join('\n');
    if (values.out === undefined) {
      context.stdout(exported.content);
      context.stderr(summary + '\n');
      return 0;
    }
    try {
      await writeFile(values.out, exported.content, { encoding: 'utf8', flag: 'wx' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new RpcError(
        'invalid',
        code === 'EEXIST'
          ? `${values.out} already exists: choose another file, exports are never written over a file`
          : `cannot write ${values.out} (${code})`,
      );
    }
    context.stdout(summary + '\n');
    return 0;
  },
};
