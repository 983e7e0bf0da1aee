/**
 * A start form's last values, kept in local storage so that the same proxy, serial bridge or
 * replay is started again in a click. Fields that must not outlive the form (passwords,
 * credentials, a one-off name) are never stored; a stored value of the wrong type (an older
 * version's) falls back to the default.
 */
export interface FormDrafts<T> {
  load(): T;
  save(draft: T): void;
}

export function formDrafts<T extends object>(
  storageKey: string,
  defaults: T,
  notKept: readonly (keyof T & string)[],
): FormDrafts<T> {
  return {
    load() {
      const draft: T = { ...defaults };
      try {
        const stored: unknown = JSON.parse(localStorage.getItem(storageKey) ?? 'null');
        if (typeof stored !== 'object' || stored === null) return draft;
        for (const [key, fallback] of Object.entries(defaults)) {
          const value = (stored as Record<string, unknown>)[key];
          if (!(notKept as readonly string[]).includes(key) && typeof value === typeof fallback)
            Object.assign(draft, { [key]: value });
        }
      } catch {
        // Nothing stored that reads: the defaults.
      }
      return draft;
    },
    save(draft) {
      const kept: T = { ...draft };
      for (const key of notKept) kept[key] = defaults[key];
      try {
        localStorage.setItem(storageKey, JSON.stringify(kept));
      } catch {
        // Storage full or disabled: the form simply starts from the defaults next time.
      }
    },
  };
}
