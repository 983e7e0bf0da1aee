/**
 * The analysis side of the renderer state: the rule catalog (fetched once), the profile, and
 * pages of findings. The summary itself lives in the app store, which refreshes it with the deltas.
 */
import { create } from 'zustand';
import type { Finding, Profile, Rule } from '../../shared/analysis/finding';
import { client, report, useApp } from './store';
import { reloadOpened } from './sessions';

export const FINDINGS_PAGE = 200;

export const useRules = create<{ rules?: Rule[] }>(() => ({}));

let rulesLoading = false;

export function loadRules(): void {
  if (rulesLoading || useRules.getState().rules) return;
  rulesLoading = true;
  client()
    .call('analysis.rules', {})
    .then((rules) => useRules.setState({ rules }), report)
    .finally(() => (rulesLoading = false));
}

/** Analyses the opened sessions again under `profile`, then shows the result. */
export async function setProfile(profile: Profile): Promise<void> {
  try {
    await client().call('analysis.setProfile', { profile });
    await reloadOpened();
  } catch (error) {
    report(error);
  }
}

/** A page of the opened session's findings of one rule (undefined when the session changed). */
export async function fetchFindings(
  rule: string,
  offset: number,
  limit: number,
): Promise<{ total: number; findings: Finding[] } | undefined> {
  const sessionId = useApp.getState().opened?.info.id;
  if (sessionId === undefined) return undefined;
  const page = await client().call('analysis.findings', { sessionId, rule, offset, limit });
  return useApp.getState().opened?.info.id === sessionId ? page : undefined;
}
