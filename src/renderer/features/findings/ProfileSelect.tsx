/** strict / lenient: the whole analysis runs again in main under the chosen profile. */
import { useState } from 'react';
import { PROFILES, type Profile } from '../../../shared/analysis/finding';
import { setProfile } from '../../state/analysis';

const EXPLAIN: Record<Profile, string> = {
  strict: 'The schemas and the spec exactly: known field deviations are errors',
  lenient: 'Known field deviations (Celcius/Celsius, date-times without a zone, ...) are warnings',
};

export function ProfileSelect({ current }: { current: Profile | undefined }) {
  const [pending, setPending] = useState<Profile>();
  const shown = pending ?? current;
  return (
    <span className="profile-select" role="radiogroup" aria-label="Analysis profile">
      <span className="muted">Profile</span>
      {PROFILES.map((profile) => (
        <button
          key={profile}
          type="button"
          role="radio"
          aria-checked={shown === profile}
          disabled={current === undefined || pending !== undefined}
          title={EXPLAIN[profile]}
          onClick={() => {
            if (profile === current) return;
            setPending(profile);
            void setProfile(profile).finally(() => setPending(undefined));
          }}
        >
          {profile}
        </button>
      ))}
    </span>
  );
}
