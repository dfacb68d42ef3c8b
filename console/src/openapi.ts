// The API's own description (/openapi.json) of every ticket action: its label, its input schema
// with Chinese field titles, and the catalog entries its fields name. The action buttons and forms
// are built from it (form-fields.ts), so an action added to the engine needs no console change.
import { api } from './api';
import { actionSpecs, type ActionSpec, type OpenApiDocument } from './form-fields';

export type { ActionSpec };

let loading: Promise<Map<string, ActionSpec>> | undefined;

/** Every action by its URL segment. */
export function loadActions(): Promise<Map<string, ActionSpec>> {
  loading ??= api<OpenApiDocument>('/openapi.json').then(actionSpecs, (err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}
