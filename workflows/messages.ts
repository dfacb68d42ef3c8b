// Every message a ticket workflow understands, defined once and shared by the workflow, the API,
// the worker and the tests. Update names are the action names of domain/ticket/actions.ts.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import {
  ActionInput,
  ActionName,
  actionNames,
  actions,
  Actor,
  actorSchema,
  FieldIssue,
  RejectionCode,
  Requester,
  TicketState,
  UnitFacts,
} from '../domain/ticket';

export const WORKFLOW_TYPE = 'ticket';

/** An action sent by the API: the actor comes from the caller's token, never from the body. */
export interface ActionCommand<A extends ActionName = ActionName> {
  actor: Actor;
  input: ActionInput<A>;
  /** Catalog facts of the units the command names, looked up by the API (domain/ticket/unit-facts.ts). */
  units?: UnitFacts;
}

export { actorSchema };

export const actionUpdates = Object.fromEntries(actionNames.map((a) => [a, defineUpdate<TicketState, [ActionCommand]>(a)])) as {
  [A in ActionName]: ReturnType<typeof defineUpdate<TicketState, [ActionCommand<A>]>>;
};

/** Actions an admin can also send as a plain JSON signal from the Temporal UI or CLI. */
export const signalActionNames = actionNames.filter((a) => (actions[a] as { signal?: boolean }).signal === true);
export type SignalPayload<A extends ActionName = ActionName> = ActionInput<A> & { actor?: Actor };
export const actionSignals = Object.fromEntries(signalActionNames.map((a) => [a, defineSignal<[SignalPayload]>(a)])) as Record<
  ActionName,
  ReturnType<typeof defineSignal<[SignalPayload]>>
>;

/** The actor recorded for a signal sent without one (an admin in the Temporal UI). */
export const temporalUiActor: Actor = { id: 'temporal-ui', name: 'Temporal UI 管理员', role: 'admin' };

/** Sent by a ticket merged into this one (R13): its requesters join this ticket. */
export const requestersMergedSignal = defineSignal<[{ from: string; requesters: Requester[] }]>('requestersMerged');

/** Sent by a ticket whose merge was refused after all: the requesters it sent leave again. */
export const requestersWithdrawnSignal = defineSignal<[{ from: string; requesters: Requester[] }]>('requestersWithdrawn');

export const stateQuery = defineQuery<TicketState>('state');

/** The failure type and details an update rejection carries, read by the API to pick a status code. */
export const REJECTION_TYPE = 'ActionRejected';
export interface RejectionDetails {
  code: RejectionCode;
  status: string;
  details?: FieldIssue[];
}
