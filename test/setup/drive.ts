// Drives a ticket workflow through its actions with real Workflow Updates, as the API does.
import type { WorkflowHandle } from '@temporalio/client';
import type { ActionInput, ActionName, Actor, TicketState } from '../../domain/ticket';
import { executeAction } from '../../api/ticket-store';
import { REJECTION_TYPE, stateQuery } from '../../workflows/messages';
import { dispatcher, followUpAgent, handlerOf, leaderOf, reviewerOf } from './temporal';

export async function act<A extends ActionName>(handle: WorkflowHandle, action: A, actor: Actor, input: ActionInput<A>): Promise<TicketState> {
  return executeAction(handle, action, { actor, input });
}

export const state = (handle: WorkflowHandle) => handle.query(stateQuery);

export const replyInput = {
  content: '已现场核实并督促物业维修电梯，已恢复运行。',
  handlerName: '李承办',
  handlerPhone: '0431-88886666',
  solved: true,
};

/** dispatch → sign → first contact → final contact (→ visit when required) → reply → review → approve. */
export async function toFollowUp(handle: WorkflowHandle, unit: string): Promise<TicketState> {
  await act(handle, 'dispatch', dispatcher, { unit });
  await act(handle, 'sign', handlerOf(unit), {});
  await act(handle, 'contact', handlerOf(unit), { stage: 'first', method: 'phone' });
  const s = await act(handle, 'contact', handlerOf(unit), { stage: 'final', method: 'phone' });
  if (s.flags.faceToFaceRequired) await act(handle, 'visit', handlerOf(unit), { note: '上门见面' });
  await act(handle, 'reply', handlerOf(unit), replyInput);
  return signOff(handle, unit);
}

/** The audit trail of a ticket that went the plain way to follow-up (toFollowUp). */
export const trailToFollowUp = ['register', 'dispatch', 'sign', 'contact', 'contact', 'reply', 'reviewReply', 'approveReply'];

/** R7: the reviewer's 审核 (when the reply waits for it), then the leader's 审签. */
export async function signOff(handle: WorkflowHandle, unit: string): Promise<TicketState> {
  if ((await state(handle)).status === 'reply_review') await act(handle, 'reviewReply', reviewerOf(unit), {});
  return act(handle, 'approveReply', leaderOf(unit), {});
}

export async function closeSatisfied(handle: WorkflowHandle): Promise<TicketState> {
  return act(handle, 'followUp', followUpAgent, { satisfaction: 'satisfied', resolved: true });
}

/** Awaits a rejected update and returns the core's reason and details carried by the failure. */
export async function rejection(p: Promise<unknown>): Promise<{ message: string; code?: string; status?: string }> {
  try {
    await p;
  } catch (err) {
    const cause = (err as { cause?: { message: string; type?: string; details?: unknown[] } }).cause;
    if (!cause || cause.type !== REJECTION_TYPE) throw err;
    const d = (cause.details?.[0] ?? {}) as { code?: string; status?: string };
    return { message: cause.message, code: d.code, status: d.status };
  }
  throw new Error('expected the update to be rejected');
}
