/**
 * What the exported file may carry. Redaction is on unless switched off, and switched off it says
 * plainly what that means: the file then holds credentials in clear.
 */
interface Props {
  redact: boolean;
  anonymize: boolean;
  setRedact: (redact: boolean) => void;
  setAnonymize: (anonymize: boolean) => void;
}

export function PrivacyFields({ redact, anonymize, setRedact, setAnonymize }: Props) {
  return (
    <fieldset className="form-section export-privacy">
      <legend>Privacy</legend>
      <label className="export-option">
        <input type="checkbox" checked={redact} onChange={(e) => setRedact(e.target.checked)} />
        <span>
          <strong>Redact secrets</strong>
          <span className="export-hint">
            Authorization headers (Basic credentials, tokens, cookies), credentials in URLs, AuthorizationKey,
            BasicAuthPassword and other passwords and keys of the configuration and network profiles, private
            keys and CSRs become <code>&lt;redacted&gt;</code>, in frames, connection details and console
            lines alike. The report is made from the redacted capture, so no finding can quote a secret.
          </span>
        </span>
      </label>
      {!redact && (
        <p className="form-warning export-warning" role="alert" data-testid="export-no-redact">
          Secrets are <strong>not</strong> redacted: the file holds the station&apos;s credentials and keys as
          they were sent. Keep it to yourself; do not hand it over or attach it to a ticket.
        </p>
      )}
      <label className="export-option">
        <input type="checkbox" checked={anonymize} onChange={(e) => setAnonymize(e.target.checked)} />
        <span>
          <strong>Anonymize station ids and idTags / idTokens</strong>
          <span className="export-hint">
            Each becomes a consistent pseudonym (<code>station-1</code>, <code>token-1</code>) everywhere it
            appears, so the analysis gives the same verdicts.
          </span>
        </span>
      </label>
    </fieldset>
  );
}
