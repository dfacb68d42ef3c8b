// Our Open311 endpoint read by a real client from the ecosystem: PyPI's `georeport` (pinned, in
// .cache/venv-georeport by scripts/georeport-setup.sh, which scripts/setup.sh runs) lists the
// services, reads a service definition and reads requests back, in its JSON and its XML mode.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { projectRoot } from '../../platform/paths';
import { apiHarness, ApiHarness, callerOf, eventually } from '../setup/api';

const PYTHON = path.join(projectRoot, '.cache', 'venv-georeport', 'bin', 'python');
const CLIENT = path.join(projectRoot, 'test', 'setup', 'georeport_client.py');
const CODE = 'PROPERTY_MANAGEMENT';
const NAME = '王五';
const PHONE = '13900001111';

type Obj = Record<string, any>;

describe('the georeport client (PyPI) against /open311/v2', () => {
  let api: ApiHarness;
  let id: string;
  const { post } = callerOf(() => api);
  // Asynchronously: the API answering the client runs in this very process.
  const readWith = async (format: 'json' | 'xml'): Promise<Obj> => {
    const env = { ...process.env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' };
    const { stdout } = await promisify(execFile)(PYTHON, [CLIENT, `${api.url}/open311/v2`, format, CODE, id], { encoding: 'utf8', env });
    return JSON.parse(stdout);
  };

  beforeAll(async () => {
    // Quick when the venv is there; installs it from PyPI otherwise.
    execFileSync('bash', [path.join(projectRoot, 'scripts', 'georeport-setup.sh')], { stdio: 'inherit' });
    api = await apiHarness('georeport');
    const { key } = (await post('/api/v1/open311/keys', { role: 'admin' }, { client: '第三方应用' })).body;
    const created = await api.http().post('/open311/v2/requests.json').type('form').send({
      api_key: key,
      service_code: CODE,
      address_string: '滨江路8号',
      first_name: '五',
      last_name: '王',
      phone: PHONE,
      description: '楼道堆物堵塞消防通道',
      'attribute[district]': 'JB',
      'attribute[request_type]': 'report',
    });
    expect(created.status).toBe(201);
    id = created.body[0].service_request_id;
    await eventually(
      () => api.http().get('/open311/v2/requests.json').query({ service_request_id: id }),
      (r) => r.body.length === 1,
    );
  });
  afterAll(() => api?.close());

  test('JSON mode', async () => {
    const out = await readWith('json');
    expect(out.services).toContainEqual(expect.objectContaining({ service_code: CODE, service_name: '物业管理', metadata: true, type: 'realtime' }));
    expect(out.definition.service_code).toBe(CODE);
    expect(out.definition.attributes.find((a: Obj) => a.code === 'request_type').values).toContainEqual({ key: 'report', name: '举报' });
    expect(out.requests.map((r: Obj) => r.service_request_id)).toContain(id);
    expect(out.by_id).toEqual([out.request]);
    expect(out.request).toMatchObject({
      service_request_id: id,
      status: 'open',
      status_notes: '已登记待派单',
      service_code: CODE,
      description: '物业管理（江北区）',
      address: '江北区',
      agency_responsible: null,
    });
    expect(JSON.stringify(out)).not.toMatch(new RegExp(`${NAME}|${PHONE}|滨江路8号`));
  });

  test('XML mode: the same documents through xmltodict', async () => {
    const out = await readWith('xml');
    expect(out.services).toContainEqual(
      expect.objectContaining({ service_code: CODE, service_name: '物业管理', metadata: 'true', type: 'realtime' }),
    );
    expect(out.definition.service_code).toBe(CODE);
    const attrs = out.definition.attributes.attribute as Obj[];
    expect(attrs.map((a) => a.code)).toEqual(['district', 'street', 'request_type', 'requester_kind']);
    expect(attrs[0]).toMatchObject({ variable: 'true', datatype: 'singlevaluelist', required: 'true', order: '1' });
    expect(attrs[0].values.value).toContainEqual({ key: 'JB', name: '江北区' });
    const requests = ([] as Obj[]).concat(out.requests);
    expect(requests.map((r) => r.service_request_id)).toContain(id);
    expect(out.by_id).toEqual(out.request);
    expect(out.request).toMatchObject({
      service_request_id: id,
      status: 'open',
      status_notes: '已登记待派单',
      service_code: CODE,
      address: '江北区',
      lat: null,
    });
    expect(JSON.stringify(out)).not.toMatch(new RegExp(`${NAME}|${PHONE}|滨江路8号`));
  });
});
