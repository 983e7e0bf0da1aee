/**
 * The kinds of service chargers connect to, as the Connections tab lists them. Each kind is one
 * entry here (its store, its start dialog, its cards): the serial bridge is one more when it exists.
 */
import type { ComponentType } from 'react';
import { showCsmsDialog, useCsms } from '../../state/csms';
import type { ServiceKindId } from '../../state/panel';
import { showStartDialog, useProxies } from '../../state/proxy';
import { CsmsCards } from '../csms/CsmsCards';
import type { RunningService } from '../endpoint/ServiceCard';
import { ProxyCards } from '../proxy/ProxyCards';

export interface ServiceKind {
  id: ServiceKindId;
  title: string;
  /** What it is called in a sentence: `the proxy on …`. */
  noun: string;
  /** What it is for, said while none runs. */
  purpose: string;
  startText: string;
  start: () => void;
  /** The running services of this kind (a hook: it reads the kind's store). */
  useServices: () => readonly RunningService[];
  /** Their cards, with the kind's own tools. */
  Cards: ComponentType;
}

export const SERVICE_KINDS: readonly ServiceKind[] = [
  {
    id: 'proxy',
    title: 'Proxy',
    noun: 'proxy',
    purpose:
      'Sits between chargers and their real CSMS: chargers connect to it instead, every frame is forwarded ' +
      'unchanged and recorded both ways. Frames can be injected, and fault rules drop, delay or alter them.',
    startText: 'Start proxy…',
    start: () => showStartDialog(true),
    useServices: () => useProxies((s) => s.proxies),
    Cards: ProxyCards,
  },
  {
    id: 'csms',
    title: 'Mock CSMS',
    noun: 'mock CSMS',
    purpose:
      'A CSMS on this machine for bench tests: it answers chargers as configured (boot, authorization, ' +
      'transactions, errors), shows their state and sends them any CSMS-initiated command.',
    startText: 'Start mock CSMS…',
    start: () => showCsmsDialog({ mode: 'start' }),
    useServices: () => useCsms((s) => s.servers),
    Cards: CsmsCards,
  },
];

/** Every kind with its running services. */
export function useRunningServices(): { kind: ServiceKind; services: readonly RunningService[] }[] {
  // SERVICE_KINDS is a constant: every render calls the same hooks in the same order.
  return SERVICE_KINDS.map((kind) => ({ kind, services: kind.useServices() }));
}
