// Histories of finished test tickets, kept as replay fixtures (test/fixtures/histories). Recorded
// only when HOTLINE_RECORD_HISTORIES=1, so a normal run never rewrites them.
import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
// The SDK exports no public way to write a history as the JSON the CLI and the replayer read;
// this runs only when recording fixtures (HOTLINE_RECORD_HISTORIES=1).
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export const historiesDir = path.join(__dirname, '..', 'fixtures', 'histories');

export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.HOTLINE_RECORD_HISTORIES !== '1') return;
  fs.mkdirSync(historiesDir, { recursive: true });
  const history = await handle.fetchHistory();
  fs.writeFileSync(path.join(historiesDir, `${name}.json`), withoutStackTraces(historyToJSON(history)));
}

/** Failures carry the recording machine's stack traces (its paths); replay does not read them. */
export function withoutStackTraces(json: string): string {
  return JSON.stringify(
    JSON.parse(json, (key, value) => (key === 'stackTrace' ? '' : value)),
    null,
    2,
  );
}
