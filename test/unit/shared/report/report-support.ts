/** Reports of fixtures and of captures built in code, with everything a test does not care about fixed. */
import { readCaptureFile } from '../../../../src/main/services/capture/read';
import { ocaSchemaRegistry } from '../../../../src/main/services/validation/oca-schemas';
import type { Profile, Severity } from '../../../../src/shared/analysis/finding';
import type { CaptureHeader, Entry } from '../../../../src/shared/capture/entry';
import type { FileProblem } from '../../../../src/shared/capture/problems';
import { buildReport } from '../../../../src/shared/report/build';
import type { ReportData } from '../../../../src/shared/report/report-data';
import { SessionModel } from '../../../../src/shared/timeline/session-model';

export interface Choices {
  failOn?: Severity | 'never';
  profile?: Profile;
  timeline?: boolean;
  fileProblems?: FileProblem[];
}

export const NOW = new Date('2026-01-05T10:00:00.000Z');

export const HEADER: CaptureHeader = {
  format: 'ocpp-scope-capture',
  formatVersion: 1,
  id: 'built-in-code',
  name: 'a capture built in the test',
  createdAt: '2025-11-24T16:00:00.000Z',
};

function report(
  header: CaptureHeader,
  model: SessionModel,
  fileProblems: FileProblem[],
  c: Choices,
  fileName?: string,
): ReportData {
  return buildReport({
    header,
    ...(fileName !== undefined ? { fileName } : {}),
    model,
    fileProblems: c.fileProblems ?? fileProblems,
    profile: c.profile ?? 'strict',
    failOn: c.failOn ?? 'error',
    privacy: { redacted: true, anonymized: false, redactions: 0, pseudonyms: 0 },
    generator: 'ocpp-scope test',
    now: NOW,
    timeline: c.timeline ?? false,
  });
}

/** The report of a fixture file, analysed as `ocpp-scope report` does (privacy aside). */
export async function fixtureReport(path: string, c: Choices = {}): Promise<ReportData> {
  const read = await readCaptureFile(path, { registry: ocaSchemaRegistry(), profile: c.profile ?? 'strict' });
  return report(read.header, read.model, read.fileProblems, c, path.split('/').pop());
}

/** The report of entries built in code. */
export function entriesReport(entries: readonly Entry[], c: Choices = {}): ReportData {
  const model = new SessionModel({ registry: ocaSchemaRegistry(), profile: c.profile ?? 'strict' });
  for (const entry of entries) model.add(entry);
  model.finish();
  return report(HEADER, model, [], c);
}
