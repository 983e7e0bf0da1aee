/**
 * Which schema Monaco's JSON language service applies to which editor. Its diagnostics options are
 * global (one set for every JSON model), so each frame editor registers its model's schema here and
 * the whole list is set again; editors without one (the CSMS config, a payload) are not matched.
 */
import type { Monaco } from '../../components/monaco-editor';

interface Bound {
  uri: string;
  schema: Record<string, unknown>;
}

const bound = new Map<string, Bound>();

function apply(monaco: Monaco): void {
  monaco.json.jsonDefaults.setDiagnosticsOptions({
    validate: true,
    allowComments: false,
    // Never fetched: the app works offline, and every schema is given here.
    enableSchemaRequest: false,
    schemaValidation: 'error',
    schemas: [...bound].map(([model, { uri, schema }]) => ({ uri, fileMatch: [model], schema })),
  });
}

/** `uri` names the schema: the same uri for the same schema lets the worker keep what it compiled. */
export function bindSchema(monaco: Monaco, modelUri: string, schema: Bound | undefined): void {
  const before = bound.get(modelUri);
  if (before?.uri === schema?.uri) return;
  if (schema === undefined) bound.delete(modelUri);
  else bound.set(modelUri, schema);
  apply(monaco);
}
