// The two GeoReport v2 formats: JSON, and XML as the spec shows it (a root element, one child
// element per list item, empty elements for null). Pure.

export type Format = 'json' | 'xml';
export type Value = string | number | boolean | null | undefined | Value[] | { [k: string]: Value };

export const parseFormat = (raw: unknown): Format | undefined => (raw === 'json' || raw === 'xml' ? raw : undefined);

const escXml = (s: string) =>
  s
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    .replace(
      // Characters XML 1.0 cannot carry at all.
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g,
      '',
    );

/**
 * `itemName` names the element of each item of a list: `{ services: [..] }` with
 * itemName services → service. Lists nested in an item use `names` the same way.
 */
function element(name: string, value: Value, names: Record<string, string>): string {
  if (value === null || value === undefined || value === '') return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = names[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v, names)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => element(k, v, names))
      .join('')}</${name}>`;
  }
  return `<${name}>${escXml(String(value))}</${name}>`;
}

/** The list elements' item names of GeoReport v2 documents. */
export const XML_ITEMS: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
};

export function toXml(root: string, value: Value): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, value, XML_ITEMS)}`;
}

export const contentType = (f: Format): string => (f === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8');

/** A document in either format: `root` is the XML root element (JSON has none). */
export function render(f: Format, root: string, value: Value): string {
  return f === 'json' ? JSON.stringify(value) : toXml(root, value);
}
