/**
 * The RPC handlers that move files across the engine's edge: imports (a text, or an upload in
 * chunks), the capture export (ours or Open OCPP Trace) and the reports. Part of the composition
 * root (engine.ts), kept apart to keep that file about wiring.
 */
import type { Handlers } from '../shared/rpc/router';
import { RpcError } from '../shared/rpc/errors';
import type { CaptureStore } from './services/capture/store';
import { exportCapture } from './services/interop/export';
import { feedImport, finishImport, startImport } from './services/interop/import-session';
import type { ImportUploads } from './services/interop/uploads';
import { renderSessionReport } from './services/report/session-report';
import type { EngineOptions } from './engine';

type InterchangeMethod =
  | 'sessions.import'
  | 'imports.begin'
  | 'imports.chunk'
  | 'imports.finish'
  | 'imports.cancel'
  | 'sessions.export'
  | 'report.render'
  | 'report.pdf';

export function interchangeHandlers(
  store: CaptureStore,
  uploads: ImportUploads,
  options: Pick<EngineOptions, 'version' | 'printToPdf'>,
): Pick<Handlers, InterchangeMethod> {
  return {
    'sessions.import': async ({ fileName, content }) => {
      const stream = startImport(fileName);
      feedImport(stream, fileName, Buffer.from(content, 'utf8'));
      return (await finishImport(store, stream, fileName, { createdBy: uploads.createdBy })).opened;
    },
    'imports.begin': ({ fileName, size, format }) => uploads.begin(fileName, size, format),
    'imports.chunk': ({ importId, data }) => uploads.chunk(importId, data),
    'imports.finish': ({ importId }) => uploads.finish(importId),
    'imports.cancel': ({ importId }) => uploads.cancel(importId),
    // Nothing handed over carries a secret unless asked: redacted unless `redact` is false.
    'sessions.export': async ({ sessionId, redact, anonymize, format }) => {
      const capture = await store.exportText(sessionId, {
        redact: redact ?? true,
        anonymize: anonymize ?? false,
      });
      if (format !== 'oot') return capture;
      const { fileName, content, leftOut } = exportCapture('oot', capture);
      return leftOut === undefined ? { fileName, content } : { fileName, content, leftOut };
    },
    'report.render': (params) => renderSessionReport(store, params, `ocpp-scope ${options.version}`),
    'report.pdf': async (params) => {
      const print = options.printToPdf;
      if (print === undefined)
        throw new RpcError(
          'invalid',
          'PDF export needs the desktop app: here, open the HTML report and print it to PDF from the browser',
        );
      const html = await renderSessionReport(
        store,
        { ...params, format: 'html' },
        `ocpp-scope ${options.version}`,
      );
      const pdf = await print(html.content);
      return {
        fileName: html.fileName.replace(/\.html$/, '.pdf'),
        base64: Buffer.from(pdf).toString('base64'),
        mimeType: 'application/pdf',
      };
    },
  };
}
