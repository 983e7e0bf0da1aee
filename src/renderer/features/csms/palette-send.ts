/**
 * A palette command sent through `send.frame`, whose refusal of an invalid payload is an answer with
 * the issues (not an error sentence), so the palette can list them and ask whether to send anyway.
 * A command that goes out joins the CSMS's history, with its answer when it comes, like any other.
 */
import { TEMPLATE_MESSAGE_ID } from '../../../shared/send/template';
import type { SchemaIssue } from '../../../shared/validation/issues';
import { HISTORY_LENGTH, nextCommandKey, updateHistory, type SentCommand } from '../../state/csms';
import { sendFrame } from '../../state/send';

/** `invalid`: nothing was sent; the issues say why. */
export type PaletteSend = { status: 'invalid'; issues: SchemaIssue[] } | { status: 'done' };

export async function sendPaletteCommand(
  csmsId: string,
  stationId: string,
  action: string,
  payload: unknown,
  force: boolean,
): Promise<PaletteSend> {
  const key = nextCommandKey();
  // Listed at once, waiting for its answer; a payload main refuses unsent takes its row away again.
  const sent: SentCommand = { key, stationId, action, payload, sentAt: Date.now() };
  updateHistory(csmsId, (rows) => [sent, ...rows].slice(0, HISTORY_LENGTH));
  const outcome = await sendFrame({
    target: { kind: 'csms', csmsId, stationId },
    raw: JSON.stringify([2, TEMPLATE_MESSAGE_ID, action, payload]),
    ...(force ? { force } : {}),
  });
  if (!outcome.ok) {
    updateHistory(csmsId, (rows) => rows.map((c) => (c.key === key ? { ...c, error: outcome.error } : c)));
    return { status: 'done' };
  }
  const value = outcome.value;
  if (value.status === 'invalid') {
    updateHistory(csmsId, (rows) => rows.filter((c) => c.key !== key));
    return { status: 'invalid', issues: value.issues };
  }
  const result = value.answer
    ? { answer: value.answer }
    : { error: 'Sent, but no answer is awaited for it.' };
  updateHistory(csmsId, (rows) => rows.map((c) => (c.key === key ? { ...c, ...result } : c)));
  return { status: 'done' };
}
