// The Dockerfile's steps, run outside Docker in a clean folder (test/image/run-dockerfile.ts):
// the build stage installs and builds, the runtime stage installs production dependencies and takes
// dist/ only. Then the image's own commands, from the runtime folder, against the run's dev
// server: the API answers /readyz, a worker from dist/ runs a ticket, the worker's health check
// tells polling from not polling, and the recorded histories replay on the bundle the image ships.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { CompiledChild, spawnCompiled } from '../../bench/lib/child';
import { freePort } from '../../platform/dev-server';
import { cacheDir } from '../../platform/paths';
import { runDockerfile, StageRun } from '../image/run-dockerfile';
import { intakeBody, TEST_JWT_SECRET, tokenFor } from '../setup/api';
import { dockerfileCmd } from '../setup/dockerfile';
import { historiesDir } from '../setup/histories';
import { quietRuntime } from '../setup/temporal';
import { testKeyRing, writeKeyRingFile } from '../setup/payload-keys';

const logDir = path.join(cacheDir, 'test', 'image-steps');
let work: string;
let image: StageRun;
const children: CompiledChild[] = [];

function appEnv(name: string, taskQueue: string): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: process.env.HOTLINE_TEST_TEMPORAL_ADDRESS!,
    TEMPORAL_TASK_QUEUE: taskQueue,
    HOTLINE_JWT_SECRET: TEST_JWT_SECRET,
    HOTLINE_DATA_DIR: path.join(work, `data-${name}`),
    // Separate containers share the payload key ring as compose mounts it (docs/ENCRYPTION.md).
    HOTLINE_PAYLOAD_KEYS: writeKeyRingFile(work, testKeyRing()),
    NODE_ENV: 'production',
  };
}

/** `node dist/worker/healthcheck.js` as the compose file runs it; true when it exits 0. */
function workerHealthy(env: Record<string, string>): boolean {
  try {
    execFileSync(process.execPath, ['dist/worker/healthcheck.js'], { cwd: image.dir, env: { ...process.env, ...env }, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-image-'));
  fs.rmSync(logDir, { recursive: true, force: true });
  fs.mkdirSync(logDir, { recursive: true });
  const stages = runDockerfile(work, (line) => fs.appendFileSync(path.join(logDir, 'steps.log'), `${line}\n`));
  image = stages[stages.length - 1];
}, 15 * 60_000);

afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()));
  fs.rmSync(work, { recursive: true, force: true });
});

describe("the image's steps outside Docker", () => {
  test('the runtime folder holds production dependencies and compiled code only', () => {
    const modules = path.join(image.dir, 'node_modules');
    for (const devOnly of ['typescript', 'ts-node', 'jest', '@swc/jest', 'eslint', '@temporalio/testing']) {
      expect({ devOnly, present: fs.existsSync(path.join(modules, devOnly)) }).toEqual({ devOnly, present: false });
    }
    expect(fs.readdirSync(image.dir).sort()).toEqual(['dist', 'node_modules', 'package-lock.json', 'package.json']);
    const sources = fs.readdirSync(path.join(image.dir, 'dist'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(sources).toEqual([]);
    expect(fs.existsSync(path.join(image.dir, 'dist', 'workflow-bundle.js'))).toBe(true);
  });

  test("the image's command starts the API, which answers /readyz; a worker from dist/ runs a ticket", async () => {
    const taskQueue = `image-${process.pid}`;
    const port = await freePort();
    const [node, script] = dockerfileCmd();
    expect(node).toBe('node');
    const api = await spawnCompiled(script.replace(/^dist\//, '').replace(/\.js$/, '.ts'), {
      root: image.dir,
      env: { ...appEnv('api', taskQueue), PORT: String(port) },
      ready: /listening on/,
      logFile: path.join(logDir, 'api.log'),
    });
    children.push(api);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

    const workerEnv = appEnv('worker', taskQueue);
    expect(workerHealthy(workerEnv)).toBe(false);
    const worker = await spawnCompiled('worker/main.ts', {
      root: image.dir,
      env: workerEnv,
      ready: /polling task queue/,
      logFile: path.join(logDir, 'worker.log'),
    });
    children.push(worker);

    const auth = `Bearer ${await tokenFor({ role: 'operator' })}`;
    const created = await fetch(`http://127.0.0.1:${port}/api/v1/tickets`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify(intakeBody()),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    // Reading the ticket is the workflow's `state` query: only the worker from dist/ can answer it.
    const read = await fetch(`http://127.0.0.1:${port}/api/v1/tickets/${id}`, { headers: { authorization: auth } });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { id: string; status: string }).id).toBe(id);
    // The ticket's first workflow task went through this worker's poller: the health check sees it.
    expect(workerHealthy(workerEnv)).toBe(true);
  });

  test('the recorded histories replay on the bundle the image ships', async () => {
    quietRuntime();
    const files = fs.readdirSync(historiesDir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    const histories = files.map((file) => ({
      workflowId: path.basename(file, '.json'),
      history: JSON.parse(fs.readFileSync(path.join(historiesDir, file), 'utf8')) as unknown,
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: { codePath: path.join(image.dir, 'dist', 'workflow-bundle.js') } },
      histories,
    )) {
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
  });
});
