/** Which tab the panel under the timeline shows. */
import { create } from 'zustand';

export type PanelTab = 'findings' | 'rules' | 'proxy' | 'csms';

export const usePanel = create<{ tab: PanelTab }>(() => ({ tab: 'findings' }));

export function setPanelTab(tab: PanelTab): void {
  usePanel.setState({ tab });
}
