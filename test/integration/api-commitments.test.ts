// R6 through the HTTP API on the dev server: a reply carrying a commitment, signed off, is
// registered and listed (a unit sees its own, the hotline all); the ticket closes and the unit
// still fulfils it; the refusals answer 400/403/404/409 and change nothing.
import { beijingDate } from '../../domain/calendar';
import { apiHarness, ApiHarness, callerOf, eventually, intakeBody, Who } from '../setup/api';

const LEAD = 'LJ-JB-HOUSING';
const OTHER = 'LJ-JN-HOUSING';
const operator: Who = { role: 'operator', sub: 'op-c' };
const dispatcher: Who = { role: 'dispatcher', sub: 'disp-c' };
const handler: Who = { role: 'handler', unit: LEAD, sub: 'h-c' };
const leader: Who = { role: 'unit_leader', unit: LEAD, sub: 'l-c' };
const reviewer: Who = { role: 'reviewer', unit: LEAD, sub: 'r-c' };
const otherHandler: Who = { role: 'handler', unit: OTHER, sub: 'h-o' };
const supervisor: Who = { role: 'supervisor', sub: 'sup-c' };
const followUp: Who = { role: 'follow_up', sub: 'fu-c' };

const DAY = 86_400_000;
const reply = (commitment?: object) => ({
  content: '已现场核实，电梯主板损坏需更换。',
  handlerName: '李承办',
  handlerPhone: '0431-88886666',
  solved: false,
  basis: '特种设备维修须由具备资质的厂家实施',
  ...(commitment ? { commitment } : {}),
});

describe('API: commitments', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await apiHarness('commitments');
  });
  afterAll(() => api?.close());

  const { post, get, act } = callerOf(() => api);
  const contacted = async () => {
    const id: string = (await post('/api/v1/tickets', operator, intakeBody())).body.id;
    await act(id, dispatcher, 'dispatch', { unit: LEAD });
    await act(id, handler, 'sign');
    await act(id, handler, 'contact', { stage: 'first', method: 'phone' });
    await act(id, handler, 'contact', { stage: 'final', method: 'phone' });
    return id;
  };

  test('registered at sign-off, listed, fulfilled after the ticket closed', async () => {
    const id = await contacted();
    const dueDate = beijingDate(Date.now() + 2 * DAY);
    const content = '厂家定制主板到货后更换';
    const drafted = await act(id, handler, 'reply', reply({ content, dueDate }));
    expect(drafted.reply.commitment).toEqual({ content, dueDate });
    await act(id, reviewer, 'review-reply');
    const signed = await act(id, leader, 'approve-reply');
    expect(signed.commitments).toEqual([expect.objectContaining({ number: 1, id: `${id}-commitment-1`, unit: LEAD, dueDate })]);

    // Registered in the ledger by its own workflow: the unit sees it, the hotline too.
    const listed = await eventually(
      async () => (await get(`/api/v1/commitments?ticket=${id}`, handler)).body,
      (b) => b.items?.length === 1,
    );
    expect(listed.items[0]).toMatchObject({ id: `${id}-commitment-1`, ticketId: id, unit: LEAD, content, dueDate, status: 'open' });
    expect((await get(`/api/v1/commitments?ticket=${id}&unit=${LEAD}&status=open`, supervisor)).body.items).toHaveLength(1);
    // Another unit sees none of it and may not ask for it.
    expect((await get(`/api/v1/commitments?ticket=${id}`, otherHandler)).body.items).toEqual([]);
    expect((await get(`/api/v1/commitments?unit=${LEAD}`, otherHandler)).status).toBe(403);
    expect((await get('/api/v1/commitments?status=kept', supervisor)).status).toBe(400);

    expect((await act(id, followUp, 'follow-up', { satisfaction: 'satisfied', resolved: true })).status).toBe('closed');

    const path = `/api/v1/tickets/${id}/actions/fulfil-commitment`;
    const wrongUnit = await post(path, otherHandler, { commitment: 1, done: 'x' });
    expect(wrongUnit.status).toBe(403);
    expect((await post(path, supervisor, { commitment: 1, done: 'x' })).status).toBe(403);
    expect((await post(path, handler, { commitment: 2, done: 'x' })).status).toBe(404);
    const noDone = await post(path, handler, { commitment: 1 });
    expect(noDone.status).toBe(400);
    expect(noDone.body.error.details).toEqual([expect.objectContaining({ path: 'done' })]);

    const kept = await post(path, handler, { commitment: 1, done: '主板已更换，电梯恢复运行' });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ status: 'fulfilled', fulfilment: { done: '主板已更换，电梯恢复运行', by: 'h-c', onTime: true } });
    const again = await post(path, handler, { commitment: 1, done: '再次' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('承诺事项已于');
    const fulfilled = await eventually(
      async () => (await get(`/api/v1/commitments?ticket=${id}&status=fulfilled`, leader)).body,
      (b) => b.items?.length === 1,
    );
    expect(fulfilled.items[0]).toMatchObject({ fulfilment: '主板已更换，电梯恢复运行', fulfilledOnTime: true, fulfilledBy: 'h-c' });
  });

  test('a commitment on a solved reply, or due today, is refused and the ticket is unchanged', async () => {
    const id = await contacted();
    const before = (await get(`/api/v1/tickets/${id}`, handler)).body;
    const solved = await post(`/api/v1/tickets/${id}/actions/reply`, handler, {
      ...reply({ content: 'x', dueDate: beijingDate(Date.now() + 2 * DAY) }),
      solved: true,
    });
    expect(solved.status).toBe(409);
    expect(solved.body.error.message).toContain('无需作出承诺');
    const today = await post(`/api/v1/tickets/${id}/actions/reply`, handler, reply({ content: 'x', dueDate: beijingDate(Date.now()) }));
    expect(today.status).toBe(400);
    expect(today.body.error.details).toEqual([{ path: 'commitment.dueDate', message: expect.stringContaining('须晚于今天') }]);
    const after = (await get(`/api/v1/tickets/${id}`, handler)).body;
    expect(after.status).toBe('handling');
    expect(after.history).toEqual(before.history);
  });
});
