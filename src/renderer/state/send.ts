/**
 * The frame editor's side of the renderer state: whether it is open and what it was opened with (a
 * captured frame, or nothing: a template is picked inside), and the calls it makes. The schemas
 * come from main (`send.schema`: the OCA schemas weigh 1.7 MB, too much to bundle) and are kept,
 * since an engineer sends the same few actions over and over.
 */
import { create } from 'zustand';
import type { Direction } from '../../shared/capture/entry';
import type { OcppVersion } from '../../shared/ocpp/versions';
import type { SendFrameParams, SendResult } from '../../shared/send/send';
import type { SchemaKind } from '../../shared/validation/registry';
import { attempt, client, type Outcome } from './store';

export interface EditorSeed {
  /** The text to start from; empty: start from a template. */
  raw: string;
  /** The target to preselect (a key of the target options), when it is still there. */
  targetKey?: string;
  /** For an answer: the action of the CALL it answers (its schema is that action's response). */
  answers?: string;
  /** What it was opened from, e.g. `entry #12`. */
  from?: string;
}

interface SendState {
  /** The editor is open, with this seed; a new seed (another frame) restarts it. */
  seed?: EditorSeed & { generation: number };
}

export const useSend = create<SendState>(() => ({}));

let generation = 0;

export function openFrameEditor(seed: EditorSeed): void {
  useSend.setState({ seed: { ...seed, generation: ++generation } });
}

export function closeFrameEditor(): void {
  useSend.setState({ seed: undefined });
}

export function sendFrame(params: SendFrameParams): Promise<Outcome<SendResult>> {
  return attempt(() => client().call('send.frame', params));
}

export async function fetchTemplate(
  version: OcppVersion,
  action: string,
  direction: Direction,
): Promise<Outcome<string>> {
  const outcome = await attempt(() => client().call('send.template', { version, action, direction }));
  return outcome.ok ? { ok: true, value: outcome.value.raw } : outcome;
}

/** version/action/kind -> the schema, or null when main has none (an action of another version). */
const schemas = new Map<string, Promise<Record<string, unknown> | null>>();

export function fetchSchema(
  version: OcppVersion,
  action: string,
  kind: SchemaKind,
): Promise<Record<string, unknown> | null> {
  const key = `${version}/${action}/${kind}`;
  let found = schemas.get(key);
  if (found === undefined) {
    found = client()
      .call('send.schema', { version, action, kind })
      .then(
        ({ schema }) => schema,
        () => {
          // Not cached: an unknown action is typed a letter at a time, and main may have been away.
          schemas.delete(key);
          return null;
        },
      );
    schemas.set(key, found);
  }
  return found;
}
