/** The inputs every form and editable row uses, bound to a draft's value and its setter. */
import type { InputHTMLAttributes, SelectHTMLAttributes } from 'react';

type TextInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  value: string;
  set: (value: string) => void;
  /** A path, URL, identity or number: monospace, never spell-checked. */
  code?: boolean;
};

export function TextInput({ value, set, code = false, className, ...rest }: TextInputProps) {
  const classes = [code ? 'mono' : undefined, className].filter(Boolean).join(' ');
  return (
    <input
      {...rest}
      {...(code ? { spellCheck: false } : {})}
      className={classes === '' ? undefined : classes}
      value={value}
      onChange={(e) => set(e.target.value)}
    />
  );
}

type SelectProps<T extends string> = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'> & {
  value: T;
  set: (value: T) => void;
  /** A bare value is shown as it is. */
  options: readonly (T | { value: T; text: string })[];
};

export function Select<T extends string>({ value, set, options, ...rest }: SelectProps<T>) {
  return (
    <select {...rest} value={value} onChange={(e) => set(e.target.value as T)}>
      {options.map((o) => {
        const option = typeof o === 'string' ? { value: o, text: o } : o;
        return (
          <option key={option.value} value={option.value}>
            {option.text}
          </option>
        );
      })}
    </select>
  );
}

/** The ✕ at the end of an editable row; `label` names the row (`Remove rule 2`). */
export function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="icon-button" onClick={onClick} aria-label={label} title="Remove">
      ✕
    </button>
  );
}

/** How many times a rule applies, typed as a number; empty (∞) means every time. */
export function TimesInput({
  value,
  set,
  label,
  title,
}: {
  value: string;
  set: (value: string) => void;
  label: string;
  title: string;
}) {
  return (
    <TextInput
      code
      className="times"
      value={value}
      set={set}
      placeholder="∞"
      inputMode="numeric"
      aria-label={label}
      title={title}
    />
  );
}
