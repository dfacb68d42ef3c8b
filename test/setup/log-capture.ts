// Every structured log line (platform/log.ts) of this test file, as written, from the level given.
import { configureLogging, type LogLevel } from '../../platform/log';

export interface CapturedLogs {
  lines: string[];
  /** The lines parsed. */
  entries(): Record<string, unknown>[];
}

export function captureLogs(level: LogLevel = 'trace'): CapturedLogs {
  const lines: string[] = [];
  configureLogging({ level, destination: { write: (line: string) => void lines.push(line) } });
  return { lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}
