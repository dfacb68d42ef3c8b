// HTTP hygiene (issue 24): security headers on every page, no caching of personal data, a page
// token the server could not use refused at once, extension dates at most a year ahead.
import { loadCalendar } from '../../config/calendar-source';
import { apiHarness, ApiHarness, intakeBody, registerTicket, Who } from '../setup/api';

const LEAD = 'LJ-JB-HOUSING';
const operator: Who = { role: 'operator' };
const dispatcher: Who = { role: 'dispatcher' };
const handler: Who = { role: 'handler', unit: LEAD };

describe('API: HTTP hygiene', () => {
  let api: ApiHarness;
  let id: string;
  beforeAll(async () => {
    api = await apiHarness('hygiene');
    id = await registerTicket(api);
  });
  afterAll(() => api?.close());

  const act = async (who: Who, action: string, body: object = {}) =>
    api
      .http()
      .post(`/api/v1/tickets/${id}/actions/${action}`)
      .set('Authorization', await api.bearer(who))
      .send(body);

  test('every page carries CSP, nosniff, frame-ancestors / X-Frame-Options and a referrer policy', async () => {
    const pages = [
      await api.http().get('/docs'),
      await api.http().get('/openapi.json'),
      await api.http().get('/healthz'),
      await api.http().get('/api/v1/tickets'), // 401
      await api
        .http()
        .get(`/api/v1/tickets/${id}`)
        .set('Authorization', await api.bearer(operator)),
      await api.http().get('/nowhere'),
    ];
    for (const res of pages) {
      expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
      expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      expect(res.headers['content-security-policy']).not.toMatch(/script-src/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
    expect(pages[0]!.status).toBe(200);
  });

  test('answers with personal data are never cached; the public documents may be', async () => {
    const read = await api
      .http()
      .get(`/api/v1/tickets/${id}`)
      .set('Authorization', await api.bearer(operator));
    expect(read.body.requesters[0].phone).toBe('13812345678');
    expect(read.headers['cache-control']).toBe('no-store');
    const acted = await act(operator, 'note', { note: '来电补充' });
    expect(acted.status).toBe(200);
    expect(acted.headers['cache-control']).toBe('no-store');
    expect((await api.http().get('/openapi.json')).headers['cache-control']).toBeUndefined();
  });

  test('a page token the server could not use is 400 at once, for any role', async () => {
    const auth = await api.bearer(dispatcher);
    // W10 is "[]" (the report's 18 s and 28 logged errors), e30 "{}", then {"x":1} and a JSON string.
    const forged = Buffer.from(JSON.stringify({ CloseTime: 'x', StartTime: 'y', RunID: 'z' })).toString('base64url');
    for (const token of ['W10', 'e30', 'eyJ4IjoxfQ', 'ImEi', 'bnVsbA', forged]) {
      const started = Date.now();
      const res = await api.http().get('/api/v1/tickets').query({ pageToken: token }).set('Authorization', auth);
      expect([token, res.status, res.body.error?.details?.[0]?.path]).toEqual([token, 400, 'pageToken']);
      // Refused before Temporal is asked: well under the seconds a retried server error takes.
      expect(Date.now() - started).toBeLessThan(2_000);
    }
  });

  test('an extension date more than a year ahead is 400 naming until; nothing changes', async () => {
    expect((await act(dispatcher, 'dispatch', { unit: LEAD })).status).toBe(200);
    expect((await act(handler, 'sign')).status).toBe(200);
    const lastYear = loadCalendar().coveredYears.to;
    for (const until of ['9999-12-31', `${lastYear + 2}-01-01`]) {
      const res = await act(handler, 'request-extension', { reason: '需协调', commitment: '协调后办结', until });
      expect([until, res.status, res.body.error?.details?.[0]?.path]).toEqual([until, 400, 'until']);
    }
    const state = await api
      .http()
      .get(`/api/v1/tickets/${id}`)
      .set('Authorization', await api.bearer(operator));
    expect(state.body.status).toBe('handling');
  });

  test('an anonymous citizen’s name is not kept, not even in the workflow’s input', async () => {
    const anon = await registerTicket(api, intakeBody({ citizen: { name: '李四', phone: '13912345678', anonymous: true, followUp: true } }));
    const history = await api.client.workflow.getHandle(anon).fetchHistory();
    const input = Buffer.from(history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!.data!).toString('utf8');
    expect(input).toContain('13912345678'); // the units still call them back (R4)
    expect(input).not.toContain('李四');
    const read = await api
      .http()
      .get(`/api/v1/tickets/${anon}`)
      .set('Authorization', await api.bearer(dispatcher));
    expect(read.body.requesters[0]).toEqual(expect.objectContaining({ anonymous: true, phone: '***********' }));
    expect(read.body.requesters[0].name).toBeUndefined();
  });
});
