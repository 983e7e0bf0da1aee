/** How a report judges the session: the analysis profile, and the severity that fails it. */
import { Field, Segmented } from '../../components/Field';
import type { Profile } from '../../../shared/analysis/finding';
import type { FailOn } from '../../state/export';

const PROFILE_OPTIONS: readonly { value: Profile | ''; text: string; title: string }[] = [
  {
    value: 'strict',
    text: 'strict',
    title: 'The schemas and the spec exactly: known field deviations are errors',
  },
  {
    value: 'lenient',
    text: 'lenient',
    title: 'Known field deviations (Celcius/Celsius, date-times without a zone, ...) are warnings',
  },
];

const FAIL_ON_OPTIONS: readonly { value: FailOn; text: string; title: string }[] = [
  { value: 'error', text: 'error', title: 'A rule fails when it has an error' },
  { value: 'warning', text: 'warning', title: 'A rule fails when it has a warning or an error' },
  { value: 'never', text: 'never', title: 'No rule fails: the findings are listed, the result is passed' },
];

interface Props {
  /** Unset: the app's profile is not known yet (no session opened); main then uses its own. */
  profile: Profile | undefined;
  appProfile: Profile | undefined;
  failOn: FailOn;
  setProfile: (profile: Profile) => void;
  setFailOn: (failOn: FailOn) => void;
  junit: boolean;
}

export function AnalysisFields({ profile, appProfile, failOn, setProfile, setFailOn, junit }: Props) {
  const profileHint =
    appProfile === undefined
      ? 'The session is analysed afresh for the report, with the app’s profile unless you pick one.'
      : profile === appProfile
        ? 'The session is analysed afresh for the report, with the profile the app uses now.'
        : `Not the app’s profile (${appProfile}): the report’s verdicts may differ from the Findings panel.`;
  return (
    <fieldset className="form-section">
      <legend>Analysis</legend>
      <Field label="Profile" hint={profileHint}>
        {() => (
          <Segmented<Profile | ''>
            label="Profile"
            value={profile ?? ''}
            options={PROFILE_OPTIONS}
            onChange={(value) => {
              if (value !== '') setProfile(value);
            }}
          />
        )}
      </Field>
      <Field
        label="Fail on"
        hint={
          junit ? (
            <>
              Findings of this severity or worse make their rule’s test case a failure, as{' '}
              <code>ocpp-scope check --fail-on</code> does.
            </>
          ) : (
            'Findings of this severity or worse fail their rule, and the report’s result with it.'
          )
        }
      >
        {() => (
          <Segmented<FailOn> label="Fail on" value={failOn} options={FAIL_ON_OPTIONS} onChange={setFailOn} />
        )}
      </Field>
    </fieldset>
  );
}
