/**
 * The kinds of service chargers connect to, as the Connections tab lists them. Each kind is one
 * entry here (its store, its start dialog, its cards). What brings chargers in (the proxy, the
 * serial bridge) comes before the CSMS they may be brought to: a bridge just started is seen first,
 * not under the card of its own mock CSMS.
 */
import type { ComponentType } from 'react';
import { showCsmsDialog, useCsms } from '../../state/csms';
import type { ServiceKindId } from '../../state/panel';
import { showStartDialog, useProxies } from '../../state/proxy';
import { showSerialDialog, useSerial } from '../../state/serial';
import { CsmsCards } from '../csms/CsmsCards';
import { ProxyCards } from '../proxy/ProxyCards';
import { SerialCards } from './SerialCards';

/** What the tab and the sessions sidebar need of any running service. */
export interface ServiceSummary {
  id: string;
  sessionId: string;
  /** Where it runs, in a sentence: `the proxy on <url>`, `the serial bridge on <port>`. */
  url: string;
}

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
  useServices: () => readonly ServiceSummary[];
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
    id: 'serial',
    title: 'Serial bridges',
    noun: 'serial bridge',
    purpose:
      'For chargers and test firmwares that speak OCPP-J over a serial line (USB-UART, RS-485): the bridge ' +
      'opens the port and connects to a CSMS (or a mock CSMS of its own) as the station. Frames go both ' +
      'ways; the firmware’s log lines on the same line are recorded between them, in order. A port ' +
      'unplugged or a CSMS gone is reopened by itself.',
    startText: 'Start serial bridge…',
    start: () => showSerialDialog(true),
    useServices: () => useSerialServices(),
    Cards: SerialCards,
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

/** A bridge runs "on" its port: the sidebar says `the serial bridge on /dev/ttyUSB0`. */
function useSerialServices(): readonly ServiceSummary[] {
  const bridges = useSerial((s) => s.bridges);
  return bridges.map((b) => ({ id: b.id, sessionId: b.sessionId, url: b.port }));
}

/** Every kind with its running services. */
export function useRunningServices(): { kind: ServiceKind; services: readonly ServiceSummary[] }[] {
  // SERVICE_KINDS is a constant: every render calls the same hooks in the same order.
  return SERVICE_KINDS.map((kind) => ({ kind, services: kind.useServices() }));
}
