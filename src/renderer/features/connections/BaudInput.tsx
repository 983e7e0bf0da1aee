/** The baud rate: the common rates in a list, any other typed after choosing “Other…”. */
import { useState } from 'react';
import { Select, TextInput } from '../../components/Inputs';
import { COMMON_BAUD_RATES } from './serial-form';

const OTHER = 'other';
const OPTIONS = [
  ...COMMON_BAUD_RATES.map((rate) => ({ value: String(rate), text: rate.toLocaleString('en-US') })),
  { value: OTHER, text: 'Other…' },
];

function isCommon(text: string): boolean {
  return COMMON_BAUD_RATES.some((rate) => String(rate) === text.trim());
}

export function BaudInput({ id, value, set }: { id: string; value: string; set: (baud: string) => void }) {
  // Chosen once, not read from the value: typing a common rate under “Other…” keeps the text box.
  const [other, setOther] = useState(() => !isCommon(value));
  return (
    <span className="baud-input">
      <Select
        id={id}
        value={other ? OTHER : value.trim()}
        set={(choice) => {
          setOther(choice === OTHER);
          if (choice !== OTHER) set(choice);
        }}
        options={OPTIONS}
      />
      {other && (
        <TextInput
          code
          value={value}
          set={set}
          inputMode="numeric"
          placeholder="e.g. 250000"
          aria-label="Other baud rate"
          autoFocus
        />
      )}
      <span className="muted">baud</span>
    </span>
  );
}
