// Entry points run as child processes, compiled (dist/, as `npm run worker` runs them: `npm run
// build` first), so the benchmark and the reliability tests can measure, stop or SIGKILL them like
// any OS process.
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { projectRoot } from '../../platform/paths';

export interface CompiledChild {
  process: ChildProcess;
  pid: number;
  /** The first output line that matched `ready`. */
  readyLine: string;
  /** Resolves with the exit code (or the signal's name) when the process has ended. */
  exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once (kill -9); resolves once it has exited. */
  kill(): Promise<void>;
}

/** The compiled form of a source entry point: worker/main.ts → <root>/dist/worker/main.js. */
export function compiled(script: string, root = projectRoot): string {
  const file = path.join(root, 'dist', script.replace(/\.ts$/, '.js'));
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  return file;
}

export interface ReadyOptions {
  env: Record<string, string | undefined>;
  ready: RegExp;
  logFile: string;
  timeoutMs?: number;
}

/**
 * Runs `node [nodeArgs] dist/<script>.js` with `env` added to this process's environment. Output
 * goes to `logFile` (appended); resolves once a line matches `ready`, rejects if the process ends
 * or `timeoutMs` passes first.
 */
export function spawnCompiled(
  script: string,
  o: ReadyOptions & {
    nodeArgs?: string[];
    /** The folder holding dist/ (default: this project); also the working directory. */
    root?: string;
  },
): Promise<CompiledChild> {
  return spawnReady([process.execPath, ...(o.nodeArgs ?? []), compiled(script, o.root)], { ...o, cwd: o.root ?? projectRoot });
}

/** Any command, as spawnCompiled runs a compiled entry point (the startup benchmark runs older forms too). */
export async function spawnReady(command: string[], o: ReadyOptions & { cwd: string }): Promise<CompiledChild> {
  const script = command[command.length - 1];
  fs.mkdirSync(path.dirname(o.logFile), { recursive: true });
  const log = fs.createWriteStream(o.logFile, { flags: 'a' });
  const child = spawn(command[0], command.slice(1), {
    cwd: o.cwd,
    env: { ...process.env, ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      process.removeListener('exit', killOnExit);
      resolve(code ?? signal ?? -1);
    }),
  );
  child.stderr!.pipe(log, { end: false });
  const lines = readline.createInterface({ input: child.stdout! });
  const readyLine = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} not ready within ${o.timeoutMs ?? 120_000} ms (log: ${o.logFile})`));
    }, o.timeoutMs ?? 120_000);
    lines.on('line', (line) => {
      log.write(`${line}\n`);
      if (o.ready.test(line)) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before it was ready; see ${o.logFile}:\n${tail(o.logFile)}`));
    });
  });
  const waitExit = async () => {
    await exited;
  };
  return {
    process: child,
    pid: child.pid!,
    readyLine,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.kill('SIGTERM');
      await waitExit();
      clearTimeout(t);
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await waitExit();
    },
  };
}

function tail(file: string, chars = 2000): string {
  try {
    return fs.readFileSync(file, 'utf8').slice(-chars);
  } catch {
    return '';
  }
}
