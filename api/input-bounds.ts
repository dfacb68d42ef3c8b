// Limits on an action's input that depend on this deployment's configuration, checked by the API
// before the workflow sees the input (so no running ticket decides differently on replay).
import { DATE_HORIZON_DAYS, latestNamedDate } from '../domain/calendar';
import type { ActionName, FieldIssue } from '../domain/ticket';

/** An extension runs at most a year ahead (domain/calendar.ts): `9999-12-31` would park a ticket for good. */
export function inputBoundsIssues(now: Date, action: ActionName, input: unknown): FieldIssue[] {
  if (action !== 'requestExtension') return [];
  const until = (input as { until?: unknown }).until;
  const latest = latestNamedDate(now);
  if (typeof until !== 'string' || until <= latest) return [];
  return [{ path: 'until', message: `must be at most ${DATE_HORIZON_DAYS} days ahead (at most ${latest})` }];
}
