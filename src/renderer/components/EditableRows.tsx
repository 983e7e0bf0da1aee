/** A list of keyed rows edited in place: each row's inputs and a remove button, then "Add …". */
import type { ReactNode } from 'react';
import { RemoveButton } from './Inputs';
import { patchKeyed, withoutKey, type Keyed } from './keyed';

interface Props<T extends Keyed> {
  rows: readonly T[];
  setRows: (rows: T[]) => void;
  newRow: () => T;
  /** What a row is, for the buttons: `station` gives "Add station" and "Remove station 2". */
  noun: string;
  /** A row's inputs; `n` counts from 1, for their labels. */
  children: (row: T, n: number, change: (patch: Partial<T>) => void) => ReactNode;
}

export function EditableRows<T extends Keyed>({ rows, setRows, newRow, noun, children }: Props<T>) {
  return (
    <div className="form-table">
      {rows.map((row, k) => (
        <div key={row.key} className="form-table-row">
          {children(row, k + 1, (patch) => setRows(patchKeyed(rows, row.key, patch)))}
          <RemoveButton
            label={`Remove ${noun} ${k + 1}`}
            onClick={() => setRows(withoutKey(rows, row.key))}
          />
        </div>
      ))}
      <button type="button" className="add-row" onClick={() => setRows([...rows, newRow()])}>
        Add {noun}
      </button>
    </div>
  );
}
