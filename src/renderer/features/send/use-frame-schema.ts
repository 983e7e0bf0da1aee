/**
 * The schema that applies to the frame being edited, fetched when its action, kind or version
 * changes. While the text does not parse (mid-edit) the last schema is kept, so the squiggles do
 * not come and go with each keystroke.
 */
import { useEffect, useState } from 'react';
import type { OcppVersion } from '../../../shared/ocpp/versions';
import { fetchSchema } from '../../state/send';
import { frameSchema, frameShape, type FrameShape } from './frame-schema';

export interface BoundSchema {
  /** Names the schema (version, action, kind, message type). */
  uri: string;
  schema: Record<string, unknown>;
  /** In words, for the editor's head: `BootNotification request (OCPP 1.6)`. */
  title: string;
}

type Wanted = FrameShape & { version: OcppVersion };

function parses(raw: string): boolean {
  try {
    JSON.parse(raw);
    return true;
  } catch {
    return false;
  }
}

export function useFrameSchema(
  raw: string,
  version: OcppVersion | undefined,
  answers: string | undefined,
): BoundSchema | undefined {
  const shape = frameShape(raw, answers);
  const wanted: Wanted | undefined = shape && version ? { ...shape, version } : undefined;
  // 'keep': text mid-edit; 'none': a frame no schema applies to (a CALLERROR, another version's action).
  const key = wanted ? JSON.stringify(wanted) : parses(raw) ? 'none' : 'keep';
  const [bound, setBound] = useState<BoundSchema & { key: string }>();
  const [none, setNone] = useState(false);

  useEffect(() => {
    if (key === 'keep') return;
    let current = true;
    const request = key === 'none' ? undefined : (JSON.parse(key) as Wanted);
    const schema = request
      ? fetchSchema(request.version, request.action, request.kind)
      : Promise.resolve(null);
    void schema.then((payload) => {
      if (!current) return;
      setNone(payload === null);
      if (payload === null || request === undefined) return;
      setBound({
        key,
        uri: `ocpp-scope://schema/${request.version}/${request.action}/${request.kind}/${request.type}`,
        schema: frameSchema(request, payload),
        title: `${request.action} ${request.kind} (OCPP ${request.version})`,
      });
    });
    return () => {
      current = false;
    };
  }, [key]);
  return none ? undefined : bound;
}
