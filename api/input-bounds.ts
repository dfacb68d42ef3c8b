// Limits on an action's input that depend on this deployment's configuration, checked by the API
// before the workflow sees the input (so no running ticket decides differently on replay).
import type { CalendarData } from '../domain/calendar';
import type { ActionName, FieldIssue } from '../domain/ticket';

/**
 * An extension runs to a date the working-day calendar covers: beyond its last year deadlines
 * would be guessed Monday-to-Friday, and `9999-12-31` would park a ticket for good.
 */
export function inputBoundsIssues(calendar: CalendarData, action: ActionName, input: unknown): FieldIssue[] {
  if (action !== 'requestExtension') return [];
  const until = (input as { until?: unknown }).until;
  if (typeof until !== 'string' || Number(until.slice(0, 4)) <= calendar.coveredYears.to) return [];
  return [{ path: 'until', message: `must be within the working-day calendar's years (at most ${calendar.coveredYears.to}-12-31)` }];
}
