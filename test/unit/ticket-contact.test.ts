// R4/R5 reaching the citizen: the unit roles on the ticket see the phone in full and call; a citizen
// who asked for confidentiality (保密) is reached through the hotline (relay-contact) and units see
// the number masked; an anonymous requester without a phone cannot be reached, so R4 does not apply.
import { allowedActions, contactRoute, defaultRules, fireDue, fullPhoneReads, nextWakeAt, seesFullPhone, TicketState } from '../../domain/ticket';
import { act, actors, calendar, dispatched, handling, must, newTicket, run, snapshot, T } from './ticket-fixtures';

const confidential = () => newTicket({ citizen: { name: '张三', phone: '13800000000', confidential: true } });
const anonymousNoPhone = () => newTicket({ citizen: { anonymous: true } });
const reply = { content: '已处理', handlerName: '承办人丙', handlerPhone: '0434-1234567', solved: true };

describe('who sees the citizen’s phone in full', () => {
  const t = dispatched();
  const r = t.requesters[0];

  test.each([
    ['lead handler', actors.handler],
    ['lead unit leader', actors.leader],
    ['co-unit handler', actors.coHandler],
    ['co-unit leader', actors.coLeader],
    ['operator', actors.operator],
    ['follow-up agent', actors.followUp],
    ['admin', actors.admin],
  ])('%s: in full', (_who, actor) => {
    expect(seesFullPhone(t, actor, r)).toBe(true);
    expect(fullPhoneReads(t, actor)).toEqual([0]);
  });

  test.each([
    ['a unit not on the ticket', actors.otherHandler],
    ['its leader', actors.otherLeader],
    ['a handler without a unit', actors.unitlessHandler],
    ['dispatcher', actors.dispatcher],
    ['supervisor', actors.supervisor],
  ])('%s: masked', (_who, actor) => {
    expect(seesFullPhone(t, actor, r)).toBe(false);
    expect(fullPhoneReads(t, actor)).toEqual([]);
  });

  test('confidential (保密): units see it masked, the hotline in full', () => {
    const c = dispatched(confidential());
    expect(c.requesters[0].confidential).toBe(true);
    for (const unitActor of [actors.handler, actors.leader, actors.coHandler, actors.coLeader]) expect(fullPhoneReads(c, unitActor)).toEqual([]);
    for (const hotline of [actors.operator, actors.followUp, actors.admin]) expect(fullPhoneReads(c, hotline)).toEqual([0]);
  });

  test('no phone, nothing to read', () => {
    expect(fullPhoneReads(dispatched(anonymousNoPhone()), actors.handler)).toEqual([]);
  });
});

describe('the contact route of a ticket', () => {
  test('direct: a citizen with a phone, or named without one (visit)', () => {
    expect(contactRoute(newTicket())).toBe('direct');
    expect(contactRoute(newTicket({ citizen: { anonymous: true, phone: '13800000000' } }))).toBe('direct');
    expect(contactRoute(newTicket({ citizen: { name: '李四' } }))).toBe('direct');
  });
  test('relay: the citizen asked for confidentiality', () => expect(contactRoute(confidential())).toBe('relay'));
  test('none: anonymous and no phone', () => expect(contactRoute(anonymousNoPhone())).toBe('none'));
});

describe('confidential (保密): contact goes through the hotline', () => {
  test('the unit’s own contact is refused (409, the reason, nothing changes)', () => {
    const s = handling(confidential());
    const unchanged = snapshot(s);
    const d = act(s, 'contact', { stage: 'first', method: 'phone' }, actors.handler, T.first);
    expect(d).toMatchObject({ ok: false, code: 'conflict', check: 'precondition', status: 'handling' });
    expect(!d.ok && d.reason).toMatch(/诉求人要求保密.*热线受理员转达联系/);
    unchanged();
    expect(allowedActions(s, actors.handler)).not.toContain('contact');
  });

  test('the operator relays the first and the final contact; then the unit may reply', () => {
    const s = handling(confidential());
    expect(allowedActions(s, actors.operator)).toContain('relayContact');
    const relayed = run(s, [
      ['relayContact', { stage: 'first', note: '已转达承办单位的问题' }, actors.operator, T.first],
      ['relayContact', { stage: 'final', note: '已转达办理结果' }, actors.operator, T.final],
    ]);
    expect(relayed.contacts.map((c) => [c.stage, c.method, c.by])).toEqual([
      ['first', 'relay', actors.operator.id],
      ['final', 'relay', actors.operator.id],
    ]);
    expect(must(relayed, 'reply', reply, actors.handler, T.reply).state.status).toBe('reply_review');
  });

  test('a relayed final contact needs the first one (409)', () => {
    const s = handling(confidential());
    const unchanged = snapshot(s);
    const d = act(s, 'relayContact', { stage: 'final' }, actors.operator, T.first);
    expect(d).toMatchObject({ ok: false, code: 'conflict', check: 'rule' });
    expect(!d.ok && d.reason).toMatch(/须先登记首次联系/);
    unchanged();
  });

  test('without both relayed contacts the reply is refused (409)', () => {
    const s = must(handling(confidential()), 'relayContact', { stage: 'first' }, actors.operator, T.first).state;
    const d = act(s, 'reply', reply, actors.handler, T.reply);
    expect(d).toMatchObject({ ok: false, code: 'conflict', check: 'precondition' });
    expect(!d.ok && d.reason).toMatch(/两次有效联系/);
  });

  test('relay-contact is for the hotline only (403 for a unit)', () => {
    const s = handling(confidential());
    const d = act(s, 'relayContact', { stage: 'first' }, actors.handler, T.first);
    expect(d).toMatchObject({ ok: false, code: 'forbidden', check: 'role' });
  });

  test('relay-contact on a ticket the unit contacts itself is refused (409)', () => {
    const s = handling();
    const unchanged = snapshot(s);
    const d = act(s, 'relayContact', { stage: 'first' }, actors.operator, T.first);
    expect(d).toMatchObject({ ok: false, code: 'conflict', check: 'precondition', status: 'handling' });
    expect(!d.ok && d.reason).toMatch(/未要求保密.*直接联系/);
    unchanged();
  });

  test('relay-contact only while the ticket is handled (409 before sign-for)', () => {
    const s = dispatched(confidential());
    const d = act(s, 'relayContact', { stage: 'first' }, actors.operator, T.sign);
    expect(d).toMatchObject({ ok: false, code: 'conflict', check: 'status', status: 'dispatched' });
  });
});

describe('anonymous without a phone: the two-contacts rule does not apply', () => {
  const anon = (): TicketState => handling(anonymousNoPhone());

  test('the reply needs no contact', () => {
    const s = anon();
    expect(allowedActions(s, actors.handler)).toContain('reply');
    expect(must(s, 'reply', reply, actors.handler, T.reply).state.status).toBe('reply_review');
  });

  test('no first-contact reminder (but one for tickets handled before the contact-route-v1 patch)', () => {
    const s = anon();
    const firstContactBy = Date.parse(s.deadlines.firstContactBy!);
    const ctx = { rules: defaultRules, calendar };
    expect(nextWakeAt(s, ctx)).toBeGreaterThan(firstContactBy);
    expect(fireDue(s, firstContactBy, ctx).state.alerts.firstContactOverdue).toBeUndefined();
    const legacy = { ...ctx, contactReminderForAnyone: true };
    expect(nextWakeAt(s, legacy)).toBe(firstContactBy);
    expect(fireDue(s, firstContactBy, legacy).state.alerts.firstContactOverdue).toBe(true);
  });

  test('the hotline cannot relay to nobody (409)', () => {
    const s = anon();
    const d = act(s, 'relayContact', { stage: 'first' }, actors.operator, T.first);
    expect(d).toMatchObject({ ok: false, code: 'conflict', check: 'precondition' });
    expect(!d.ok && d.reason).toMatch(/匿名且未留电话/);
  });

  test('a face-to-face ticket (R5) still needs its visit', () => {
    const s = handling(newTicket({ citizen: { anonymous: true }, jsbl: true }));
    const d = act(s, 'reply', reply, actors.handler, T.reply);
    expect(d).toMatchObject({ ok: false, code: 'conflict', check: 'precondition' });
    expect(!d.ok && d.reason).toMatch(/三个见面/);
  });
});
