// GET /docs: a self-contained HTML page rendered from the OpenAPI document (no CDN, no script):
// every operation with its roles, parameters, request body schema and responses.
import type { OpenAPIObject } from './openapi';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

type Obj = Record<string, any>;

function resolve(doc: OpenAPIObject, schema: Obj | undefined): Obj | undefined {
  const ref = schema?.$ref as string | undefined;
  if (!ref) return schema;
  return (doc.components?.schemas as Obj | undefined)?.[ref.split('/').pop()!];
}

function schemaBlock(doc: OpenAPIObject, schema: Obj | undefined): string {
  const ref = schema?.$ref as string | undefined;
  const body = resolve(doc, schema);
  if (!body) return '';
  const name = ref ? `<code>${esc(ref.split('/').pop())}</code> ` : '';
  return `<details><summary>${name}schema</summary><pre>${esc(JSON.stringify(body, null, 2))}</pre></details>`;
}

export function renderDocsPage(doc: OpenAPIObject): string {
  const ops: string[] = [];
  const toc: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const op = (item as Obj)[method] as Obj | undefined;
      if (!op) continue;
      const anchor = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-');
      toc.push(
        `<li><a href="#${anchor}"><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></a> ${esc(op.summary)}</li>`,
      );
      const params = ((op.parameters ?? []) as Obj[])
        .map(
          (p) =>
            `<li><code>${esc(p.name)}</code> (${esc(p.in)}${p.required ? ', required' : ''}) ${esc(p.description ?? '')} <code>${esc(JSON.stringify(p.schema ?? {}))}</code></li>`,
        )
        .join('');
      const body = op.requestBody?.content?.['application/json']?.schema as Obj | undefined;
      const responses = Object.entries((op.responses ?? {}) as Obj)
        .map(([code, r]) => `<li><b>${esc(code)}</b> ${esc((r as Obj).description)}</li>`)
        .join('');
      ops.push(`<section id="${anchor}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary)}</p>${op.description ? `<p>${esc(op.description)}</p>` : ''}
${op.security ? '<p class="auth">Authorization: Bearer &lt;JWT&gt;</p>' : ''}
${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ''}
${body ? `<h4>Request body</h4>${schemaBlock(doc, body)}` : ''}
<h4>Responses</h4><ul>${responses}</ul>
</section>`);
    }
  }
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(doc.info.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#222}
code,pre{font-family:ui-monospace,monospace;font-size:.9em}pre{background:#f5f5f5;padding:.75rem;overflow:auto;max-height:30rem}
section{border-top:1px solid #ddd;padding:.5rem 0}.m{display:inline-block;min-width:3.5rem;text-align:center;border-radius:3px;color:#fff;font-size:.8em;padding:1px 4px}
.get{background:#2f7d32}.post{background:#1565c0}.auth{color:#8a5a00}ul.toc{list-style:none;padding:0}ul.toc li{margin:.2rem 0}
</style></head><body>
<h1>${esc(doc.info.title)} <small>v${esc(doc.info.version)}</small></h1>
<p>${esc(doc.info.description)}</p>
<p>Machine-readable: <a href="/openapi.json"><code>/openapi.json</code></a> (OpenAPI ${esc(doc.openapi)}).</p>
<h2>Operations</h2><ul class="toc">${toc.join('\n')}</ul>
<h2>Details</h2>
${ops.join('\n')}
</body></html>`;
}
