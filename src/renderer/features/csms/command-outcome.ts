import type { SentCommand } from '../../state/csms';

/** The outcome in a word, and its colour. */
export function outcomeOf(c: SentCommand): { text: string; tone: string } {
  if (c.error !== undefined) return { text: 'not sent', tone: 'bad' };
  if (!c.answer) return { text: 'waiting…', tone: 'wait' };
  const a = c.answer;
  if (a.outcome === 'result') {
    const status = (a.payload as { status?: unknown } | null)?.status;
    return typeof status === 'string'
      ? { text: status, tone: status === 'Accepted' ? 'ok' : 'wait' }
      : { text: 'answered', tone: 'ok' };
  }
  if (a.outcome === 'error') return { text: a.code, tone: 'bad' };
  return { text: a.outcome === 'timeout' ? 'timeout' : 'closed', tone: 'bad' };
}
