// The API's own description (/openapi.json) of every ticket action: its label, its input schema
// with Chinese field titles, and the catalog entries its fields name. The action buttons and forms
// are built from it, so an action added to the engine needs no console change.
import { api } from './api';

export interface JsonSchema {
  type?: string;
  title?: string;
  description?: string;
  enum?: (string | number | boolean)[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  default?: unknown;
  $ref?: string;
  'x-enum-labels'?: Record<string, string>;
  'x-pattern-message'?: string;
}

export interface Reference {
  field: string;
  kind: 'unit' | 'situation' | 'city' | 'ticket';
}

export interface ActionSpec {
  /** The action's name (the audit trail's) and its URL segment. */
  name: string;
  path: string;
  label: string;
  schema: JsonSchema;
  references: Reference[];
}

interface Operation {
  operationId?: string;
  summary?: string;
  'x-references'?: Reference[];
  requestBody?: { content?: { 'application/json'?: { schema?: JsonSchema } } };
}
interface Document {
  paths: Record<string, { post?: Operation }>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const PREFIX = '/api/v1/tickets/{id}/actions/';
let loading: Promise<Map<string, ActionSpec>> | undefined;

function resolve(doc: Document, s: JsonSchema | undefined): JsonSchema {
  if (!s) return { type: 'object', properties: {} };
  if (s.$ref) return resolve(doc, doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')]);
  return s;
}

/** Every action by its URL segment. */
export function loadActions(): Promise<Map<string, ActionSpec>> {
  loading ??= api<Document>('/openapi.json').then((doc) => {
    const specs = new Map<string, ActionSpec>();
    for (const [p, item] of Object.entries(doc.paths)) {
      const op = item.post;
      if (!p.startsWith(PREFIX) || !op) continue;
      const path = p.slice(PREFIX.length);
      specs.set(path, {
        name: op.operationId ?? path,
        path,
        label: (op.summary ?? path).split(' — ')[0]!,
        schema: resolve(doc, op.requestBody?.content?.['application/json']?.schema),
        references: op['x-references'] ?? [],
      });
    }
    return specs;
  });
  return loading;
}
