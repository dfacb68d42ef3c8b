// The from-source way to the temporal CLI: `go install` of the pinned Go tag. It is the fallback
// where no wheel is pinned (another platform), and a choice (TEMPORAL_CLI_FROM_SOURCE=1) for those
// who build what they run. It takes minutes, and it gives the older server its tag embeds.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface GoBuildPin {
  package: string;
  version: string;
  server: string;
}

export function goAvailable(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/** Builds the CLI into `target`'s directory; its output goes to the terminal as it comes. */
export async function buildWithGo(pin: GoBuildPin, target: string): Promise<void> {
  if (!goAvailable()) {
    throw new Error(
      `building the temporal CLI needs Go (${pin.package}@${pin.version} wants Go 1.25 or newer): install it from go.dev/dl ` +
        'or your package manager, or set TEMPORAL_CLI_PATH to a temporal binary, or TEMPORAL_ADDRESS to an existing cluster',
    );
  }
  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true });
  const code = await new Promise<number | null>((resolve, reject) => {
    const go = spawn('go', ['install', `${pin.package}@${pin.version}`], {
      stdio: 'inherit',
      env: { ...process.env, GOBIN: dir, GOFLAGS: '-buildvcs=false' },
    });
    go.on('error', reject);
    go.on('exit', resolve);
  });
  if (code !== 0 || !fs.existsSync(target)) throw new Error(`go install ${pin.package}@${pin.version} failed (exit ${code})`);
}
