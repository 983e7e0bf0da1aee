/**
 * `report.render`: the report of a session of the store, as `ocpp-scope report` makes it of a
 * file. The session's file is read as it is on disk (a live one flushed first), so a session not
 * opened, or still loading, is reported whole.
 */
import type { ParamsOf, ResultOf } from '../../../shared/rpc/contract';
import type { CaptureStore } from '../capture/store';
import { makeReport, parseCaptureSource, renderReport, reportFileName } from './make-report';

export async function renderSessionReport(
  store: CaptureStore,
  params: ParamsOf<'report.render'>,
  generator: string,
): Promise<ResultOf<'report.render'>> {
  const { sessionId, format } = params;
  const raw = await store.exportText(sessionId, { redact: false, anonymize: false });
  const source = parseCaptureSource(raw.fileName, raw.content);
  // The store's file name is the session's name, which may hold the station id: not quoted.
  delete source.fileName;
  const made = makeReport(source, {
    profile: params.profile ?? store.profile,
    failOn: params.failOn ?? 'error',
    privacy: { redact: params.redact ?? true, anonymize: params.anonymize ?? false },
    generator,
    timeline: format === 'html',
  });
  const { content, mimeType } = renderReport(made.report, format);
  // Named after the protected capture: a pseudonymised report does not name the station in its file name.
  const stem = made.header.name.replace(/[^\w.-]+/g, '_').slice(0, 80) || sessionId;
  return { fileName: reportFileName(stem, format), content, mimeType };
}
