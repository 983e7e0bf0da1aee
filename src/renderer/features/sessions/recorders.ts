/** Which running service records into which session: those sessions cannot be deleted yet. */
import type { ServiceKindId } from '../../state/panel';
import { useRunningServices } from '../connections/service-kinds';

export interface Recorder {
  kind: ServiceKindId;
  /** e.g. `proxy`, `mock CSMS`. */
  noun: string;
  url: string;
}

export function useRecorders(): Map<string, Recorder> {
  const recorders = new Map<string, Recorder>();
  for (const { kind, services } of useRunningServices()) {
    for (const service of services)
      recorders.set(service.sessionId, { kind: kind.id, noun: kind.noun, url: service.url });
  }
  return recorders;
}
