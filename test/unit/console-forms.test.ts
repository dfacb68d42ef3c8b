// The console's action forms come from /openapi.json alone: read the API's own document as the
// console does, and every action of the table yields a form whose every field has a Chinese label,
// a control, and (for choices) Chinese options or the catalog's entries.
import { buildOpenApiDocument } from '../../api/openapi';
import { catalogView } from '../../api/routes/catalog';
import { FULFIL_COMMITMENT_PATH } from '../../api/routes/commitments';
import { loadCatalog } from '../../config/catalog-source';
import { ActionDef, actionNames, actions } from '../../domain/ticket';
import { actionSpecs, formFields, requestBody, type ActionSpec, type OpenApiDocument } from '../../console/src/form-fields';

const specs = actionSpecs(buildOpenApiDocument() as unknown as OpenApiDocument);
const catalog = catalogView(loadCatalog());
const chinese = /[\u4e00-\u9fff]/;

test('one spec per action of the table (and the commitments’ own fulfil-commitment), labelled as the table labels it', () => {
  // The rows with a route of their own (the attachment upload) have no form of the generic route.
  const generic = actionNames.filter((a) => !(actions[a] as ActionDef).ownRoute);
  expect([...specs.keys()].sort()).toEqual([...generic.map((a) => actions[a].path), FULFIL_COMMITMENT_PATH].sort());
  for (const a of generic) expect(specs.get(actions[a].path)).toMatchObject({ name: a, label: actions[a].label });
});

test('every field of every form has a Chinese label and Chinese choices', () => {
  const bad = [...specs.values()].flatMap((spec) =>
    formFields(spec, catalog)
      .filter((f) => !chinese.test(f.title) || ((f.control === 'choice' || f.control === 'yesno') && !f.options.every((o) => chinese.test(o.label))))
      .map((f) => `${spec.path}.${f.key}`),
  );
  expect(bad).toEqual([]);
});

test('controls follow the schema: choices, yes/no, dates, lists, long text; required as the schema says', () => {
  const form = (path: string) => Object.fromEntries(formFields(specs.get(path)!, catalog).map((f) => [f.key, f]));
  const dispatch = form('dispatch');
  expect(dispatch.unit).toMatchObject({ control: 'choice', required: true, title: '单位' });
  expect(dispatch.unit!.options).toContainEqual({ value: 'LJ-ECO', label: '临江市生态环境局（LJ-ECO）' });
  expect(dispatch.coUnits).toMatchObject({ control: 'list', multiple: true, required: false });
  expect(form('contact').stage!.options).toEqual([
    { value: 'first', label: '首次联系' },
    { value: 'final', label: '办结前联系' },
  ]);
  const reply = form('reply');
  expect(reply.solved).toMatchObject({
    control: 'yesno',
    options: [
      { value: true, label: '已解决' },
      { value: false, label: '未解决' },
    ],
  });
  expect(reply.content).toMatchObject({ control: 'textarea', required: true });
  expect(reply.handlerPhone!.schema['x-pattern-message']).toContain('电话号码');
  expect(form('request-extension').until).toMatchObject({ control: 'date', title: '延期至' });
  expect(form('consultation').at).toMatchObject({ control: 'datetime' });
  expect(form('consultation').participants).toMatchObject({ control: 'list', options: [] });
  expect(form('follow-up').requester).toMatchObject({ control: 'number', required: false });
  expect(form('merge').into).toMatchObject({ control: 'text', title: '并入工单号' });
  expect(form('out-of-scope').situation!.options.length).toBe(catalog.outOfScopeSituations.length);
});

test('an object field becomes one field per property, titled after both, and goes back into its object', () => {
  const step = {
    type: 'object',
    properties: { date: { type: 'string', title: '日期', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, note: { type: 'string', title: '备注' } },
    required: ['date', 'note'],
  };
  const spec: ActionSpec = {
    name: 'declareNonCompliant',
    path: 'declare-non-compliant',
    label: '申报不合规诉求',
    references: [],
    schema: {
      type: 'object',
      properties: { reason: { type: 'string', title: '理由' }, meeting: { ...step, title: '约见反映人' }, mediation: { ...step, title: '组织调解' } },
      required: ['reason', 'meeting'],
    },
  };
  const fields = formFields(spec, catalog);
  expect(fields.map((f) => [f.key, f.title, f.control, f.required])).toEqual([
    ['reason', '理由', 'text', true],
    ['meeting__date', '约见反映人 · 日期', 'date', true],
    ['meeting__note', '约见反映人 · 备注', 'text', true],
    ['mediation__date', '组织调解 · 日期', 'date', false],
    ['mediation__note', '组织调解 · 备注', 'text', false],
  ]);
  expect(requestBody(fields, { reason: ' 反复诉求 ', meeting__date: '2026-06-01', meeting__note: '已约见', mediation__note: '' })).toEqual({
    reason: '反复诉求',
    meeting: { date: '2026-06-01', note: '已约见' },
  });
});
