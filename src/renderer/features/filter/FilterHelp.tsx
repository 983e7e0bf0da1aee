/** Every filter term with its values and an example (a click applies it), and the syntax. */
import { SYNTAX_HELP } from '../../../shared/filter/syntax';
import { TERMS } from '../../../shared/filter/terms';

export function FilterHelp({ onPick, onClose }: { onPick: (example: string) => void; onClose: () => void }) {
  return (
    <section
      className="filter-help"
      aria-label="Filter help"
      data-testid="filter-help"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <div className="filter-help-head">
        <strong>Filter terms</strong>
        <span className="muted small">evaluated over the whole session; click an example to apply it</span>
        <span className="spacer" />
        <button type="button" className="icon-button" aria-label="Close the filter help" onClick={onClose}>
          ×
        </button>
      </div>
      <table className="filter-terms">
        <tbody>
          {TERMS.map((term) => (
            <tr key={term.name} data-term={term.name}>
              <th scope="row" className="mono">
                {term.name}
                {term.aliases.length > 0 && <span className="muted"> ({term.aliases.join(', ')})</span>}
              </th>
              <td>
                {term.description}
                <span className="muted small filter-values">{term.values}</span>
              </td>
              <td>
                <button type="button" className="link mono" onClick={() => onPick(term.example)}>
                  {term.example}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="filter-syntax">
        {SYNTAX_HELP.map(({ form, meaning }) => (
          <div key={form}>
            <dt className="mono">{form}</dt>
            <dd>{meaning}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
