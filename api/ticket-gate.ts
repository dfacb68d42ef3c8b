// Load on one ticket: a ticket is one workflow, and Temporal takes at most 10 updates in flight per
// workflow (history.maxInFlightUpdates); beyond that it answers RESOURCE_EXHAUSTED, which the client
// retries until our deadline and the caller gets a 503 after 15 s. The API lets a few actions per
// ticket through at a time and answers the others 429 with Retry-After at once: a client's burst is
// told to slow down, and nothing it sent is lost without it knowing.
import { ApiError } from './errors';

/** Actions in flight per ticket in this API process; well under Temporal's 10, for other replicas. */
export const DEFAULT_ACTIONS_IN_FLIGHT_PER_TICKET = 4;
/** What a refused client is told to wait, seconds: an action takes tens of milliseconds. */
export const RETRY_AFTER_SECONDS = 1;

export const busy = (what: string) =>
  new ApiError('too_many_requests', `${what}正在处理其他操作，请稍后重试`, { retryAfterSeconds: RETRY_AFTER_SECONDS });

export class TicketGate {
  private readonly inFlight = new Map<string, number>();
  constructor(private readonly limit = DEFAULT_ACTIONS_IN_FLIGHT_PER_TICKET) {}

  /** Runs `fn` for ticket `id`, or throws 429 when `limit` actions on it are already running. */
  async run<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const n = this.inFlight.get(id) ?? 0;
    if (n >= this.limit) throw busy(`工单 ${id} `);
    this.inFlight.set(id, n + 1);
    try {
      return await fn();
    } finally {
      const left = (this.inFlight.get(id) ?? 1) - 1;
      if (left === 0) this.inFlight.delete(id);
      else this.inFlight.set(id, left);
    }
  }
}
