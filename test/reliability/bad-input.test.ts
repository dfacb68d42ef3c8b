// Bad input: schemathesis (pinned in scripts/reliability-setup.sh, installed in .cache/venv)
// generates at least 10,000 requests from /openapi.json with valid tokens, through a counting
// proxy that aims most ticket requests at a few sentinel tickets in different states. No answer
// is a 5xx; every sentinel changed by exactly the actions the API accepted (a rejected request
// changes no ticket); the only new tickets are the intakes answered 201.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { HttpClient } from '../../bench/lib/http';
import { actions } from '../../domain/ticket';
import { projectRoot } from '../../platform/paths';
import { LoopbackSmtp } from '../setup/smtp';
import { testActivities } from '../setup/temporal';
import { FuzzProxy } from './support/fuzz-proxy';
import { ApiProcess, connect, Connected, runApi, runWorker, SqliteDevServer, tempDir, until } from './support/harness';

const TASK_QUEUE = 'rel-bad-input';
const LEAD = 'LJ-JB-HOUSING';
const MIN_REQUESTS = 10_000;
const EXAMPLES = Number(process.env.RELIABILITY_FUZZ_EXAMPLES ?? 100);
/** Hard limit of the schemathesis run; past it the run is killed and the test fails. */
const TIME_LIMIT_S = Number(process.env.RELIABILITY_FUZZ_SECONDS ?? 600);
const st = path.join(projectRoot, '.cache', 'venv', 'bin', 'st');

describe('reliability: bad input (schemathesis)', () => {
  const dir = tempDir('fuzz');
  const server = new SqliteDevServer(dir);
  const smtp = new LoopbackSmtp();
  let temporal: Connected;
  let worker: { stop(): Promise<void> };
  let api: ApiProcess;

  beforeAll(async () => {
    if (!fs.existsSync(st)) throw new Error(`${st} missing: run \`bash scripts/reliability-setup.sh\` (npm run test:reliability does)`);
    await server.start();
    await smtp.start();
    temporal = await connect(server.address);
    worker = await runWorker(temporal.native, TASK_QUEUE, testActivities(smtp.url));
    api = await runApi(server.address, TASK_QUEUE, path.join(dir, 'api-data'));
  });
  afterAll(async () => {
    await api?.close();
    await worker?.stop();
    await temporal?.close();
    await smtp.stop();
    await server.stop();
    if (!process.env.RELIABILITY_KEEP) fs.rmSync(dir, { recursive: true, force: true });
  });

  test(`≥ ${MIN_REQUESTS} generated requests: no 5xx, rejected requests change no ticket`, async () => {
    const http = new HttpClient(api.url);
    const as = async (role: Parameters<ApiProcess['bearer']>[0]) => ({ authorization: await api.bearer(role) });
    const call = async (who: Parameters<ApiProcess['bearer']>[0], method: string, url: string, body?: unknown) => {
      const res = await http.request(method, url, body, await as(who));
      if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    // Sentinels: two tickets in each of registered, dispatched, handling, replied.
    const handler = { role: 'handler' as const, unit: LEAD };
    const sentinels: string[] = [];
    for (let i = 0; i < 8; i++) {
      const t = await call({ role: 'operator' }, 'POST', '/api/v1/tickets', {
        channel: 'phone',
        requestType: 'complaint',
        citizen: { name: '张三', phone: '13812345678' },
        category: 'PROPERTY_MANAGEMENT',
        description: `哨兵工单 ${i}`,
        location: { district: 'JB', street: 'JB-BJ' },
      });
      const stage = i >> 1;
      if (stage >= 1) await call({ role: 'dispatcher' }, 'POST', `/api/v1/tickets/${t.id}/actions/dispatch`, { unit: LEAD });
      if (stage >= 2) await call(handler, 'POST', `/api/v1/tickets/${t.id}/actions/sign`, {});
      if (stage >= 3) {
        await call(handler, 'POST', `/api/v1/tickets/${t.id}/actions/contact`, { stage: 'first', method: 'phone' });
        await call(handler, 'POST', `/api/v1/tickets/${t.id}/actions/contact`, { stage: 'final', method: 'phone' });
        await call(handler, 'POST', `/api/v1/tickets/${t.id}/actions/reply`, {
          content: '已处理',
          handlerName: '李承办',
          handlerPhone: '0431-88886666',
          solved: true,
        });
      }
      sentinels.push(t.id);
    }
    const admin = { role: 'admin' as const, sub: 'fuzz-admin' };
    type Entry = { via: string; action: string; actor: { id: string }; rejected?: string; status: string };
    const trail = async (id: string) => (await call(admin, 'GET', `/api/v1/tickets/${id}`)).history as Entry[];
    const before = new Map<string, number>();
    for (const id of sentinels) before.set(id, (await trail(id)).filter((e) => e.via === 'update').length);

    // Valid tokens for every route: an admin's, and for the actions only a unit's own people may
    // take (sign, contact, reply, …) a handler's of the sentinels' lead unit.
    const adminAuth = await api.bearer(admin);
    const handlerAuth = await api.bearer({ ...handler, sub: 'fuzz-handler' });
    const unitOnly = new Set(
      Object.values(actions)
        .filter((a) => !a.roles.includes('admin' as never))
        .map((a) => a.path),
    );
    const authFor = (p: string) => {
      const m = /\/actions\/([^/?#]+)/.exec(p);
      return m && unitOnly.has(m[1]) ? handlerAuth : adminAuth;
    };
    const proxy = await new FuzzProxy(new URL(api.url), sentinels, authFor).start();
    // Rounds of schemathesis, each with its own seed, until the proxy has seen MIN_REQUESTS (a
    // round stops early on an operation once it found a failure there, so their size varies).
    const seed = Number(process.env.RELIABILITY_FUZZ_SEED ?? 12345);
    const t0 = Date.now();
    const codes: number[] = [];
    let output = '';
    for (let round = 0; proxy.total < MIN_REQUESTS && round < 6; round++) {
      const left = TIME_LIMIT_S * 1000 - (Date.now() - t0);
      if (left <= 0) break;
      const report = path.join(dir, `schemathesis-${round + 1}.log`);
      const args = [
        'run',
        `${proxy.url}/openapi.json`,
        '--url',
        proxy.url,
        '-H',
        `Authorization: ${adminAuth}`,
        '--checks',
        'not_a_server_error',
        '--max-examples',
        String(EXAMPLES),
        '--phases',
        'examples,coverage,fuzzing',
        '--workers',
        process.env.RELIABILITY_FUZZ_WORKERS ?? '4',
        '--seed',
        String(seed + round),
        // Reproducible: only the seed decides what is generated, never examples kept from an earlier run.
        '--generation-database',
        'none',
        '--request-timeout',
        '30',
        '--suppress-health-check',
        'all',
        '--no-color',
      ];
      const before = proxy.total;
      const code = await new Promise<number>((resolve, reject) => {
        const out = fs.createWriteStream(report);
        const child = spawn(st, args, {
          cwd: dir,
          env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false', NO_COLOR: '1' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout.pipe(out);
        child.stderr.pipe(out);
        const kill = setTimeout(() => child.kill('SIGKILL'), left);
        child.on('error', reject);
        child.on('exit', (c, sig) => {
          clearTimeout(kill);
          resolve(c ?? (sig ? 128 : 1));
        });
      });
      codes.push(code);
      output = fs.readFileSync(report, 'utf8');
      console.log(`[bad-input] round ${round + 1} (seed ${seed + round}): exit ${code}, ${proxy.total - before} requests`);
      if (code !== 0 && code !== 1) break; // not a finding but a broken run (killed, bad usage)
    }
    await proxy.stop();
    const code = Math.max(...codes);
    console.log(
      `[bad-input] ${codes.length} schemathesis round(s) in ${Math.round((Date.now() - t0) / 1000)} s; ${proxy.total} requests through the proxy; ` +
        `statuses ${JSON.stringify(proxy.byStatus)}; ${proxy.created} tickets created`,
    );

    // Each sentinel changed by exactly the actions the API accepted for it (timers aside).
    const changes: [number, number][] = [];
    for (const id of sentinels) {
      const updates = (await trail(id)).filter((e) => e.via === 'update');
      const added = updates.length - before.get(id)!;
      const accepted = proxy.sentinelActions.get(id)!.accepted;
      changes.push([added, accepted]);
      if (added !== accepted) {
        console.log(
          `[bad-input] ${id}: ${added} changes, ${accepted} accepted: ${JSON.stringify(updates.slice(before.get(id)!).map((e) => `${e.action}/${e.actor.id}/${e.status}${e.rejected ? '/rejected' : ''}`))}`,
        );
      }
    }
    // The only tickets are the sentinels and the intakes answered 201.
    const count = await until(
      () => temporal.client.workflow.count().then((c) => c.count),
      (n) => n >= sentinels.length + proxy.created,
      20_000,
    );
    console.log(`[bad-input] sentinels (actions applied, accepted): ${JSON.stringify(changes)}`);
    if (code !== 0)
      console.log(`[bad-input] schemathesis report (last round):\n${output.slice(Math.max(0, output.indexOf('=== FAILURES') - 40)).slice(0, 6000)}`);

    // Everything at once, so one run shows every kind of problem.
    expect({
      enoughRequests: proxy.total >= MIN_REQUESTS,
      serverErrors: proxy.serverErrors.slice(0, 10).map((e) => `${e.status} ${e.method} ${e.path} ${e.body.slice(0, 160)}`),
      schemathesisExit: code,
      sentinelsChangedOnlyByAcceptedActions: changes.every(([added, accepted]) => added === accepted),
      ticketsCreatedOnlyBy201: count === sentinels.length + proxy.created,
    }).toEqual({
      enoughRequests: true,
      serverErrors: [],
      schemathesisExit: 0,
      sentinelsChangedOnlyByAcceptedActions: true,
      ticketsCreatedOnlyBy201: true,
    });
    http.close();
  });
});
