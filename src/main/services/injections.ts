/**
 * The CALLs OCPP Scope injected into a conversation (a proxied connection, a serial bridge),
 * waiting for their answers: an answer is recorded, never forwarded (the side that did not send
 * the CALL must not see it), and handed to whoever injected the CALL. An id stays known after its
 * timeout, so a late answer is still kept from the other side.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Direction, Entry, FrameEntry } from '../../shared/capture/entry';
import type { CommandAnswer } from '../../shared/csms/info';
import { opposite } from '../../shared/ocpp/correlation';
import { parseFrame } from '../../shared/ocpp/frame';
import type { OcppVersion } from '../../shared/ocpp/versions';
import {
  DEFAULT_SEND_TIMEOUT_MS,
  prepareOutgoing,
  type SendFrameParams,
  type SendResult,
} from '../../shared/send/send';
import type { SchemaRegistry } from '../../shared/validation/registry';
import { peekArray, type FrameHead } from './proxy/call-actions';

/** How the answer to an injected CALL is recorded: the side that did not send the CALL never sees it. */
export function injectedAnswerNote(): Pick<FrameEntry, 'flags' | 'faults'> {
  return { flags: ['dropped'], faults: ['answer to a CALL injected by OCPP Scope: recorded, not forwarded'] };
}

export interface InjectOptions {
  /** The CALL's id as given, instead of a fresh one. */
  messageId?: string;
  /** How long the answer is waited for (default 30 s). */
  timeoutMs?: number;
}

export interface Injected {
  seq: number;
  messageId?: string;
  /** For a CALL: settles with its answer, a timeout, or the connection closing (never rejects). */
  answer?: Promise<CommandAnswer>;
}

/** Where the engineer's frames can be injected: a proxied connection, a serial bridge. */
export interface InjectionPoint {
  /** The version its frames are checked against (undefined: not known, not checked). */
  version: OcppVersion | undefined;
  /** The session the frame and its answer are recorded in. */
  sessionId: string;
  inject(direction: Direction, raw: string, options: InjectOptions): Injected;
}

/**
 * Sends the engineer's frame through an injection point: checked against the schema of its action
 * and direction first and refused with the issues unless forced (src/shared/send/send.ts); a
 * CALL's answer is waited for.
 */
export async function sendInjected(
  point: InjectionPoint,
  params: Omit<SendFrameParams, 'target'> & { direction: Direction },
  registry: SchemaRegistry,
): Promise<SendResult> {
  const prepared = prepareOutgoing(
    registry,
    point.version,
    params.direction,
    params.raw,
    params.messageId ?? randomUUID(),
    params.answers,
  );
  if (prepared.issues.length > 0 && params.force !== true)
    return { status: 'invalid', issues: prepared.issues };
  const injected = point.inject(params.direction, prepared.raw, {
    ...(prepared.messageId !== undefined ? { messageId: prepared.messageId } : {}),
    timeoutMs: params.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS,
  });
  const answer = injected.answer === undefined ? undefined : await injected.answer;
  return {
    status: 'sent',
    seq: injected.seq,
    sessionId: point.sessionId,
    issues: prepared.issues,
    ...(injected.messageId !== undefined ? { messageId: injected.messageId } : {}),
    ...(prepared.unchecked !== undefined ? { unchecked: prepared.unchecked } : {}),
    ...(answer !== undefined ? { answer } : {}),
  };
}

/** The text an injected frame goes out as: a CALL with the pinned id, or a fresh one. */
export function injectedCall(
  raw: string,
  pinned: string | undefined,
  count: number,
): { text: string; messageId?: string } {
  const value = peekArray(raw);
  if (value === undefined || value[0] !== 2 || value.length !== 4) return { text: raw };
  const messageId = pinned ?? `scope-${randomBytes(4).toString('hex')}-${count}`;
  value[1] = messageId;
  return { text: JSON.stringify(value), messageId };
}

interface Pending {
  callSeq: number;
  sentAt: number;
  timer: ReturnType<typeof setTimeout>;
  resolve(answer: CommandAnswer): void;
}

export class InjectedCalls {
  /** By the direction their answer travels: id -> the pending answer (undefined after a timeout). */
  private readonly ids: Record<Direction, Map<string, Pending | undefined>> = {
    toCsms: new Map(),
    toStation: new Map(),
  };

  /** Whether any injected CALL may still be answered in this direction (frames are read then). */
  awaiting(direction: Direction): boolean {
    return this.ids[direction].size > 0;
  }

  /** Whether a frame with this head, travelling `direction`, answers an injected CALL. */
  answers(direction: Direction, head: FrameHead): boolean {
    return (head.type === 3 || head.type === 4) && this.ids[direction].has(head.id);
  }

  /** A CALL was injected; its answer will travel `answerDirection`. */
  track(answerDirection: Direction, id: string, call: Entry, timeoutMs: number): Promise<CommandAnswer> {
    const ids = this.ids[answerDirection];
    return new Promise<CommandAnswer>((resolve) => {
      const timer = setTimeout(() => {
        ids.set(id, undefined);
        resolve({ messageId: id, callSeq: call.seq, elapsedMs: Date.now() - call.ts, outcome: 'timeout' });
      }, timeoutMs);
      ids.set(id, { callSeq: call.seq, sentAt: call.ts, timer, resolve });
    });
  }

  /**
   * What the injector gets back for the frame it injected `direction`, recorded as `entry`: for a
   * CALL (`messageId`), its answer to come, tracked from now.
   */
  sent(direction: Direction, entry: Entry, messageId: string | undefined, timeoutMs?: number): Injected {
    if (messageId === undefined) return { seq: entry.seq };
    const answer = this.track(opposite(direction), messageId, entry, timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS);
    return { seq: entry.seq, messageId, answer };
  }

  /** The answer arrived and was recorded as `entry`. */
  answered(direction: Direction, id: string, entry: Entry & { kind: 'frame' }): void {
    const pending = this.ids[direction].get(id);
    this.ids[direction].delete(id);
    if (pending === undefined) return;
    clearTimeout(pending.timer);
    const base = {
      messageId: id,
      callSeq: pending.callSeq,
      answerSeq: entry.seq,
      elapsedMs: entry.ts - pending.sentAt,
    };
    const parsed = parseFrame(entry.raw);
    if (parsed.ok && parsed.frame.type === 3) {
      pending.resolve({ ...base, outcome: 'result', payload: parsed.frame.payload });
    } else if (parsed.ok && (parsed.frame.type === 4 || parsed.frame.type === 5)) {
      const f = parsed.frame;
      pending.resolve({
        ...base,
        outcome: 'error',
        code: f.errorCode,
        description: f.errorDescription,
        details: f.errorDetails,
      });
    } else {
      // A broken answer is still the answer: what is wrong with it is in its entry's findings.
      pending.resolve({
        ...base,
        outcome: 'error',
        code: '',
        description: parsed.ok ? 'not an answer' : parsed.problem.message,
        details: {},
      });
    }
  }

  /**
   * The connection closed: no answer will come. Only those travelling `answerDirection` when given
   * (a serial bridge's port and CSMS connection end apart).
   */
  closed(answerDirection?: Direction): void {
    const sides = answerDirection === undefined ? Object.values(this.ids) : [this.ids[answerDirection]];
    for (const ids of sides) {
      for (const [id, pending] of ids) {
        if (pending === undefined) continue;
        clearTimeout(pending.timer);
        pending.resolve({
          messageId: id,
          callSeq: pending.callSeq,
          elapsedMs: Date.now() - pending.sentAt,
          outcome: 'closed',
        });
      }
      ids.clear();
    }
  }
}
