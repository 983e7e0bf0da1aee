/**
 * The replay dialog's draft: which side is played, against what, how fast. Engineers replay
 * against the same bench CSMS again and again, so the form remembers what was last used, except
 * the password (the recording keeps none, and neither does the form) and the session's name.
 */
import type {
  ReplaySide,
  ReplaySpeed,
  ReplayStartParams,
  UnmatchedPolicy,
} from '../../../shared/replay/types';
import { formDrafts } from '../../state/form-draft';

export type TimingMode = 'recorded' | 'scaled' | 'max';

/** What of the opened session is replayed. */
export type ReplayScope = 'session' | 'connection' | 'filter';

export interface ReplayDraft {
  as: ReplaySide;
  /** As the station: the CSMS URL. */
  target: string;
  /** As the CSMS: where the station connects. */
  listen: string;
  timing: TimingMode;
  /** `scaled`: ×N, as typed. */
  factor: string;
  /** Seconds an answer is waited for, as typed; empty: the engine's default. */
  timeoutS: string;
  /** `auto`: the engine's default for the side. */
  unmatched: UnmatchedPolicy | 'auto';
  /** As the station: `USER:PASS` for HTTP Basic auth. */
  auth: string;
  insecure: boolean;
  name: string;
}

export type DraftField = 'target' | 'listen' | 'factor' | 'timeoutS' | 'auth';
export type DraftErrors = Partial<Record<DraftField, string>>;

const DEFAULT_DRAFT: ReplayDraft = {
  as: 'station',
  target: '',
  listen: '127.0.0.1:0',
  timing: 'max',
  factor: '10',
  timeoutS: '',
  unmatched: 'auto',
  auth: '',
  insecure: false,
  name: '',
};

const drafts = formDrafts<ReplayDraft>('ocpp-scope.replay-form', DEFAULT_DRAFT, ['auth', 'name']);

export function loadDraft(): ReplayDraft {
  const draft = drafts.load();
  // A value an older version stored that this one does not know falls back.
  if (draft.as !== 'station' && draft.as !== 'csms') draft.as = DEFAULT_DRAFT.as;
  if (!['recorded', 'scaled', 'max'].includes(draft.timing)) draft.timing = DEFAULT_DRAFT.timing;
  if (!['auto', 'error', 'default'].includes(draft.unmatched)) draft.unmatched = DEFAULT_DRAFT.unmatched;
  return draft;
}

export const saveDraft = (draft: ReplayDraft): void => drafts.save(draft);

function speedOf(d: ReplayDraft): { speed: ReplaySpeed } | { error: string } {
  if (d.timing === 'max') return { speed: 'max' };
  if (d.timing === 'recorded') return { speed: 1 };
  const factor = Number(d.factor.trim());
  if (d.factor.trim() === '' || !Number.isFinite(factor) || factor <= 0 || factor > 1e6)
    return { error: 'A factor above 0: 2 is twice as fast as recorded, 0.5 half as fast.' };
  return { speed: factor };
}

/**
 * The start parameters for the draft (the source and the entries are the dialog's to add), or
 * what is wrong, by field. Main checks again; these are the mistakes worth catching as typed.
 */
export function toParams(
  d: ReplayDraft,
): { params: Omit<ReplayStartParams, 'sessionId' | 'file'> } | { errors: DraftErrors } {
  const errors: DraftErrors = {};
  const params: Omit<ReplayStartParams, 'sessionId' | 'file'> = { as: d.as };
  if (d.as === 'station') {
    const target = d.target.trim();
    if (target === '') errors.target = 'Enter the CSMS URL to connect to, e.g. ws://127.0.0.1:9000/ocpp.';
    else if (!/^wss?:\/\/[^/\s]+/i.test(target))
      errors.target = 'A WebSocket URL: ws://HOST:PORT/path or wss://…';
    else params.target = target;
    const auth = d.auth.trim();
    if (auth !== '' && !auth.includes(':')) errors.auth = 'USER:PASS, with a colon between them.';
    else if (auth !== '') params.auth = auth;
    if (d.insecure && target.toLowerCase().startsWith('wss://')) params.insecure = true;
  } else {
    const listen = d.listen.trim();
    if (listen === '') errors.listen = 'Enter HOST:PORT, e.g. 127.0.0.1:0 for a free port on this machine.';
    else params.listen = listen;
  }
  const speed = speedOf(d);
  if ('error' in speed) errors.factor = speed.error;
  else params.speed = speed.speed;
  const timeout = d.timeoutS.trim();
  if (timeout !== '') {
    const seconds = Number(timeout);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600)
      errors.timeoutS = 'Seconds, above 0 and at most 600; empty for the default (30 s).';
    else params.timeoutMs = Math.max(1, Math.round(seconds * 1000));
  }
  if (d.unmatched !== 'auto') params.unmatched = d.unmatched;
  if (d.name.trim() !== '') params.name = d.name.trim();
  return Object.keys(errors).length > 0 ? { errors } : { params };
}
