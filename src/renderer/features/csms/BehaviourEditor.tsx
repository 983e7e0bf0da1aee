/**
 * The mock CSMS's behaviour, edited in a form or as the JSON of the CLI's --config file (the same
 * settings both ways). A problem found by the check is shown next to its field, or as a marker in
 * the JSON; the JSON must be a valid config before the form can show it again.
 */
import { useMemo } from 'react';
import { Segmented } from '../../components/Field';
import { BehaviourForm } from './BehaviourForm';
import { switchMode, type BehaviourState, type ConfigDraft, type ConfigProblem } from './config-draft';
import { JsonEditor, type EditorProblem } from './JsonEditor';
import { OverridesTable } from './OverridesTable';
import { StationsTable } from './StationsTable';
import { TokensTable } from './TokensTable';

interface Props {
  state: BehaviourState;
  setState: (state: BehaviourState) => void;
  problem?: ConfigProblem;
  setProblem: (problem: ConfigProblem | undefined) => void;
}

const MODES = [
  { value: 'form', text: 'Form' },
  { value: 'json', text: 'JSON (config file)' },
] as const satisfies readonly { value: BehaviourState['mode']; text: string }[];

export function BehaviourEditor({ state, setState, problem, setProblem }: Props) {
  const change = (patch: Partial<ConfigDraft>) => setState({ ...state, draft: { ...state.draft, ...patch } });
  const editorProblem = useMemo<EditorProblem | undefined>(
    () =>
      problem && {
        message: problem.message,
        ...(problem.path !== undefined ? { path: problem.path } : {}),
        ...(problem.offset !== undefined ? { offset: problem.offset } : {}),
      },
    [problem],
  );
  const setMode = (mode: BehaviourState['mode']) => {
    const switched = switchMode(state, mode);
    if ('problem' in switched) {
      setProblem(switched.problem);
      return;
    }
    setProblem(undefined);
    setState(switched.state);
  };
  return (
    <>
      <div className="behaviour-mode">
        <span className="behaviour-title">Behaviour</span>
        <Segmented label="Edit the behaviour as" value={state.mode} options={MODES} onChange={setMode} />
        <span className="muted small">
          {state.mode === 'json' ? (
            <>
              The format of <code>ocpp-scope csms --config FILE</code>; fields left out take their defaults.
            </>
          ) : (
            'The same settings as the config file of ocpp-scope csms --config.'
          )}
        </span>
      </div>
      {state.mode === 'json' ? (
        <div className="config-json">
          <JsonEditor
            label="CSMS config (JSON)"
            value={state.text}
            onChange={(text) => setState({ ...state, text })}
            problem={editorProblem}
          />
          {problem && (
            <p className="form-error field-error" data-testid="field-error">
              {problem.message}
            </p>
          )}
        </div>
      ) : (
        <>
          <fieldset className="form-section">
            <legend>Answers</legend>
            <BehaviourForm draft={state.draft} change={change} problem={problem} />
          </fieldset>
          <fieldset className="form-section">
            <legend>Stations</legend>
            <StationsTable draft={state.draft} change={change} problem={problem} />
          </fieldset>
          <fieldset className="form-section">
            <legend>Authorization</legend>
            <TokensTable draft={state.draft} change={change} problem={problem} />
          </fieldset>
          <fieldset className="form-section">
            <legend>Per-action overrides</legend>
            <OverridesTable draft={state.draft} change={change} problem={problem} />
          </fieldset>
        </>
      )}
    </>
  );
}
