/**
 * One rule's findings: collapsed to its title and count; expanded, its findings fetched from main
 * a page at a time (a capture can hold tens of thousands of one rule).
 */
import { useEffect, useRef, useState } from 'react';
import type { Finding, Profile } from '../../../shared/analysis/finding';
import type { RuleCount } from '../../../shared/analysis/summary';
import { SeverityIcon } from '../../components/Severity';
import { FINDINGS_PAGE, fetchFindings } from '../../state/analysis';
import { report } from '../../state/store';
import { applyFilter } from '../../state/view';
import './findings.css';
import { FindingItem } from './FindingItem';

export function FindingGroup({ group, profile }: { group: RuleCount; profile: Profile }) {
  const [open, setOpen] = useState(false);
  const [findings, setFindings] = useState<Finding[]>([]);
  const [loadingMore, setLoadingMore] = useState(false);
  // How many are shown, read when the group is fetched again so that "load more" is not undone;
  // a ref written where the state is, because the effect must not run again on each page.
  const shown = useRef(0);

  // Fetched again when the count grows (live capture) or the profile changes the severities.
  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    fetchFindings(group.rule, 0, Math.max(FINDINGS_PAGE, shown.current)).then((page) => {
      if (cancelled || !page) return;
      shown.current = page.findings.length;
      setFindings(page.findings);
    }, report);
    return () => {
      cancelled = true;
    };
  }, [open, group.rule, group.count, profile]);

  const loadMore = () => {
    const offset = findings.length;
    setLoadingMore(true);
    fetchFindings(group.rule, offset, FINDINGS_PAGE)
      .then((page) => {
        // A reload meanwhile (new findings, another profile) already brought this page.
        if (!page || shown.current !== offset) return;
        shown.current = offset + page.findings.length;
        setFindings((current) => [...current, ...page.findings]);
      }, report)
      .finally(() => setLoadingMore(false));
  };

  return (
    <li className="finding-group" data-rule={group.rule}>
      <button
        type="button"
        className="group-head"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid="finding-group"
      >
        <span className="chevron">{open ? '▾' : '▸'}</span>
        <SeverityIcon severity={group.severity} />
        <span className="group-title">{group.title}</span>
        <span className="mono muted group-rule">{group.rule}</span>
        <span className="spacer" />
        <span className="group-count" data-testid="group-count">
          {group.count.toLocaleString()}
        </span>
      </button>
      <button
        type="button"
        className="group-filter"
        onClick={() => void applyFilter(`rule:${group.rule}`).catch(report)}
        title={`Show only the entries of this rule's findings (filter rule:${group.rule})`}
        aria-label={`Filter the entries of ${group.rule}`}
        data-testid="filter-by-rule"
      >
        filter
      </button>
      {open && (
        <ul className="finding-list">
          {findings.map((finding, k) => (
            <FindingItem key={k} finding={finding} />
          ))}
          {findings.length < group.count && (
            <li className="load-more">
              <button type="button" onClick={loadMore} disabled={loadingMore || findings.length === 0}>
                {findings.length === 0
                  ? 'Loading…'
                  : `Load more (${findings.length.toLocaleString()} of ${group.count.toLocaleString()} shown)`}
              </button>
            </li>
          )}
        </ul>
      )}
    </li>
  );
}
