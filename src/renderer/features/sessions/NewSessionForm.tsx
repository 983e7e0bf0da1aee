/**
 * Names a new, empty session (to replay into, to build by hand) in place, like a rename: Enter
 * creates and opens it, Escape or leaving the field cancels.
 */
import { createSession } from '../../state/sessions';

/** e.g. `Session 2025-03-04 14:05`, in local time: the name someone at the bench reads. */
function defaultName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `Session ${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

export function NewSessionForm({ done }: { done: (returnFocus: boolean) => void }) {
  return (
    <form
      className="new-session"
      onSubmit={(event) => {
        event.preventDefault();
        const name = new FormData(event.currentTarget).get('name');
        if (typeof name === 'string' && name.trim()) void createSession(name.trim());
        done(false);
      }}
    >
      <input
        name="name"
        defaultValue={defaultName(new Date())}
        autoFocus
        onFocus={(event) => event.currentTarget.select()}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            done(true);
          }
        }}
        onBlur={() => done(false)}
        aria-label="New session name"
        required
      />
    </form>
  );
}
