/** A labelled form row: the label on the left, the control and a hint under it on the right. */
import { useId, type ComponentProps, type ReactNode } from 'react';
import { TextInput } from './Inputs';

interface FieldProps {
  label: string;
  hint?: ReactNode;
  /** What is wrong with the value, shown under it. */
  error?: string;
  /** Gets the id the label points at. */
  children: (id: string) => ReactNode;
}

export function Field({ label, hint, error, children }: FieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <div className="field-control">
        {children(id)}
        {error && (
          <p className="form-error field-error" data-testid="field-error">
            {error}
          </p>
        )}
        {hint && <p className="field-hint">{hint}</p>}
      </div>
    </div>
  );
}

/** A Field whose control is one text input. */
export function TextField({
  label,
  hint,
  error,
  ...input
}: Omit<FieldProps, 'children'> & ComponentProps<typeof TextInput>) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(id) => <TextInput id={id} {...input} />}
    </Field>
  );
}

/** A row of mutually exclusive choices shown as joined buttons. */
export function Segmented<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: readonly { value: T; text: string; title?: string }[];
  onChange: (value: T) => void;
}) {
  return (
    <span className="segmented" role="radiogroup" aria-label={label}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          role="radio"
          aria-checked={value === o.value}
          title={o.title}
          onClick={() => onChange(o.value)}
        >
          {o.text}
        </button>
      ))}
    </span>
  );
}
