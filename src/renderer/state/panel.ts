/**
 * The panel under the timeline: which tab it shows (findings, rules, connections, replays),
 * whether it is folded, and which kind of service the Connections tab brings into view (a top-bar
 * indicator, a service just started).
 */
import { create } from 'zustand';

export type PanelTab = 'findings' | 'rules' | 'connections' | 'replay';

/** The services chargers connect to (over the network, or a serial line through the bridge). */
export type ServiceKindId = 'proxy' | 'csms' | 'serial';

export interface PanelState {
  tab: PanelTab;
  collapsed: boolean;
  /** Asked for by `showConnections`, until the tab has scrolled to it. */
  focus?: ServiceKindId;
}

export const usePanel = create<PanelState>(() => ({ tab: 'findings', collapsed: false }));

export function setPanelTab(tab: PanelTab): void {
  usePanel.setState({ tab, collapsed: false });
}

export function setPanelCollapsed(collapsed: boolean): void {
  usePanel.setState({ collapsed });
}

/** The Connections tab in front and unfolded, scrolled to the services of `kind`. */
export function showConnections(kind?: ServiceKindId): void {
  usePanel.setState({
    tab: 'connections',
    collapsed: false,
    ...(kind ? { focus: kind } : {}),
  });
}

/** The Connections tab has scrolled to what `showConnections` asked for. */
export function clearConnectionsFocus(): void {
  usePanel.setState({ focus: undefined });
}
