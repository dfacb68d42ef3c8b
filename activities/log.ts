// Logging from activities: the SDK's activity logger when running inside an activity (it adds the
// workflow and activity ids), else the logger given to createActivities, else the structured log (platform/log.ts).
// Citizens' phone numbers never go into a log line: callers log counts and indexes, and
// `redactPhones` masks anything that looks like a number in text coming from outside.
import { asyncLocalStorage } from '@temporalio/activity';
import { log } from '../platform/log';

export interface ActivityLogger {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
}

export const processLogger: ActivityLogger = {
  info: (message, meta) => log('activity').info(meta ?? {}, message),
  warn: (message, meta) => log('activity').warn(meta ?? {}, message),
};

export function activityLogger(fallback: ActivityLogger = processLogger): ActivityLogger {
  const ctx = asyncLocalStorage.getStore();
  return ctx ? ctx.log : fallback;
}

/** The activity's first scheduling time when inside an activity (the same on every retry). */
export function scheduledAt(fallback: () => number = Date.now): number {
  return asyncLocalStorage.getStore()?.info.scheduledTimestampMs ?? fallback();
}

/** Masks digit runs long enough to be a phone number (7+ digits, separators allowed). */
export const redactPhones = (s: string): string => s.replace(/\+?\d[\d\s()-]{5,}\d/g, '***');
