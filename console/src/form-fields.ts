// How an action's form is built from /openapi.json, as pure functions (unit-tested against the
// API's own document): the action specs read from the document, and one field per property of an
// action's input, with its control, label, choices and whether it is required. No imports: the
// engine's tests load this file as it is.

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
export interface OpenApiDocument {
  paths?: Record<string, { post?: Operation }>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const PREFIX = '/api/v1/tickets/{id}/actions/';

function resolve(doc: OpenApiDocument, s: JsonSchema | undefined): JsonSchema {
  if (!s) return { type: 'object', properties: {} };
  if (s.$ref) return resolve(doc, doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')]);
  return s;
}

/** Every ticket action the document describes, by its URL segment. */
export function actionSpecs(doc: OpenApiDocument): Map<string, ActionSpec> {
  const specs = new Map<string, ActionSpec>();
  for (const [p, item] of Object.entries(doc.paths ?? {})) {
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
}

export type Control = 'choice' | 'yesno' | 'date' | 'datetime' | 'number' | 'list' | 'textarea' | 'text';
export interface Field {
  key: string;
  schema: JsonSchema;
  title: string;
  control: Control;
  required: boolean;
  options: { value: string | number | boolean; label: string }[];
  multiple: boolean;
}

interface Named {
  code: string;
  name: string;
}
/** The catalog's lists a field may name (GET /api/v1/catalog). */
export interface Choices {
  units: Named[];
  outOfScopeSituations: Named[];
  cities: Named[];
}

/** A calendar date field (YYYY-MM-DD), as the engine's schemas spell it. */
const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

function choicesFor(spec: ActionSpec, key: string, s: JsonSchema, catalog: Choices | null): Field['options'] {
  const ref = spec.references.find((r) => r.field === key)?.kind;
  const named = (list: Named[] | undefined) => (list ?? []).map((x) => ({ value: x.code, label: `${x.name}（${x.code}）` }));
  if (ref === 'unit') return named(catalog?.units);
  if (ref === 'situation') return named(catalog?.outOfScopeSituations);
  if (ref === 'city') return named(catalog?.cities);
  const labels = s['x-enum-labels'] ?? {};
  return (s.enum ?? []).map((v) => ({ value: v, label: labels[String(v)] ?? String(v) }));
}

/** One field per property of the action's input, in the schema's order. */
export function formFields(spec: ActionSpec, catalog: Choices | null): Field[] {
  return Object.entries(spec.schema.properties ?? {}).map(([key, s]) => {
    const required = spec.schema.required?.includes(key) ?? false;
    const ref = spec.references.find((r) => r.field === key)?.kind;
    const isList = s.type === 'array';
    const item = isList ? (s.items ?? {}) : s;
    let control: Control;
    if (s.type === 'boolean') control = 'yesno';
    else if (isList || item.enum || (ref && ref !== 'ticket')) control = isList ? 'list' : 'choice';
    else if (s.type === 'integer' || s.type === 'number') control = 'number';
    else if (s.format === 'date-time') control = 'datetime';
    else if (s.pattern === DATE_PATTERN) control = 'date';
    else if ((s.maxLength ?? 0) > 200) control = 'textarea';
    else control = 'text';
    const options =
      control === 'yesno'
        ? [true, false].map((v) => ({ value: v, label: s['x-enum-labels']?.[String(v)] ?? (v ? '是' : '否') }))
        : choicesFor(spec, key, item, catalog);
    return { key, schema: s, title: s.title ?? key, control, required, options, multiple: isList };
  });
}
