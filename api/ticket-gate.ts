// Load on one ticket: a ticket is one workflow, and Temporal takes at most 10 updates in flight per
// workflow (history.maxInFlightUpdates); beyond that it answers RESOURCE_EXHAUSTED, which the client
// retries until our deadline and the caller gets a 503 after 15 s. The API lets a few actions per
// ticket through at a time and answers the others 429 with Retry-After at once: a client's burst is
// told to slow down, and nothing it sent is lost without it knowing. Each unit has a lane of its own
// on a ticket (`run`), the hotline one more.
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

  /**
   * Runs `fn` for ticket `id`, or throws 429 when `limit` actions on it are already running in the
   * same `lane`. A unit's people act in their unit's lane: whether they may see the ticket is the
   * Update's to say, so a unit flooding a ticket that is not theirs fills only its own lane.
   */
  async run<T>(id: string, fn: () => Promise<T>, lane = ''): Promise<T> {
    const key = `${id}\u0000${lane}`;
    const n = this.inFlight.get(key) ?? 0;
    if (n >= this.limit) throw busy(`工单 ${id} `);
    this.inFlight.set(key, n + 1);
    try {
      return await fn();
    } finally {
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left === 0) this.inFlight.delete(key);
      else this.inFlight.set(key, left);
    }
  }
}
