/** The rows of an editable table, each with a key that outlives edits (React's key, the row to change). */
export interface Keyed {
  key: number;
}

export function patchKeyed<T extends Keyed>(rows: readonly T[], key: number, patch: Partial<T>): T[] {
  return rows.map((row) => (row.key === key ? { ...row, ...patch } : row));
}

export function withoutKey<T extends Keyed>(rows: readonly T[], key: number): T[] {
  return rows.filter((row) => row.key !== key);
}
