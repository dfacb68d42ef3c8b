// Intake (受理) and the rule arithmetic of the ticket core: register(), the intake schema, and the
// deadline helpers of domain/ticket/rules.ts against the 2026 State Council calendar.
import {
  defaultRules,
  designateDue,
  dispatchDue,
  endOfBeijingDay,
  escalationAt,
  faceToFaceRequired,
  firstContactDue,
  intakeSchema,
  isTerminal,
  nextCallWindow,
  replyDue,
  replyReminderAt,
  returnDue,
  signDue,
  ticketStatuses,
  workingDaysFor,
} from '../../domain/ticket';
import { actors, bj, bjIso, calendar, newTicket } from './ticket-fixtures';

describe('register()', () => {
  it('opens a registered ticket with the intake data, one requester and the first audit entry', () => {
    const t = newTicket();
    expect(t).toMatchObject({
      id: 'T-1',
      status: 'registered',
      statusLabel: '已登记待派单',
      channel: 'phone',
      category: 'water-outage',
      description: '小区停水两天',
      location: { district: 'D-01', street: 'S-01', address: '幸福路1号' },
      coUnits: [],
      returnedBy: [],
      registeredAt: '2026-09-29T01:30:00.000Z',
      contacts: [],
      visits: [],
      commitments: [],
      followUps: [],
      consultations: [],
      alerts: { escalationSteps: 0 },
      counters: { dispatches: 0, returns: 0, transfers: 0, rehandles: 0, urges: 0, followUpAttempts: 0 },
    });
    expect(t.leadUnit).toBeUndefined();
    expect(t.requesters).toEqual([
      {
        name: '张三',
        phone: '13800000000',
        anonymous: false,
        followUp: true,
        addedAt: '2026-09-29T01:30:00.000Z',
      },
    ]);
    expect(t.history).toEqual([
      { seq: 1, at: '2026-09-29T01:30:00.000Z', action: 'register', actor: actors.operator, via: 'system', status: 'registered' },
    ]);
  });

  it('sets dispatchBy 120 minutes after registration for an ordinary ticket', () => {
    const t = newTicket();
    expect(t.deadlines).toEqual({ dispatchBy: '2026-09-29T03:30:00.000Z' });
    expect(t.flags).toEqual({
      urgent: false,
      provincial: false,
      jsbl: false,
      directDispatch: false,
      faceToFaceRequired: false,
      overdue: false,
      designated: false,
      escalationLevel: 0,
      provisionalDeadlines: false,
    });
  });

  it('sets dispatchBy 15 minutes after registration for a direct-dispatch matter, which is urgent', () => {
    const t = newTicket({ directDispatch: { unit: 'U-POWER', supervisors: ['GOV-D01', 'DEPT-CITY'] } });
    expect(t.deadlines.dispatchBy).toBe('2026-09-29T01:45:00.000Z');
    expect(t.flags.directDispatch).toBe(true);
    expect(t.flags.urgent).toBe(true);
  });

  it('lets the intake override urgency of a direct-dispatch matter', () => {
    const t = newTicket({ urgent: false, directDispatch: { unit: 'U-POWER', supervisors: [] } });
    expect(t.flags.urgent).toBe(false);
    expect(t.deadlines.dispatchBy).toBe('2026-09-29T01:45:00.000Z');
  });

  it('marks tickets from the provincial platform provincial and face-to-face', () => {
    const t = newTicket({ channel: 'provincial' });
    expect(t.flags.provincial).toBe(true);
    expect(t.flags.faceToFaceRequired).toBe(true);
    expect(t.flags.jsbl).toBe(false);
  });

  it('honours an explicit provincial flag over the channel', () => {
    expect(newTicket({ channel: 'web', provincial: true }).flags.provincial).toBe(true);
    expect(newTicket({ channel: 'provincial', provincial: false }).flags).toMatchObject({
      provincial: false,
      faceToFaceRequired: false,
    });
  });

  it('requires face-to-face handling for 接诉即办 (jsbl) tickets', () => {
    const t = newTicket({ jsbl: true });
    expect(t.flags).toMatchObject({ jsbl: true, provincial: false, faceToFaceRequired: true });
  });

  it('records a declined follow-up call as followUp false', () => {
    const t = newTicket({ citizen: { name: '李四', phone: '13900000000', followUp: false } });
    expect(t.requesters[0]).toMatchObject({ name: '李四', phone: '13900000000', followUp: false });
  });

  it('cannot follow up a citizen who left no phone number', () => {
    const t = newTicket({ citizen: { name: '王五' } });
    expect(t.requesters[0].followUp).toBe(false);
    expect(t.requesters[0].phone).toBeUndefined();
  });

  it('drops the name of an anonymous citizen but keeps the phone for the follow-up call', () => {
    const t = newTicket({ citizen: { name: '赵六', phone: '13700000000', anonymous: true } });
    expect(t.requesters[0].name).toBeUndefined();
    expect(t.requesters[0]).toMatchObject({ anonymous: true, phone: '13700000000', followUp: true });
  });

  it('keeps alreadyRated from an input of a ticket registered before the field went away', () => {
    const t = newTicket({ citizen: { phone: '13700000000', alreadyRated: true } });
    expect(t.requesters[0]).toMatchObject({ alreadyRated: true, followUp: true });
  });

  it('defaults the citizen block when the intake omits it (no phone → no follow-up)', () => {
    const intake = intakeSchema.parse({
      channel: 'web',
      category: 'c',
      description: 'd',
      location: { district: 'D-01' },
    });
    expect(intake.citizen).toEqual({ anonymous: false, followUp: true });
  });

  it('rejects an intake with an unknown channel or a malformed phone', () => {
    const base = { channel: 'phone', category: 'c', description: 'd', location: { district: 'D-01' } };
    const bad = intakeSchema.safeParse({ ...base, channel: 'fax' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0].path).toEqual(['channel']);
    const phone = intakeSchema.safeParse({ ...base, citizen: { phone: 'call me' } });
    expect(phone.success).toBe(false);
    expect(phone.error!.issues[0].path).toEqual(['citizen', 'phone']);
  });
});

describe('status table', () => {
  it('labels every status and knows the terminal ones', () => {
    expect(ticketStatuses.closed).toBe('已办结');
    for (const s of ['closed', 'answered', 'out_of_scope', 'handed_off', 'merged', 'transferred_out'] as const) {
      expect(isTerminal(s)).toBe(true);
    }
    for (const s of [
      'registered',
      'dispatched',
      'handling',
      'returned',
      'designating',
      'replied',
      'follow_up',
      'rehandling',
      'extension_requested',
    ] as const) {
      expect(isTerminal(s)).toBe(false);
    }
  });
});

describe('rule arithmetic (2026 calendar)', () => {
  const r = defaultRules;
  const at = bj('2026-09-29T10:00'); // Tue, before National Day (10-01..10-07, make-up Sat 10-10)

  it('dispatch and sign deadlines are plain minutes', () => {
    expect(dispatchDue(r, at, true)).toBe('2026-09-29T02:15:00.000Z');
    expect(dispatchDue(r, at, false)).toBe('2026-09-29T04:00:00.000Z');
    expect(signDue(r, at, true)).toBe('2026-09-29T02:30:00.000Z');
    expect(signDue(r, at, false)).toBe('2026-09-29T04:00:00.000Z');
    expect(firstContactDue(r, at, true)).toBe('2026-09-29T04:00:00.000Z');
    expect(firstContactDue(r, at, false)).toBe('2026-09-30T02:00:00.000Z');
  });

  it('return: 1 working day, also for provincial tickets (50% rounded up)', () => {
    expect(returnDue(r, calendar, at, false)).toEqual({ at: '2026-09-30T16:00:00.000Z', provisional: false });
    expect(returnDue(r, calendar, at, true)).toEqual({ at: '2026-09-30T16:00:00.000Z', provisional: false });
  });

  it('reply: 4 working days across National Day, ending on the make-up Saturday 10-10', () => {
    expect(replyDue(r, calendar, at, { provincial: false, urgent: false })).toEqual({ at: '2026-10-10T16:00:00.000Z', provisional: false });
  });

  it('reply for provincial tickets: 2 working days', () => {
    expect(replyDue(r, calendar, at, { provincial: true, urgent: false })).toEqual({ at: '2026-10-08T16:00:00.000Z', provisional: false });
  });

  it('reply across the Spring Festival: dispatched Fri 02-13 → 02-14 (make-up Sat), 02-24, 02-25, 02-26', () => {
    expect(replyDue(r, calendar, bj('2026-02-13T09:00'), { provincial: false, urgent: false }).at).toBe('2026-02-26T16:00:00.000Z');
  });

  it('a dispatch late in the Beijing evening counts from that Beijing date (UTC date is irrelevant)', () => {
    // 23:30 Beijing on Mon 2026-06-15 is 15:30Z the same day; 06-19 is Dragon Boat (Fri).
    // Counted from 06-15: 06-16, 06-17, 06-18, (06-19 holiday, weekend) 06-22.
    expect(replyDue(r, calendar, bj('2026-06-15T23:30'), { provincial: false, urgent: false }).at).toBe('2026-06-22T16:00:00.000Z');
    // 00:30 Beijing on Tue 06-16 is still 06-15 in UTC, but counts from 06-16: 06-17, 06-18, 06-22, 06-23.
    expect(replyDue(r, calendar, bj('2026-06-16T00:30'), { provincial: false, urgent: false }).at).toBe('2026-06-23T16:00:00.000Z');
  });

  it('designation: 3 working days', () => {
    expect(designateDue(r, calendar, at)).toEqual({ at: '2026-10-09T16:00:00.000Z', provisional: false });
  });

  it('deadlines beyond the covered years are flagged provisional', () => {
    const due = replyDue(r, calendar, bj('2026-12-29T10:00'), { provincial: false, urgent: false });
    // 12-30, 12-31, then 2027 (not covered: plain Mon–Fri) 01-01 (Fri), 01-04 (Mon).
    expect(due).toEqual({ at: '2027-01-04T16:00:00.000Z', provisional: true });
  });

  it('workingDaysFor halves provincial spans, rounding up, never below 1', () => {
    expect(workingDaysFor(r, 4, true)).toBe(2);
    expect(workingDaysFor(r, 3, true)).toBe(2);
    expect(workingDaysFor(r, 1, true)).toBe(1);
    expect(workingDaysFor(r, 4, false)).toBe(4);
  });

  it('reply reminder 24 h before the deadline', () => {
    expect(new Date(replyReminderAt(r, '2026-10-10T16:00:00.000Z')).toISOString()).toBe('2026-10-09T16:00:00.000Z');
  });

  it('escalation ladder: breach at the deadline, then 1, 3 and 5 working days after it', () => {
    const replyBy = '2026-10-10T16:00:00.000Z'; // 24:00 of the make-up Saturday
    const steps = [0, 1, 2, 3].map((i) => new Date(escalationAt(r, calendar, replyBy, i)).toISOString());
    expect(steps).toEqual([
      '2026-10-10T16:00:00.000Z',
      '2026-10-12T16:00:00.000Z', // Mon (Sun 10-11 is off)
      '2026-10-14T16:00:00.000Z',
      '2026-10-16T16:00:00.000Z',
    ]);
  });

  it('endOfBeijingDay is 24:00 Beijing = 16:00Z of that date', () => {
    expect(endOfBeijingDay('2026-10-16')).toBe('2026-10-16T16:00:00.000Z');
    expect(endOfBeijingDay('2026-12-31')).toBe('2026-12-31T16:00:00.000Z');
  });

  it('nextCallWindow keeps times inside 08:00–21:00 Beijing and moves others to 08:00', () => {
    const w = (local: string) => new Date(nextCallWindow(r, bj(local))).toISOString();
    expect(w('2026-10-09T11:00')).toBe(bjIso('2026-10-09T11:00'));
    expect(w('2026-10-09T08:00')).toBe(bjIso('2026-10-09T08:00'));
    expect(w('2026-10-09T07:59:59.999')).toBe(bjIso('2026-10-09T08:00'));
    expect(w('2026-10-09T20:59:59.999')).toBe(bjIso('2026-10-09T20:59:59.999'));
    expect(w('2026-10-09T21:00')).toBe(bjIso('2026-10-10T08:00'));
    expect(w('2026-10-09T23:30')).toBe(bjIso('2026-10-10T08:00'));
    expect(w('2026-10-10T00:30')).toBe(bjIso('2026-10-10T08:00'));
    expect(w('2026-12-31T22:00')).toBe(bjIso('2027-01-01T08:00'));
  });

  it('face-to-face: provincial, jsbl, or re-handled twice or more', () => {
    expect(faceToFaceRequired(r, { provincial: true, jsbl: false, rehandles: 0 })).toBe(true);
    expect(faceToFaceRequired(r, { provincial: false, jsbl: true, rehandles: 0 })).toBe(true);
    expect(faceToFaceRequired(r, { provincial: false, jsbl: false, rehandles: 1 })).toBe(false);
    expect(faceToFaceRequired(r, { provincial: false, jsbl: false, rehandles: 2 })).toBe(true);
    expect(faceToFaceRequired(r, { provincial: false, jsbl: false, rehandles: 3 })).toBe(true);
  });
});

describe('urgent tickets with an hour-based reply limit (optional rule)', () => {
  it('applies only to urgent tickets, and only when configured', () => {
    const at = bj('2026-09-29T10:00');
    const r = { ...defaultRules, urgentReplyHours: 24 };
    expect(replyDue(r, calendar, at, { provincial: false, urgent: true })).toEqual({ at: '2026-09-30T02:00:00.000Z', provisional: false });
    expect(replyDue(r, calendar, at, { provincial: false, urgent: false }).at).toBe('2026-10-10T16:00:00.000Z');
    expect(replyDue(defaultRules, calendar, at, { provincial: false, urgent: true }).at).toBe('2026-10-10T16:00:00.000Z');
  });
});
