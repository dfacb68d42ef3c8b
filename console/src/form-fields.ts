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

/** How a nested field's key is spelled in the form (a dot would read as a path into the model). */
const NESTED = '__';

/**
 * One field per property of the action's input, in the schema's order. An object property (a step
 * with its own date and note, say) becomes one field per property of its own, titled after both.
 */
export function formFields(spec: ActionSpec, catalog: Choices | null): Field[] {
  return fieldsOf(spec, spec.schema, '', '', true, catalog);
}

function fieldsOf(spec: ActionSpec, schema: JsonSchema, prefix: string, titlePrefix: string, present: boolean, catalog: Choices | null): Field[] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, s]): Field[] => {
    const key = `${prefix}${name}`;
    const required = present && (schema.required?.includes(name) ?? false);
    const title = `${titlePrefix}${s.title ?? name}`;
    if (s.type === 'object' && s.properties) return fieldsOf(spec, s, `${key}${NESTED}`, `${title} · `, required, catalog);
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
    return [{ key, schema: s, title, control, required, options, multiple: isList }];
  });
}

/** The request body from the form's values: blanks left out (the schema refuses an empty string), nested fields put back in their objects. */
export function requestBody(fields: Field[], values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.key];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    const path = f.key.split(NESTED);
    let at = out;
    for (const p of path.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
    at[path.at(-1)!] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}
