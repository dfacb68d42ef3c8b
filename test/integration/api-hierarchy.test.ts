// Item 6 of #13 through the HTTP API on the dev server: 镇街直办 at dispatch suggestion, then the
// street office passes the ticket down (下派) to its community, whose handler contacts the citizen
// and drafts the reply; the street's leader signs it off. A unit outside the street is refused.
import { apiHarness, ApiHarness, callerOf, intakeBody, replyBody, Who } from '../setup/api';

const STREET = 'LJ-JB-BJ-OFFICE';
const COMMUNITY = 'LJ-JB-BJ-HP';

const operator: Who = { role: 'operator', sub: 'op-h' };
const dispatcher: Who = { role: 'dispatcher', sub: 'disp-h' };
const streetHandler: Who = { role: 'handler', unit: STREET, sub: 'h-street' };
const streetLeader: Who = { role: 'unit_leader', unit: STREET, sub: 'l-street' };
const streetReviewer: Who = { role: 'reviewer', unit: STREET, sub: 'r-street' };
const communityHandler: Who = { role: 'handler', unit: COMMUNITY, sub: 'h-community' };

describe('API: the unit hierarchy', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await apiHarness('hierarchy');
  });
  afterAll(() => api?.close());

  const caller = callerOf(() => api);
  const post = (id: string, who: Who, path: string, body: object = {}) => caller.post(`/api/v1/tickets/${id}/actions/${path}`, who, body);
  const ok = caller.act;
  const get = caller.get;

  test('镇街直办 suggestion, 下派 to the community, its handler handles, the street signs off', async () => {
    const suggestion = await get('/api/v1/catalog/suggested-unit?category=NEIGHBORHOOD_ORDER&district=JB&street=JB-BJ', dispatcher);
    expect(suggestion.status).toBe(200);
    expect(suggestion.body).toEqual({ unit: STREET });
    const catalog = await get('/api/v1/catalog', dispatcher);
    expect(catalog.body.units).toContainEqual(expect.objectContaining({ code: COMMUNITY, level: 'community', parent: STREET }));

    const created = await caller.post(
      '/api/v1/tickets',
      operator,
      intakeBody({ category: 'NEIGHBORHOOD_ORDER', description: '楼道长期堆放杂物，存在消防隐患' }),
    );
    const id: string = created.body.id;
    await ok(id, dispatcher, 'dispatch', { unit: suggestion.body.unit });
    await ok(id, streetHandler, 'sign');
    // The community cannot read the ticket before it is passed down (none of its tickets: 404, issue 24).
    const before = await get(`/api/v1/tickets/${id}`, communityHandler);
    expect(before.status).toBe(404);

    const down = await ok(id, streetHandler, 'assign-down', { unit: COMMUNITY, note: '请社区上门核实清理' });
    expect(down).toMatchObject({ status: 'handling', leadUnit: STREET, delegates: [{ unit: COMMUNITY, by: 'h-street' }] });

    const seen = await get(`/api/v1/tickets/${id}`, communityHandler);
    expect(seen.status).toBe(200);
    expect(seen.body.allowedActions).toEqual(['contact', 'visit', 'note']);
    await ok(id, communityHandler, 'contact', { stage: 'first', method: 'visit' });
    await ok(id, communityHandler, 'contact', { stage: 'final', method: 'phone' });
    expect((await ok(id, communityHandler, 'reply', replyBody)).status).toBe('reply_review');
    expect((await ok(id, streetReviewer, 'review-reply')).status).toBe('replied');
    // The lead unit stays accountable: the community may not sign its own reply off.
    const self = await post(id, { role: 'unit_leader', unit: COMMUNITY }, 'approve-reply');
    expect(self.status).toBe(403);
    expect((await ok(id, streetLeader, 'approve-reply', { note: '同意' })).status).toBe('follow_up');
  });

  test('下派 to a unit that is not below the lead: 409 with the reason, nothing changes', async () => {
    const created = await caller.post('/api/v1/tickets', operator, intakeBody({ category: 'NEIGHBORHOOD_ORDER' }));
    const id: string = created.body.id;
    await ok(id, dispatcher, 'dispatch', { unit: STREET });
    const signed = await ok(id, streetHandler, 'sign');
    const res = await post(id, streetHandler, 'assign-down', { unit: 'LJ-JB-WH-OFFICE' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('LJ-JB-WH-OFFICE 不是主办单位 LJ-JB-BJ-OFFICE 的下级单位');
    const after = await get(`/api/v1/tickets/${id}`, streetHandler);
    expect(after.body.delegates).toBeUndefined();
    expect(after.body.history).toHaveLength(signed.history.length);
  });
});
