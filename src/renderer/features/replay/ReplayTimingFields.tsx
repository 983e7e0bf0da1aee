/** How fast the CALLs go out, how long an answer is waited for, what an unexpected CALL gets. */
import { Field, Segmented, TextField } from '../../components/Field';
import { Select, TextInput } from '../../components/Inputs';
import type { DraftErrors, ReplayDraft, TimingMode } from './replay-form';

interface Props {
  draft: ReplayDraft;
  change: (patch: Partial<ReplayDraft>) => void;
  errors: DraftErrors;
}

const TIMINGS: readonly { value: TimingMode; text: string; title: string }[] = [
  { value: 'recorded', text: 'as recorded', title: 'The recorded gaps between CALLs' },
  { value: 'scaled', text: 'scaled', title: 'The recorded gaps, N times faster' },
  { value: 'max', text: 'as fast as answers come', title: 'Each CALL as soon as the last is answered' },
];

const UNMATCHED = [
  { value: 'auto', text: 'default for the side' },
  { value: 'error', text: 'CALLERROR NotImplemented' },
  { value: 'default', text: 'a schema-valid answer' },
] as const;

export function ReplayTimingFields({ draft, change, errors }: Props) {
  return (
    <fieldset className="form-section">
      <legend>Timing</legend>
      <Field
        label="Speed"
        error={errors.factor}
        hint={
          draft.timing === 'scaled'
            ? '2 is twice as fast as recorded, 0.5 half as fast.'
            : draft.timing === 'max'
              ? 'A regression run: no waiting beyond the peer’s answers.'
              : 'Reproduces timing-dependent faults (heartbeats, timeouts), at the recording’s pace.'
        }
      >
        {() => (
          <span className="field-inline">
            <Segmented
              label="Timing"
              value={draft.timing}
              options={TIMINGS}
              onChange={(timing) => change({ timing })}
            />
            {draft.timing === 'scaled' && (
              <span className="number-field">
                ×
                <TextInput
                  code
                  value={draft.factor}
                  set={(factor) => change({ factor })}
                  inputMode="decimal"
                  aria-label="Speed factor"
                  aria-invalid={errors.factor !== undefined}
                  data-testid="replay-factor"
                />
              </span>
            )}
          </span>
        )}
      </Field>
      <TextField
        label="Answer timeout"
        hint="Seconds an answer (as the CSMS: the station’s next step) is waited for. Empty: 30 s."
        error={errors.timeoutS}
        aria-invalid={errors.timeoutS !== undefined}
        code
        value={draft.timeoutS}
        set={(timeoutS) => change({ timeoutS })}
        placeholder="30"
        inputMode="decimal"
      />
      <Field
        label="Unrecorded CALLs"
        hint="What a CALL of the other side gets when the recording has no answer for its action. Default: an error as the station, a valid answer as the CSMS."
      >
        {(id) => (
          <Select
            id={id}
            value={draft.unmatched}
            set={(unmatched) => change({ unmatched })}
            options={UNMATCHED}
          />
        )}
      </Field>
      <TextField
        label="Session name"
        hint="Optional. By default “Replay of <session> as the <side>”."
        value={draft.name}
        set={(name) => change({ name })}
        placeholder="e.g. Regression after CSMS 4.2 upgrade"
      />
    </fieldset>
  );
}
