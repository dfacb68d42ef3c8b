// Finds the `temporal` CLI (dev server + Web UI) the way scripts/setup.sh obtains it:
// $TEMPORAL_CLI_PATH, then `temporal` on PATH, then the project's own build in .cache/bin.
// Returns undefined when none is there, so callers can fall back to the SDK's download.
import fs from 'node:fs';
import path from 'node:path';
import { cacheDir } from './paths';

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function resolveTemporalCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.TEMPORAL_CLI_PATH) {
    if (!isExecutable(env.TEMPORAL_CLI_PATH)) {
      throw new Error(`TEMPORAL_CLI_PATH=${env.TEMPORAL_CLI_PATH} is not an executable file`);
    }
    return env.TEMPORAL_CLI_PATH;
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, 'temporal');
    if (isExecutable(candidate)) return candidate;
  }
  const cached = path.join(cacheDir, 'bin', 'temporal');
  return isExecutable(cached) ? cached : undefined;
}

/** The time-skipping test server wrapper (Java, fetched from Maven Central by scripts/setup.sh). */
export function timeSkippingServerPath(): string {
  return path.join(__dirname, '..', 'scripts', 'test-server.sh');
}
