/**
 * Transaction ids the other side assigns, mapped from the recording to the replay, so that the
 * CALLs replayed after them stay consistent: a 1.6 CSMS hands out a new transactionId in its
 * StartTransaction answer, and the recorded MeterValues and StopTransaction carry the old one;
 * a 2.x station starts its own transactions, and a recorded RequestStopTransaction names the old
 * one. The diff still shows the new id where the answer carried it.
 */
import { isJsonObject } from '../json-object';
import { formatPath } from '../validation/issues';
import { walkMembers } from './walk';

export interface Replacement {
  path: string;
  from: unknown;
  to: unknown;
}

/** JSON text is the key: a 1.6 id is a number, a 2.x id a string, and `1` is not `"1"`. */
const key = (value: unknown): string => JSON.stringify(value);

export class TransactionIdMap {
  private readonly ids = new Map<string, unknown>();

  /** The recorded id is `replayed` from now on (nothing to learn when they are the same). */
  learn(recorded: unknown, replayed: unknown): void {
    if (recorded === undefined || replayed === undefined || key(recorded) === key(replayed)) return;
    this.ids.set(key(recorded), replayed);
  }

  get size(): number {
    return this.ids.size;
  }

  /**
   * The payload with every `transactionId` that has a replayed counterpart replaced (a copy; the
   * recorded payload is left alone), and what was replaced.
   */
  apply(payload: Record<string, unknown>): { payload: Record<string, unknown>; replaced: Replacement[] } {
    const replaced: Replacement[] = [];
    if (this.ids.size === 0) return { payload, replaced };
    const copy = JSON.parse(JSON.stringify(payload)) as Record<string, unknown>;
    walkMembers(copy, (owner, name, child, at) => {
      if (name !== 'transactionId' || !this.ids.has(key(child))) return true;
      const to = this.ids.get(key(child));
      owner[name] = to;
      replaced.push({ path: formatPath(at), from: child, to });
      return false;
    });
    return { payload: copy, replaced };
  }
}

/** A 2.x TransactionEvent's transactionId (the station assigns it). */
export function stationTransactionId(action: string, payload: Record<string, unknown>): unknown {
  if (action !== 'TransactionEvent') return undefined;
  const info = payload.transactionInfo;
  return isJsonObject(info) ? info.transactionId : undefined;
}
