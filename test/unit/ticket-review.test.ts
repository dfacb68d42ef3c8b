// R7 (seed 002 "由承办处室负责人审核并送分管领导或主要领导审签"): a reply is reviewed (审核) by the
// lead unit's reviewer, then signed off (审签) by its leader; either sends it back with a reason; a
// unit without a separate reviewer (HOTLINE_RULES singleStepSignOffUnits) has the sign-off alone; the
// admin signs nothing of a unit's; a reply drafted before the change keeps the old single step.
import { allowedActions, defaultRules, fireDue, TicketRules, TicketState } from '../../domain/ticket';
import { act, actors, bj, calendar, CO, contacted, drafted, LEAD, legacyDrafted, must, replied, replyInput, snapshot, T } from './ticket-fixtures';

const single: TicketRules = { ...defaultRules, singleStepSignOffUnits: [LEAD] };
const coReviewer = { id: 'r-co', role: 'reviewer', unit: CO } as const;

/** A refusal of `code` naming `reason`, and the state untouched. */
function expectRefused(
  s: TicketState,
  action: Parameters<typeof act>[1],
  input: unknown,
  who: Parameters<typeof act>[3],
  code: string,
  reason: string,
  rules = defaultRules,
) {
  const unchanged = snapshot(s);
  const d = act(s, action, input, who, T.approve, rules);
  expect(d).toMatchObject({ ok: false, code });
  if (!d.ok) expect(d.reason).toContain(reason);
  unchanged();
}

describe('R7: two steps by default', () => {
  test('the draft waits for the reviewer (答复待审核), the clock still on the draft', () => {
    const s = drafted();
    expect(s).toMatchObject({ status: 'reply_review', statusLabel: '答复待审核', reply: { reviewFlow: 'two_step', onTime: true } });
    expect(allowedActions(s, actors.reviewer)).toEqual(['reviewReply', 'rejectReview', 'note']);
    expect(allowedActions(s, actors.leader)).toEqual(['note']);
    expect(allowedActions(s, actors.admin)).not.toContain('approveReply');
  });

  test('the review passes it on to the leader (已答复待审签)', () => {
    const s = must(drafted(), 'reviewReply', { note: '同意' }, actors.reviewer, T.review).state;
    expect(s).toMatchObject({ status: 'replied', statusLabel: '已答复待审签' });
    expect(s.reply!.divisionReview).toEqual({ approved: true, note: '同意', at: new Date(bj(T.review)).toISOString(), by: actors.reviewer.id });
    expect(allowedActions(s, actors.leader)).toEqual(['approveReply', 'rejectReply', 'note']);
    expect(allowedActions(s, actors.reviewer)).toEqual(['note']);
  });

  test('the reviewer sends it back with a reason: the handler redrafts, the lead unit is told', () => {
    const d = must(drafted(), 'rejectReview', { note: '请补充政策依据' }, actors.reviewer, T.review);
    expect(d.state.status).toBe('handling');
    expect(d.state.reply!.divisionReview).toMatchObject({ approved: false, note: '请补充政策依据' });
    expect(d.effects).toEqual([
      { kind: 'notify', event: 'reply_rejected', units: [LEAD], detail: '请补充政策依据', key: `review-reject-${d.state.reply!.at}` },
    ]);
    expect(must(d.state, 'reply', replyInput, actors.handler, T.approve).state.status).toBe('reply_review');
  });

  test('the leader signs off after the review; the sign-off judges the clock', () => {
    const s = must(replied(), 'approveReply', {}, actors.leader, T.approve).state;
    expect(s.status).toBe('follow_up');
    expect(s.reply).toMatchObject({ onTime: true, review: { approved: true, by: actors.leader.id }, divisionReview: { approved: true } });
  });

  test('the clock runs through the review: a reminder worded 答复待审核, then the breach', () => {
    const s = drafted();
    const reminder = fireDue(s, Date.parse(s.deadlines.replyBy!) - 24 * 3_600_000, { rules: defaultRules, calendar });
    expect(reminder.effects).toEqual([expect.objectContaining({ event: 'review_reminder', units: [LEAD] })]);
    const breach = fireDue(reminder.state, Date.parse(s.deadlines.replyBy!), { rules: defaultRules, calendar });
    expect(breach.state).toMatchObject({ status: 'reply_review', flags: { overdue: true, escalationLevel: 1 } });
  });

  describe('refusals (state unchanged)', () => {
    test('the leader may not sign off before the review (409)', () =>
      expectRefused(drafted(), 'approveReply', {}, actors.leader, 'conflict', 'reply_review（答复待审核）'));
    test('the leader may not send back before the review (409)', () =>
      expectRefused(drafted(), 'rejectReply', { note: 'n' }, actors.leader, 'conflict', 'reply_review（答复待审核）'));
    test('the reviewer may not review twice (409)', () =>
      expectRefused(replied(), 'reviewReply', {}, actors.reviewer, 'conflict', 'replied（已答复待审签）'));
    test('the reviewer may not sign off (403)', () => expectRefused(replied(), 'approveReply', {}, actors.reviewer, 'forbidden', 'reviewer'));
    test('a co-unit reviewer may not review (403)', () => expectRefused(drafted(), 'reviewReply', {}, coReviewer, 'forbidden', '主办单位'));
    test('a handler may not review (403)', () => expectRefused(drafted(), 'reviewReply', {}, actors.handler, 'forbidden', 'handler'));
    test('sending back needs a reason (400)', () => expectRefused(drafted(), 'rejectReview', {}, actors.reviewer, 'invalid', 'note'));
    test('the admin may not sign off (403)', () => expectRefused(replied(), 'approveReply', {}, actors.admin, 'forbidden', '热线管理员不审签'));
    test('the admin may not send back (403)', () =>
      expectRefused(replied(), 'rejectReply', { note: 'n' }, actors.admin, 'forbidden', '热线管理员不审签'));
    test('the reviewer does nothing else: no reply, no sign-for (403)', () => {
      expectRefused(contacted(), 'reply', replyInput, actors.reviewer, 'forbidden', 'reviewer');
    });
  });
});

describe('R7: one step for a unit without a separate reviewer (singleStepSignOffUnits)', () => {
  const draftedSingle = () => must(contacted(undefined, single), 'reply', replyInput, actors.handler, T.reply, single).state;

  test('the draft waits for the leader alone', () => {
    const s = draftedSingle();
    expect(s).toMatchObject({ status: 'replied', reply: { reviewFlow: 'single_step' } });
    expect(allowedActions(s, actors.reviewer)).toEqual(['note']);
    const signed = must(s, 'approveReply', {}, actors.leader, T.approve, single).state;
    expect(signed.status).toBe('follow_up');
    expect(signed.reply!.divisionReview).toBeUndefined();
  });

  test('a reminder while it waits is worded 答复待审签', () => {
    const s = draftedSingle();
    const r = fireDue(s, Date.parse(s.deadlines.replyBy!) - 24 * 3_600_000, { rules: single, calendar });
    expect(r.effects).toEqual([expect.objectContaining({ event: 'sign_off_reminder' })]);
  });

  test('the admin still may not sign off (403); no review to pass (409)', () => {
    expectRefused(draftedSingle(), 'approveReply', {}, actors.admin, 'forbidden', '热线管理员不审签', single);
    expectRefused(draftedSingle(), 'reviewReply', {}, actors.reviewer, 'conflict', 'replied（已答复待审签）', single);
  });

  test('another unit on the same rules keeps two steps', () => {
    const rules: TicketRules = { ...defaultRules, singleStepSignOffUnits: [CO] };
    expect(must(contacted(undefined, rules), 'reply', replyInput, actors.handler, T.reply, rules).state.status).toBe('reply_review');
  });

  test('rules without the setting (a ticket started before it): two steps', () => {
    const { singleStepSignOffUnits: _, ...older } = defaultRules;
    expect(must(contacted(undefined, older), 'reply', replyInput, actors.handler, T.reply, older).state.status).toBe('reply_review');
  });
});

describe('R7: a reply drafted before two-step review (legacySignOff) keeps the old flow', () => {
  const legacy = legacyDrafted;

  test('one sign-off, no flow recorded, the old reminder wording', () => {
    const s = legacy();
    expect(s.status).toBe('replied');
    expect(s.reply!.reviewFlow).toBeUndefined();
    const r = fireDue(s, Date.parse(s.deadlines.replyBy!) - 24 * 3_600_000, { rules: defaultRules, calendar });
    expect(r.effects).toEqual([expect.objectContaining({ event: 'reply_reminder' })]);
  });

  test('the unit leader or an admin signs it off', () => {
    expect(must(legacy(), 'approveReply', {}, actors.leader, T.approve).state.status).toBe('follow_up');
    expect(must(legacy(), 'approveReply', {}, actors.admin, T.approve).state.status).toBe('follow_up');
    expect(must(legacy(), 'rejectReply', { note: '请补充' }, actors.admin, T.approve).state.status).toBe('handling');
  });
});
