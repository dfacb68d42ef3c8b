// Who may do what, beyond the workflow's own authorize(): the intake and read rules of the API.
// Action rights come from the action table (domain/ticket/actions.ts) and authorize() itself.
import { actions, ActionName, Actor, authorize, Role, roles, TicketState } from '../domain/ticket';
import { ApiError } from './errors';

export const intakeRoles: readonly Role[] = ['operator', 'admin'];

export function requireRole(allowed: readonly Role[], actor: Actor, what: string): void {
  if (!allowed.includes(actor.role)) {
    throw new ApiError('forbidden', `角色 ${actor.role}（${roles[actor.role]}）无权${what}（允许：${allowed.join('、')}）`);
  }
}

/** The action table's role column: checked before the ticket is even read. */
export function requireActionRole(action: ActionName, actor: Actor): void {
  const a = actions[action];
  if (!a.roles.includes(actor.role)) throw new ApiError('forbidden', `角色 ${actor.role} 无权执行「${a.label}」（允许：${a.roles.join('、')}）`);
}

/** Role and unit scope on this ticket: the very check the workflow's validator makes. */
export function requireActionAllowed(t: TicketState, action: ActionName, actor: Actor): void {
  const denied = authorize(t, action, actor);
  if (denied) throw new ApiError('forbidden', denied);
}
