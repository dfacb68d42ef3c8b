// The rules an action must meet that need no input: what the ticket itself (and the clock) must
// show before the action makes sense. decide() checks them before the handler, allowedActions()
// lists an action only when they hold.
import type { ActionName } from './actions';
import type { TicketState } from './model';
import { contactRoute } from './contact';
import { unsatisfiedThisRound } from './transitions';

/** `now` undefined: the rules that depend on the time are not judged. */
type Precondition = (t: TicketState, now: number | undefined) => string | undefined;

export const preconditions: { readonly [A in ActionName]?: Precondition } = {
  return(t, now) {
    if (t.flags.designated) return '该工单已定责指派，承办单位不得回退，须办理';
    if (now !== undefined && t.deadlines.returnBy && now > Date.parse(t.deadlines.returnBy)) {
      return `回退期限（派单后1个工作日，至 ${t.deadlines.returnBy}）已过，须继续办理`;
    }
    return undefined;
  },
  contact(t) {
    return contactRoute(t) === 'relay' ? '诉求人要求保密：承办单位不直接联系，由热线受理员转达联系（relay-contact）' : undefined;
  },
  relayContact(t) {
    const route = contactRoute(t);
    if (route === 'direct') return '诉求人未要求保密：由承办单位直接联系，无需热线转达';
    if (route === 'none') return '诉求人匿名且未留电话：无法联系，两次有效联系不适用';
    return undefined;
  },
  reply(t) {
    const stages = new Set(t.contacts.map((c) => c.stage));
    // An anonymous requester without a phone cannot be contacted: R4 does not apply (the ticket says so).
    const contactsDone = contactRoute(t) === 'none' || (stages.has('first') && stages.has('final'));
    if (!contactsDone) return '答复前须完成两次有效联系（接单后首次联系、办结后反馈联系）';
    if (t.flags.faceToFaceRequired && t.visits.length === 0) return '本工单须现场办理（三个见面），答复前须登记与诉求人的现场见面';
    return undefined;
  },
  closeNonCompliant(t) {
    if (t.seedHandling) return '不合规诉求由承办单位申报（申报不合规诉求）、热线审批，不能直接办结';
    return judgedUnsatisfied(t) ? undefined : '只有回访不满意、经解释说明和调解的工单才能按不合理诉求办结';
  },
  declareNonCompliant(t) {
    if (!t.seedHandling) return '本工单按原流程办理：不合理诉求由督办员办结';
    return judgedUnsatisfied(t) ? undefined : '只有回访不满意的工单才能申报不合规诉求';
  },
  transfer: (t) => (t.status === 'rehandling' && !t.seedHandling ? '本工单按原流程办理：重办中的工单不能转办' : undefined),
  consultationOutcome: (t) => (t.consultations.some((c) => !c.outcome) ? undefined : '没有待出结论的联席会商'),
};

/** Whether the follow-up round judged last was unsatisfied (in rehandling: the one that sent it back). */
function judgedUnsatisfied(t: TicketState): boolean {
  const round = t.status === 'rehandling' ? t.counters.rehandles - 1 : t.counters.rehandles;
  return unsatisfiedThisRound(t, round);
}

export const unmetPrecondition = (t: TicketState, action: ActionName, now?: number): string | undefined => preconditions[action]?.(t, now);
