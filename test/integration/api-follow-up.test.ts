// Follow-up through the HTTP API on the real dev server: the voice provider's signed callback
// (answered → the ticket closes or goes back for re-handling; bad signature → 401 and nothing
// changes; no_answer → 202 and nothing changes; a repeat → 409), and the follow-up agents' queue.
import { signBody, SIGNATURE_HEADER } from '../../follow-up/signature';
import type { TicketState } from '../../domain/ticket';
import { apiHarness, ApiHarness, eventually, intakeBody, PHONE, Who } from '../setup/api';
import { replyInput, state, toFollowUp } from '../setup/drive';

const SECRET = 'voice-callback-secret-0123456789';
const LEAD = 'LJ-JB-HOUSING';
const operator: Who = { role: 'operator', sub: 'op-1' };
const agent: Who = { role: 'follow_up', sub: 'fu-1' };

describe('API: follow-up callbacks and queue', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await apiHarness('follow-up', { callbackSecret: SECRET });
  });
  afterAll(() => api?.close());

  /** A new ticket driven to follow_up (manual provider: the agents' queue). */
  const inFollowUp = async (): Promise<string> => {
    const created = await api
      .http()
      .post('/api/v1/tickets')
      .set('Authorization', await api.bearer(operator))
      .send(intakeBody());
    expect(created.status).toBe(201);
    const s = await toFollowUp(api.client.workflow.getHandle(created.body.id), LEAD);
    expect(s.status).toBe('follow_up');
    return created.body.id;
  };
  const stateOf = (id: string): Promise<TicketState> => state(api.client.workflow.getHandle(id));
  const callback = (body: unknown, signature?: string) => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const req = api.http().post('/api/v1/callbacks/voice').set('Content-Type', 'application/json');
    if (signature !== '') req.set(SIGNATURE_HEADER, signature ?? signBody(raw, SECRET));
    return req.send(raw);
  };
  const answered = (ticket: string, satisfaction: string, resolved: boolean, extra: object = {}) => ({
    ticket,
    requester: 0,
    outcome: 'answered',
    satisfaction,
    resolved,
    attempt: 1,
    ...extra,
  });

  test('answered, satisfied: the ticket closes, rated by the voice provider as the system', async () => {
    const id = await inFollowUp();
    const res = await callback(answered(id, 'satisfied', true, { round: 0, note: '满意' }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'recorded', ticket: id, outcome: 'answered', ticketStatus: 'closed', statusLabel: '已办结' });
    const s = await stateOf(id);
    expect(s.outcome?.closure).toBe('satisfied');
    expect(s.followUps).toEqual([
      expect.objectContaining({ requester: 0, satisfaction: 'satisfied', resolved: true, by: 'voice-provider', note: '自动语音回访：满意' }),
    ]);
    expect(s.history.at(-1)).toMatchObject({ action: 'followUp', actor: { id: 'voice-provider', role: 'system' } });
    // A late repeat of that round: the ticket is no longer in follow-up.
    expect((await callback(answered(id, 'satisfied', true, { round: 0 }))).status).toBe(409);
  });

  test('answered, unsatisfied: back to the unit (重办); a repeat is refused by the workflow (409)', async () => {
    const id = await inFollowUp();
    const res = await callback(answered(id, 'unsatisfied', false));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'recorded', ticketStatus: 'rehandling' });
    const before = await stateOf(id);
    expect(before).toMatchObject({ status: 'rehandling', counters: { rehandles: 1 } });
    const repeat = await callback(answered(id, 'unsatisfied', false));
    expect(repeat.status).toBe(409);
    expect(repeat.body.error).toMatchObject({ code: 'conflict', details: { status: 'rehandling' } });
    expect((await stateOf(id)).history).toHaveLength(before.history.length);
  });

  describe('one ticket waiting in the agents’ queue', () => {
    let id: string;
    let before: TicketState;
    beforeAll(async () => {
      id = await inFollowUp();
      before = await stateOf(id);
    });

    test('bad signatures: 401 bad_signature, and the ticket is unchanged', async () => {
      const body = JSON.stringify(answered(id, 'unsatisfied', false));
      const cases: [string | undefined, string][] = [
        [signBody(body, 'another-secret-0123456789'), 'mismatch'],
        [signBody(body.replace('unsatisfied', 'satisfied'), SECRET), 'mismatch'], // signed another body
        [signBody(body, SECRET, Math.floor(Date.now() / 1000) - 600), 'expired'],
        ['t=1,v1=zz', 'malformed'],
        ['', 'missing'],
      ];
      for (const [signature, reason] of cases) {
        const res = await callback(body, signature);
        expect(res.status).toBe(401);
        expect(res.body.error).toMatchObject({ code: 'bad_signature', details: { reason } });
        expect(res.headers['www-authenticate']).toBeUndefined();
      }
      expect(await stateOf(id)).toEqual(before);
    });

    test('no_answer and refused: 202, nothing recorded', async () => {
      for (const outcome of ['no_answer', 'refused']) {
        const res = await callback({ ticket: id, requester: 0, outcome, attempt: 2 });
        expect(res.status).toBe(202);
        expect(res.body).toEqual({ status: 'accepted', ticket: id, outcome });
      }
      expect(await stateOf(id)).toEqual(before);
    });

    test('signed but invalid: 400 naming the field; JSON errors; unknown ticket 404; result of another round 409', async () => {
      const invalid = await callback({ ticket: id, requester: 0, outcome: 'answered' });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: 'satisfaction' }] });
      expect((await callback('{not json')).body.error.code).toBe('invalid_json');
      expect((await callback(answered('20200101-0000000', 'satisfied', true))).status).toBe(404);
      const stale = await callback(answered(id, 'satisfied', true, { round: 3 }));
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toContain('第 3 轮');
      expect(await stateOf(id)).toEqual(before);
    });

    test('GET /api/v1/follow-ups: the ticket with whom to call, phone in full; roles and query checked', async () => {
      const list = async (query: string, who: Who = agent) =>
        api
          .http()
          .get(`/api/v1/follow-ups${query}`)
          .set('Authorization', await api.bearer(who));
      const page = await eventually(
        () => list('?pageSize=50'),
        (r) => r.status === 200 && r.body.items.some((i: { id: string }) => i.id === id),
      );
      const item = page.body.items.find((i: { id: string }) => i.id === id);
      expect(item).toEqual({
        id,
        category: 'PROPERTY_MANAGEMENT',
        categoryName: '物业管理',
        district: 'JB',
        districtName: '江北区',
        street: 'JB-BJ',
        streetName: '滨江街道',
        leadUnit: LEAD,
        description: intakeBody().description,
        queue: 'manual',
        round: 0,
        attempts: 0,
        startedAt: before.followUp!.startedAt,
        followUpBy: before.deadlines.followUpBy,
        reply: {
          summary: replyInput.content,
          handlerName: replyInput.handlerName,
          handlerPhone: replyInput.handlerPhone,
          solved: true,
          at: before.reply!.at,
        },
        requesters: [{ requester: 0, name: '张三', phone: PHONE, anonymous: false }],
      });
      // Tickets no longer in follow-up are not in the queue; the automated queue is empty here.
      expect(page.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
      expect((await list('?queue=auto')).body.items).toEqual([]);
      expect((await list('', { role: 'admin', sub: 'adm' })).status).toBe(200);
      for (const who of [{ role: 'supervisor' }, { role: 'handler', unit: LEAD }, { role: 'operator' }] as Who[]) {
        expect((await list('', who)).status).toBe(403);
      }
      const bad = await list('?queue=robot&pageSize=500');
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['pageSize', 'queue']);
    });
  });
});
