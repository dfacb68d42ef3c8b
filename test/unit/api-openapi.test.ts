// The OpenAPI document: valid OpenAPI 3 (checked by @seriousme/openapi-schema-validator, run in a
// child process because it is ESM-only), generated from the same schemas the routes use, and
// covering every express route (the generic action route expands to one path per table row).
import { execFileSync } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { createApp } from '../../api/app';
import { buildOpenApiDocument } from '../../api/openapi';
import { loadCalendar } from '../../config/calendar-source';
import { loadCatalog } from '../../config/catalog-source';
import { actionNames, actions, defaultRules } from '../../domain/ticket';
import { projectRoot } from '../../platform/paths';

const validatorScript = `
import { Validator } from '@seriousme/openapi-schema-validator';
let s = '';
process.stdin.on('data', (d) => (s += d));
process.stdin.on('end', async () => {
  const v = new Validator();
  const r = await v.validate(JSON.parse(s));
  console.log(JSON.stringify({ valid: r.valid, errors: r.errors ?? null, version: v.version }));
});`;

type Obj = Record<string, any>;

/** Every (method, OpenAPI-style path) the express app answers, read from its router. */
function expressRoutes(app: Obj): string[] {
  const out: string[] = [];
  const walk = (stack: Obj[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const m of Object.keys(layer.route.methods)) {
          out.push(`${m.toUpperCase()} ${String(layer.route.path).replace(/:(\w+)/g, '{$1}')}`);
        }
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk(app.router.stack);
  return out;
}

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument();
  const connection = Connection.lazy({ address: '127.0.0.1:1' });
  const app = createApp({
    client: new Client({ connection }),
    namespace: 'default',
    taskQueue: 'unused',
    catalog: () => loadCatalog(),
    auth: { secret: 'unit-test-secret-0123456789' },
    rules: () => defaultRules,
    calendar: loadCalendar(),
    devLoginSecret: 'unit-test-secret-0123456789',
  });
  afterAll(() => connection.close());

  test('is valid OpenAPI 3', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', validatorScript], {
      cwd: projectRoot,
      input: JSON.stringify(doc),
      encoding: 'utf8',
    });
    const r = JSON.parse(out);
    expect(r.errors).toBeNull();
    expect(r).toMatchObject({ valid: true, version: '3.0' });
    expect(doc.openapi).toBe('3.0.3');
  });

  // The rows taken through a route of their own (the attachment upload) are documented there.
  const generic = actionNames.filter((a) => !(actions[a] as { ownRoute?: boolean }).ownRoute);

  test('covers every express route, and documents no route that does not exist', () => {
    const documented = new Set(
      Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
        ['get', 'post', 'put', 'patch', 'delete'].filter((m) => (item as Obj)[m]).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    const routes = expressRoutes(app as unknown as Obj).flatMap((r) =>
      r.includes('{action}') ? generic.map((a) => r.replace('{action}', actions[a].path)) : [r],
    );
    expect(routes.length).toBeGreaterThan(actionNames.length);
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((d) => !routes.includes(d))).toEqual([]);
  });

  test('one operation per action row: its schema as request body, its roles, every error status', () => {
    for (const name of generic) {
      const op = (doc.paths as Obj)[`/api/v1/tickets/{id}/actions/${actions[name].path}`]?.post;
      expect(op).toBeDefined();
      expect(op.operationId).toBe(name);
      expect(op.summary).toContain(actions[name].roles.join(', '));
      expect(op.requestBody.content['application/json'].schema).toEqual({
        $ref: `#/components/schemas/${name[0]!.toUpperCase()}${name.slice(1)}Input`,
      });
      expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '415', '429', '503']);
      expect(op.security).toEqual([{ bearerAuth: [] }]);
      // The statuses and references of the row, stated twice: for people and for machines.
      expect(op['x-statuses']).toEqual(actions[name].statuses);
      expect(op['x-references']).toEqual(actions[name].refs ?? []);
      for (const s of actions[name].statuses) expect(op.description).toContain(s);
    }
    expect((doc.paths as Obj)['/api/v1/tickets/{id}/actions/merge'].post.description).toContain('`into` must be an existing open ticket');
    expect((doc.paths as Obj)['/api/v1/tickets/{id}/actions/dispatch'].post.description).toContain('`coUnits` must be a catalog unit');
    const schemas = doc.components!.schemas as Obj;
    expect(schemas.DispatchInput.required).toEqual(['unit']);
    expect(schemas.RequestExtensionInput.properties.until.pattern).toBe('^\\d{4}-\\d{2}-\\d{2}$');
    expect(schemas.Intake.properties.channel.enum).toContain('mayor_mailbox');
    expect(schemas.Ticket.required).toEqual(
      expect.arrayContaining(['id', 'status', 'deadlines', 'coUnits', 'overdue', 'rehandles', 'requesters', 'history']),
    );
  });

  test('is served at /openapi.json, and /docs renders every path without external assets', async () => {
    const served = await request(app).get('/openapi.json');
    expect(served.status).toBe(200);
    expect(served.body).toEqual(JSON.parse(JSON.stringify(doc)));
    const page = await request(app).get('/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    for (const path of Object.keys(doc.paths ?? {})) expect(page.text).toContain(path);
    expect(page.text).not.toMatch(/<script|https?:\/\/(?!spec)/);
  });
});
