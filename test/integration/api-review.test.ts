// R7 through the HTTP API on the real dev server (seed 002 "由承办处室负责人审核并送分管领导或主要领导审签"):
// the handler drafts, the lead unit's reviewer reviews (审核), its leader signs off (审签); either
// sends it back with a reason; the hotline's admin signs nothing; a unit the rules name has one step.
import { defaultRules } from '../../domain/ticket';
import { apiHarness, ApiHarness, intakeBody, ticketCalls, replyBody, Who } from '../setup/api';
import { recordHistory } from '../setup/histories';

const LEAD = 'LJ-JB-HOUSING';
const SINGLE = 'LJ-JB-URBAN';

const operator: Who = { role: 'operator', sub: 'op-1' };
const dispatcher: Who = { role: 'dispatcher', sub: 'disp-1' };
const handlerOf = (unit: string): Who => ({ role: 'handler', unit, sub: `h-${unit}` });
const reviewerOf = (unit: string): Who => ({ role: 'reviewer', unit, sub: `r-${unit}` });
const leaderOf = (unit: string): Who => ({ role: 'unit_leader', unit, sub: `l-${unit}` });
const admin: Who = { role: 'admin', sub: 'ad-1' };
const followUp: Who = { role: 'follow_up', sub: 'fu-1' };

describe('API: a reply reviewed, then signed off (R7)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await apiHarness('review', { rules: { ...defaultRules, singleStepSignOffUnits: [SINGLE] } });
  });
  afterAll(() => api?.close());

  const post: ReturnType<typeof ticketCalls>['post'] = (...args) => ticketCalls(api).post(...args);
  const act: ReturnType<typeof ticketCalls>['act'] = (...args) => ticketCalls(api).act(...args);
  const get = async (id: string, who: Who) => (await ticketCalls(api).get(id, who)).body;

  /** Intake, dispatch to `unit`, sign, both contacts: ready to reply. */
  const handled = async (unit: string): Promise<string> => {
    const created = await api
      .http()
      .post('/api/v1/tickets')
      .set('Authorization', await api.bearer(operator))
      .send(intakeBody());
    const id: string = created.body.id;
    await act(id, dispatcher, 'dispatch', { unit });
    await act(id, handlerOf(unit), 'sign');
    await act(id, handlerOf(unit), 'contact', { stage: 'first', method: 'phone' });
    await act(id, handlerOf(unit), 'contact', { stage: 'final', method: 'phone' });
    return id;
  };

  /** A refusal answers `status` naming the reason, and the ticket is as it was. */
  const refused = async (id: string, who: Who, path: string, body: object, status: number, reason: string) => {
    const before = await get(id, operator);
    const res = await post(id, who, path, body);
    expect([path, who.role, res.status]).toEqual([path, who.role, status]);
    expect(res.body.error.message).toContain(reason);
    const after = await get(id, operator);
    expect(after.history).toEqual(before.history);
    expect(after.status).toBe(before.status);
  };

  test('draft → 审核 (sent back, redrafted, passed) → 审签 (sent back, then signed) → follow-up', async () => {
    const id = await handled(LEAD);
    const drafted = await act(id, handlerOf(LEAD), 'reply', replyBody);
    expect(drafted).toMatchObject({ status: 'reply_review', statusLabel: '答复待审核', reply: { reviewFlow: 'two_step' } });
    expect((await get(id, reviewerOf(LEAD))).allowedActions).toEqual(['review-reply', 'reject-review', 'note']);
    expect((await get(id, leaderOf(LEAD))).allowedActions).toEqual(['note']);
    expect((await get(id, admin)).allowedActions).not.toContain('approve-reply');

    // Not yet the leader's turn; never the admin's; only the lead unit's reviewer; a reason is needed.
    await refused(id, leaderOf(LEAD), 'approve-reply', {}, 409, 'reply_review（答复待审核）');
    await refused(id, admin, 'approve-reply', {}, 403, '热线管理员不审签');
    // Another unit's reviewer: the ticket is none of theirs, answered as if it did not exist (issue 24).
    await refused(id, reviewerOf(SINGLE), 'review-reply', {}, 404, '不存在');
    await refused(id, reviewerOf(LEAD), 'reject-review', {}, 400, 'note');
    await refused(id, reviewerOf(LEAD), 'approve-reply', {}, 403, 'reviewer');

    const back = await act(id, reviewerOf(LEAD), 'reject-review', { note: '答复未引用政策依据，请补充' });
    expect(back).toMatchObject({ status: 'handling', reply: { divisionReview: { approved: false, note: '答复未引用政策依据，请补充' } } });
    await act(id, handlerOf(LEAD), 'reply', { ...replyBody, content: `${replyBody.content}（已补充依据）` });
    const reviewed = await act(id, reviewerOf(LEAD), 'review-reply', { note: '同意，送审签' });
    expect(reviewed).toMatchObject({
      status: 'replied',
      statusLabel: '已答复待审签',
      reply: { divisionReview: { approved: true, by: 'r-LJ-JB-HOUSING' } },
    });
    expect((await get(id, leaderOf(LEAD))).allowedActions).toEqual(['approve-reply', 'reject-reply', 'note']);
    await refused(id, admin, 'approve-reply', {}, 403, '热线管理员不审签');
    await refused(id, reviewerOf(LEAD), 'review-reply', {}, 409, 'replied（已答复待审签）');

    const signedBack = await act(id, leaderOf(LEAD), 'reject-reply', { note: '请写明预计完成时间' });
    expect(signedBack.status).toBe('handling');
    await act(id, handlerOf(LEAD), 'reply', replyBody);
    await act(id, reviewerOf(LEAD), 'review-reply');
    const signed = await act(id, leaderOf(LEAD), 'approve-reply', { note: '同意' });
    expect(signed).toMatchObject({ status: 'follow_up', reply: { onTime: true, review: { approved: true, by: 'l-LJ-JB-HOUSING' } } });
    const closed = await act(id, followUp, 'follow-up', { satisfaction: 'satisfied', resolved: true });
    expect(closed.status).toBe('closed');

    const trail = (await get(id, operator)).history.map((e: { action: string; actor: { id: string } }) => `${e.action}:${e.actor.id}`);
    expect(trail.slice(5)).toEqual([
      'reply:h-LJ-JB-HOUSING',
      'rejectReview:r-LJ-JB-HOUSING',
      'reply:h-LJ-JB-HOUSING',
      'reviewReply:r-LJ-JB-HOUSING',
      'rejectReply:l-LJ-JB-HOUSING',
      'reply:h-LJ-JB-HOUSING',
      'reviewReply:r-LJ-JB-HOUSING',
      'approveReply:l-LJ-JB-HOUSING',
      'followUp:fu-1',
    ]);
    await recordHistory(api.client.workflow.getHandle(id), 'i13a-two-step-review');
  });

  test('a unit the rules name as having no separate reviewer: the leader signs off alone', async () => {
    const id = await handled(SINGLE);
    const drafted = await act(id, handlerOf(SINGLE), 'reply', replyBody);
    expect(drafted).toMatchObject({ status: 'replied', reply: { reviewFlow: 'single_step' } });
    await refused(id, reviewerOf(SINGLE), 'review-reply', {}, 409, 'replied（已答复待审签）');
    await refused(id, admin, 'approve-reply', {}, 403, '热线管理员不审签');
    const signed = await act(id, leaderOf(SINGLE), 'approve-reply');
    expect(signed.status).toBe('follow_up');
    expect(signed.reply.divisionReview).toBeUndefined();
  });
});
