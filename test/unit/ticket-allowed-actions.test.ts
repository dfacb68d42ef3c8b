// allowedActions(state, actor) against decide(): for every state of the lifecycle and every role
// (and unit: lead, co-handling, other), an action is listed exactly when a minimal valid input is
// not refused for role, unit scope, status or a rule that needs no input.
import { ActionDef, ActionInput, ActionName, actionNames, actions, allowedActions, Actor, TicketState } from '../../domain/ticket';
import {
  act,
  actors,
  bj,
  closed,
  contacted,
  dispatched,
  handling,
  inFollowUp,
  must,
  newTicket,
  OTHER,
  replied,
  replyInput,
  T,
} from './ticket-fixtures';

const AT = '2026-09-29T10:45';
const meeting = { topic: '职责争议', participants: ['U-WATER'], at: '2026-10-10T09:00:00+08:00' };

/** The smallest input each action accepts. */
const minimal: { [A in ActionName]: ActionInput<A> } = {
  dispatch: { unit: OTHER },
  sign: {},
  return: { reason: '非本单位职责' },
  transfer: { unit: OTHER },
  designate: { unit: OTHER },
  contact: { stage: 'first', method: 'phone' },
  relayContact: { stage: 'first' },
  visit: {},
  requestExtension: { reason: 'r', commitment: 'c', until: '2026-12-31' },
  decideExtension: { approve: true },
  reply: replyInput,
  reviewReply: {},
  rejectReview: { note: '请补充' },
  approveReply: {},
  rejectReply: { note: '请补充' },
  followUp: { satisfaction: 'satisfied', resolved: true },
  closeNonCompliant: { reason: 'r' },
  declareNonCompliant: { reason: 'r', meeting: { date: '2026-10-09', note: 'm' }, mediation: { date: '2026-10-09', note: 'm' } },
  decideNonCompliant: { approve: true },
  urge: {},
  consultation: meeting,
  consultationOutcome: { summary: '由他单位办理' },
  merge: { into: 'T-0' },
  answer: { answer: 'a' },
  outOfScope: { situation: 's', explanation: 'e' },
  handOff: { service: '110' },
  whistle: { department: OTHER },
  assignDown: { unit: OTHER },
  transferOut: { city: '青岛' },
  note: { note: 'n' },
  attach: { id: 'att-0123456789abcdef0123', kind: 'photo', step: 'reply', contentType: 'image/jpeg', size: 1, sha256: 'a'.repeat(64) },
};

const unsatisfied = () => must(inFollowUp(), 'followUp', { satisfaction: 'unsatisfied', resolved: false }, actors.followUp, T.followUp).state;
const states: Record<string, () => TicketState> = {
  registered: () => newTicket(),
  dispatched: () => dispatched(),
  handling: () => handling(),
  contacted: () => contacted(),
  returned: () => must(dispatched(), 'return', { reason: '非本单位职责' }, actors.handler, T.sign).state,
  designating: () => must(dispatched(), 'return', { reason: '争议', disputed: true }, actors.handler, T.sign).state,
  designated: () =>
    must(
      must(dispatched(), 'return', { reason: '争议', disputed: true }, actors.handler, T.sign).state,
      'designate',
      { unit: 'U-WATER' },
      actors.supervisor,
      T.sign,
    ).state,
  extension_requested: () =>
    must(handling(), 'requestExtension', { reason: 'r', commitment: 'c', until: '2026-10-20' }, actors.handler, T.first).state,
  replied: () => replied(),
  follow_up: () => inFollowUp(),
  rehandling: unsatisfied,
  'meeting pending': () => must(handling(), 'consultation', meeting, actors.supervisor, T.first).state,
  closed: () => closed(),
  merged: () => must(newTicket(), 'merge', { into: 'T-0' }, actors.operator, T.dispatch).state,
  answered: () => must(newTicket(), 'answer', { answer: 'a' }, actors.operator, T.dispatch).state,
};

const who: Actor[] = Object.values(actors);
const refusedBefore = new Set(['role', 'scope', 'status', 'precondition']);

describe('allowedActions agrees with decide', () => {
  it.each(Object.keys(states))('%s', (name) => {
    const s = states[name]();
    for (const actor of who) {
      const listed = new Set(allowedActions(s, actor, bj(AT)));
      // The rows with a route of their own (the attachment upload) are offered apart (attachSteps).
      for (const action of actionNames.filter((a) => !(actions[a] as ActionDef).ownRoute)) {
        const d = act(s, action, minimal[action], actor, AT);
        const refused = !d.ok && refusedBefore.has(d.check);
        expect({ actor: actor.id, action, listed: listed.has(action) }).toEqual({ actor: actor.id, action, listed: !refused });
      }
    }
  });

  it('lists what each person may do at the main steps', () => {
    expect(allowedActions(newTicket(), actors.operator)).toEqual(['dispatch', 'merge', 'answer', 'outOfScope', 'handOff', 'transferOut', 'note']);
    expect(allowedActions(dispatched(), actors.handler)).toEqual(['sign', 'return', 'note']);
    expect(allowedActions(dispatched(), actors.coHandler)).toEqual(['note']);
    expect(allowedActions(dispatched(), actors.otherHandler)).toEqual([]);
    // Not before two contacts: the reply's no-input rule.
    expect(allowedActions(handling(), actors.handler)).not.toContain('reply');
    expect(allowedActions(contacted(), actors.handler)).toContain('reply');
    expect(allowedActions(replied(), actors.leader)).toEqual(['approveReply', 'rejectReply', 'note']);
    expect(allowedActions(closed(), actors.admin)).toEqual([]);
  });

  it('judges the return window at the time given, and leaves it out without one', () => {
    const late = bj('2026-10-01T00:00:00.001'); // the window of the dispatch on T.dispatch has closed
    expect(allowedActions(dispatched(), actors.handler, bj(AT))).toContain('return');
    expect(allowedActions(dispatched(), actors.handler, late)).not.toContain('return');
    expect(act(dispatched(), 'return', minimal.return, actors.handler, '2026-10-01T00:00:00.001')).toMatchObject({
      ok: false,
      check: 'precondition',
    });
    expect(allowedActions(dispatched(), actors.handler)).toContain('return');
  });
});
