/**
 * An answer carries no action (OCPP-J RPC framework): to match fault rules and breakpoints by
 * action, a connection remembers the action of each CALL by its id and direction, and an answer
 * travelling the other way takes the action of the CALL it answers. Frames are read for this only
 * while a rule needs it: the proxy does not parse what it only forwards.
 */
import type { Direction } from '../../../shared/capture/entry';
import { opposite } from '../../../shared/ocpp/correlation';

/** A frame's text as a JSON array, or undefined. */
export function peekArray(raw: string): unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export interface FrameHead {
  type: unknown;
  id: string;
  action: unknown;
}

/** Type, id and action of an OCPP-J array with a string id; undefined for anything else. */
export function readHead(raw: string): FrameHead | undefined {
  const value = peekArray(raw);
  const id = value?.[1];
  return value !== undefined && typeof id === 'string' ? { type: value[0], id, action: value[2] } : undefined;
}

export class CallActions {
  /** CALL id -> action, per direction the CALL travelled. */
  private readonly calls: Record<Direction, Map<string, string>> = {
    toCsms: new Map(),
    toStation: new Map(),
  };

  /**
   * The action of a frame: a CALL's own (remembered when `remember`), or for an answer that of the
   * CALL it answers (then forgotten); undefined when unknown.
   */
  see(direction: Direction, head: FrameHead, remember: boolean): string | undefined {
    if (head.type === 2 && typeof head.action === 'string') {
      if (remember) this.calls[direction].set(head.id, head.action);
      return head.action;
    }
    if (head.type === 3 || head.type === 4) {
      const calls = this.calls[opposite(direction)];
      const action = calls.get(head.id);
      calls.delete(head.id);
      return action;
    }
    return undefined;
  }

  /** A CALL that will not go out as it arrived (it was edited). */
  forget(direction: Direction, id: string): void {
    this.calls[direction].delete(id);
  }
}
