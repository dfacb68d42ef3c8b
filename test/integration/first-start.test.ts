// A newcomer's `npm start`, from a clean data directory: it prints each step and where everything
// is, reaches /readyz on the pinned Temporal server, and Ctrl-C stops it cleanly. package.json's
// `start` command (build, then run) is run by bash in a process group of its own, without npm
// run in between, so Ctrl-C reaches it as a terminal sends it and its own exit code is seen.
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { freePort, portIsFree } from '../../platform/dev-server';
import { projectRoot } from '../../platform/paths';
import { temporalVersions } from '../../platform/temporal-cli';

/** Resolves with the output so far once `line` appears; rejects if the process ends first. */
function waitForOutput(child: ChildProcess, out: { text: string }, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => out.text.includes(line) && (cleanup(), resolve(out.text));
    const exited = (code: number | null) => (cleanup(), reject(new Error(`npm start exited (${code}) before "${line}":\n${out.text}`)));
    const cleanup = () => {
      child.stdout!.off('data', check);
      child.off('exit', exited);
    };
    child.stdout!.on('data', check);
    child.once('exit', exited);
    check();
  });
}

test('npm start from a clean data directory reaches /readyz, says where everything is, and stops on Ctrl-C', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-first-start-'));
  const [port, grpc, ui] = [await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    TEMPORAL_GRPC_PORT: String(grpc),
    TEMPORAL_UI_PORT: String(ui),
    HOTLINE_DATA_DIR: dataDir,
  };
  for (const k of ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'SMTP_URL', 'HOTLINE_JWT_SECRET', 'HOTLINE_JWKS_URL']) delete env[k];
  const start = (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const child = spawn('bash', ['-c', start], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const ctrlC = () => process.kill(-child.pid!, 'SIGINT');
  const out = { text: '' };
  child.stdout!.on('data', (d: Buffer) => (out.text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out.text += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const said = await waitForOutput(child, out, 'Ctrl-C stops everything.');
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(res.status).toBe(200);

    expect(said).toContain('[start] temporal CLI: ');
    expect(said).toContain(`[start] Temporal dev server: starting on 127.0.0.1:${grpc}, state in ${path.join(dataDir, 'temporal.sqlite')}`);
    expect(said).toMatch(/\[start\] worker: .*\n(.*\n)*\[start\] API: starting on port/);
    expect(said).toContain(`API           http://127.0.0.1:${port}`);
    expect(said).toContain(`API console   http://127.0.0.1:${port}/docs`);
    expect(said).toContain(`Temporal UI   http://127.0.0.1:${ui}`);
    expect(said).toContain(`工作台        http://127.0.0.1:${port}/console/   (the web console; sign in by picking a role and unit)`);
    const page = await fetch(`http://127.0.0.1:${port}/console/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('12345 接诉即办工作台');
    expect(said).toContain(`Data          ${dataDir}`);
    // The embedded Web UI decodes tickets through a codec server on loopback, answering CORS for the UI.
    const codecUrl = said.match(/tickets decoded through (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
    expect(codecUrl).toBeDefined();
    const preflight = await fetch(`${codecUrl}/decode`, { method: 'OPTIONS', headers: { Origin: `http://127.0.0.1:${ui}` } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(`http://127.0.0.1:${ui}`);
    const decoded = await fetch(`${codecUrl}/decode`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"payloads":[]}' });
    expect(await decoded.json()).toEqual({ payloads: [] });
    expect(fs.existsSync(path.join(dataDir, 'temporal.sqlite'))).toBe(true);

    const conn = await Connection.connect({ address: `127.0.0.1:${grpc}` });
    try {
      const info = await conn.workflowService.getSystemInfo({});
      expect(info.serverVersion).toBe(temporalVersions.server);
    } finally {
      await conn.close();
    }

    ctrlC();
    expect(await exit).toBe(0);
    expect(out.text).toContain('[start] stopping...');
    // It waited for the dev server, the worker and the API before exiting: every port is free again.
    expect(await Promise.all([port, grpc, ui].map((p) => portIsFree(p)))).toEqual([true, true, true]);
  } finally {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    await exit;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 180_000);
