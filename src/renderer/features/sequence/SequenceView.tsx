/** The sequence diagram of the opened session (or of its filter). */
export function SequenceView() {
  return <section className="sequence" aria-label="Sequence diagram" data-testid="sequence" />;
}
