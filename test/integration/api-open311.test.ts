// Open311 GeoReport v2 over the real API (dev server, worker, PGlite ledger): keys issued and revoked
// by an admin, POST requests checked field by field against the spec's own example, the read side in
// JSON and XML, the spec's error lists, and no personal data in any answer.
import { loadCatalog } from '../../config/catalog-source';
import { hashOpen311Key } from '../../ledger/open311-keys';
import type { LedgerDb } from '../../ledger/db';
import { apiHarness, ApiHarness, callerOf, eventually } from '../setup/api';
import { closeSatisfied, toFollowUp } from '../setup/drive';
import { openTestLedger } from '../setup/ledger';

const LEAD = 'LJ-JB-HOUSING';
const admin = { role: 'admin' as const };
const NAME_FIRST = 'john';
const NAME_LAST = 'smith';
const PHONE = '13911112222';
const ADDRESS = '1234 5th street';
const PHONE_IN_TEXT = '13755556666';

/** The spec's POST example (wiki.open311.org/GeoReport_v2, POST Service Request), with our codes. */
function specExample(apiKey: string): Record<string, string> {
  return {
    api_key: apiKey,
    service_code: 'PROPERTY_MANAGEMENT',
    lat: '37.76524078',
    long: '-122.4212043',
    address_string: ADDRESS,
    email: 'smit333@sfgov.edu',
    device_id: 'tt222111',
    account_id: '123456',
    first_name: NAME_FIRST,
    last_name: NAME_LAST,
    phone: PHONE,
    description: `小区电梯长期故障，物业不维修，请回电 ${PHONE_IN_TEXT}`,
    media_url: 'http://onlineimage.com/3304859.jpg',
    'attribute[district]': 'JB',
    'attribute[street]': 'JB-BJ',
    'attribute[request_type]': 'complaint',
  };
}

describe('Open311 GeoReport v2', () => {
  let api: ApiHarness;
  let db: LedgerDb;
  const { post, get } = callerOf(() => api);
  let key: string;
  let keyId: number;

  const form = (path: string, fields: Record<string, string>) => api.http().post(path).type('form').send(fields);
  const issue = async (client: string) => {
    const res = await post('/api/v1/open311/keys', admin, { client });
    expect(res.status).toBe(201);
    return res.body as { id: number; key: string; client: string };
  };

  beforeAll(async () => {
    db = await openTestLedger();
    api = await apiHarness('open311', { ledger: db, open311: { postsPerMinute: 10, publicUrl: 'https://hotline.example.gov.cn' } });
    const issued = await issue('市民随手拍');
    key = issued.key;
    keyId = issued.id;
  });
  afterAll(async () => {
    await api?.close();
    await db?.close();
  });

  test('only admins issue keys; the list shows no key, only its client; the ledger keeps a hash', async () => {
    expect((await post('/api/v1/open311/keys', { role: 'operator' }, { client: 'x' })).status).toBe(403);
    expect((await post('/api/v1/open311/keys', admin, {})).body.error.details[0].path).toBe('client');
    const list = await get('/api/v1/open311/keys', admin);
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(expect.objectContaining({ id: keyId, client: '市民随手拍', revokedAt: null }));
    expect(JSON.stringify(list.body)).not.toContain(key);
    const rows = await db.query<{ key_hash: string }>('SELECT key_hash FROM open311_keys WHERE id = $1', [keyId]);
    expect(rows).toEqual([{ key_hash: hashOpen311Key(key) }]);
    expect(JSON.stringify(await db.query('SELECT * FROM open311_keys'))).not.toContain(key);
  });

  test('discovery, services and a service definition, in JSON and XML', async () => {
    const d = await api.http().get('/open311/v2/discovery.json');
    expect(d.status).toBe(200);
    expect(d.body.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: 'https://hotline.example.gov.cn/open311/v2',
      type: 'production',
      formats: ['text/xml', 'application/json'],
    });
    const dx = await api.http().get('/open311/v2/discovery.xml');
    expect(dx.headers['content-type']).toMatch(/^text\/xml; charset=utf-8/);
    expect(dx.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<discovery><changeset>/);
    expect(dx.text).toContain('<formats><format>text/xml</format><format>application/json</format></formats>');

    const s = await api.http().get('/open311/v2/services.json');
    expect(s.body).toContainEqual({
      service_code: 'PROPERTY_MANAGEMENT',
      service_name: '物业管理',
      description: '物业管理',
      metadata: true,
      type: 'realtime',
      keywords: '',
      group: '一般',
    });
    const sx = await api.http().get('/open311/v2/services.xml');
    expect(sx.text).toContain('<service><service_code>PROPERTY_MANAGEMENT</service_code><service_name>物业管理</service_name>');
    expect(sx.text).toContain('<keywords/>');

    const def = await api.http().get('/open311/v2/services/PROPERTY_MANAGEMENT.json');
    expect(def.body.service_code).toBe('PROPERTY_MANAGEMENT');
    expect(def.body.attributes.map((a: { code: string }) => a.code)).toEqual(['district', 'street', 'request_type', 'requester_kind']);
    expect(def.body.attributes[2]).toMatchObject({ variable: true, datatype: 'singlevaluelist', required: true, order: 3 });
    expect(def.body.attributes[2].values).toContainEqual({ key: 'complaint', name: '投诉' });
    const defx = await api.http().get('/open311/v2/services/PROPERTY_MANAGEMENT.xml');
    expect(defx.text).toContain(
      '<service_definition><service_code>PROPERTY_MANAGEMENT</service_code><attributes><attribute><variable>true</variable><code>district</code>',
    );
    expect(defx.text).toContain('<values><value><key>JB</key><name>江北区</name></value>');
  });

  test('errors are the spec’s error list with the right status, in either format', async () => {
    const nf = await api.http().get('/open311/v2/services/NOPE.json');
    expect(nf.status).toBe(404);
    expect(nf.body).toEqual([{ code: 404, description: 'service_code NOPE 不存在' }]);
    const nfx = await api.http().get('/open311/v2/services/NOPE.xml');
    expect(nfx.status).toBe(404);
    expect(nfx.text).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<errors><error><code>404</code><description>service_code NOPE 不存在</description></error></errors>',
    );
    expect((await api.http().get('/open311/v2/services.csv')).status).toBe(404);
    const city = loadCatalog().city.code;
    expect((await api.http().get('/open311/v2/services.json').query({ jurisdiction_id: city })).status).toBe(200);
    const elsewhere = await api.http().get('/open311/v2/services.json').query({ jurisdiction_id: 'sfgov.org' });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body[0].description).toContain('jurisdiction_id sfgov.org 不存在');
    expect((await api.http().get('/open311/v2/nothing.json')).body[0].code).toBe(404);

    const noKey = await form('/open311/v2/requests.json', { ...specExample(''), api_key: '' });
    expect(noKey.status).toBe(403);
    expect(noKey.body).toEqual([{ code: 403, description: 'api_key 缺失' }]);
    const badKey = await form('/open311/v2/requests.xml', specExample('o311_not-a-key'));
    expect(badKey.status).toBe(403);
    expect(badKey.text).toContain('<errors><error><code>403</code><description>api_key 无效或已吊销</description></error></errors>');

    const missing = await form('/open311/v2/requests.json', { api_key: key, service_code: 'PROPERTY_MANAGEMENT' });
    expect(missing.status).toBe(400);
    expect(missing.body.map((e: { code: number }) => e.code)).toEqual([400, 400, 400, 400]);
    expect(missing.body.map((e: { description: string }) => e.description.split(' ')[0])).toEqual([
      '位置必填：lat',
      'attribute[district]',
      'attribute[request_type]',
      'description',
    ]);
    const unknown = await form('/open311/v2/requests.json', { ...specExample(key), service_code: '001' });
    expect(unknown.status).toBe(404);

    const range = await api.http().get('/open311/v2/requests.json').query({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-06-01T00:00:00Z' });
    expect(range.status).toBe(400);
    expect(range.body[0].description).toContain('90');
    expect((await api.http().get('/open311/v2/requests.json').query({ start_date: '2026-01-01' })).status).toBe(400);
    expect((await api.http().get('/open311/v2/requests.json').query({ status: 'pending' })).status).toBe(400);
    expect((await api.http().get('/open311/v2/requests/NOPE-1.json')).body).toEqual([{ code: 404, description: 'service_request_id NOPE-1 不存在' }]);
  });

  test('POST requests: the spec’s example, answered field by field as the spec shows it, a ticket on channel open311', async () => {
    const res = await form('/open311/v2/requests.json', specExample(key));
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json; charset=utf-8/);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body).toHaveLength(1);
    expect(Object.keys(res.body[0])).toEqual(['service_request_id', 'service_notice', 'account_id']);
    const id = res.body[0].service_request_id as string;
    expect(typeof id).toBe('string');
    expect(res.body[0].service_notice).toContain('已受理');
    expect(res.body[0].account_id).toBeNull();

    // The ticket itself, as the hotline sees it: the same intake as the API's, the client as registrar.
    const t = (await get(`/api/v1/tickets/${id}`, admin)).body;
    expect(t).toMatchObject({ channel: 'open311', category: 'PROPERTY_MANAGEMENT', status: 'registered' });
    expect(t.location).toEqual({ district: 'JB', street: 'JB-BJ', address: `${ADDRESS}；经纬度 37.76524078,-122.4212043` });
    // The photo is a link, kept, never fetched (no request to an address a client chose).
    expect(t.description).toBe(specExample(key).description);
    expect(t.mediaUrls).toEqual(['http://onlineimage.com/3304859.jpg']);
    expect(t.requesters[0]).toMatchObject({ name: 'smithjohn', phone: PHONE, anonymous: false });
    expect(t.history[0].actor).toMatchObject({ id: `open311-${keyId}`, name: '市民随手拍', role: 'system' });

    // XML: <service_requests><request> with the same three fields, account_id empty.
    const x = await form('/open311/v2/requests.xml', { ...specExample(key), description: '楼道堆物' });
    expect(x.status).toBe(201);
    expect(x.text).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<service_requests><request><service_request_id>[\w-]+<\/service_request_id><service_notice>[^<]+<\/service_notice><account_id\/><\/request><\/service_requests>$/,
    );
  });

  test('the read side: requests and one request in both formats, tokens, filters, open and closed, no personal data', async () => {
    const created = await form('/open311/v2/requests.json', specExample(key));
    const id = created.body[0].service_request_id as string;
    const handle = api.client.workflow.getHandle(id);
    await toFollowUp(handle, LEAD);
    await closeSatisfied(handle);

    const one = await api.http().get(`/open311/v2/requests/${id}.json`);
    expect(one.status).toBe(200);
    expect(one.body).toHaveLength(1);
    expect(one.body[0]).toMatchObject({
      service_request_id: id,
      status: 'closed',
      status_notes: '已办结（问题已解决）',
      service_name: '物业管理',
      service_code: 'PROPERTY_MANAGEMENT',
      agency_responsible: '江北区住房和城乡建设局',
      address: '江北区 滨江街道',
      expected_datetime: null,
      lat: null,
      long: null,
      media_url: 'http://onlineimage.com/3304859.jpg', // the client's link, as given
    });
    expect(one.body[0].description).toBe('物业管理（江北区 滨江街道）'); // never the free text
    expect(one.body[0].requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

    const token = await api.http().get(`/open311/v2/tokens/${id}.json`);
    expect(token.body).toEqual([{ service_request_id: id, token: id }]);

    const listed = await eventually(
      () => api.http().get('/open311/v2/requests.json').query({ status: 'closed', service_code: 'PROPERTY_MANAGEMENT' }),
      (r) => r.body.some((x: { service_request_id: string }) => x.service_request_id === id),
    );
    expect(listed.status).toBe(200);
    expect(listed.body.every((x: { status: string }) => x.status === 'closed')).toBe(true);
    const open = await api.http().get('/open311/v2/requests.json').query({ status: 'open' });
    expect(open.body.some((x: { service_request_id: string }) => x.service_request_id === id)).toBe(false);
    const byId = await api
      .http()
      .get('/open311/v2/requests.xml')
      .query({ service_request_id: `${id},NOPE-2`, status: 'open' });
    expect(byId.text).toContain(`<request><service_request_id>${id}</service_request_id><status>closed</status>`);
    const past = await api.http().get('/open311/v2/requests.json').query({ end_date: '2020-01-01T00:00:00+08:00' });
    expect(past.body).toEqual([]);

    // No citizen's name, phone or exact address; no handler's name or phone, anywhere.
    const all = [one.text, listed.text, byId.text, (await api.http().get(`/open311/v2/requests/${id}.xml`)).text].join('\n');
    for (const secret of [NAME_FIRST, NAME_LAST, PHONE, PHONE_IN_TEXT, ADDRESS, '37.765', 'smit333', '李承办', '88886666', '请回电']) {
      expect(all).not.toContain(secret);
    }
  });

  test('a limit per key and minute (429, the spec’s error list); a revoked key is refused', async () => {
    const other = await issue('网格化平台');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await form('/open311/v2/requests.json', { api_key: other.key })).status);
    expect(statuses).toEqual([...Array(10).fill(400), 429]);
    const limited = await form('/open311/v2/requests.json', { api_key: other.key });
    expect(limited.body).toEqual([{ code: 429, description: '提交过于频繁：每个 api_key 每分钟最多 10 件' }]);
    expect(limited.headers['retry-after']).toBe('60');

    const revoked = await post(`/api/v1/open311/keys/${other.id}/revoke`, admin);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: other.id, revokedBy: 'admin-hotline' });
    expect((await form('/open311/v2/requests.json', specExample(other.key))).status).toBe(403);
    expect((await post('/api/v1/open311/keys/999999/revoke', admin)).status).toBe(404);
  });
});
