// Structured JSON logs (pino), one line per event, for the API and the worker (the SDK's own
// logger, workflow and activity logs included: worker/telemetry.ts routes them here).
// Callers log ids, counts and statuses, never a citizen's phone number or name; as a second line of
// defence every line is passed through the phone detector of the free-text readers before it is
// written, so a number slipping into an error message still leaves the process masked.
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger } from 'pino';
import { maskPhonesInText } from '../domain/phone-text';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

const LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error'];

/** HOTLINE_LOG_LEVEL (TRACE … ERROR, as the SDK spells it) as pino's level; info when unset or unknown. */
export function logLevelOf(value: string | undefined): LogLevel {
  const level = value?.toLowerCase() as LogLevel | undefined;
  return level && LEVELS.includes(level) ? level : 'info';
}

/** A log line as written: phone numbers in any form the free-text detector knows are masked. */
export const maskLine = (line: string): string => maskPhonesInText(line, '***');

/** Fields every line logged while serving one request carries (its request id). */
export type LogContext = { requestId?: string };
const context = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `fields` on every line it (and what it awaits) logs. */
export const withLogContext = <T>(fields: LogContext, fn: () => T): T => context.run(fields, fn);
export const logContext = (): LogContext | undefined => context.getStore();

let root: Logger | undefined;
const children = new Map<string, Logger>();

/** Where and from which level lines go; stdout at HOTLINE_LOG_LEVEL unless a test passes its own. */
export function configureLogging(o: { level?: LogLevel; destination?: DestinationStream } = {}): Logger {
  const destination = o.destination ?? pino.destination({ dest: 1, sync: true });
  root = pino(
    {
      level: o.level ?? logLevelOf(process.env.HOTLINE_LOG_LEVEL),
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => context.getStore() ?? {},
    },
    { write: (line: string) => destination.write(maskLine(line)) },
  );
  children.clear();
  return root;
}

/** The logger of one part of the system (`api`, `worker`, `temporal`, `activity`, `ledger`, …). */
export function log(component: string): Logger {
  let child = children.get(component);
  if (!child) {
    child = (root ?? configureLogging()).child({ component });
    children.set(component, child);
  }
  return child;
}

/**
 * A start-up line (listening, polling): written whatever HOTLINE_LOG_LEVEL says, since supervisors,
 * the benchmark and the tests wait for it to know the process is ready.
 */
export const announce = (component: string, fields: Record<string, unknown>, message: string): void =>
  log(component).child({}, { level: 'info' }).info(fields, message);

/**
 * An error as log fields: its class, message and (`stack`) stack lines, never its properties (they
 * may hold input). Under `error`, not pino's `err`, whose serializer would copy those properties.
 */
export function errorFields(err: unknown, stack = false): { error: { type: string; message: string; stack?: string } } {
  if (!(err instanceof Error)) return { error: { type: typeof err, message: String(err) } };
  return { error: { type: err.name, message: err.message, ...(stack && err.stack ? { stack: err.stack } : {}) } };
}
