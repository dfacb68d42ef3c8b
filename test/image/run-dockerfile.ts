// Runs the Dockerfile's steps outside Docker: each stage in a folder of its own standing for its
// WORKDIR, COPY from the project (or --from an earlier stage's folder), ENV into the environment
// of the RUN commands, which run in bash on this machine's pinned Node. Docker-only steps (the
// ownership of /app) are skipped; everything else runs as written, so the test follows the file.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { dockerfileStages, parseCopy, runCommand, Stage } from '../setup/dockerfile';

const projectRoot = path.resolve(__dirname, '../..');
/** RUN commands that only make sense inside an image. */
const imageOnly = /^chown\b/;

export interface StageRun {
  name: string;
  dir: string;
  workdir: string;
}

/** The environment a RUN sees: this Node first on PATH, none of the calling npm's own settings. */
function baseEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
  return { ...env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` };
}

function envPairs(args: string): [string, string][] {
  return [...args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)].map((m) => [m[1], m[2].replace(/^"|"$/g, '')]);
}

function copy(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(from, to, { recursive: true });
}

function runStage(stage: Stage, dir: string, done: StageRun[], log: (line: string) => void): StageRun {
  let workdir = '/';
  const env = baseEnv();
  // Container paths map into the stage's folder: /app → <dir>.
  const inStage = (p: string) => path.join(dir, path.posix.relative(workdir, path.posix.resolve(workdir, p)));
  for (const { keyword, args } of stage.instructions) {
    if (keyword === 'WORKDIR') {
      workdir = path.posix.resolve(workdir, args);
      fs.mkdirSync(dir, { recursive: true });
    } else if (keyword === 'ENV') {
      for (const [k, v] of envPairs(args)) env[k] = v;
    } else if (keyword === 'COPY') {
      const { flags, sources, dest } = parseCopy(args);
      const source = flags.from ? done.find((s) => s.name === flags.from) : undefined;
      if (flags.from && !source) throw new Error(`COPY --from=${flags.from}: no such stage before`);
      for (const src of sources) {
        const from = source ? path.join(source.dir, path.posix.relative(source.workdir, src)) : path.join(projectRoot, src);
        const intoDir = dest.endsWith('/') || sources.length > 1 || (fs.statSync(from).isFile() && dest === './');
        copy(from, intoDir ? path.join(inStage(dest), path.basename(src)) : inStage(dest));
      }
    } else if (keyword === 'RUN') {
      const command = runCommand(args);
      if (imageOnly.test(command)) continue;
      log(`[${stage.name ?? 'stage'}] RUN ${command}`);
      execFileSync('bash', ['-c', command], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
    }
  }
  return { name: stage.name ?? String(done.length), dir, workdir };
}

/** Runs every stage; returns the folders, the last one standing for the image. */
export function runDockerfile(into: string, log: (line: string) => void = () => {}): StageRun[] {
  const done: StageRun[] = [];
  dockerfileStages().forEach((stage, i) => done.push(runStage(stage, path.join(into, stage.name ?? `stage-${i}`), done, log)));
  return done;
}
