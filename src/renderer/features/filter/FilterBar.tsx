/**
 * The filter bar: an expression over the whole session, run in main. Errors are found as the
 * user types (the same compiler, here in the renderer) and underlined where they are; Enter
 * applies, Escape reverts the draft and then clears the filter. Applied filters are remembered.
 */
import { useId, useMemo, useRef, useState } from 'react';
import { compileFilter, type FilterError } from '../../../shared/filter/filter';
import { recentFilters } from '../../state/filter-history';
import { report, useApp } from '../../state/store';
import { applyFilter, clearFilter } from '../../state/view';
import { FilterHelp } from './FilterHelp';
import './filter.css';

/** The draft with its error range wrapped, drawn under the (transparent) input. */
function Underline({ text, error }: { text: string; error: FilterError }) {
  // An error at the end (a missing value, an unclosed parenthesis) underlines one blank past it.
  const end = Math.max(error.end, error.start + 1);
  return (
    <>
      {text.slice(0, error.start)}
      <span className="filter-error-range">
        {text.slice(error.start, end).padEnd(end - error.start, '\u00a0')}
      </span>
      {text.slice(end)}
    </>
  );
}

const PLACEHOLDER =
  'Filter, e.g. station:CP-1 action:*Transaction · severity:warning · not type:call · "Faulted"  (Enter)';

export function FilterBar() {
  const opened = useApp((s) => s.opened);
  const applied = useApp((s) => s.filter);
  const [draft, setDraft] = useState(applied ?? '');
  const [serverError, setServerError] = useState<FilterError>();
  const [busy, setBusy] = useState(false);
  const [help, setHelp] = useState(false);
  const [recent, setRecent] = useState<string[]>([]);
  const mirror = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const ids = useId();

  // A filter applied from elsewhere (a finding's rule) shows in the bar (state adjusted while
  // rendering, as React advises, rather than in an effect that renders twice).
  const [shown, setShown] = useState(applied);
  if (shown !== applied) {
    setShown(applied);
    setDraft(applied ?? '');
    setServerError(undefined);
  }

  const day = opened?.stats.firstTs;
  const local = useMemo(
    () => (draft.trim() === '' ? undefined : compileFilter(draft, { day })),
    [draft, day],
  );
  const error = serverError ?? (local?.ok === false ? local.error : undefined);
  if (!opened) return null;

  const apply = (text: string) => {
    setBusy(true);
    applyFilter(text)
      .then(setServerError, report)
      .finally(() => setBusy(false));
  };
  const state = error ? 'error' : draft !== (applied ?? '') ? 'draft' : applied ? 'applied' : 'none';
  return (
    <div className="filter-bar" data-state={state}>
      <div className="filter-field">
        <div className="filter-mirror" aria-hidden="true" ref={mirror}>
          {error ? <Underline text={draft} error={error} /> : draft}
        </div>
        <input
          ref={input}
          className="filter-input mono"
          value={draft}
          spellCheck={false}
          autoComplete="off"
          list={`${ids}-recent`}
          placeholder={PLACEHOLDER}
          aria-label="Filter expression"
          aria-invalid={error !== undefined}
          aria-describedby={error ? `${ids}-error` : undefined}
          data-testid="filter-input"
          onFocus={() => setRecent(recentFilters())}
          onChange={(event) => {
            setDraft(event.target.value);
            setServerError(undefined);
          }}
          onScroll={(event) => {
            if (mirror.current) mirror.current.scrollLeft = event.currentTarget.scrollLeft;
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !error) {
              event.preventDefault();
              apply(draft);
            } else if (event.key === 'Escape') {
              event.preventDefault();
              if (draft !== (applied ?? '')) setDraft(applied ?? '');
              else void clearFilter().catch(report);
            }
          }}
        />
        <datalist id={`${ids}-recent`}>
          {recent.map((item) => (
            <option key={item} value={item} />
          ))}
        </datalist>
      </div>
      {busy && <span className="muted small">filtering…</span>}
      {(applied !== undefined || draft !== '') && (
        <button
          type="button"
          className="icon-button"
          title="Clear the filter (Escape)"
          aria-label="Clear the filter"
          onClick={() => {
            setDraft('');
            void clearFilter().catch(report);
            input.current?.focus();
          }}
        >
          ×
        </button>
      )}
      <button
        type="button"
        className="icon-button"
        aria-expanded={help}
        title="The filter terms, with examples"
        onClick={() => setHelp(!help)}
        data-testid="filter-help-button"
      >
        ?
      </button>
      {error && (
        <p className="filter-error" id={`${ids}-error`} role="alert" data-testid="filter-error">
          column {error.start + 1}: {error.message}
        </p>
      )}
      {help && (
        <FilterHelp
          onPick={(example) => {
            setDraft(example);
            apply(example);
          }}
          onClose={() => {
            setHelp(false);
            input.current?.focus();
          }}
        />
      )}
    </div>
  );
}
