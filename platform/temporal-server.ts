// The real Temporal server (not the dev server), built from source with Go at the version the CLI
// embeds (temporal-versions.json `server`), with its SQL schema tool, cached per version in
// .cache/temporal-server. Production runs this server on PostgreSQL with several history shards;
// platform/temporal-postgres.ts sets it up and starts it. `go install` of go.temporal.io/server has
// no `replace` directive to refuse, unlike the CLI's newer tags.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cacheDir } from './paths';
import { goAvailable } from './temporal-go-build';
import versions from './temporal-versions.json';

export interface TemporalServerBuild {
  version: string;
  /** The server binary (`go install …/cmd/server`). */
  server: string;
  /** temporal-sql-tool (`…/cmd/tools/sql`): creates and updates the schemas. */
  sqlTool: string;
  /** The PostgreSQL schema folders (copied from the module), as the sql tool's update-schema reads them. */
  schema: { temporal: string; visibility: string };
}

const MODULE = 'go.temporal.io/server';

function goEnv(name: string): string {
  const r = spawnSync('go', ['env', name], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`go env ${name} failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** The module's folder in Go's module cache (downloaded by the build). */
function moduleDir(version: string): string {
  return path.join(goEnv('GOMODCACHE'), `${MODULE}@v${version}`);
}

export function cachedServerDir(version = versions.server, root = cacheDir): string {
  return path.join(root, 'temporal-server', version);
}

/** The built server of the pinned version; builds it first when absent (minutes; Go output on stderr). */
export async function ensureTemporalServer(log: (m: string) => void = () => undefined, version = versions.server): Promise<TemporalServerBuild> {
  const dir = cachedServerDir(version);
  const server = path.join(dir, 'temporal-server');
  const sqlTool = path.join(dir, 'temporal-sql-tool');
  if (!fs.existsSync(server) || !fs.existsSync(sqlTool)) {
    if (!goAvailable()) throw new Error(`building Temporal server ${version} needs Go (go.dev/dl or your package manager)`);
    log(`Temporal server ${version}: building with Go (${MODULE}/cmd/server and cmd/tools/sql; a few minutes the first time)`);
    const bin = path.join(dir, 'go-bin');
    fs.mkdirSync(bin, { recursive: true });
    const code = await new Promise<number | null>((resolve, reject) => {
      const go = spawn('go', ['install', `${MODULE}/cmd/server@v${version}`, `${MODULE}/cmd/tools/sql@v${version}`], {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, GOBIN: bin, GOFLAGS: '-buildvcs=false' },
      });
      go.on('error', reject);
      go.on('exit', resolve);
    });
    if (code !== 0) throw new Error(`go install of Temporal server ${version} failed (exit ${code})`);
    // Renamed into place last: a build cut off midway leaves no binary that looks complete.
    fs.renameSync(path.join(bin, 'sql'), sqlTool);
    fs.renameSync(path.join(bin, 'server'), server);
    fs.rmSync(bin, { recursive: true, force: true });
  }
  // The PostgreSQL schemas are kept beside the binaries: the server then runs without Go's module cache.
  const kept = path.join(dir, 'schema', 'postgresql', 'v12');
  if (!fs.existsSync(kept)) {
    const fromModule = path.join(moduleDir(version), 'schema', 'postgresql', 'v12');
    if (!fs.existsSync(fromModule))
      throw new Error(`Temporal server ${version}: schema folder ${fromModule} missing (run: go mod download ${MODULE}@v${version})`);
    fs.cpSync(fromModule, `${kept}.partial`, { recursive: true });
    fs.renameSync(`${kept}.partial`, kept);
  }
  const schema = { temporal: path.join(kept, 'temporal', 'versioned'), visibility: path.join(kept, 'visibility', 'versioned') };
  return { version, server, sqlTool, schema };
}
