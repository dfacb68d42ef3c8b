// The API's only door to Temporal: read a ticket (the `state` query, or the result of a finished
// one), run an action (the Update of the same name), start a ticket, list tickets from visibility.
// Every call carries a deadline, so an unreachable server answers 503 instead of hanging.
import { Client, QueryNotRegisteredError, QueryRejectedError, WorkflowClient, WorkflowHandle } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy, WorkflowNotFoundError } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { ActionName, Actor, isTerminal, isUnitRole, sightRefusal, TicketInput, TicketState, UnitFacts } from '../domain/ticket';
import { ActionCommand, actionUpdates, stateQuery, WORKFLOW_TYPE } from '../workflows/messages';
import { TicketCoUnits, TicketDelegates, TicketSupervisors, TicketUnit } from '../workflows/search-attributes';
import type { ticket } from '../workflows/ticket';
import { endedConflict, fromTemporal, grpcCode, notFound } from './errors';
import { decodeExecution, ListedExecution } from './execution-info';
import { TicketGate } from './ticket-gate';
import { invalidPageToken } from './ticket-list';

const INVALID_ARGUMENT = 3;

const COMPLETED = temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;

/**
 * Runs an action as the workflow Update of the same name. An update that reached a run just as it
 * continued as new is aborted by the server, before the ticket saw it: it is sent again (to the
 * new run), a few times.
 */
const GRPC_UNAVAILABLE = 14;
export async function executeAction(handle: WorkflowHandle, action: ActionName, command: ActionCommand): Promise<TicketState> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await handle.executeUpdate(actionUpdates[action] as never, { args: [command] as never });
    } catch (err) {
      const aborted = (err as { cause?: { code?: number; details?: string } }).cause;
      if (attempt >= 5 || aborted?.code !== GRPC_UNAVAILABLE || !/update was aborted/.test(aborted.details ?? '')) throw err;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}

export interface TicketStoreOptions {
  client: Client;
  namespace: string;
  taskQueue: string;
  /** Deadline of each call to Temporal (ms). */
  timeoutMs: number;
  /** The workflow's static summary for the Web UI (api/ticket-summary.ts); none when absent. */
  summaryOf?: (input: TicketInput) => string;
  /** Actions in flight per ticket before 429 (api/ticket-gate.ts). */
  actionsInFlightPerTicket?: number;
}

/** The units on a ticket, from its search attributes (api/ticket-scope.ts). */
export interface TicketUnits {
  lead?: string;
  co: string[];
  /** R1: the direct-dispatch supervisors. */
  supervisors: string[];
  /** 下派 (R18): the subordinate units it was passed down to. */
  delegates: string[];
}

export interface StartedTicket {
  /** The memo the ticket was started with (its own, or the one of the ticket that already had the id). */
  memo: Record<string, unknown>;
}

export interface RawPage {
  executions: ListedExecution[];
  nextPageToken?: Uint8Array;
}

export class TicketStore {
  private readonly client: Client;
  /** Queries only running tickets; a finished one is read from its result instead of replayed. */
  private readonly openOnly: WorkflowClient;

  private readonly gate: TicketGate;

  constructor(private readonly o: TicketStoreOptions) {
    this.client = o.client;
    this.gate = new TicketGate(o.actionsInFlightPerTicket);
    this.openOnly = new WorkflowClient({
      connection: o.client.connection,
      namespace: o.namespace,
      dataConverter: o.client.options.dataConverter,
      queryRejectCondition: 'NOT_OPEN',
    });
  }

  /** Runs `fn` with a deadline and translates Temporal's errors to API errors. */
  async call<T>(fn: () => Promise<T>, ticketId?: string): Promise<T> {
    try {
      return await this.client.withDeadline(Date.now() + this.o.timeoutMs, fn);
    } catch (err) {
      throw fromTemporal(err, ticketId);
    }
  }

  /** The task queue new tickets start on (the worker's). */
  get taskQueue(): string {
    return this.o.taskQueue;
  }

  private handle(id: string): WorkflowHandle<typeof ticket> {
    return this.client.workflow.getHandle<typeof ticket>(id);
  }

  /** Another workflow of the ticket's (a commitment's, `<ticket>-commitment-<n>`), for calls through `call`. */
  handleOf(id: string): WorkflowHandle {
    return this.client.workflow.getHandle(id);
  }

  /** The ticket's current state; 404 when there is no ticket with this id. */
  async load(id: string): Promise<TicketState> {
    return this.call(async () => {
      try {
        return await this.openOnly.getHandle(id).query(stateQuery);
      } catch (err) {
        if (err instanceof QueryRejectedError && err.status === COMPLETED) return this.handle(id).result();
        // Terminated by an admin, or failed: replay it to read the last state.
        if (err instanceof QueryRejectedError) return this.handle(id).query(stateQuery);
        if (err instanceof QueryNotRegisteredError) throw notFound(id); // some other workflow type
        throw err;
      }
    }, id);
  }

  /** Runs an action as the workflow Update of the same name; the new state. */
  async act(id: string, action: ActionName, actor: Actor, input: unknown, units?: UnitFacts): Promise<TicketState> {
    return this.gate.run(id, () => this.update(id, action, actor, input, units), isUnitRole(actor.role) ? `unit:${actor.unit}` : 'hotline');
  }

  private async update(id: string, action: ActionName, actor: Actor, input: unknown, units?: UnitFacts): Promise<TicketState> {
    return this.call(async () => {
      try {
        return await executeAction(this.handle(id), action, { actor, input, ...(units ? { units } : {}) } as ActionCommand);
      } catch (err) {
        // The ticket ended between our read and the update: the workflow takes no more updates.
        if (err instanceof WorkflowNotFoundError) {
          const now = await this.load(id);
          if (sightRefusal(now, actor)) throw notFound(id);
          if (isTerminal(now.status)) throw endedConflict(now);
        }
        throw err;
      }
    }, id);
  }

  /**
   * Starts the ticket workflow under `input.id`. With `reuse`, an existing ticket of that id is
   * returned instead (running: Temporal's USE_EXISTING; finished: never restarted); the memo tells
   * the caller whose ticket it is.
   */
  async start(input: TicketInput, memo: Record<string, unknown>, reuse: boolean): Promise<StartedTicket | 'taken'> {
    return this.call(async () => {
      try {
        const h = await this.client.workflow.start<typeof ticket>(WORKFLOW_TYPE, {
          taskQueue: this.o.taskQueue,
          workflowId: input.id,
          args: [input],
          memo,
          staticSummary: this.o.summaryOf?.(input),
          workflowIdConflictPolicy: reuse ? WorkflowIdConflictPolicy.USE_EXISTING : WorkflowIdConflictPolicy.FAIL,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        });
        if (!reuse) return { memo };
        return { memo: (await h.describe()).memo ?? {} };
      } catch (err) {
        if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
        if (!reuse) return 'taken';
        // A finished ticket holds the id for good (REJECT_DUPLICATE): read whose it is.
        return { memo: (await this.handle(input.id).describe()).memo ?? {} };
      }
    }, input.id);
  }

  /**
   * The units on a ticket, from its search attributes (no replay, however long its history);
   * undefined when Temporal has no such ticket.
   */
  async units(id: string): Promise<TicketUnits | undefined> {
    return this.call(async () => {
      try {
        const sa = (await this.handle(id).describe()).typedSearchAttributes;
        return {
          lead: sa.get(TicketUnit),
          co: sa.get(TicketCoUnits) ?? [],
          supervisors: sa.get(TicketSupervisors) ?? [],
          delegates: sa.get(TicketDelegates) ?? [],
        };
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return undefined;
        throw err;
      }
    }, id);
  }

  /** The memo of the ticket with this id; undefined when there is none. */
  async memo(id: string): Promise<Record<string, unknown> | undefined> {
    return this.call(async () => {
      try {
        return (await this.handle(id).describe()).memo ?? {};
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return undefined;
        throw err;
      }
    }, id);
  }

  /** One page of the visibility list (raw RPC: the SDK's iterator hides page tokens). */
  async list(query: string, pageSize: number, pageToken?: Uint8Array): Promise<RawPage> {
    return this.call(async () => {
      const r = await this.client.workflowService
        .listWorkflowExecutions({ namespace: this.o.namespace, query, pageSize, nextPageToken: pageToken })
        .catch((err: unknown) => {
          // A token of the right shape that the server still cannot use (forged, another store's).
          if (pageToken && grpcCode(err) === INVALID_ARGUMENT) throw invalidPageToken();
          throw err;
        });
      const executions = await Promise.all(r.executions.map((raw) => decodeExecution(raw, this.client.options.loadedDataConverter)));
      return { executions, nextPageToken: r.nextPageToken?.length ? r.nextPageToken : undefined };
    });
  }

  async ping(): Promise<void> {
    await this.call(() => this.client.connection.workflowService.getSystemInfo({}));
  }
}
