// Issue #14 item 2: the request type (咨询/求助/投诉/举报/建议, seed 000) is required at intake, the
// requester's kind (个人/企业, seed 004 企业专席) defaults to a person; both show on the ticket, are
// search attributes the list filters on, and cut the statistics (the worker's ledger, read by the API).
import type { RulesFor } from '../../domain/rule-book';
import { defaultRules, TicketState } from '../../domain/ticket';
import type { LedgerDb } from '../../ledger/db';
import { apiHarness, ApiHarness, eventually, intakeBody, Who } from '../setup/api';
import { act } from '../setup/drive';
import { openTestLedger } from '../setup/ledger';
import { dispatcher, startTicket, ticketId, ticketInput } from '../setup/temporal';

const UNIT = 'LJ-ECO';
const admin: Who = { role: 'admin' };
const supervisor: Who = { role: 'supervisor' };
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

describe('API: request type and requester kind', () => {
  let api: ApiHarness;
  let ledger: LedgerDb;
  const id = { consult: '', complaint: '', online: '' };
  const dispatched: Record<'consult' | 'complaint', TicketState | undefined> = { consult: undefined, complaint: undefined };

  beforeAll(async () => {
    ledger = await openTestLedger();
    // Consultations answered within 8 wall-clock hours: intake must resolve the rules by request type.
    const rules: RulesFor = (s) => (s.requestType === 'consult' ? { ...defaultRules, replyWorkingDays: 0, replyHours: 8 } : defaultRules);
    api = await apiHarness('request-type', { ledger, rules });
    const op = await api.bearer({ role: 'operator' });
    const open = async (over: object) => {
      const res = await api.http().post('/api/v1/tickets').set('Authorization', op).send(intakeBody(over));
      expect(res.status).toBe(201);
      return res.body;
    };
    const enterprise = await open({ requestType: 'consult', citizen: { name: '某公司', phone: '13800000001', kind: 'enterprise' } });
    const person = await open({ requestType: 'complaint' });
    expect(enterprise).toMatchObject({ requestType: 'consult', requestTypeLabel: '咨询', citizenKind: 'enterprise', citizenKindLabel: '企业' });
    expect(person).toMatchObject({ requestType: 'complaint', requestTypeLabel: '投诉', citizenKind: 'person', citizenKindLabel: '个人' });
    const online = await open({ requestType: 'consult', channel: 'wechat' });
    Object.assign(id, { consult: enterprise.id, complaint: person.id, online: online.id });
    await act(api.client.workflow.getHandle(id.online), 'answer', { id: 'op-1', role: 'operator' }, { answer: '已按知识库答复办理流程' });
    const [consult, complaint] = await Promise.all(
      [id.consult, id.complaint].map((t) => act(api.client.workflow.getHandle(t), 'dispatch', dispatcher, { unit: UNIT })),
    );
    dispatched.consult = consult;
    dispatched.complaint = complaint;
  });
  afterAll(async () => {
    await api?.close();
    await ledger?.close();
  });

  const get = async (path: string, who: Who = admin) =>
    api
      .http()
      .get(path)
      .set('Authorization', await api.bearer(who));

  test("intake resolves the ticket's rules for its request type: the consultation's reply deadline is 8 h from dispatch", () => {
    const { consult, complaint } = dispatched as Record<string, TicketState>;
    expect(Date.parse(consult.deadlines.replyBy!) - Date.parse(consult.dispatchedAt!)).toBe(8 * 3_600_000);
    expect(Date.parse(complaint.deadlines.replyBy!) - Date.parse(complaint.dispatchedAt!)).toBeGreaterThan(24 * 3_600_000);
  });

  test('a ticket started before the request type was asked (its input has none) runs on, shown and counted as unknown', async () => {
    const input = ticketInput(ticketId('OLD'), undefined);
    delete (input.intake as { requestType?: string }).requestType;
    const old = await startTicket(api.client, api.taskQueue, input);
    expect((await act(old, 'dispatch', dispatcher, { unit: 'LJ-HOUSING' })).status).toBe('dispatched');
    const view = await get(`/api/v1/tickets/${old.workflowId}`);
    expect(view.status).toBe(200);
    expect(view.body.requestType).toBeUndefined();
    expect(view.body.citizenKind).toBe('person');
    const unknown = `/api/v1/stats/units?from=${today}&to=${today}&requestType=unknown`;
    const counted = await eventually(
      () => get(unknown, supervisor),
      (r) => r.status === 200 && r.body.total.received === 1,
    );
    expect(counted.body.units.map((u: { unit: string }) => u.unit)).toEqual(['LJ-HOUSING']);
  });

  test('a new intake without a request type is refused, naming the field; an unknown kind too', async () => {
    const op = await api.bearer({ role: 'operator' });
    const { requestType: _omitted, ...body } = intakeBody();
    const missing = await api.http().post('/api/v1/tickets').set('Authorization', op).send(body);
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: { path: string }) => d.path)).toEqual(['requestType']);
    const bad = await api
      .http()
      .post('/api/v1/tickets')
      .set('Authorization', op)
      .send(intakeBody({ requestType: 'praise' as never, citizen: { phone: '13800000002', kind: 'group' } as never }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['citizen.kind', 'requestType']);
  });

  test('the list filters on both (search attributes TicketRequestType, TicketCitizenKind)', async () => {
    const listed = (q: string, must: string) =>
      eventually(
        () => get(`/api/v1/tickets?pageSize=100&${q}`),
        (r) => r.status === 200 && r.body.items.some((s: { id: string }) => s.id === must),
      );
    const consult = (await listed('requestType=consult&citizenKind=enterprise', id.consult)).body.items as {
      id: string;
      requestType: string;
      citizenKind: string;
    }[];
    expect(consult.map((s) => s.id)).not.toContain(id.complaint);
    expect(consult.every((s) => s.requestType === 'consult' && s.citizenKind === 'enterprise')).toBe(true);
    const persons = (await listed('citizenKind=person', id.complaint)).body.items as { id: string; citizenKind: string }[];
    expect(persons.map((s) => s.id)).not.toContain(id.consult);
    const bad = await get('/api/v1/tickets?requestType=praise');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['requestType']);
  });

  test('the unit statistics are cut by request type, requester kind and channel', async () => {
    const units = `/api/v1/stats/units?from=${today}&to=${today}&unit=${UNIT}`;
    const received = async (q: string) => (await get(`${units}${q}`, supervisor)).body.total.received as number;
    await eventually(
      () => received(''),
      (n) => n === 2,
    );
    expect(await received('&requestType=consult')).toBe(1);
    expect(await received('&requestType=complaint&citizenKind=person')).toBe(1);
    expect(await received('&citizenKind=enterprise')).toBe(1);
    expect(await received('&requestType=unknown')).toBe(0);
    expect(await received('&channel=police_110')).toBe(0);
    const bad = await get(`${units}&requestType=praise&channel=fax`, supervisor);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['requestType', 'channel']);
  });

  test("the hotline's figures: the online request answered at intake is replied (回复率), cut by request type", async () => {
    const hotline = `/api/v1/stats/hotline?from=${today}&to=${today}`;
    const all = await eventually(
      () => get(hotline, supervisor),
      (r) => r.status === 200 && r.body.registered === 4 && r.body.onlineReplied === 1,
    );
    // The three intakes above and the ticket from before request types (the test before this one).
    expect(all.body).toMatchObject({ registered: 4, dispatched: 3, firstDispatchKept: 3, onlineReceived: 1, onlineReplied: 1 });
    expect(all.body.rates).toMatchObject({ firstDispatchAccuracy: 1, onlineReply: 1 });
    const consult = await get(`${hotline}&requestType=consult`, supervisor);
    expect(consult.body).toMatchObject({ registered: 2, dispatched: 1, onlineReceived: 1 });
    const enterprise = await get(`${hotline}&citizenKind=enterprise`, supervisor);
    expect(enterprise.body).toMatchObject({ registered: 1, dispatched: 1, onlineReceived: 0, rates: { onlineReply: null } });
  });
});
