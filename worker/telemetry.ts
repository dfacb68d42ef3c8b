// The worker's Temporal Runtime (process-global, installed once before any worker or connection):
// the SDK's logger, workflow and activity log lines included, goes to the structured log
// (platform/log.ts), and Core's own metrics (task slots, poll and task latencies, sticky cache,
// workflow and activity outcomes) are served in Prometheus format on HOTLINE_WORKER_METRICS_PORT,
// a second scrape target beside the API's /metrics: worker and API are separate processes in
// production, and Core's exporter is its own HTTP server.
import { DefaultLogger, makeTelemetryFilterString, type LogEntry, type RuntimeOptions } from '@temporalio/worker';
import type { Env } from '../config/env';
import { errorFields, log, type LogLevel } from '../platform/log';

/** The SDK's log entries as structured lines: the SDK's metadata (workflow, activity, request id) as fields. */
export function sdkLogger(level: Env['HOTLINE_LOG_LEVEL']): DefaultLogger {
  return new DefaultLogger(level, ({ level: l, message, meta }: LogEntry) => {
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(meta ?? {})) fields[k] = v instanceof Error ? errorFields(v).error : v;
    log('temporal')[l.toLowerCase() as LogLevel](fields, message);
  });
}

/** Where Core serves its metrics: HOTLINE_METRICS_HOST (loopback by default) and the worker's port. */
export const workerMetricsAddress = (env: Pick<Env, 'HOTLINE_METRICS_HOST' | 'HOTLINE_WORKER_METRICS_PORT'>): string | undefined =>
  env.HOTLINE_WORKER_METRICS_PORT === undefined
    ? undefined
    : `${env.HOTLINE_METRICS_HOST.includes(':') ? `[${env.HOTLINE_METRICS_HOST}]` : env.HOTLINE_METRICS_HOST}:${env.HOTLINE_WORKER_METRICS_PORT}`;

export function workerRuntimeOptions(env: Pick<Env, 'HOTLINE_LOG_LEVEL' | 'HOTLINE_METRICS_HOST' | 'HOTLINE_WORKER_METRICS_PORT'>): RuntimeOptions {
  const bindAddress = workerMetricsAddress(env);
  return {
    logger: sdkLogger(env.HOTLINE_LOG_LEVEL),
    telemetryOptions: {
      // Core's own lines (connection trouble, task failures) from warnings up, through the same logger.
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }) },
      // Seconds and unit and _total suffixes: the Prometheus conventions the dashboard reads.
      ...(bindAddress ? { metrics: { prometheus: { bindAddress, useSecondsForDurations: true, unitSuffix: true, countersTotalSuffix: true } } } : {}),
    },
  };
}
