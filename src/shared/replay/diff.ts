/**
 * Recorded vs replayed answers, CALL by CALL: what a regression looks like to a field engineer.
 * Compared are the outcome (CALLRESULT, CALLERROR, no answer), the CALLERROR code, every
 * `transactionId` and every status (a `status` field, or one whose name ends in `Status`, such as
 * `attributeStatus`), wherever they sit in the payload. Times, intervals and everything else the
 * peer fills in afresh are not compared: they differ on every run and mean nothing.
 */
import { sameJson } from '../ocpp/json-equal';
import { formatPath } from '../validation/issues';
import { walkMembers } from './walk';

export type RecordedAnswer =
  | { outcome: 'result'; payload: Record<string, unknown> }
  | { outcome: 'error'; code: string; description: string }
  /** The recording has no answer (it ended first, or the answer never came). */
  | { outcome: 'none' };

export type ReplayedAnswer =
  | { outcome: 'result'; payload: Record<string, unknown> }
  | { outcome: 'error'; code: string; description: string }
  | { outcome: 'timeout' }
  | { outcome: 'closed' }
  /** Never sent: the replay was stopped or the connection closed before its turn. */
  | { outcome: 'not-sent' }
  /** A 2.1 SEND: never answered, nothing to compare. */
  | { outcome: 'sent' };

export interface Exchange {
  recordedSeq: number;
  action: string;
  recordedId: string;
  /** The CALL as replayed: its seq in the new session and the id it went out with. */
  replayedSeq?: number;
  replayedId?: string;
  answerSeq?: number;
  recorded: RecordedAnswer;
  replayed: ReplayedAnswer;
}

export type DifferenceKind =
  'missing-answer' | 'extra-answer' | 'outcome' | 'error-code' | 'transactionId' | 'status' | 'not-replayed';

export interface Difference {
  kind: DifferenceKind;
  /** Where in the payload, e.g. `idTagInfo.status`. */
  path?: string;
  recorded?: unknown;
  replayed?: unknown;
  /** One line for people. */
  message: string;
}

export interface DiffItem {
  recordedSeq: number;
  replayedSeq?: number;
  answerSeq?: number;
  action: string;
  recordedId: string;
  replayedId?: string;
  recorded: { outcome: RecordedAnswer['outcome']; code?: string };
  replayed: { outcome: ReplayedAnswer['outcome']; code?: string };
  differences: Difference[];
}

export interface ReplayDiff {
  /** Every CALL replayed (or meant to be), in order. */
  items: DiffItem[];
  /** How many differences in all; 0 when the replay answered as recorded. */
  differences: number;
  identical: boolean;
}

const show = (value: unknown): string => (value === undefined ? 'absent' : JSON.stringify(value));

function isStatusKey(key: string): boolean {
  return key === 'status' || key.endsWith('Status');
}

/**
 * The compared fields of a payload, by path: `transactionId`s and statuses anywhere in it.
 * Iterative: a peer may nest a payload thousands of levels deep.
 */
export function comparedFields(
  payload: unknown,
): Map<string, { kind: 'transactionId' | 'status'; value: unknown }> {
  const fields = new Map<string, { kind: 'transactionId' | 'status'; value: unknown }>();
  walkMembers(payload, (_owner, key, child, at) => {
    if (key === 'transactionId') fields.set(formatPath(at), { kind: 'transactionId', value: child });
    else if (isStatusKey(key) && typeof child === 'string')
      fields.set(formatPath(at), { kind: 'status', value: child });
    else return true;
    return false;
  });
  return fields;
}

function brief(answer: RecordedAnswer | ReplayedAnswer): { outcome: never; code?: string } {
  return (
    answer.outcome === 'error' ? { outcome: answer.outcome, code: answer.code } : { outcome: answer.outcome }
  ) as {
    outcome: never;
    code?: string;
  };
}

const answered = (outcome: string) => outcome === 'result' || outcome === 'error';

/** The differences of one CALL's replayed answer from its recorded one. */
export function diffExchange(exchange: Exchange): Difference[] {
  const { recorded, replayed } = exchange;
  if (replayed.outcome === 'not-sent')
    return [{ kind: 'not-replayed', message: 'not replayed: the replay ended before its turn' }];
  if (replayed.outcome === 'sent') return [];
  if (!answered(recorded.outcome)) {
    return answered(replayed.outcome)
      ? [
          {
            kind: 'extra-answer',
            replayed: replayed.outcome,
            message: `answered (${replayed.outcome}), unanswered in the recording`,
          },
        ]
      : [];
  }
  if (replayed.outcome === 'timeout' || replayed.outcome === 'closed') {
    return [
      {
        kind: 'missing-answer',
        recorded: recorded.outcome,
        message:
          replayed.outcome === 'timeout'
            ? `no answer in time (the recording has a ${recorded.outcome === 'result' ? 'CALLRESULT' : 'CALLERROR'})`
            : 'the connection closed before the answer',
      },
    ];
  }
  if (recorded.outcome === 'error' && replayed.outcome === 'error') {
    return recorded.code === replayed.code
      ? []
      : [
          {
            kind: 'error-code',
            recorded: recorded.code,
            replayed: replayed.code,
            message: `CALLERROR ${recorded.code} recorded, ${replayed.code} now`,
          },
        ];
  }
  if (recorded.outcome === 'result' && replayed.outcome === 'result') {
    const before = comparedFields(recorded.payload);
    const after = comparedFields(replayed.payload);
    const differences: Difference[] = [];
    for (const path of [...new Set([...before.keys(), ...after.keys()])].sort()) {
      const was = before.get(path);
      const now = after.get(path);
      if (was !== undefined && now !== undefined && sameJson(was.value, now.value)) continue;
      const kind = (was ?? now)!.kind;
      differences.push({
        kind,
        path,
        recorded: was?.value,
        replayed: now?.value,
        message: `${path}: ${show(was?.value)} recorded, ${show(now?.value)} now`,
      });
    }
    return differences;
  }
  const code = (answer: RecordedAnswer | ReplayedAnswer) =>
    answer.outcome === 'error' ? `CALLERROR ${answer.code}` : 'CALLRESULT';
  return [
    {
      kind: 'outcome',
      recorded: code(recorded),
      replayed: code(replayed),
      message: `${code(recorded)} recorded, ${code(replayed)} now`,
    },
  ];
}

export function diffReplay(exchanges: readonly Exchange[]): ReplayDiff {
  const items = exchanges.map((exchange): DiffItem => {
    const item: DiffItem = {
      recordedSeq: exchange.recordedSeq,
      action: exchange.action,
      recordedId: exchange.recordedId,
      recorded: brief(exchange.recorded),
      replayed: brief(exchange.replayed),
      differences: diffExchange(exchange),
    };
    if (exchange.replayedSeq !== undefined) item.replayedSeq = exchange.replayedSeq;
    if (exchange.replayedId !== undefined) item.replayedId = exchange.replayedId;
    if (exchange.answerSeq !== undefined) item.answerSeq = exchange.answerSeq;
    return item;
  });
  const differences = items.reduce((sum, item) => sum + item.differences.length, 0);
  return { items, differences, identical: differences === 0 };
}
